/**
 * The content of the yearly 進行管理報告書 (progress report), independent of the file format: one
 * section per initiative with the plan's hierarchy, the plan-level narratives, the schedule (工程),
 * the 数値目標 table (目標 and 実績 per fiscal year, as printed), the report year's narratives and
 * grades with their reasons, and the next year's plan.
 *
 * The layout follows Tamana's report (seed 004, 第４次玉名市行政改革大綱 実行計画＜進行管理報告書＞):
 * page 1 of each 取組事項 is the plan, page 2 the year's report. Labels come from the plan (its
 * hierarchy levels, initiative label, grade scales), so other plans print with their own words.
 */
import type { Database } from "../../db/client.ts";
import { loadInitiativeExtras } from "../../db/initiatives.ts";
import { loadPlanView, planSource } from "../../db/plans.ts";
import {
  fiscalYearCode,
  formatFiscalYear,
  formatIsoDate,
  japaneseMonth,
  planFiscalYears,
  reviewPeriodKeyText,
} from "../../shared/fiscal-year.ts";
import { formatFigureWithQualifier } from "../../shared/numbers.ts";
import type { GradeScale } from "../../shared/plan-meta.ts";
import type { FigureView, IndicatorView, PlanView } from "../../shared/plan-view.ts";
import { PROVENANCE_LABELS, type Provenance } from "../../shared/provenance.ts";

export type GradeKind = "progress" | "achievement";

export interface ReportNarrative {
  label: string;
  body: string;
}

/** One row of the 工程 table: an item's phases that do not overlap (an item may need several). */
export interface ReportScheduleLane {
  cells: { from: number; to: number; text: string }[];
}

export interface ReportScheduleItem {
  item: string;
  lanes: ReportScheduleLane[];
}

export interface ReportIndicator {
  key: string;
  name: string;
  unit: string | null;
  baseline: string | null;
  targetText: string | null;
  /** Printed 目標 per fiscal year (`98.30%`, `13億円`, `60％以下`). */
  targets: Map<number, string>;
  /** Printed 実績 per fiscal year: the confirmed one, else the latest 速報 marked （速報）. */
  actuals: Map<number, string>;
}

export interface ReportGrades {
  /** The grade per fiscal year (`S`/`A`/`B`/`C`/`-`). */
  byYear: Map<number, string>;
  /** The grade of the report year, if given. */
  grade: string | null;
  /** The reason given with the report year's grade. */
  reason: string | null;
}

export interface ReportInitiative {
  code: string;
  title: string;
  departments: string[];
  /** The hierarchy above the initiative, top level first. */
  branches: { level: string; code: string | null; title: string }[];
  planNarratives: ReportNarrative[];
  yearNarratives: ReportNarrative[];
  nextNarratives: ReportNarrative[];
  schedule: ReportScheduleItem[];
  indicators: ReportIndicator[];
  grades: Partial<Record<GradeKind, ReportGrades>>;
  /**
   * 出典 (issue 14 §1): one line per reading the plan does not print as it stands — the 取組名, the
   * schedule's years, an indicator's name, a 目標 or 実績 — with its mark and note, e.g.
   * `②-1 目標 R7: 推定（目標は「50% 100%」の2つだけ印刷…）`. Repeated lines are given once. Figures
   * entered in LINE or the LIFF app are the departments' own report and are not listed.
   */
  sources: string[];
}

export interface ReportModel {
  planId: string;
  planName: string;
  city: string;
  source: string | null;
  levels: string[];
  initiativeLabel: string;
  codeLabel: string;
  /** The report year (FY2023 = R5). */
  fiscalYear: number;
  /** The fiscal years of the plan period, first to last. */
  years: number[];
  gradeScales: Partial<Record<GradeKind, GradeScale>>;
  initiatives: ReportInitiative[];
}

