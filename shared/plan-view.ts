/**
 * The read model of a plan: what the board, the chat answers and the digest show. Pure types and
 * functions; db/plans.ts loads the rows.
 */
import type { ApprovalMode, ApprovalState } from "./approval.ts";
import type { ReviewCadence } from "./fiscal-year.ts";
import { comparableValue, type IndicatorKind } from "./indicator-kinds.ts";
import type { Direction } from "./plan-bundle.ts";
import type { BoardColumn, Governance, GradeScale, Population } from "./plan-meta.ts";
import type { Provenance } from "./provenance.ts";

export interface FigureView {
  /** The row of this version. */
  id: number;
  period: string;
  fiscalYear: number;
  value: number | null;
  decimals: number;
  qualifier: string | null;
  rawText: string | null;
  channel: string;
  createdAt: number;
  /**
   * Where the figure comes from (shared/provenance.ts): present only when it is not a printed
   * figure without a note (read, inferred, entered, or a note); absent = printed.
   */
  provenance?: Provenance;
}

export interface ActualView extends FigureView {
  kind: "official" | "interim";
  /** Approval of an official 実績 (shared/approval.ts); null or absent when none was asked. */
  approval?: ApprovalState | null;
}

/** One version of an actual, as entered: withdrawn and superseded versions included. */
export interface ActualVersion extends ActualView {
  /** Who entered it (display name, else their 課), or null for imports. */
  reporter: string | null;
  /** Unix seconds when it was taken back (取消), or null. */
  withdrawnAt: number | null;
  /** The latest reason given for it being behind target, or null. */
  reason: string | null;
  /** The member row of who entered it (null for imports), to tell a submitter from an approver. */
  reportedBy: number | null;
  /** Who approved or returned it (display name, else their 課), or null. */
  decidedBy: string | null;
  /** Unix seconds of the approval or return, or null. */
  decidedAt: number | null;
  /** The comment given with the decision (差し戻しの理由), or null. */
  decisionComment: string | null;
}

export interface IndicatorView {
  id: number;
  key: string;
  initiativeId: number | null;
  name: string;
  unit: string | null;
  direction: Direction;
  /** What the figures measure (shared/indicator-kinds.ts); `level` unless the plan says otherwise. */
  kind: IndicatorKind;
  /** 年度 and value of the base a change or reduction is measured from; null when not printed. */
  baseFiscalYear: number | null;
  baseValue: number | null;
  /**
   * The indicator's own 担当課 (indicators.csv 担当課, issue 14 §5), one of its initiative's
   * 担当課; null when the plan names none, and the initiative's first 担当課 is asked
   * ({@link indicatorOwner}).
   */
  department: string | null;
  baseline: string | null;
  targetText: string | null;
  /** The common indicator it is (shared/catalog.ts id); null or absent when none. */
  catalog?: string | null;
  /** Where the indicator (its name) comes from; absent = printed without a note. */
  provenance?: Provenance;
  /** Current target per period (latest version), sorted by period. */
  targets: FigureView[];
  /**
   * Current actual per period and kind, sorted by period: the latest version not withdrawn that
   * counts — on a plan requiring approval, an official 実績 counts once approved (shared/approval.ts).
   */
  actuals: ActualView[];
  /**
   * Official 実績 newer than the one that counts and not counted yet, one per period: `submitted`
   * (承認待ち) or `returned` (差し戻し). Empty on plans without approval. Absent in older payloads.
   */
  awaiting?: ActualView[];
  /** Every version of every actual, newest first: corrections and 取消 keep the earlier ones. */
  history: ActualVersion[];
}

/**
 * The 課 asked for an indicator's figures (reminders, the reporting rate, the 課長 escalation, the
 * digest's missing list): its own 担当課 when the plan names one, else its initiative's first
 * 担当課 (docs/import-format.md, indicators.csv 担当課). Null when neither is known.
 */
