/**
 * What a reminder cycle asks for, and of whom: pure functions over the plan's read model.
 *
 * A monthly cycle asks for an interim reading (速報) of the month before it, within the current
 * 年度; the cycle whose month before is March — the first after the 年度 ends — asks for the
 * official 実績 (確定) of the finished 年度. With `current_month`, the cycle's own month is asked.
 */
import {
  addBusinessDays,
  type BusinessCalendar,
  type BusinessDayMove,
  type CivilDate,
  civilDate,
  nextBusinessDay,
} from "./business-calendar.ts";
import { clockMinutes, type Period, periodKey, tokyoDate, tokyoIsoDate } from "./fiscal-year.ts";
import {
  type ActualView,
  type FigureView,
  type IndicatorView,
  indicatorOwner,
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

/** A reminder schedule as the office sets it (`npx shinchoku schedule set`, `PUT …/schedule`). */
export interface ScheduleInput {
  dayOfMonth: number;
  /** `HH:MM` or `H:MM`, Asia/Tokyo. */
  time: string;
  followUpDays: number | null;
  deadlineBusinessDays?: number | null;
}

/** What each setting must be, in the words the CLI and the API both say after the field's name. */
export const SCHEDULE_RULES: Readonly<Record<keyof ScheduleInput, string>> = {
  dayOfMonth: "1〜28 の日にちです（29日以降はない月があるため）。",
  time: "HH:MM（日本時間）で指定してください。例: 09:00",
  followUpDays: "1〜27 の開庁日数です（土日・祝日・休日は数えません）。",
  deadlineBusinessDays: "1〜20 の開庁日数です（リマインドの日から数えます）。",
};

const SCHEDULE_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/u;

const inRange = (n: number, min: number, max: number) =>
  Number.isInteger(n) && n >= min && n <= max;

/** The first setting that breaks its rule ({@link SCHEDULE_RULES}), or null when all keep them. */
export function scheduleProblem(input: ScheduleInput): keyof ScheduleInput | null {
  if (!inRange(input.dayOfMonth, 1, 28)) return "dayOfMonth";
  if (!SCHEDULE_TIME.test(input.time)) return "time";
  if (input.followUpDays !== null && !inRange(input.followUpDays, 1, 27)) return "followUpDays";
  const deadline = input.deadlineBusinessDays;
  if (deadline !== undefined && deadline !== null && !inRange(deadline, 1, 20))
    return "deadlineBusinessDays";
  return null;
}

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

/** When one month's cycle starts: the setting's day moved to a business day, at its time. */
export interface CycleStart {
  /** `2027-01`: the calendar month the cycle belongs to (one cycle per plan and month). */
  cycleMonth: string;
  /** The setting's day in that month and the business day used (possibly in the next month). */
  move: BusinessDayMove;
  /** The instant the cycle starts: `move.date` at the setting's time, Asia/Tokyo. */
  at: Date;
}

/** The instant of a civil date and `HH:MM` in Asia/Tokyo (UTC+9, no daylight saving). */
export function tokyoInstant(date: CivilDate, time: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 0, clockMinutes(time) - 9 * 60));
}

/**
 * The start of a plan's cycle for calendar month `year`/`month`: day `dayOfMonth`, or the next
 * business day when that day is closed (土日・祝日・年末年始・計画の休日; issue 12, section 2).
 */
export function cycleStartFor(
  year: number,
  month: number,
  dayOfMonth: number,
  time: string,
  calendar: BusinessCalendar,
): CycleStart {
  const move = nextBusinessDay(civilDate(year, month, dayOfMonth), calendar);
  return {
    cycleMonth: `${year}-${String(month).padStart(2, "0")}`,
    move,
    at: tokyoInstant(move.date, time),
  };
}

/**
 * The cycles due at `now`, oldest first: this month's once its (business-day) start has come, and
 * last month's when the calendar moved its start into this month (a cycle on 12/28 that 年末年始
 * moves to 1/4 is still December's, asking December's question). A run that finds a cycle already
 * created only resumes it, so listing one twice sends nothing twice.
 */