/** `2023` → `令和5年度`; `short` → `R5年度`. Years before 令和 use 平成. */
export const yearLabel = (fiscalYear: number, style: "short" | "long" = "short") =>
  formatFiscalYear(fiscalYear, style);

/** `2023` → `R5` (the column heads of the grade rows). */
export const yearShort = (fiscalYear: number) => fiscalYearCode(fiscalYear);

/** A figure as printed: the stored raw text when there is one, else the value with its unit. */
export function printedFigure(figure: FigureView, unit: string | null): string {
  if (figure.rawText?.trim()) return figure.rawText.trim();
  if (figure.value === null) return "";
  return formatFigureWithQualifier({ ...figure, value: figure.value }, unit);
}

/** Whether the report lists a provenance: read or inferred (printed and entered are not). */
function doubted(p: Provenance | undefined): p is Provenance {
  return p !== undefined && (p.source === "read" || p.source === "inferred");
}

/** A line of {@link ReportInitiative.sources}: `工程の年度: 推定（…）`. */
function sourceLine(what: string, p: Provenance): string {
  return `${what}: ${PROVENANCE_LABELS[p.source]}${p.note ? `（${p.note}）` : ""}`;
}

/** A printed figure with its mark when it is read or inferred: `50%（推定）`. */
function markedFigure(figure: FigureView, unit: string | null): string {
  const text = printedFigure(figure, unit);
  return text && doubted(figure.provenance)
    ? `${text}（${PROVENANCE_LABELS[figure.provenance.source]}）`
    : text;
}

function reportIndicator(indicator: IndicatorView, sources: string[]): ReportIndicator {
  if (doubted(indicator.provenance))
    sources.push(sourceLine(`${indicator.key} 指標`, indicator.provenance));
  const targets = new Map<number, string>();
  for (const t of indicator.targets) {
    if (t.period !== `FY${t.fiscalYear}`) continue;
    const text = markedFigure(t, indicator.unit);
    if (text) targets.set(t.fiscalYear, text);
    if (text && doubted(t.provenance))
      sources.push(sourceLine(`${indicator.key} 目標 ${yearShort(t.fiscalYear)}`, t.provenance));
  }
  const actuals = new Map<number, string>();
  const interim = new Map<number, { period: string; text: string }>();
  for (const a of indicator.actuals) {
    const text = markedFigure(a, indicator.unit);
    if (!text) continue;
    if (doubted(a.provenance))
      sources.push(sourceLine(`${indicator.key} 実績 ${yearShort(a.fiscalYear)}`, a.provenance));
    if (a.kind === "official" && a.period === `FY${a.fiscalYear}`) actuals.set(a.fiscalYear, text);
    else if (a.kind === "interim") {
      const seen = interim.get(a.fiscalYear);
      if (!seen || a.period > seen.period) interim.set(a.fiscalYear, { period: a.period, text });
    }
  }
  const officialYears = new Set(actuals.keys());
  for (const [year, { text }] of interim)
    if (!actuals.has(year)) actuals.set(year, `${text}（速報）`);
  // Only approved 確定値 are printed; a 年度 whose 確定値 awaits approval says so (issue 12 §4).
  for (const a of indicator.awaiting ?? []) {
    if (a.approval !== "submitted" || a.period !== `FY${a.fiscalYear}`) continue;
    const shown = actuals.get(a.fiscalYear);
    actuals.set(
      a.fiscalYear,
      shown === undefined
        ? "承認待ち"
        : officialYears.has(a.fiscalYear)
          ? `${shown}（更新は承認待ち）`
          : `${shown}・確定値は承認待ち`,
    );
  }
  return {
    key: indicator.key,
    name: indicator.name,
    unit: indicator.unit,
    baseline: indicator.baseline,
    targetText: indicator.targetText,
    targets,
    actuals,
  };
}

