/**
 * A plan's indicators, targets and actuals as open data: one CSV row per indicator × period × kind
 * (目標 / 実績（確定） / 実績（速報）), UTF-8 with a BOM so that Excel opens it, CRLF line ends.
 *
 * In the spirit of the national recommended datasets (推奨データセット, デジタル庁): the columns
 * 全国地方公共団体コード, ID and 地方公共団体名 come first; dates are ISO 8601 (YYYY-MM-DD); the value
 * column holds a plain number (no separators, no unit, `.` as the decimal point, the decimals as
 * entered), the unit and the figure as printed have their own columns. No personal data: neither
 * who reported a figure nor any LINE user id is written. Appended after the original columns:
 * 出典 and 出典メモ (issue 14 §1) say whether the figure is printed in the plan (印刷), read or inferred
 * by the transcriber (読取・推定) or entered by staff (入力), and why; the last column, 共通指標, holds
 * the indicator's catalog id (shared/catalog.ts) so that another deployment can read the figures as a
 * reference series (`npx shinchoku compare import`, docs/compare.md).
 */
import type { Database } from "../../db/client.ts";
import { loadPlanView } from "../../db/plans.ts";
import { toCsv } from "../../shared/csv.ts";
import { formatFiscalYear, parsePeriodKey, tokyoIsoDate } from "../../shared/fiscal-year.ts";
import { plainFigure } from "../../shared/numbers.ts";
import type { FigureView, IndicatorView, PlanView } from "../../shared/plan-view.ts";
import { PRINTED, PROVENANCE_LABELS } from "../../shared/provenance.ts";
import { normalizeText } from "../../shared/text.ts";
import { printedFigure } from "./report-model.ts";

/** The columns, in order (Japanese names, as the recommended datasets use). */
export const OPEN_DATA_COLUMNS = [
  "全国地方公共団体コード",
  "ID",
  "地方公共団体名",
  "計画ID",
  "計画名",
  "体系",
  "取組コード",
  "取組名",
  "担当課",
  "指標ID",
  "指標名",
  "単位",
  "方向",
  "基準値",
  "目標（原文）",
  "年度",
  "年度（和暦）",
  "期間",
  "期間開始日",
  "期間終了日",
  "区分",
  "値",
  "条件",
  "表記",
  "登録日",
  "出典",
  "出典メモ",
  "共通指標",
] as const;

export type OpenDataColumn = (typeof OPEN_DATA_COLUMNS)[number];
export type OpenDataRow = Record<OpenDataColumn, string>;

const DIRECTION_LABELS: Record<string, string> = {
  higher: "上昇",
  lower: "低下",
  reach: "到達",
  date: "期日",
};

const KINDS = [
  { key: "target", label: "目標", id: "T" },
  { key: "official", label: "実績（確定）", id: "A" },
  { key: "interim", label: "実績（速報）", id: "P" },
] as const;

/**
 * Checks a 全国地方公共団体コード: 6 digits, the last a check digit over the first five (weights
 * 6…2, 11 minus the sum mod 11, last digit of that), as in JIS X 0401 / 総務省. 玉名市 is 432067.
 */
export function isValidCityCode(code: string): boolean {
  if (!/^\d{6}$/u.test(code)) return false;
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 5).reduce((acc, d, i) => acc + d * (6 - i), 0);
  return (11 - (sum % 11)) % 10 === digits[5];
}

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** First and last day of a canonical period (`FY2023` → 2023-04-01 .. 2024-03-31). */
export function periodDates(period: string): { start: string; end: string } | null {
  const p = parsePeriodKey(period);
  if (!p) return null;
  switch (p.kind) {
    case "fy":
      return { start: iso(p.fiscalYear, 4, 1), end: iso(p.fiscalYear + 1, 3, 31) };
    case "quarter": {
      const startMonth = 4 + (p.quarter - 1) * 3; // 4, 7, 10, 13 (= January of the next year)
      const y = startMonth > 12 ? p.fiscalYear + 1 : p.fiscalYear;
      const m = startMonth > 12 ? startMonth - 12 : startMonth;
      return { start: iso(y, m, 1), end: iso(y, m + 2, lastDay(y, m + 2)) };
    }
    case "month":
      return {
        start: iso(p.year, p.month, 1),
        end: iso(p.year, p.month, lastDay(p.year, p.month)),
      };
  }
}

