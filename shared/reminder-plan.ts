/**
 * What a reminder cycle asks for, and of whom: pure functions over the plan's read model.
 *
 * A monthly cycle asks for an interim reading (速報) of the month before it, within the current
 * 年度; the cycle whose month before is March — the first after the 年度 ends — asks for the
 * official 実績 (確定) of the finished 年度. With `current_month`, the cycle's own month is asked.
 */
import { clockMinutes, type Period, periodKey, tokyoDate, tokyoDateTime } from "./fiscal-year.ts";
import {
  type ActualView,
  type FigureView,
  type IndicatorView,
  type PlanView,
  targetForYear,
} from "./plan-view.ts";

export interface CycleSpec {
  /** The cycle's calendar month in Asia/Tokyo, `2024-06`: one cycle per plan and month. */
  cycleMonth: string;
  period: Period;
  kind: "interim" | "official";
}

export type PeriodMode = "previous_month" | "current_month";

/** The cycle that `now` belongs to, and the period it asks for. */
export function cycleAt(now: Date, mode: PeriodMode = "previous_month"): CycleSpec {
  const { year, month } = tokyoDate(now);
  const cycleMonth = `${year}-${String(month).padStart(2, "0")}`;
  let askYear = year;
  let askMonth = month;
  if (mode === "previous_month") {
    askMonth = month === 1 ? 12 : month - 1;
    askYear = month === 1 ? year - 1 : year;
  }
  const fiscalYear = askMonth <= 3 ? askYear - 1 : askYear;
  if (askMonth === 3 && mode === "previous_month") {
    return { cycleMonth, period: { kind: "fy", fiscalYear }, kind: "official" };
  }
  return {
    cycleMonth,
    period: { kind: "month", fiscalYear, year: askYear, month: askMonth },
    kind: "interim",
  };
}

/**
 * Whether this month's cycle is due at `now`: on or after its day and time (Asia/Tokyo).
 * @param time `HH:MM`.
 */
export function isCycleDue(now: Date, dayOfMonth: number, time: string): boolean {
  const { day, hour, minute } = tokyoDateTime(now);
  if (day !== dayOfMonth) return day > dayOfMonth;
  return hour * 60 + minute >= clockMinutes(time);
}

export interface DueIndicator {
  indicatorId: number;
  name: string;
  unit: string | null;
  direction: IndicatorView["direction"];
  initiativeCode: string;
  initiativeTitle: string;
  /** This 年度's target, if set. */
  target: FigureView | null;
  /** The most recent value reported for any period, for the reminder and the plausibility check. */
  last: ActualView | null;
}

function lastReported(indicator: IndicatorView): ActualView | null {
  let best: ActualView | null = null;
  for (const a of indicator.actuals) {
    if (a.value === null) continue;
    if (
      !best ||
      a.createdAt > best.createdAt ||
      (a.createdAt === best.createdAt && a.period > best.period)
    )
      best = a;
  }
  return best;
}

/** Whether the indicator already has an actual of this kind for the period. */
function reported(indicator: IndicatorView, period: Period, kind: "interim" | "official"): boolean {
  const key = periodKey(period);
  return indicator.actuals.some((a) => a.period === key && a.kind === kind);
}

/**
 * The indicators each 課 still owes for a period, keyed by 課 name, in plan order.
 *
 * An indicator is asked of its initiative's lead department (the first 担当課), when it is numeric
 * (it has a unit) and nothing of this kind has been reported for the period yet.
 */
export function dueIndicatorsByOrgUnit(
  plan: PlanView,
  period: Period,
  kind: "interim" | "official",
  options: { includeReported?: boolean } = {},
): Map<string, DueIndicator[]> {
  const byOrg = new Map<string, DueIndicator[]>();
  if (period.fiscalYear < plan.startFiscalYear || period.fiscalYear > plan.endFiscalYear)
    return byOrg;
  for (const initiative of plan.initiatives) {
    const owner = initiative.departments[0];
    if (!owner) continue;
    for (const indicator of initiative.indicators) {
      if (!indicator.unit) continue;
      if (!options.includeReported && reported(indicator, period, kind)) continue;
      const list = byOrg.get(owner) ?? [];
      list.push({
        indicatorId: indicator.id,
        name: indicator.name,
        unit: indicator.unit,
        direction: indicator.direction,
        initiativeCode: initiative.code,
        initiativeTitle: initiative.title,
        target: targetForYear(indicator, period.fiscalYear),
        last: lastReported(indicator),
      });
      byOrg.set(owner, list);
    }
  }
  return byOrg;
}

/** How far one 課 has answered a cycle, counted per indicator. */
export interface OrgUnitReporting {
  orgUnit: string;
  /** The indicators the cycle asked the 課 for, in plan order. */
  asked: DueIndicator[];
  /** Those with no actual of the cycle's kind for its period yet (withdrawn ones do not count). */
  missing: DueIndicator[];
}

/**
 * Each 課's answers to a cycle, per indicator: a 課 has reported when every indicator it was asked
 * for has an actual of the cycle's kind for the period, by anyone (a lead in the chat, the office in
 * the LIFF app or by import). A 課 that sent 4 of its 10 figures has 6 missing.
 *
 * @param askedBy the indicator ids each 課 was asked for (the items of its leads' reminders).
 * @returns one row per 課 asked for anything that is still due, in the order of `askedBy`.
 */
export function reportingByOrgUnit(
  plan: PlanView,
  period: Period,
  kind: "interim" | "official",
  askedBy: Map<string, Iterable<number>>,
): OrgUnitReporting[] {
  const all = dueIndicatorsByOrgUnit(plan, period, kind, { includeReported: true });
  const owed = dueIndicatorsByOrgUnit(plan, period, kind);
  const rows: OrgUnitReporting[] = [];
  for (const [orgUnit, ids] of askedBy) {
    const wanted = new Set(ids);
    const asked = (all.get(orgUnit) ?? []).filter((d) => wanted.has(d.indicatorId));
    if (asked.length === 0) continue;
    const missing = (owed.get(orgUnit) ?? []).filter((d) => wanted.has(d.indicatorId));
    rows.push({ orgUnit, asked, missing });
  }
  return rows;
}