/** Splits an item's phases into rows where no two phases share a fiscal year. */
function scheduleLanes(cells: { from: number; to: number; text: string }[]): ReportScheduleLane[] {
  const lanes: ReportScheduleLane[] = [];
  for (const cell of cells) {
    const lane = lanes.find((l) => l.cells.every((c) => cell.to < c.from || cell.from > c.to));
    if (lane) lane.cells.push(cell);
    else lanes.push({ cells: [cell] });
  }
  for (const lane of lanes) lane.cells.sort((a, b) => a.from - b.from);
  return lanes;
}

export class ReportError extends Error {}

/**
 * Reads everything the report prints for one plan and fiscal year.
 *
 * @throws ReportError (with a Japanese message) when the plan does not exist or the year is
 * outside the plan period.
 */
export async function buildReportModel(
  db: Database,
  planId: string,
  fiscalYear: number,
): Promise<ReportModel> {
  const view: PlanView | null = await loadPlanView(db, planId);
  if (!view) throw new ReportError(`計画「${planId}」はありません。`);
  if (fiscalYear < view.startFiscalYear || fiscalYear > view.endFiscalYear)
    throw new ReportError(
      `${yearLabel(fiscalYear)}は計画期間（${yearLabel(view.startFiscalYear)}〜${yearLabel(view.endFiscalYear)}）の外です。`,
    );
  const source = await planSource(db, planId);
  const years = planFiscalYears(view);
  const branchById = new Map(view.branches.map((b) => [b.id, b]));
  const gradeKinds = (["progress", "achievement"] as const).filter((k) => view.grades[k]);

  const initiatives: ReportInitiative[] = [];
  for (const initiative of view.initiatives) {
    const extras = await loadInitiativeExtras(db, initiative.id);
    const chain: ReportInitiative["branches"] = [];
    for (
      let b = branchById.get(initiative.branchId);
      b;
      b = b.parentId ? branchById.get(b.parentId) : undefined
    ) {
      chain.unshift({ level: view.levels[b.level - 1] ?? "", code: b.code, title: b.title });
    }
    const narratives = extras?.narratives ?? [];
    // A review period shorter than the 年度 (Inzai's R7Q2) is named with its 時点 beside the label,
    // so that two quarters' 進捗状況 of one 年度 read apart.
    const asOf = new Map((extras?.reviews ?? []).map((r) => [r.period, r.asOf]));
    const periodLabel = (n: (typeof narratives)[number]) => {
      if (n.period === null || n.period === `FY${n.fiscalYear}`) return n.label;
      const date = asOf.get(n.period);
      return `${n.label}（${reviewPeriodKeyText(n.period)}${date ? `・${formatIsoDate(date)}時点` : ""}）`;
    };
    const pick = (year: number | null) =>
      narratives
        .filter((n) => n.fiscalYear === year && n.body.trim())
        .map((n) => ({ label: periodLabel(n), body: n.body }));

    const sources: string[] = [];
    if (doubted(initiative.titleProvenance))
      sources.push(
        sourceLine(
          view.initiativeLabel ? `${view.initiativeLabel}名` : "取組名",
          initiative.titleProvenance,
        ),
      );
    const items = new Map<string, { from: number; to: number; text: string }[]>();
    for (const x of extras?.schedule ?? []) {
      if (doubted(x.provenance)) sources.push(sourceLine("工程の年度", x.provenance));
      const key = x.item ?? "";
      const cells = items.get(key) ?? [];
      cells.push({
        from: Math.max(x.fromFiscalYear, view.startFiscalYear),
        to: Math.min(x.toFiscalYear ?? view.endFiscalYear, view.endFiscalYear),
        text: x.body,
      });
      items.set(key, cells);
    }

    const grades: ReportInitiative["grades"] = {};
    for (const kind of gradeKinds) {
      const byYear = new Map<number, string>();
      for (const g of initiative.grades[kind]) byYear.set(g.fiscalYear, g.grade);
      const current = initiative.grades[kind].find((g) => g.fiscalYear === fiscalYear);
      grades[kind] = {
        byYear,
        grade: current?.grade ?? null,
        reason: current?.reason?.trim() ? current.reason.trim() : null,
      };
    }

    initiatives.push({
      code: initiative.code,
      title: initiative.title,
      departments: initiative.departments,
      branches: chain,
      planNarratives: pick(null),
      yearNarratives: pick(fiscalYear),
      nextNarratives: pick(fiscalYear + 1),
      schedule: [...items].map(([item, cells]) => ({ item, lanes: scheduleLanes(cells) })),
      indicators: initiative.indicators.map((i) => reportIndicator(i, sources)),
      grades,
      sources: [...new Set(sources)],
    });
  }

  return {
    planId: view.id,
    planName: view.name,
    city: view.city,
    source,
    levels: view.levels,
    initiativeLabel: view.initiativeLabel,
    codeLabel: view.codeLabel,
    fiscalYear,
    years,
    gradeScales: Object.fromEntries(gradeKinds.map((k) => [k, view.grades[k]])),
    initiatives,
  };
}