export function indicatorOwner(
  initiative: { departments: string[] },
  indicator: { department: string | null },
): string | null {
  return indicator.department ?? initiative.departments[0] ?? null;
}

/**
 * The 課 an indicator belongs to, for who may enter its figures and 「私の指標」: its own 担当課
 * when the plan names one (another 課 of a multi-課 initiative is not asked for it and may not
 * write it), else every 担当課 of its initiative.
 */
export function indicatorDepartments(
  initiative: { departments: string[] },
  indicator: { department: string | null },
): string[] {
  return indicator.department ? [indicator.department] : initiative.departments;
}

export interface GradeView {
  fiscalYear: number;
  grade: string;
  reason: string | null;
  /** Where the grade comes from; absent = printed without a note. */
  provenance?: Provenance;
}

/** An initiative's review of one period (issue 14 §2): its 時点 and the state it gave. */
export interface ReviewView {
  /** Canonical review period key: `FY2025Q2` (shared/fiscal-year.ts `reviewPeriodKeyText`). */
  period: string;
  /** 時点, `YYYY-MM-DD`. */
  asOf: string;
  weather: string | null;
  outlook: string | null;
}

export interface InitiativeView {
  id: number;
  code: string;
  sortKey: string;
  title: string;
  /** Where the 取組名 comes from (Inzai's reconstructed names are inferred); absent = printed. */
  titleProvenance?: Provenance;
  branchId: number;
  departments: string[];
  columnKey: string;
  weather: string | null;
  outlook: string | null;
  version: number;
  /** The review of its latest period, when it has any (reviews.csv); absent otherwise. */
  latestReview?: ReviewView;
  /** Current grades per kind, newest fiscal year first. */
  grades: { progress: GradeView[]; achievement: GradeView[] };
  indicators: IndicatorView[];
}

export interface BranchView {
  id: number;
  key: string;
  level: number;
  code: string | null;
  title: string;
  parentId: number | null;
  /** 「ビジョン」 of the branch as printed, or null (Matsue's 3つの柱). */
  vision: string | null;
  /** 「ビジョンの実現のために達成すべき状態」, in the plan's order. */
  states: string[];
}

export interface PlanView {
  id: string;
  /** The plan's revision when this view was read (db/plans.ts bumpPlanRevision). */
  revision: number;
  name: string;
  city: string;
  levels: string[];
  initiativeLabel: string;
  codeLabel: string;
  startFiscalYear: number;
  endFiscalYear: number;
  boardColumns: BoardColumn[];
  grades: { progress?: GradeScale; achievement?: GradeScale };
  weather: string[];
  /**
   * How often the plan reviews its initiatives (plan.yaml `review.cadence`): the grain of its reviews'
   * periods; a 天気 or 今後の方向性 changed in the LIFF app is the review of today's period.
   */
  reviewCadence: ReviewCadence;
  /** The plan's own 推進体制 and roadmaps (plan.yaml `governance`); empty lists when it prints none. */
  governance: Governance;
  /** The city's population (plan.yaml `population`), or null when the office has not set it. */
  population: Population | null;
  /** Whether official 実績 need approval before they count (shared/approval.ts). */
  approval: ApprovalMode;
  branches: BranchView[];
  /** Plan-level indicators (KGI), such as Inzai's 業務量30%減. */
  kgis: IndicatorView[];
  initiatives: InitiativeView[];
}

/** The latest grade of a kind, or `null` when none was ever given. */
export function latestGrade(initiative: InitiativeView, kind: "progress" | "achievement") {
  return initiative.grades[kind][0] ?? null;
}

/**
 * The actual to show for an indicator: the newest official 実績 by fiscal year, or a newer interim
 * reading when there is one for a later period.
 */
