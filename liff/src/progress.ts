/**
 * How far an initiative's indicators are from their targets, as the board shows it: each indicator's
 * latest actual against the target of that actual's 年度, taking the direction into account. The
 * colour follows the digest's thresholds (shared/digest.ts: ≥95 % 順調, ≥85 % 遅れ気味, else 要注意),
 * so a bar and the digest never disagree about the same figure.
 */
import { AT_RISK, type IndicatorStatus, ON_TRACK } from "../../shared/digest.ts";
import { forecastIndicator, forecastToMiss } from "../../shared/forecast.ts";
import {
  achievementRatio,
  type IndicatorView,
  type InitiativeView,
  latestComparison,
  meetsTarget,
} from "../../shared/plan-view.ts";
import type { Provenance } from "../../shared/provenance.ts";

export interface IndicatorStanding {
  indicator: IndicatorView;
  /** Achievement, 1 = on target; Infinity for a 0 actual on a lower-is-better target. */
  ratio: number;
  /** The ratio capped to 0…1, for drawing. */
  fill: number;
  /** The target is met (or passed). */
  onTarget: boolean;
  /** The digest's reading of the ratio: `on_track` (≥95 %), `behind` (≥85 %), `at_risk`. */
  status: Exclude<IndicatorStatus, "no_data">;
  /**
   * The provenance of the compared actual or target when one of them is inferred (推定: not in the
   * source, issue 14 §1), the actual's first; absent when both are in the source or entered. The
   * board marks such a bar, as the detail page marks the figure.
   */
  inferred?: Provenance;
}

/** The standing of one indicator, or `null` when it has no actual or no target for that year. */
export function indicatorStanding(indicator: IndicatorView): IndicatorStanding | null {
  // A cumulative kind is held against the target by its running total (shared/indicator-kinds.ts).
  const latest = latestComparison(indicator);
  if (!latest?.target || latest.target.value === null) return null;
  const onTarget = meetsTarget(indicator.direction, latest.target.value, latest.value);
  const ratio = achievementRatio(indicator.direction, latest.target.value, latest.value);
  if (onTarget === null || ratio === null) return null;
  const status = ratio >= ON_TRACK ? "on_track" : ratio >= AT_RISK ? "behind" : "at_risk";
  const inferred = [latest.actual.provenance, latest.target.provenance].find(
    (p) => p?.source === "inferred",
  );
  return {
    indicator,
    ratio,
    fill: Math.max(0, Math.min(1, ratio)),
    onTarget,
    status,
    ...(inferred ? { inferred } : {}),
  };
}

export function initiativeStandings(initiative: InitiativeView): IndicatorStanding[] {
  return initiative.indicators.flatMap((i) => {
    const s = indicatorStanding(i);
    return s ? [s] : [];
  });
}

/** Whether any indicator's latest actual falls short of its target. */
export function isBehindTarget(initiative: InitiativeView): boolean {
  return initiativeStandings(initiative).some((s) => !s.onTarget);
}

/**
 * Whether any of an initiative's indicators is forecast to miss its 年度 target at the pace of its
 * monthly readings (shared/forecast.ts; the 年度 of each indicator's newest reading): 「見込みで遅れ」.
 */
export function isForecastBehind(initiative: InitiativeView): boolean {
  return initiative.indicators.some((ind) => forecastToMiss(forecastIndicator(ind)));
}