/** The legend of a grade scale as printed: `S．計画以上に進捗`, one entry per grade. */
export function gradeLegend(scale: GradeScale): string[] {
  return Object.entries(scale.scale).map(([key, label]) => `${key}．${label}`);
}

/**
 * The two reason boxes of a grade kind, as Tamana prints them: the one for the top grade (S) and
 * the one for the grades below target (B, C). `top` is null when the scale has a single grade.
 */
export function reasonBoxes(
  kind: GradeKind,
  scale: GradeScale,
): { top: { key: string; label: string } | null; low: { keys: string[]; label: string } } {
  const keys = Object.keys(scale.scale);
  const top = keys[0] ?? "S";
  const low = keys.slice(2);
  const lowKeys = low.length ? low : keys.slice(1);
  const quote = (k: string) => `「${k}」`;
  const lowWord = lowKeys.map(quote).join("又は");
  return kind === "progress"
    ? {
        top:
          keys.length > 1
            ? { key: top, label: `${scale.label}が${quote(top)}の場合その理由` }
            : null,
        low: { keys: lowKeys, label: `${lowWord}の場合その理由及び改善に向けた方策` },
      }
    : {
        top:
          keys.length > 1
            ? { key: top, label: `${scale.label}が${quote(top)}の場合その要因` }
            : null,
        low: { keys: lowKeys, label: `${lowWord}の場合その要因及び達成に向けた方策` },
      };
}

/**
 * Which box a grade's reason goes in: the top grade's box for the top grade, else the box for the
 * grades below target (Tamana prints a reason given with an `A` there too, ⑥ R5 達成状況).
 */
export function reasonFor(
  grades: ReportGrades | undefined,
  box: "top" | "low",
  topKey: string | null,
): string {
  if (!grades?.reason) return "";
  const isTop = grades.grade !== null && grades.grade === topKey;
  return (box === "top") === isTop ? grades.reason : "";
}

/** The headings of the year sections: （令和５年度の具体的な取組） etc. */
export function sectionTitles(fiscalYear: number) {
  return {
    work: `（${yearLabel(fiscalYear, "long")}の具体的な取組）`,
    achievement: `（${yearLabel(fiscalYear, "long")}の数値目標の達成状況）`,
    next: `（${yearLabel(fiscalYear + 1, "long")}の取組計画）`,
  };
}

/** The report's title lines: plan name, ＜進行管理報告書＞, and the year reported. */
export function reportTitle(model: ReportModel) {
  return {
    plan: model.planName,
    kind: "＜進行管理報告書＞",
    year: `${yearLabel(model.fiscalYear, "long")}実績`,
  };
}

/** Today as `令和6年12月` (Asia/Tokyo), for the cover. */
export function issueMonth(now: Date = new Date()): string {
  return japaneseMonth(now);
}
