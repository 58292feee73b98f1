/**
 * The plan import format (docs/import-format.md): plan.yaml plus CSV tables, parsed and validated
 * as a whole into a {@link PlanBundle}, or refused with every problem found, each with its file,
 * row and column, in Japanese.
 *
 * Pure: no I/O. The CLI reads the folder; the database layer writes the bundle in one transaction.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseYaml } from "yaml";
import { CATALOG, findCatalogEntry } from "./catalog.ts";
import { csvCellValue } from "./csv.ts";
import {
  type Period,
  parseFiscalYear,
  parseIsoDate,
  parsePeriod,
  parseReviewPeriod,
  parseSchedulePeriod,
  REVIEW_CADENCE_TEXT,
  type ReviewPeriod,
  reviewPeriodCadence,
  reviewPeriodCode,
  reviewPeriodDays,
  reviewPeriodKey,
  type SchedulePeriod,
} from "./fiscal-year.ts";
import {
  BUNDLE_FILES,
  columnLetter,
  type ImportIssue,
  type SheetRows,
  TABLE_COLUMNS,
  type TableColumns,
} from "./import-format.ts";
import {
  INDICATOR_KIND_LABELS,
  INDICATOR_KINDS,
  type IndicatorKind,
  parseIndicatorKind,
} from "./indicator-kinds.ts";
import { type Figure, normalizeUnit, parseFigure } from "./numbers.ts";
import { type PlanMeta, planMetaSchema } from "./plan-meta.ts";
import {
  PROVENANCE_LABELS,
  PROVENANCE_SOURCES,
  type Provenance,
  parseProvenanceSource,
} from "./provenance.ts";
import { codeSortKey, splitList } from "./text.ts";

export type Direction = "higher" | "lower" | "reach" | "date";
export type ActualKind = "official" | "interim";

export interface BundleDepartment {
  name: string;
  parent: string | null;
  kind: "部" | "課";
}
export interface BundleBranch {
  id: string;
  level: number;
  code: string | null;
  title: string;
  parent: string | null;
  /** 「ビジョン」: the future the branch aims at, as printed (Matsue's 3つの柱, issue 14 §6). */
  vision: string | null;
  /** 「達成すべき状態」: the states that realise the vision, in the plan's order (`;`-separated). */
  states: string[];
}
export interface BundleInitiative {
  code: string;
  sortKey: string;
  title: string;
  branch: string;
  departments: string[];
  crossListed: string[];
  parent: string | null;
  column: string | null;
  weather: string | null;
  outlook: string | null;
  outlookReason: string | null;
  tags: string[];
  position: number;
  /** 出典・出典メモ of the 取組名 (shared/provenance.ts); printed when the columns are empty. */
  provenance?: Provenance;
}
export interface BundleNarrative {
  initiative: string;
  /** The 年度 of {@link period}; null for the plan-level text. */
  fiscalYear: number | null;
  /**
   * The review period the text reports on (期間, or the 年度 alone as a yearly period); null for the
   * plan-level text. Absent in bundles built before review periods: read as the 年度.
   */
  period?: ReviewPeriod | null;
  label: string;
  text: string;
}
/**
 * One review of an initiative (reviews.csv, issue 14 §2): its period of the plan's cadence, the
 * date its state was taken (時点), and the 天気 and 今後の方向性 it gave. Its report text is the
 * narratives of the same 期間.
 */
export interface BundleReview {
  initiative: string;
  period: ReviewPeriod;
  /** 時点, `YYYY-MM-DD`. */
  asOf: string;
  weather: string | null;
  outlook: string | null;
  outlookReason: string | null;
  /** 出典・出典メモ of the review's 期間, 時点, 天気 and 今後の方向性; printed when the columns are empty. */
  provenance?: Provenance;
}
export interface BundleScheduleItem {
  initiative: string;
  item: string | null;
  period: SchedulePeriod;
  periodText: string;
  text: string;
  position: number;
  /** 出典・出典メモ of the row's period (a lost Gantt column's year is `inferred`). */
  provenance?: Provenance;
}
export interface BundleIndicator {
  id: string;
  initiative: string | null;
  name: string;
  unit: string | null;
  direction: Direction;
  /** 「種類」 (shared/indicator-kinds.ts); `level` when the column is empty or absent. */
  kind: IndicatorKind;
  /** 「基準年度」 and 「基準値（数値）」: the base a change or reduction is measured from. */
  baseFiscalYear: number | null;
  baseValue: number | null;
  /**
   * 「担当課」: the 課 asked for this indicator, one of its initiative's 担当課 (issue 14 §5);
   * null = the initiative's first 担当課.
   */
  department: string | null;
  baseline: string | null;
  targetText: string | null;
  note: string | null;
  /** The common indicator it is (shared/catalog.ts id), from the 共通指標 column; null or absent if none. */
  catalog?: string | null;
  position: number;
  /** 出典・出典メモ of the indicator as a whole (its name); printed when the columns are empty. */
  provenance?: Provenance;
}
export interface BundleFigure {
  indicator: string;
  period: Period;
  figure: Figure | null;
  text: string | null;
  /** 出典・出典メモ of the figure and its period; printed when the columns are empty. */
  provenance?: Provenance;
}
export interface BundleActual extends BundleFigure {
  kind: ActualKind;
}
export interface BundleGrade {
  initiative: string;
  fiscalYear: number;
  kind: "progress" | "achievement";
  grade: string;
  reason: string | null;
  /** 出典・出典メモ of the grade and its 年度; printed when the columns are empty. */
  provenance?: Provenance;
}

