/**
 * The DX office's status digest: pure functions from a plan's read model to the digest's content.
 *
 * Indicator status is direction-aware achievement of the latest actual against the same 年度's
 * target (shared/plan-view.ts `achievementRatio`): at least 95 % is 順調 (on track), 85–95 % is
 * 遅れ気味 (behind), below 85 % is 要注意 (at risk). The thresholds follow the bands strategy tools
 * use (Cascade: 95–105 % of expected on track, 85–94 % behind, below 85 % at risk); shinchoku does
 * not cap "on track" at 105 %, since exceeding a target is good news here.
 */
import { formatFiscalYear } from "./fiscal-year.ts";
import { forecastIndicator, forecastToMiss } from "./forecast.ts";
import {
  achievementRatio,
  type IndicatorView,
  type InitiativeView,
  indicatorDepartments,
  latestActual,
  latestComparison,
  latestGrade,
  type PlanView,
  targetForYear,
} from "./plan-view.ts";

export const ON_TRACK = 0.95;
export const AT_RISK = 0.85;

export type IndicatorStatus = "on_track" | "behind" | "at_risk" | "no_data";

export const STATUS_LABELS: Record<IndicatorStatus, string> = {
  on_track: "順調",
  behind: "遅れ気味",
  at_risk: "要注意",
  no_data: "実績・目標なし",
};

/** The status of an indicator from its latest actual and that 年度's target. */
export function indicatorStatus(indicator: IndicatorView): {
  status: IndicatorStatus;
  ratio: number | null;
} {
  const latest = latestComparison(indicator);
  if (!latest) return { status: "no_data", ratio: null };
  const ratio = achievementRatio(indicator.direction, latest.target?.value ?? null, latest.value);
  if (ratio === null) return { status: "no_data", ratio: null };
  if (ratio >= ON_TRACK) return { status: "on_track", ratio };
  return { status: ratio >= AT_RISK ? "behind" : "at_risk", ratio };
}

export interface BehindIndicator {
  initiativeId: number;
  code: string;
  title: string;
  /** The indicator's own 担当課 when it names one, else its initiative's (indicatorDepartments). */
  departments: string[];
  indicator: string;
  unit: string | null;
  status: "behind" | "at_risk";
  ratio: number;
  actual: number;
  target: number;
  fiscalYear: number;
  period: string;
}

/** Indicators behind or at risk, worst first. */
export function behindIndicators(plan: PlanView): BehindIndicator[] {
  const out: BehindIndicator[] = [];
  for (const initiative of plan.initiatives) {
    for (const indicator of initiative.indicators) {
      const { status, ratio } = indicatorStatus(indicator);
      const actual = latestActual(indicator);
      const target = actual ? targetForYear(indicator, actual.fiscalYear) : null;
      if (
        (status === "behind" || status === "at_risk") &&
        ratio !== null &&
        actual?.value != null &&
        target?.value != null
      ) {
        out.push({
          initiativeId: initiative.id,
          code: initiative.code,
          title: initiative.title,
          departments: indicatorDepartments(initiative, indicator),
          indicator: indicator.name,
          unit: indicator.unit,
          status,
          ratio,
          actual: actual.value,
          target: target.value,
          fiscalYear: actual.fiscalYear,
          period: actual.period,
        });
      }
    }
  }
  return out.sort((a, b) => a.ratio - b.ratio);
}

/** An indicator whose 年度末 forecast misses the 年度's target (shared/forecast.ts). */
export interface ForecastMiss {
  initiativeId: number;
  code: string;
  title: string;
  departments: string[];
  indicator: string;
  unit: string | null;
  fiscalYear: number;
  /** Expected 年度末 value and its 80 % interval, in the indicator's unit. */
  point: number;
  low: number;
  high: number;
  decimals: number;
  target: number;
  targetDecimals: number;
  /** Probability (0–1) of meeting the target. */
  probability: number;
}

/**
 * Indicators forecast to miss their 年度 target at the pace of their monthly readings, least likely
 * to meet it first.
 * @param fiscalYear the 年度 forecast (today's); default each indicator's newest monthly reading's.
 */