export function latestActual(indicator: IndicatorView): ActualView | null {
  let best: ActualView | null = null;
  for (const a of indicator.actuals) {
    if (a.value === null && a.rawText === null) continue;
    if (
      !best ||
      a.fiscalYear > best.fiscalYear ||
      (a.fiscalYear === best.fiscalYear && a.kind === "official" && best.kind !== "official") ||
      (a.fiscalYear === best.fiscalYear && a.kind === best.kind && a.period > best.period)
    ) {
      best = a;
    }
  }
  return best;
}

/**
 * The indicator's latest actual and the value to hold against that 年度's target: the actual itself,
 * or for a cumulative kind (累計, 効果額（期間合計）) the running total with every earlier 年度's
 * latest figure (shared/indicator-kinds.ts). Null when there is no actual with a value.
 */
export function latestComparison(
  indicator: IndicatorView,
): { actual: ActualView; value: number; target: FigureView | null } | null {
  const actual = latestActual(indicator);
  if (!actual || actual.value === null) return null;
  const earlier = new Map<number, ActualView>();
  for (const a of indicator.actuals) {
    if (a.fiscalYear >= actual.fiscalYear || a.value === null) continue;
    const seen = earlier.get(a.fiscalYear);
    if (!seen || latestActual({ ...indicator, actuals: [seen, a] }) === a)
      earlier.set(a.fiscalYear, a);
  }
  const value = comparableValue(
    indicator.kind,
    actual.value,
    [...earlier.values()].map((a) => a.value),
  );
  if (value === null) return null;
  return { actual, value, target: targetForYear(indicator, actual.fiscalYear) };
}

/**
 * The version of an actual a new entry corrects: the one awaiting approval when there is one (a
 * resubmission replaces it), else the one that counts. This is what `baseId` names (409 otherwise).
 */
export function latestVersion(
  indicator: IndicatorView,
  period: string,
  kind: "official" | "interim",
): ActualView | null {
  return (
    indicator.awaiting?.find((a) => a.period === period && a.kind === kind) ??
    indicator.actuals.find((a) => a.period === period && a.kind === kind) ??
    null
  );
}

/** The official 実績 of a period awaiting approval (承認待ち, not returned), or null. */
export function awaitingApproval(indicator: IndicatorView, period?: string): ActualView | null {
  return (
    indicator.awaiting?.find(
      (a) => a.approval === "submitted" && (period === undefined || a.period === period),
    ) ?? null
  );
}

/** The yearly target of a fiscal year (`FY2023`), or `null` when none is set. */
export function targetForYear(indicator: IndicatorView, fiscalYear: number): FigureView | null {
  return indicator.targets.find((t) => t.period === `FY${fiscalYear}`) ?? null;
}

/**
 * Direction-aware achievement of an actual against a target, as a ratio (1 = on target).
 * Higher-is-better: actual / target. Lower-is-better: target / actual (0 actual against a positive
 * target counts as fully achieved). `null` when either value is missing or the ratio is undefined.
 */
export function achievementRatio(
  direction: Direction,
  target: number | null,
  actual: number | null,
): number | null {
  if (target === null || actual === null) return null;
  if (direction === "lower") {
    if (actual === 0) return target >= 0 ? Number.POSITIVE_INFINITY : null;
    return target / actual;
  }
  if (target === 0) return actual >= 0 ? Number.POSITIVE_INFINITY : null;
  return actual / target;
}

/** Whether an actual meets its target, taking the indicator's direction into account. */
export function meetsTarget(direction: Direction, target: number | null, actual: number | null) {
  if (target === null || actual === null) return null;
  return direction === "lower" ? actual <= target : actual >= target;
}

const derived = new WeakMap<object, Map<string, unknown>>();

/**
 * Computes something from a plan view once per view. Plan views are shared and read-only (db/plans.ts
 * caches one per plan revision), so whatever is derived from one stays valid as long as the view.
 */
export function memoized<T>(view: PlanView, key: string, compute: () => T): T {
  let cache = derived.get(view);
  if (!cache) {
    cache = new Map();
    derived.set(view, cache);
  }
  if (!cache.has(key)) cache.set(key, compute());
  return cache.get(key) as T;
}
