import {
  fiscalYearAt,
  fiscalYearCode,
  formatFiscalYear,
  planFiscalYears,
} from "../../../shared/fiscal-year.ts";
import type { DetailResponse } from "../api.ts";
import { t } from "../text.ts";
import { ProvenanceMark } from "../ui.tsx";

/** The plan's own text first (現状・課題, 取組内容 …), then what was written for each 年度. */
export function Narratives({ narratives }: { narratives: DetailResponse["narratives"] }) {
  const groups = new Map<number | null, DetailResponse["narratives"]>();
  for (const n of narratives) groups.set(n.fiscalYear, [...(groups.get(n.fiscalYear) ?? []), n]);
  const order = [...groups.keys()].sort((a, b) => (a ?? 0) - (b ?? 0));
  if (order.length === 0) return null;
  return (
    <div className="narratives">
      {order.map((year) => (
        <section key={year ?? "plan"} className="narrative-group">
          <h3>{year === null ? t.planLevel : formatFiscalYear(year)}</h3>
          <dl>
            {(groups.get(year) ?? []).map((n) => (
              <div key={`${n.label}-${n.body.slice(0, 12)}`}>
                <dt>{n.label}</dt>
                <dd>{n.body}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
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