export function forecastMisses(plan: PlanView, fiscalYear?: number): ForecastMiss[] {
  const out: ForecastMiss[] = [];
  for (const initiative of plan.initiatives) {
    for (const indicator of initiative.indicators) {
      const f = forecastIndicator(indicator, fiscalYear);
      if (!forecastToMiss(f) || f.target === null || f.probability === null) continue;
      out.push({
        initiativeId: initiative.id,
        code: initiative.code,
        title: initiative.title,
        departments: initiative.departments,
        indicator: indicator.name,
        unit: indicator.unit,
        fiscalYear: f.fiscalYear,
        point: f.point,
        low: f.low,
        high: f.high,
        decimals: f.decimals,
        target: f.target,
        targetDecimals: f.targetDecimals,
        probability: f.probability,
      });
    }
  }
  return out.sort((a, b) => a.probability - b.probability);
}

/** The initiatives with an indicator behind target or a latest grade of B or C, in plan order. */
export function behindInitiatives(plan: PlanView): InitiativeView[] {
  const behind = new Set(behindIndicators(plan).map((b) => b.initiativeId));
  return plan.initiatives.filter((i) => {
    const progress = latestGrade(i, "progress")?.grade;
    const achievement = latestGrade(i, "achievement")?.grade;
    return (
      behind.has(i.id) ||
      progress === "B" ||
      progress === "C" ||
      achievement === "B" ||
      achievement === "C"
    );
  });
}

export interface CountRow {
  key: string;
  label: string;
  count: number;
}

/** What the digest records, so that the next one can say what changed. */
export interface DigestSnapshot {
  columns: Record<string, string>;
  weather: Record<string, string | null>;
  grades: Record<string, string>;
  actualIds: number[];
}

export interface DigestContent {
  planId: string;
  planName: string;
  city: string;
  fiscalYear: number;
  total: number;
  byColumn: CountRow[];
  byGrade: CountRow[];
  byWeather: CountRow[];
  indicatorStatus: CountRow[];
  behind: BehindIndicator[];
  /** Indicators forecast to miss their 年度 target (「見込みで遅れ」), least likely first. */
  forecastMisses: ForecastMiss[];
  /**
   * 課 that still owe figures for the latest reminder cycle, counted per indicator: `count` figures
   * missing of the `asked` ones (「総務課 4/10」 is asked 10, count 6).
   */
  missing: { department: string; count: number; asked?: number }[];
  /**
   * The latest cycle's reporting rate as a headline, 「提出率 18/21 課・86%（期限内 71%）」
   * (shared/reporting-rate.ts `rateHeadline`); null when no cycle has asked anyone.
   */
  reportingRate: string | null;
  /**
   * Official 実績 submitted and not yet approved (承認待ち; issue 12 §4), which the figures above
   * leave out: `code` and indicator name, and the period. Empty on plans without approval.
   */
  awaitingApproval: { code: string; indicator: string; period: string }[];
  changes: {
    moved: { code: string; from: string; to: string }[];
    newActuals: number;
    gradeChanges: { code: string; grade: string }[];
  } | null;
  snapshot: DigestSnapshot;
}

/**
 * Builds the digest of a plan.
 * @param fiscalYear the 年度 whose grades are counted (usually the latest graded one).
 * @param missing 課 that still owe figures for the current reminder cycle: how many are missing of
 * how many were asked.
 * @param previous the snapshot of the last digest, for "what changed"; null for the first one.
 * @param forecastYear the 年度 whose 年度末 is forecast (today's, `fiscalYearAt(clock)`); default
 * each indicator's newest monthly reading's.
 */