/** A whole plan, validated and cross-checked, ready to be written. */
export interface PlanBundle {
  plan: PlanMeta;
  departments: BundleDepartment[];
  branches: BundleBranch[];
  initiatives: BundleInitiative[];
  narratives: BundleNarrative[];
  /** Reviews per period; absent in bundles built before review periods (none). */
  reviews?: BundleReview[];
  schedule: BundleScheduleItem[];
  indicators: BundleIndicator[];
  targets: BundleFigure[];
  actuals: BundleActual[];
  grades: BundleGrade[];
}

export type BundleResult = { ok: true; bundle: PlanBundle } | { ok: false; issues: ImportIssue[] };

const REQUIRED_FILES = [
  BUNDLE_FILES.plan,
  BUNDLE_FILES.departments,
  BUNDLE_FILES.branches,
  BUNDLE_FILES.initiatives,
];

const DIRECTIONS: Record<string, Direction> = {
  上昇: "higher",
  higher: "higher",
  低下: "lower",
  lower: "lower",
  到達: "reach",
  reach: "reach",
  期日: "date",
  date: "date",
};
const GRADE_KINDS: Record<string, "progress" | "achievement"> = {
  進捗状況: "progress",
  progress: "progress",
  達成状況: "achievement",
  achievement: "achievement",
};
const ACTUAL_KINDS: Record<string, ActualKind> = {
  確定: "official",
  official: "official",
  速報: "interim",
  interim: "interim",
};
/** 今後の方向性: the words the import and the API accept (the LIFF app offers the same). */
export const OUTLOOKS = ["継続", "拡充", "見直し", "完了", "廃止"] as const;

/** A row of a table with helpers that record problems against its file, row and column. */
class Row {
  constructor(
    private readonly file: string,
    readonly row: number,
    private readonly cells: Record<string, string>,
    private readonly headers: string[],
    private readonly issues: ImportIssue[],
  ) {}

  /** The trimmed cell, or `null` when empty or the column is absent. */
  get(header: string): string | null {
    const v = this.cells[header];
    if (v === undefined) return null;
    const t = v.trim();
    return t === "" ? null : t;
  }

  /** The trimmed cell; records "required" and returns `null` when empty. */
  need(header: string): string | null {
    const v = this.get(header);
    if (v === null) this.error(header, `「${header}」が空です。入力してください。`);
    return v;
  }

  /**
   * The row's 出典 and 出典メモ (shared/provenance.ts): printed when 出典 is empty; an unknown word
   * is an error on 出典, and the row reads as printed. 「入力」 is accepted so that a plan export,
   * which writes it for figures entered in LINE or the LIFF app, imports back as it was.
   */
  provenance(): Provenance {
    const text = this.get("出典");
    const note = this.get("出典メモ");
    if (text === null) return { source: "printed", note };
    const source = parseProvenanceSource(text);
    if (source === null) {
      this.error(
        "出典",
        `出典は ${PROVENANCE_SOURCES.map((k) => PROVENANCE_LABELS[k]).join("・")} のいずれかです（空欄は印刷）。`,
      );
      return { source: "printed", note };
    }
    return { source, note };
  }

  error(header: string, message: string): void {
    const index = this.headers.indexOf(header);
    this.issues.push({
      file: this.file,
      row: this.row,
      column: index >= 0 ? `${columnLetter(index)}列（${header}）` : header,
      message,
    });
  }
}

export type TableSource = string | SheetRows;

