import {
  compareReviewPeriodKeysDesc,
  fiscalYearAt,
  fiscalYearCode,
  formatIsoDate,
  planFiscalYears,
  reviewPeriodKeyText,
} from "../../../shared/fiscal-year.ts";
import type { DetailResponse } from "../api.ts";
import { t } from "../text.ts";
import { ProvenanceMark } from "../ui.tsx";

/**
 * The plan's own text first (現状・課題, 取組内容 …), then each review period, latest first: its
 * heading (R7年度, R7年度 第2四半期) with the date the review was taken (時点), the 天気 and
 * 今後の方向性 it gave, and the text written for it — so that a second quarter's review sits
 * above the first.
 */
export function Narratives({
  narratives,
  reviews,
}: {
  narratives: DetailResponse["narratives"];
  reviews: DetailResponse["reviews"];
}) {
  const groups = new Map<string | null, DetailResponse["narratives"]>();
  for (const n of narratives) {
    // Older payloads carry only the 年度.
    const key = n.period ?? (n.fiscalYear === null ? null : `FY${n.fiscalYear}`);
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  const reviewOf = new Map(reviews.map((r) => [r.period, r]));
  for (const r of reviews) if (!groups.has(r.period)) groups.set(r.period, []);
  const periods = [...groups.keys()]
    .filter((k): k is string => k !== null)
    .sort(compareReviewPeriodKeysDesc);
  const order = [...(groups.has(null) ? [null] : []), ...periods];
  if (order.length === 0) return null;
  return (
    <div className="narratives">
      {order.map((period) => {
        const review = period === null ? undefined : reviewOf.get(period);
        return (
          <section
            key={period ?? "plan"}
            className="narrative-group"
            data-testid={period === null ? undefined : "review-period"}
          >
            <h3>
              {period === null ? t.planLevel : reviewPeriodKeyText(period)}
              {review ? (
                <>
                  {" "}
                  <span className="review-as-of">{t.reviewAsOf(formatIsoDate(review.asOf))}</span>
                </>
              ) : null}
            </h3>
            <dl>
              {review?.weather ? (
                <div>
                  <dt>{t.weather}</dt>
                  <dd>
                    {review.weather}
                    {ProvenanceMark({ provenance: review.provenance })}
                  </dd>
                </div>
              ) : null}
              {review?.outlook ? (
                <div>
                  <dt>{t.outlook}</dt>
                  <dd>
                    {review.outlook}
                    {review.outlookReason ? `（${review.outlookReason}）` : ""}
                    {review.weather ? null : ProvenanceMark({ provenance: review.provenance })}
                  </dd>
                </div>
              ) : null}
              {(groups.get(period) ?? []).map((n) => (
                <div key={`${n.label}-${n.body.slice(0, 12)}`}>
                  <dt>{n.label}</dt>
                  <dd>{n.body}</dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </div>
  );
}

/**
 * Each schedule item with the plan's years as a strip, the item's years filled: which phase runs in
 * which 年度 reads at a glance on a phone, where a wide 工程表 table would not fit.
 */
export function Schedule({
  schedule,
  plan,
}: {
  schedule: DetailResponse["schedule"];
  plan: DetailResponse["plan"];
}) {
  if (schedule.length === 0) return <p className="muted">{t.noSchedule}</p>;
  const years = planFiscalYears(plan);
  const now = fiscalYearAt(new Date());
  return (
    <ul className="schedule">
      {schedule.map((s, i) => {
        const to = s.toFiscalYear ?? plan.endFiscalYear;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: items have no id and keep their order.
          <li key={i}>
            <div className="schedule-text">
              <span className="schedule-body">{s.body}</span>
              <span className="schedule-period">
                {s.periodText}
                {ProvenanceMark({ provenance: s.provenance })}
              </span>
            </div>
            <div className="schedule-strip" aria-hidden="true">
              {years.map((y) => (
                <span
                  key={y}
                  className={`schedule-year${y >= s.fromFiscalYear && y <= to ? " on" : ""}${y === now ? " now" : ""}`}
                >
                  {fiscalYearCode(y)}
                </span>
              ))}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