export function buildDigest(
  plan: PlanView,
  options: {
    fiscalYear?: number;
    missing?: { department: string; count: number; asked?: number }[];
    reportingRate?: string | null;
    previous?: DigestSnapshot | null;
    forecastYear?: number;
  } = {},
): DigestContent {
  const graded = plan.initiatives.flatMap((i) => i.grades.progress.map((g) => g.fiscalYear));
  const fiscalYear =
    options.fiscalYear ?? (graded.length ? Math.max(...graded) : plan.startFiscalYear);
  const byColumn = plan.boardColumns.map((c) => ({
    key: c.key,
    label: c.label,
    count: plan.initiatives.filter((i) => i.columnKey === c.key).length,
  }));
  const gradeKeys = [
    ...Object.keys(plan.grades.progress?.scale ?? { S: "", A: "", B: "", C: "" }),
    "-",
  ];
  const gradeOf = (i: InitiativeView) =>
    i.grades.progress.find((g) => g.fiscalYear === fiscalYear)?.grade ?? null;
  const byGrade = [
    ...gradeKeys.map((g) => ({
      key: g,
      label: g === "-" ? "対象外" : `${g}（${plan.grades.progress?.scale[g] ?? ""}）`,
      count: plan.initiatives.filter((i) => gradeOf(i) === g).length,
    })),
    {
      key: "none",
      label: "未評価",
      count: plan.initiatives.filter((i) => gradeOf(i) === null).length,
    },
  ].filter((r) => r.count > 0 || r.key !== "-");
  const byWeather = [
    ...plan.weather.map((w) => ({
      key: w,
      label: w,
      count: plan.initiatives.filter((i) => i.weather === w).length,
    })),
    { key: "none", label: "未設定", count: plan.initiatives.filter((i) => !i.weather).length },
  ];
  const statuses = plan.initiatives.flatMap((i) =>
    i.indicators.map((ind) => indicatorStatus(ind).status),
  );
  const indicatorStatusRows = (["on_track", "behind", "at_risk", "no_data"] as const).map((s) => ({
    key: s,
    label: STATUS_LABELS[s],
    count: statuses.filter((x) => x === s).length,
  }));

  const snapshot: DigestSnapshot = {
    columns: Object.fromEntries(plan.initiatives.map((i) => [i.code, i.columnKey])),
    weather: Object.fromEntries(plan.initiatives.map((i) => [i.code, i.weather])),
    grades: Object.fromEntries(
      plan.initiatives.flatMap((i) => {
        const g = latestGrade(i, "progress");
        return g ? [[i.code, `${g.fiscalYear}:${g.grade}`]] : [];
      }),
    ),
    actualIds: plan.initiatives
      .flatMap((i) => i.indicators.flatMap((ind) => ind.actuals.map((a) => a.id)))
      .sort((a, b) => a - b),
  };
  let changes: DigestContent["changes"] = null;
  const previous = options.previous;
  if (previous) {
    const label = (key: string) => plan.boardColumns.find((c) => c.key === key)?.label ?? key;
    const before = new Set(previous.actualIds);
    changes = {
      moved: plan.initiatives
        .filter(
          (i) => previous.columns[i.code] !== undefined && previous.columns[i.code] !== i.columnKey,
        )
        .map((i) => ({
          code: i.code,
          from: label(previous.columns[i.code] ?? ""),
          to: label(i.columnKey),
        })),
      newActuals: snapshot.actualIds.filter((id) => !before.has(id)).length,
      gradeChanges: Object.entries(snapshot.grades)
        .filter(([code, g]) => previous.grades[code] !== g)
        .map(([code, g]) => ({ code, grade: g.split(":")[1] ?? g })),
    };
  }
  return {
    planId: plan.id,
    planName: plan.name,
    city: plan.city,
    fiscalYear,
    total: plan.initiatives.length,
    byColumn,
    byGrade,
    byWeather,
    indicatorStatus: indicatorStatusRows,
    behind: behindIndicators(plan),
    forecastMisses: forecastMisses(plan, options.forecastYear),
    missing: options.missing ?? [],
    reportingRate: options.reportingRate ?? null,
    awaitingApproval: plan.initiatives.flatMap((i) =>
      i.indicators.flatMap((ind) =>
        (ind.awaiting ?? [])
          .filter((a) => a.approval === "submitted")
          .map((a) => ({ code: i.code, indicator: ind.name, period: a.period })),
      ),
    ),
    changes,
    snapshot,
  };
}

/** A one-line 年度 label for the digest's title. */
export function digestTitle(d: DigestContent): string {
  return `${d.city} ${d.planName}（${formatFiscalYear(d.fiscalYear)}の評価）`;
}