function readTable(
  file: string,
  source: TableSource | undefined,
  spec: TableColumns,
  issues: ImportIssue[],
): Row[] {
  if (source === undefined) return [];
  let records: { record: Record<string, string>; row: number }[];
  let headers: string[] = [];
  let headerRow = 1;
  if (typeof source !== "string") {
    const [head, ...body] = source.rows;
    if (!head) return [];
    headerRow = head.row;
    headers = head.cells.map((h) => h.trim());
    records = body
      .filter((r) => r.cells.some((c) => c.trim() !== ""))
      .map((r) => ({
        row: r.row,
        record: Object.fromEntries(headers.map((h, i) => [h, r.cells[i] ?? ""])),
      }));
    // Cells beyond the header are data without a column: refuse rather than drop them silently.
    for (const r of body) {
      r.cells.forEach((c, i) => {
        if (i >= headers.length && c.trim() !== "") {
          issues.push({
            file,
            row: r.row,
            column: `${columnLetter(i)}列`,
            message: "見出しのない列に値があります。",
          });
        }
      });
    }
  } else {
    try {
      const parsed = parseCsv(source, {
        bom: true,
        columns: (header: string[]) => {
          headers = header.map((h) => h.trim());
          return headers;
        },
        info: true,
        skip_empty_lines: true,
        relax_column_count: false,
      }) as { record: Record<string, string>; info: { records: number } }[];
      // Our own CSV export guards formula-like cells with `'` (shared/csv.ts): read them back as written.
      records = parsed.map(({ record, info }) => ({
        record: Object.fromEntries(Object.entries(record).map(([k, v]) => [k, csvCellValue(v)])),
        row: info.records + 1,
      }));
    } catch (err) {
      const e = err as { lines?: number; message?: string };
      issues.push({
        file,
        ...(e.lines ? { row: e.lines } : {}),
        message: `CSVとして読めません（${e.message ?? String(err)}）。引用符（"）の対応や列の数を確かめてください。`,
      });
      return [];
    }
  }
  const known = new Set([...spec.required, ...spec.optional]);
  let headerOk = true;
  headers.forEach((h, i) => {
    if (!known.has(h)) {
      headerOk = false;
      issues.push({
        file,
        row: headerRow,
        column: `${columnLetter(i)}列（${h}）`,
        message: `「${h}」という列はこの表にはありません。使える列: ${[...known].join("、")}`,
      });
    }
  });
  for (const h of spec.required) {
    if (!headers.includes(h)) {
      headerOk = false;
      issues.push({ file, row: headerRow, column: h, message: `必須の列「${h}」がありません。` });
    }
  }
  if (!headerOk) return [];
  return records.map(({ record, row }) => new Row(file, row, record, headers, issues));
}

/**
 * Parses and validates a plan in the import format.
 *
 * @param files file name → text, e.g. `{"plan.yaml": "...", "initiatives.csv": "..."}`; CSV text may
 * start with a UTF-8 BOM.
 * @returns the bundle, or every problem found (file, row, column, Japanese message). Nothing is
 * partially returned: one problem anywhere means no bundle.
 */
