/**
 * The reporting rate (提出率) of a reminder cycle: of the 課 and leads it asked, who has sent every
 * figure, by the deadline or after it, and what is still missing (issue 12, section 1).
 *
 * Counted per indicator, as everywhere (issue 9): a 課 that sent 4 of its 10 figures has 6 missing
 * and is not counted as reported. A figure counts from the first time it was entered for the period
 * (a later correction does not make an on-time figure late); a withdrawn figure counts as missing.
 */

/** Business days from the reminder to the 提出期限, when a plan sets none: one working week. */
export const DEFAULT_DEADLINE_BUSINESS_DAYS = 5;

/** Where one asker (a 課 or a lead) stands: counts of indicators. */
export interface RateCounts {
  asked: number;
  onTime: number;
  late: number;
  missing: number;
}

/** `complete_on_time`: every figure by the deadline; `complete_late`: all in, some after it. */
export type RateStatus = "complete_on_time" | "complete_late" | "partial" | "none";

export interface DepartmentRate extends RateCounts {
  department: string;
  status: RateStatus;
}

export interface LeadRate extends RateCounts {
  memberId: number;
  name: string | null;
  department: string;
  status: RateStatus;
}

/** The reporting rate of one cycle. */
export interface CycleRate {
  cycleMonth: string;
  /** The period asked: `2024-05` or `FY2023`. */
  period: string;
  kind: "interim" | "official";
  /** Unix ms of the deadline, or null when unknown. */
  deadlineAt: number | null;
  departments: DepartmentRate[];
  leads: LeadRate[];
  /** 課 asked, 課 with every figure in, 課 with every figure in by the deadline. */
  units: { asked: number; complete: number; onTime: number };
  /** Indicators over all 課. */
  indicators: RateCounts;
}

/** One asker's input: the indicators it was asked for. */
export interface AskedOf {
  department: string;
  indicatorIds: number[];
}

function counts(
  ids: Iterable<number>,
  reportedAt: ReadonlyMap<number, number>,
  deadlineAt: number | null,
): RateCounts {
  const c = { asked: 0, onTime: 0, late: 0, missing: 0 };
  for (const id of new Set(ids)) {
    c.asked++;
    const at = reportedAt.get(id);
    if (at === undefined) c.missing++;
    else if (deadlineAt === null || at <= deadlineAt) c.onTime++;
    else c.late++;
  }
  return c;
}

function statusOf(c: RateCounts): RateStatus {
  if (c.missing === c.asked) return "none";
  if (c.missing > 0) return "partial";
  return c.late > 0 ? "complete_late" : "complete_on_time";
}

/**
 * The rate of one cycle.
 *
 * @param asked per 課, the indicators its leads' reminders asked for (the union over its leads).
 * @param leads each reminded lead with the indicators its own reminder listed.
 * @param reportedAt indicator id → unix ms of the first figure still standing for the period and kind.
 * @param deadlineAt unix ms of the deadline; null counts every figure in as on time.
 */
export function cycleRate(input: {
  cycleMonth: string;
  period: string;
  kind: "interim" | "official";
  deadlineAt: number | null;
  asked: AskedOf[];
  leads: { memberId: number; name: string | null; department: string; indicatorIds: number[] }[];
  reportedAt: ReadonlyMap<number, number>;
}): CycleRate {
  const departments = input.asked
    .filter((a) => a.indicatorIds.length > 0)
    .map((a) => {
      const c = counts(a.indicatorIds, input.reportedAt, input.deadlineAt);
      return { department: a.department, ...c, status: statusOf(c) };
    });
  const leads = input.leads.map((l) => {
    const c = counts(l.indicatorIds, input.reportedAt, input.deadlineAt);
    return {
      memberId: l.memberId,
      name: l.name,
      department: l.department,
      ...c,
      status: statusOf(c),
    };
  });
  const sum = (k: keyof RateCounts) => departments.reduce((n, o) => n + o[k], 0);
  return {
    cycleMonth: input.cycleMonth,
    period: input.period,
    kind: input.kind,
    deadlineAt: input.deadlineAt,
    departments,
    leads,
    units: {
      asked: departments.length,
      complete: departments.filter((o) => o.status.startsWith("complete")).length,
      onTime: departments.filter((o) => o.status === "complete_on_time").length,
    },
    indicators: {
      asked: sum("asked"),
      onTime: sum("onTime"),
      late: sum("late"),
      missing: sum("missing"),
    },
  };
}

/** A whole percentage, rounded (18 of 21 → 86), but never 100 unless all are in (199/200 → 99). */
export function percent(part: number, whole: number): number {
  if (whole === 0) return 0;
  const p = Math.round((part / whole) * 100);
  return p === 100 && part < whole ? 99 : p;
}

/**
 * The headline, as the digest, the board and the office page print it:
 * 「提出率 18/21 課・86%（期限内 71%）」. Null when the cycle asked no one.
 */
export function rateHeadline(rate: CycleRate): string | null {
  const { asked, complete, onTime } = rate.units;
  if (asked === 0) return null;
  return `提出率 ${complete}/${asked} 課・${percent(complete, asked)}%（期限内 ${percent(onTime, asked)}%）`;
}
