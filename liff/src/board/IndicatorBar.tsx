import type { InitiativeView } from "../../../shared/plan-view.ts";
import { type IndicatorStanding, initiativeStandings } from "../progress.ts";
import { t } from "../text.ts";
import { ProvenanceMark } from "../ui.tsx";

function percent(s: IndicatorStanding): number {
  return Math.round((Number.isFinite(s.ratio) ? s.ratio : s.fill) * 100);
}

/**
 * One segment per indicator that has both a latest actual and that year's target, filled by its
 * achievement, coloured as the digest reads it (順調 green, 遅れ気味 orange, 要注意 red). With a single indicator (most of Tamana's) the fill still says
 * how close it is, which a plain "0 of 1" would not.
 */
export function IndicatorBar({ initiative }: { initiative: InitiativeView }) {
  const standings = initiativeStandings(initiative);
  if (standings.length === 0) {
    return <div className="indicator-bar-empty">{t.noMeasurableIndicator}</div>;
  }
  const on = standings.filter((s) => s.onTarget).length;
  // One indicator (most of Tamana's): how close it is says more than "0 of 1".
  const only = standings.length === 1 ? standings[0] : undefined;
  const summary =
    only && Number.isFinite(only.ratio)
      ? t.ofTarget(percent(only))
      : t.indicatorsOnTarget(on, standings.length);
  const labels = standings.map((s) =>
    t.standingLabel(s.indicator.name, percent(s), s.onTarget, s.status),
  );
  // The colours say 順調 / 遅れ気味 / 要注意; the same in words for screen readers (WCAG 1.4.1),
  // and on hover (title).
  return (
    <div
      className="indicator-bar"
      data-on-target={on}
      data-measured={standings.length}
      title={labels.join("\n")}
    >
      <span className="sr-only">{labels.join("。")}</span>
      <div className="indicator-bar-track" aria-hidden="true">
        {standings.map((s) => (
          <span key={s.indicator.id} className="indicator-bar-segment">
            <span
              className={`fill ${s.status}`}
              data-status={s.status}
              style={{ width: `${Math.round(s.fill * 100)}%` }}
            />
          </span>
        ))}
      </div>
      <span className="indicator-bar-label">
        {summary}
        {/* A figure behind the bar is inferred (issue 14 §1): marked as on the detail page. */}
        {ProvenanceMark({ provenance: standings.find((s) => s.inferred)?.inferred })}
      </span>
    </div>
  );
}