export function parsePlanBundle(
  files: Record<string, TableSource | Record<string, unknown> | undefined>,
  options: { names?: Record<string, string> } = {},
): BundleResult {
  const nameOf = (file: string) => options.names?.[file] ?? file;
  const issues: ImportIssue[] = [];
  for (const name of REQUIRED_FILES) {
    if (files[name] === undefined)
      issues.push({ file: nameOf(name), message: `${nameOf(name)} がありません。` });
  }
  const knownFiles = new Set<string>(Object.values(BUNDLE_FILES));
  for (const name of Object.keys(files)) {
    if (!knownFiles.has(name)) {
      issues.push({
        file: name,
        message: `このファイルは取込形式にありません。使えるファイル: ${[...knownFiles].join("、")}`,
      });
    }
  }

  let plan: PlanMeta | null = null;
  const planSource = files[BUNDLE_FILES.plan];
  if (planSource !== undefined) {
    let raw: unknown;
    if (typeof planSource === "string") {
      try {
        raw = parseYaml(planSource);
      } catch (err) {
        issues.push({ file: BUNDLE_FILES.plan, message: `YAMLとして読めません: ${String(err)}` });
      }
    } else if ("rows" in planSource && Array.isArray(planSource.rows)) {
      raw = planFromRows(planSource as SheetRows);
    } else {
      raw = planSource;
    }
    if (raw !== undefined) {
      const parsed = planMetaSchema.safeParse(raw);
      if (parsed.success) plan = parsed.data;
      else {
        for (const issue of parsed.error.issues) {
          const key = issue.path.join(".");
          issues.push({
            file: nameOf(BUNDLE_FILES.plan),
            column: key,
            message:
              issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined
                ? `「${key}」がありません。入力してください。`
                : issue.code === "custom" || /[ぁ-んァ-ン一-龥]/u.test(issue.message)
                  ? issue.message
                  : `「${key}」の値が正しくありません（${issue.message}）。`,
          });
        }
      }
    }
  }

  /** 天気 and 今後の方向性 of an initiatives.csv or reviews.csv row, each checked against the plan. */
  const weatherAndOutlook = (r: Row) => {
    const weather = r.get("天気");
    if (weather !== null && plan && !plan.weather.includes(weather)) {
      r.error("天気", `天気は ${plan.weather.join("・")} のいずれかです。`);
    }
    const outlook = r.get("今後の方向性");
    if (outlook !== null && !(OUTLOOKS as readonly string[]).includes(outlook)) {
      r.error("今後の方向性", `今後の方向性は ${OUTLOOKS.join("・")} のいずれかです。`);
    }
    return { weather, outlook };
  };

  const table = (key: keyof typeof TABLE_COLUMNS) => {
    const source = files[BUNDLE_FILES[key]];
    if (source !== undefined && typeof source !== "string" && !("rows" in source)) {
      issues.push({ file: nameOf(BUNDLE_FILES[key]), message: "表の形式が正しくありません。" });
      return [];
    }
    return readTable(
      nameOf(BUNDLE_FILES[key]),
      source as TableSource | undefined,
      TABLE_COLUMNS[key],
      issues,
    );
  };

  // 組織
  const departments: BundleDepartment[] = [];
  const orgNames = new Set<string>();
  const orgRows = table("departments");
  for (const r of orgRows) {
    const name = r.need("名称");
    const kind = r.get("種別") ?? "課";
    if (kind !== "部" && kind !== "課") r.error("種別", "種別は「部」か「課」です。");
    if (name === null) continue;
    if (orgNames.has(name)) r.error("名称", `組織「${name}」が二度出てきます。`);
    orgNames.add(name);
    departments.push({ name, parent: r.get("上位"), kind: kind === "部" ? "部" : "課" });
  }
  orgRows.forEach((r, i) => {
    const parent = departments[i]?.parent;
    if (parent && !orgNames.has(parent))
      r.error("上位", `上位の組織「${parent}」が org_units.csv にありません。`);
  });

  // 体系
  const branches: BundleBranch[] = [];
  const branchById = new Map<string, BundleBranch>();
  const branchRows = table("branches");
  for (const r of branchRows) {
    const id = r.need("ID");
    const title = r.need("名称");
    const levelText = r.need("階層");
    const level = levelText === null ? Number.NaN : Number(levelText.normalize("NFKC"));
    const maxLevel = plan?.levels.length ?? 4;
    if (levelText !== null && (!Number.isInteger(level) || level < 1 || level > maxLevel)) {
      r.error("階層", `階層は 1〜${maxLevel} の整数です（plan.yaml の levels の数）。`);
    }
    if (id === null || title === null) continue;
    if (branchById.has(id)) r.error("ID", `体系ID「${id}」が二度出てきます。`);
    const b = {
      id,
      level,
      code: r.get("記号"),
      title,
      parent: r.get("上位ID"),
      vision: r.get("ビジョン"),
      states: splitList(r.get("達成すべき状態")),
    };
    branchById.set(id, b);
    branches.push(b);
  }
  branchRows.forEach((r, i) => {
    const b = branches[i];
    if (!b) return;
    if (b.level > 1) {
      const parent = b.parent ? branchById.get(b.parent) : undefined;
      if (!b.parent) r.error("上位ID", "階層2以下の体系には上位IDが必要です。");
      else if (!parent) r.error("上位ID", `上位ID「${b.parent}」が branches.csv にありません。`);
      else if (parent.level !== b.level - 1)
        r.error("上位ID", "上位IDは一つ上の階層の体系にしてください。");
    } else if (b.parent) {
      r.error("上位ID", "階層1の体系に上位IDは要りません。");
    }
  });
  const leafLevel = plan?.levels.length ?? 0;

  // 取組
  const columns = new Set((plan?.boardColumns ?? []).map((c) => c.key));
  const initiatives: BundleInitiative[] = [];
  const initiativeCodes = new Set<string>();
  const sortKeys = new Map<string, string>();
  const initiativeRows = table("initiatives");
  initiativeRows.forEach((r, position) => {
    const code = r.need("コード");
    const title = r.need("取組名");
    const branch = r.need("体系ID");
    const deptCell = r.need("担当課");
    const departments = splitList(deptCell);
    for (const d of departments) {
      if (!orgNames.has(d)) r.error("担当課", `担当課「${d}」が org_units.csv にありません。`);
    }
    if (branch !== null) {
      const b = branchById.get(branch);
      if (!b) r.error("体系ID", `体系ID「${branch}」が branches.csv にありません。`);
      else if (plan && b.level !== leafLevel) {
        r.error("体系ID", `体系ID「${branch}」は最下層（階層${leafLevel}）ではありません。`);
      }
    }
    const crossListed = splitList(r.get("再掲"));
    for (const c of crossListed) {
      if (!branchById.has(c))
        r.error("再掲", `再掲先の体系ID「${c}」が branches.csv にありません。`);
    }
    const column = r.get("列");
    if (column !== null && plan?.boardColumns && !columns.has(column)) {
      r.error("列", `列「${column}」は plan.yaml の boardColumns にありません。`);
    }
    const { weather, outlook } = weatherAndOutlook(r);
    // Read before any early return, so that a bad 出典 is reported with the row's other problems.
    const provenance = r.provenance();
    const tags = splitList(r.get("タグ"));
    for (const t of tags) {
      if (plan && plan.tags.length > 0 && !plan.tags.includes(t)) {
        r.error("タグ", `タグ「${t}」は plan.yaml の tags にありません。`);
      }
    }
    if (code === null || title === null || branch === null || departments.length === 0) return;
    if (initiativeCodes.has(code)) r.error("コード", `コード「${code}」が二度出てきます。`);
    initiativeCodes.add(code);
    const sortKey = r.get("並び順") ?? codeSortKey(code);
    const clash = sortKeys.get(sortKey);
    if (clash !== undefined && clash !== code) {
      r.error(
        "コード",
        `コード「${code}」と「${clash}」の並び順が同じになります。並び順の列で区別してください。`,
      );
    }
    sortKeys.set(sortKey, code);
    initiatives.push({
      code,
      sortKey,
      title,
      branch,
      departments,
      crossListed,
      parent: r.get("親コード"),
      column,
      weather,
      outlook,
      outlookReason: r.get("方向性理由"),
      tags,
      position,
      provenance,
    });
  });
  initiativeRows.forEach((r, i) => {
    const parent = initiatives[i]?.parent;
    if (parent && !initiativeCodes.has(parent))
      r.error("親コード", `親コード「${parent}」が initiatives.csv にありません。`);
  });

  const needInitiative = (r: Row, header: string): string | null => {
    const code = r.need(header);
    if (code !== null && !initiativeCodes.has(code)) {
      r.error(header, `取組コード「${code}」が initiatives.csv にありません。`);
      return null;
    }
    return code;
  };
  const fiscalYearCell = (r: Row, header: string, required: boolean): number | null | undefined => {
    const v = required ? r.need(header) : r.get(header);
    if (v === null) return required ? undefined : null;
    const fy = parseFiscalYear(v);
    if (fy === null) {
      r.error(header, `「${v}」は年度として読めません（例: R5、令和5年度、FY2023）。`);
      return undefined;
    }
    return fy;
  };

  // 期間 of a review or a review's text: a period of the plan's cadence (issue 14 §2).
  const cadence = plan?.review.cadence ?? "yearly";
  const reviewPeriodCell = (r: Row, header: string, required: boolean) => {
    const v = required ? r.need(header) : r.get(header);
    if (v === null) return required ? undefined : null;
    const period = parseReviewPeriod(v);
    const want = REVIEW_CADENCE_TEXT[cadence];
    if (period === null) {
      r.error(header, `「${v}」は期間として読めません（例: R7、R7H1、R7Q2、2025-08）。`);
      return undefined;
    }
    if (reviewPeriodCadence(period) !== cadence) {
      r.error(
        header,
        `「${v}」は${REVIEW_CADENCE_TEXT[reviewPeriodCadence(period)].label}の期間ですが、この計画のレビューは${want.label}です（plan.yaml の review.cadence: ${cadence}、例: ${want.example}）。`,
      );
      return undefined;
    }
    return period;
  };
  const asOfCell = (r: Row, period: ReviewPeriod | null | undefined, required: boolean) => {
    const v = required ? r.need("時点") : r.get("時点");
    if (v === null) return null;
    const date = parseIsoDate(v);
    if (date === null) {
      r.error("時点", `「${v}」は日付として読めません（例: 2025-09-29）。`);
      return undefined;
    }
    if (period) {
      const days = reviewPeriodDays(period);
      if (date < days.from)
        r.error(
          "時点",
          `時点 ${date} は期間 ${reviewPeriodCode(period)}（${days.from}〜${days.to}）が始まる前です。`,
        );
    } else if (period === null) r.error("時点", "時点は期間か年度のある行に書いてください。");
    return date;
  };

  // レビュー
  const reviews: BundleReview[] = [];
  const reviewByKey = new Map<string, BundleReview>();
  const reviewKey = (initiative: string, period: ReviewPeriod) =>
    `${initiative}\u0000${reviewPeriodKey(period)}`;
  for (const r of table("reviews")) {
    const initiative = needInitiative(r, "コード");
    const period = reviewPeriodCell(r, "期間", true);
    const asOf = asOfCell(r, period, true);
    const { weather, outlook } = weatherAndOutlook(r);
    const provenance = r.provenance();
    if (initiative === null || !period || !asOf) continue;
    const key = reviewKey(initiative, period);
    if (reviewByKey.has(key)) {
      r.error("期間", "同じ取組・期間のレビューが二度出てきます。");
      continue;
    }
    const review: BundleReview = {
      initiative,
      period,
      asOf,
      weather,
      outlook,
      outlookReason: r.get("方向性理由"),
      provenance,
    };
    reviewByKey.set(key, review);
    reviews.push(review);
  }

  // 記述
  const narratives: BundleNarrative[] = [];
  const narrativeKeys = new Set<string>();
  for (const r of table("narratives")) {
    const initiative = needInitiative(r, "コード");
    const fiscalYear = fiscalYearCell(r, "年度", false);
    const periodCell = reviewPeriodCell(r, "期間", false);
    const label = r.need("項目");
    const text = r.need("本文");
    if (label !== null && plan && !plan.narrativeLabels.includes(label)) {
      r.error("項目", `項目「${label}」は plan.yaml の narrativeLabels にありません。`);
    }
    if (periodCell && typeof fiscalYear === "number" && fiscalYear !== periodCell.fiscalYear) {
      r.error(
        "年度",
        `年度は期間 ${reviewPeriodCode(periodCell)} の年度にしてください（空欄可）。`,
      );
    }
    // 年度 alone is that 年度's text (a yearly period), as before review periods.
    const period: ReviewPeriod | null | undefined =
      periodCell === undefined || fiscalYear === undefined
        ? undefined
        : (periodCell ?? (fiscalYear === null ? null : { kind: "fy", fiscalYear }));
    const asOf = asOfCell(r, period, false);
    if (
      initiative === null ||
      period === undefined ||
      asOf === undefined ||
      label === null ||
      text === null
    )
      continue;
    // 年度 alone is a yearly period: a review on it only on a yearly plan (else reviews.csv would
    // hold a period of another cadence, which it refuses).
    if (asOf !== null && periodCell === null && fiscalYear !== null && cadence !== "yearly") {
      r.error(
        "時点",
        `時点は期間（例: ${REVIEW_CADENCE_TEXT[cadence].example}）のある行に書いてください。`,
      );
      continue;
    }
    if (asOf !== null && period !== null) {
      const key = reviewKey(initiative, period);
      const review = reviewByKey.get(key);
      if (!review) {
        const added: BundleReview = {
          initiative,
          period,
          asOf,
          weather: null,
          outlook: null,
          outlookReason: null,
        };
        reviewByKey.set(key, added);
        reviews.push(added);
      } else if (review.asOf !== asOf) {
        r.error(
          "時点",
          `同じ取組・期間のレビューの時点（${review.asOf}）と違います。一つの期間の時点は一つです。`,
        );
      }
    }
    const periodKeyText = period === null ? "" : reviewPeriodKey(period);
    const key = `${initiative}\u0000${periodKeyText}\u0000${label}`;
    if (narrativeKeys.has(key)) r.error("項目", `同じ取組・期間・項目の記述が二度出てきます。`);
    narrativeKeys.add(key);
    narratives.push({
      initiative,
      fiscalYear: period?.fiscalYear ?? null,
      period,
      label,
      text: r.get("本文") ?? "",
    });
  }

  // 工程
  const schedule: BundleScheduleItem[] = [];
  table("schedule").forEach((r, position) => {
    const initiative = needInitiative(r, "コード");
    const periodText = r.need("期間");
    const text = r.need("内容");
    const provenance = r.provenance();
    const period = periodText === null ? null : parseSchedulePeriod(periodText);
    if (periodText !== null && period === null) {
      r.error(
        "期間",
        `「${periodText}」は期間として読めません（例: R5、R6～R8、R10以降、R7Q2、2024-06）。`,
      );
    }
    if (initiative === null || period === null || text === null || periodText === null) return;
    schedule.push({
      initiative,
      item: r.get("項目"),
      period,
      periodText,
      text,
      position,
      provenance,
    });
  });

  // 指標
  const departmentsByCode = new Map(initiatives.map((i) => [i.code, i.departments]));
  const indicators: BundleIndicator[] = [];
  const indicatorById = new Map<string, BundleIndicator>();
  table("indicators").forEach((r, position) => {
    const id = r.need("指標ID");
    const initiativeCode = r.get("コード");
    if (initiativeCode !== null && !initiativeCodes.has(initiativeCode)) {
      r.error("コード", `取組コード「${initiativeCode}」が initiatives.csv にありません。`);
    }
    const name = r.need("指標名");
    const directionText = r.need("方向");
    const direction = directionText === null ? undefined : DIRECTIONS[directionText];
    if (directionText !== null && direction === undefined) {
      r.error(
        "方向",
        "方向は 上昇（高いほど良い）・低下（低いほど良い）・到達・期日 のいずれかです。",
      );
    }
    const unit = r.get("単位");
    const catalogText = r.get("共通指標");
    const entry = catalogText === null ? null : findCatalogEntry(catalogText);
    if (catalogText !== null && entry === null) {
      r.error(
        "共通指標",
        `共通指標「${catalogText}」はカタログにありません（${CATALOG.map((e) => e.id).join("、")} のいずれか、またはその名前）。`,
      );
    } else if (entry && normalizeUnit(unit ?? "") !== normalizeUnit(entry.unit)) {
      r.error(
        "共通指標",
        `共通指標「${entry.name}」の単位は「${entry.unit}」です（この指標は「${unit ?? "なし"}」）。`,
      );
    }
    const kindText = r.get("種類");
    const kind = kindText === null ? "level" : parseIndicatorKind(kindText);
    if (kind === null)
      r.error(
        "種類",
        `種類は ${INDICATOR_KINDS.map((k) => INDICATOR_KIND_LABELS[k]).join("・")} のいずれかです（空欄は水準）。`,
      );
    const baseFiscalYear = fiscalYearCell(r, "基準年度", false);
    const baseValueText = r.get("基準値（数値）");
    const baseParse = baseValueText === null ? null : parseFigure(baseValueText, unit);
    if (baseParse && !baseParse.ok)
      r.error("基準値（数値）", `「${baseValueText}」は数値として読めません。`);
    const baseValue = baseParse?.ok ? baseParse.figure.value : null;
    const provenance = r.provenance();
    const department = r.get("担当課");
    if (department !== null) {
      const owners = initiativeCode === null ? undefined : departmentsByCode.get(initiativeCode);
      if (initiativeCode === null)
        r.error("担当課", "計画全体の指標（コードが空欄）には担当課を書けません。");
      else if (owners && !owners.includes(department))
        r.error(
          "担当課",
          `担当課「${department}」は取組「${initiativeCode}」の担当課（${owners.join("・")}）にありません。`,
        );
    }
    if (id === null || name === null || direction === undefined) return;
    if (kind === null || baseFiscalYear === undefined) return;
    if (indicatorById.has(id)) r.error("指標ID", `指標ID「${id}」が二度出てきます。`);
    const indicator: BundleIndicator = {
      id,
      initiative: initiativeCode,
      name,
      unit,
      direction,
      kind,
      baseFiscalYear,
      baseValue,
      department,
      baseline: r.get("基準値"),
      targetText: r.get("目標（原文）"),
      note: r.get("備考"),
      catalog: entry?.id ?? null,
      position,
      provenance,
    };
    indicatorById.set(id, indicator);
    indicators.push(indicator);
  });

  const readFigures = (key: "targets" | "actuals") => {
    const out: BundleActual[] = [];
    const seen = new Set<string>();
    for (const r of table(key)) {
      const indicatorId = r.need("指標ID");
      const indicator = indicatorId === null ? undefined : indicatorById.get(indicatorId);
      if (indicatorId !== null && !indicator) {
        r.error("指標ID", `指標ID「${indicatorId}」が indicators.csv にありません。`);
      }
      const periodText = r.need("期間");
      const period = periodText === null ? null : parsePeriod(periodText);
      if (periodText !== null && period === null) {
        r.error("期間", `「${periodText}」は期間として読めません（例: R5、R7Q4、2024-06）。`);
      }
      const valueText = r.get("値");
      const text = r.get("原文");
      let figure: Figure | null = null;
      if (valueText !== null && indicator) {
        const parsed = parseFigure(valueText, indicator.unit);
        if (parsed.ok) figure = parsed.figure;
        else if (parsed.error.code === "unit_mismatch") {
          r.error(
            "値",
            `「${valueText}」の単位が指標の単位（${indicator.unit ?? "なし"}）と合いません。`,
          );
        } else {
          r.error("値", `「${valueText}」は数値として読めません（例: 98.4、1,083、13億）。`);
        }
      }
      if (valueText === null && text === null)
        r.error("値", "値か原文のどちらかを入力してください。");
      const provenance = r.provenance();
      let kind: ActualKind = "official";
      if (key === "actuals") {
        const kindText = r.get("区分");
        if (kindText !== null) {
          const k = ACTUAL_KINDS[kindText];
          if (!k) r.error("区分", "区分は「確定」か「速報」です。");
          else kind = k;
        }
      }
      if (!indicator || period === null || (valueText !== null && figure === null)) continue;
      const dupKey = `${indicator.id}\u0000${JSON.stringify(period)}\u0000${kind}`;
      if (seen.has(dupKey)) r.error("期間", `同じ指標・期間の行が二度出てきます。`);
      seen.add(dupKey);
      out.push({ indicator: indicator.id, period, figure, text, kind, provenance });
    }
    return out;
  };
  const targets: BundleFigure[] = readFigures("targets").map(({ kind: _kind, ...t }) => t);
  const actuals = readFigures("actuals");

  // 評価
  const grades: BundleGrade[] = [];
  const gradeKeys = new Set<string>();
  for (const r of table("grades")) {
    const initiative = needInitiative(r, "コード");
    const fiscalYear = fiscalYearCell(r, "年度", true);
    const kindText = r.need("種別");
    const kind = kindText === null ? undefined : GRADE_KINDS[kindText];
    if (kindText !== null && !kind) r.error("種別", "種別は「進捗状況」か「達成状況」です。");
    const grade =
      r
        .need("評価")
        ?.normalize("NFKC")
        .replace(/^[ー－―]$/u, "-") ?? null;
    const scale = kind && plan ? plan.grades[kind] : undefined;
    if (kind && plan && !scale)
      r.error("種別", `plan.yaml の grades に ${kindText} がありません。`);
    if (grade !== null && scale && grade !== "-" && !(grade in scale.scale)) {
      r.error("評価", `評価は ${Object.keys(scale.scale).join("・")} か -（対象外）です。`);
    }
    // 「-」 says the source prints no reason: kept without one. An empty cell where plan.yaml's
    // reasonRequired asks for a reason is an error (issue 14 §7; Tamana's rule, seed 000).
    const reasonText = r.get("理由");
    const noReasonPrinted = reasonText !== null && /^[-ー－―]$/u.test(reasonText.normalize("NFKC"));
    const reason = noReasonPrinted ? null : reasonText;
    const provenance = r.provenance();
    if (
      reason === null &&
      !noReasonPrinted &&
      grade !== null &&
      scale?.reasonRequired.includes(grade)
    )
      r.error(
        "理由",
        `評価 ${grade} には理由が必要です（plan.yaml の ${kind === "progress" ? "grades.progress" : "grades.achievement"}.reasonRequired）。資料に理由が書かれていない場合は「-」と書いてください。`,
      );
    if (
      initiative === null ||
      fiscalYear === undefined ||
      fiscalYear === null ||
      !kind ||
      grade === null
    )
      continue;
    const key = `${initiative}\u0000${fiscalYear}\u0000${kind}`;
    if (gradeKeys.has(key)) r.error("年度", "同じ取組・年度・種別の評価が二度出てきます。");
    gradeKeys.add(key);
    grades.push({ initiative, fiscalYear, kind, grade, reason, provenance });
  }

  if (issues.length > 0 || plan === null) {
    return { ok: false, issues };
  }
  return {
    ok: true,
    bundle: {
      plan,
      departments,
      branches,
      initiatives,
      narratives,
      reviews,
      schedule,
      indicators,
      targets,
      actuals,
      grades,
    },
  };
}