export function dueCycleStarts(
  now: Date,
  dayOfMonth: number,
  time: string,
  calendar: BusinessCalendar,
): CycleStart[] {
  const { year, month } = tokyoDate(now);
  const prev = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  const thisMonth = `${year}-${String(month).padStart(2, "0")}`;
  const candidates = [
    cycleStartFor(prev.year, prev.month, dayOfMonth, time, calendar),
    cycleStartFor(year, month, dayOfMonth, time, calendar),
  ];
  return candidates.filter(
    (c, i) => now >= c.at && (i === 1 || c.move.date.slice(0, 7) === thisMonth),
  );
}

/**
 * The next `count` cycle starts on or after the month of `from`, for `schedule show` and the office
 * page: each with the day the setting names and, where it moved, why.
 */
export function upcomingCycleStarts(
  from: Date,
  dayOfMonth: number,
  time: string,
  calendar: BusinessCalendar,
  count = 12,
): CycleStart[] {
  const now = tokyoDate(from);
  // Start a month back: last month's start may have been moved past `from`.
  let [year, month] = now.month === 1 ? [now.year - 1, 12] : [now.year, now.month - 1];
  const out: CycleStart[] = [];
  for (let i = 0; out.length < count && i < count + 2; i++) {
    const start = cycleStartFor(year, month, dayOfMonth, time, calendar);
    if (start.at >= from) out.push(start);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return out;
}

/** A representative instant inside a cycle month (`2027-01`), for `cycleAt`. */
export function cycleMonthInstant(cycleMonth: string): Date {
  const [y, m] = cycleMonth.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 15, 3));
}

/**
 * When a cycle's follow-up is due: `businessDays` business days after the day the cycle started
 * (Asia/Tokyo), at the setting's time. Three business days after a Friday is the Wednesday.
 */
export function followUpDueAt(
  cycleStartedAt: Date,
  businessDays: number,
  time: string,
  calendar: BusinessCalendar,
): Date {
  return tokyoInstant(addBusinessDays(tokyoIsoDate(cycleStartedAt), businessDays, calendar), time);
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

/**
 * Whether the indicator already has an actual of this kind for the period: one that counts, or a
 * 確定値 submitted and awaiting approval (the 課 has done its part; issue 12 §4). A returned one
 * (差し戻し) is still owed.
 */
function reported(indicator: IndicatorView, period: Period, kind: "interim" | "official"): boolean {
  const key = periodKey(period);
  return (
    indicator.actuals.some((a) => a.period === key && a.kind === kind) ||
    (indicator.awaiting ?? []).some(
      (a) => a.period === key && a.kind === kind && a.approval === "submitted",
    )
  );
}

/**
 * The indicators each 課 still owes for a period, keyed by 課 name, in plan order.
 *
 * An indicator is asked of its owner 課 (`indicatorOwner`: its own 担当課 when the plan names one,
 * else its initiative's first 担当課; issue 14 §5), when it is numeric (it has a unit) and nothing of
 * this kind has been reported for the period yet. A multi-課 initiative may so appear under several
 * 課, each with only its own indicators.
 */
export function dueIndicatorsByDepartment(
  plan: PlanView,
  period: Period,
  kind: "interim" | "official",
  options: { includeReported?: boolean } = {},
): Map<string, DueIndicator[]> {
  const byOrg = new Map<string, DueIndicator[]>();
  if (period.fiscalYear < plan.startFiscalYear || period.fiscalYear > plan.endFiscalYear)
    return byOrg;
  for (const initiative of plan.initiatives) {
    for (const indicator of initiative.indicators) {
      const owner = indicatorOwner(initiative, indicator);
      if (!owner || !indicator.unit) continue;
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
export interface DepartmentReporting {
  department: string;
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
export function reportingByDepartment(
  plan: PlanView,
  period: Period,
  kind: "interim" | "official",
  askedBy: Map<string, Iterable<number>>,
): DepartmentReporting[] {
  const all = dueIndicatorsByDepartment(plan, period, kind, { includeReported: true });
  const owed = dueIndicatorsByDepartment(plan, period, kind);
  const rows: DepartmentReporting[] = [];
  for (const [department, ids] of askedBy) {
    const wanted = new Set(ids);
    const asked = (all.get(department) ?? []).filter((d) => wanted.has(d.indicatorId));
    if (asked.length === 0) continue;
    const missing = (owed.get(department) ?? []).filter((d) => wanted.has(d.indicatorId));
    rows.push({ department, asked, missing });
  }
  return rows;
}