/** `以上` / `以下` / `未満` of a figure: stored, or read from the printed text (`60％以下`). */
function qualifierOf(f: FigureView): string {
  if (f.qualifier) return f.qualifier;
  const m = /(以上|以下|未満)$/u.exec(normalizeText(f.rawText ?? ""));
  return m?.[1] ?? "";
}

/** The open-data rows of a plan view, in plan order. */
export function openDataRows(view: PlanView, cityCode: string | null): OpenDataRow[] {
  const branchById = new Map(view.branches.map((b) => [b.id, b]));
  const pathOf = (branchId: number) => {
    const parts: string[] = [];
    for (
      let b = branchById.get(branchId);
      b;
      b = b.parentId ? branchById.get(b.parentId) : undefined
    )
      parts.unshift(`${b.code ? `${b.code} ` : ""}${b.title}`);
    return parts.join(" / ");
  };
  const rows: OpenDataRow[] = [];
  const emit = (initiative: PlanView["initiatives"][number] | null, indicator: IndicatorView) => {
    const figures: { kind: (typeof KINDS)[number]; f: FigureView }[] = [
      ...indicator.targets.map((f) => ({ kind: KINDS[0], f })),
      ...indicator.actuals.map((f) => ({
        kind: f.kind === "official" ? KINDS[1] : KINDS[2],
        f,
      })),
    ];
    const kindOrder = (k: (typeof KINDS)[number]) => KINDS.indexOf(k);
    figures.sort(
      (a, b) =>
        a.f.fiscalYear - b.f.fiscalYear ||
        a.f.period.localeCompare(b.f.period) ||
        kindOrder(a.kind) - kindOrder(b.kind),
    );
    for (const { kind, f } of figures) {
      if (f.value === null && !f.rawText) continue;
      const dates = periodDates(f.period);
      rows.push({
        全国地方公共団体コード: cityCode ?? "",
        ID: `${view.id}_${indicator.key}_${f.period}_${kind.id}`,
        地方公共団体名: view.city,
        計画ID: view.id,
        計画名: view.name,
        体系: initiative ? pathOf(initiative.branchId) : "",
        取組コード: initiative?.code ?? "",
        取組名: initiative?.title ?? "",
        担当課: initiative?.departments.join(";") ?? "",
        指標ID: indicator.key,
        指標名: indicator.name,
        単位: indicator.unit ?? "",
        方向: DIRECTION_LABELS[indicator.direction] ?? indicator.direction,
        基準値: indicator.baseline ?? "",
        "目標（原文）": indicator.targetText ?? "",
        年度: String(f.fiscalYear),
        "年度（和暦）": formatFiscalYear(f.fiscalYear, "long"),
        期間: f.period,
        期間開始日: dates?.start ?? "",
        期間終了日: dates?.end ?? "",
        区分: kind.label,
        値: plainFigure(f.value, f.decimals),
        条件: qualifierOf(f),
        表記: printedFigure(f, indicator.unit),
        登録日: tokyoIsoDate(new Date(f.createdAt * 1000)),
        出典: PROVENANCE_LABELS[(f.provenance ?? PRINTED).source],
        出典メモ: f.provenance?.note ?? "",
        共通指標: indicator.catalog ?? "",
      });
    }
  };
  for (const kgi of view.kgis) emit(null, kgi);
  for (const initiative of view.initiatives)
    for (const indicator of initiative.indicators) emit(initiative, indicator);
  return rows;
}

/**
 * The CSV text (with BOM) of {@link openDataRows}. Text cells that spreadsheet software would run as
 * a formula are guarded with `'` (shared/csv.ts); the 値 column is a plain number and stays one.
 */
export function openDataCsv(rows: OpenDataRow[]): string {
  return toCsv(rows, {
    header: true,
    columns: [...OPEN_DATA_COLUMNS],
    bom: true,
    record_delimiter: "windows",
  });
}

export class OpenDataError extends Error {}

/** Reads a plan and returns its open-data CSV. */
export async function buildOpenDataCsv(
  db: Database,
  planId: string,
  cityCode: string | null,
): Promise<{ csv: string; rows: number }> {
  const view = await loadPlanView(db, planId);
  if (!view) throw new OpenDataError(`計画「${planId}」はありません。`);
  const rows = openDataRows(view, cityCode);
  return { csv: openDataCsv(rows), rows: rows.length };
}