const LIST_KEYS = new Set(["levels", "narrativeLabels", "weather", "tags", "reasonRequired"]);

/**
 * The plan sheet of a workbook: two columns, 項目 and 値, with dotted keys for nested settings
 * (`period.from`, `grades.progress.scale.S`), `;`-separated lists (`levels`: `基本方針;基本施策`) and
 * board columns as `key:label;key:label`. Gives the same object plan.yaml would.
 */
export function planFromRows(sheet: SheetRows): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { cells } of sheet.rows.slice(1)) {
    const key = (cells[0] ?? "").trim();
    const value = (cells[1] ?? "").trim();
    if (!key || value === "") continue;
    const path = key.split(".");
    const last = path.at(-1) ?? key;
    let parsed: unknown = value;
    if (LIST_KEYS.has(last)) parsed = splitList(value);
    else if (key === "synonyms") {
      // `書かない窓口,書かなくて済む窓口;残業,時間外勤務`: groups by `;`, words by `,`.
      parsed = splitList(value).map((group) =>
        group
          .split(/[,、，]/u)
          .map((w) => w.trim())
          .filter((w) => w.length > 0),
      );
    } else if (key === "governance") {
      // `PMO|プロジェクトマネジメントオフィス|総務部DX推進課|課題の抽出…;PL|…`: roles by `;`,
      // role|title|holder|duty by `|` (duty optional).
      parsed = value
        .split(/[;；]/u)
        .map((entry) => entry.split("|").map((p) => p.trim()))
        .filter((parts) => parts.some((p) => p.length > 0))
        .map(([role, title, holder, duty]) => ({ role, title, holder, ...(duty ? { duty } : {}) }));
    } else if (key === "boardColumns") {
      parsed = splitList(value).map((pair) => {
        const i = pair.indexOf(":");
        return { key: pair.slice(0, i).trim(), label: pair.slice(i + 1).trim() };
      });
    }
    let node = out;
    for (const part of path.slice(0, -1)) {
      node[part] = (node[part] as Record<string, unknown> | undefined) ?? {};
      node = node[part] as Record<string, unknown>;
    }
    node[last] = parsed;
  }
  return out;
}
