/**
 * Reads an open-data CSV — another deployment's `export opendata` file, or a national series put in
 * the same columns — into reference-series rows of common indicators (issue 13 §2, docs/compare.md).
 * Pure: text in, rows or issues out; storing them is db/reference-series.ts.
 *
 * Only rows with a 共通指標 are kept; every other row is counted and skipped. A kept row must name a
 * catalog entry, a period (`FY2023`, `FY2025Q4`, `2024-06`; also `R5`), a 区分 (目標 / 実績（確定） /
 * 実績（速報）), a 地方公共団体名 and, when a unit is given, the entry's unit; 値 is a plain number or
 * empty (a text-only figure). Every bad row is reported with its row (the header is row 1) and column.
 */
import { parse } from "csv-parse/sync";
import { findCatalogEntry } from "./catalog.ts";
import { csvCellValue } from "./csv.ts";
import { parsePeriod, periodKey } from "./fiscal-year.ts";

/** Columns a file must have (docs/compare.md); the others of the open-data format are optional. */
export const REFERENCE_REQUIRED_COLUMNS = [
  "地方公共団体名",
  "共通指標",
  "期間",
  "区分",
  "値",
] as const;

export type ReferenceKind = "target" | "official" | "interim";

/** 区分 labels (NFKC, as cells are read) → kind; a bare 実績 is a confirmed one. */
const KIND_BY_LABEL = new Map<string, ReferenceKind>(
  (
    [
      ["目標", "target"],
      ["実績（確定）", "official"],
      ["実績（速報）", "interim"],
      ["実績", "official"],
    ] as const
  ).map(([label, kind]) => [label.normalize("NFKC"), kind]),
);

/** One figure of a reference series, ready to store (db/reference-series.ts). */
export interface ReferenceRow {
  cityCode: string | null;
  city: string;
  planName: string | null;
  /** The catalog id. */
  catalog: string;
  indicatorName: string | null;
  baseline: string | null;
  targetText: string | null;
  unit: string | null;
  /** Canonical period key: `FY2023`, `FY2025Q4`, `2024-06`. */
  period: string;
  fiscalYear: number;
  kind: ReferenceKind;
  value: number | null;
  /** Digits after the point as written in 値. */
  decimals: number;
  printed: string | null;
}

export interface ReferenceIssue {
  /** The CSV record's row, the header being row 1. */
  row: number;
  column: string | null;
  message: string;
}

export type ReferenceParse =
  | { ok: true; rows: ReferenceRow[]; skipped: number; cities: string[] }
  | { ok: false; issues: ReferenceIssue[] };

const norm = (s: string | undefined) => (s ?? "").normalize("NFKC").trim();
const orNull = (s: string | undefined) => {
  const t = (s ?? "").trim();
  return t === "" ? null : t;
};

/**
 * Parses the text of an open-data CSV (UTF-8, with or without a BOM).
 *
 * @returns the kept rows, the number of rows without a 共通指標 that were skipped and the cities
 *   found; or every issue, each with row and column — then nothing may be stored.
 */
export function parseReferenceCsv(text: string): ReferenceParse {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (err) {
    return {
      ok: false,
      issues: [
        { row: 1, column: null, message: `CSV として読めません: ${(err as Error).message}` },
      ],
    };
  }
  const [header = [], ...body] = records;
  const names = header.map((h) => norm(h));
  const missing = REFERENCE_REQUIRED_COLUMNS.filter((c) => !names.includes(c.normalize("NFKC")));
  if (missing.length > 0)
    return {
      ok: false,
      issues: missing.map((c) => ({
        row: 1,
        column: c,
        message:
          c === "共通指標"
            ? "列「共通指標」がありません。共通指標の列を含むオープンデータ（shinchoku の export opendata）を指定してください。"
            : `列「${c}」がありません。`,
      })),
    };
  const index = new Map(names.map((n, i) => [n, i]));
  const issues: ReferenceIssue[] = [];
  const rows: ReferenceRow[] = [];
  const cities = new Set<string>();
  let skipped = 0;
  body.forEach((record, i) => {
    const row = i + 2;
    const get = (c: string) => {
      const at = index.get(c.normalize("NFKC"));
      // A cell the exporter guarded against formula injection (`'-10%`) is read back as written.
      const cell = at === undefined ? undefined : record[at];
      return cell === undefined ? undefined : csvCellValue(cell);
    };
    const bad = (column: string, message: string) => issues.push({ row, column, message });
    const catalogText = norm(get("共通指標"));
    if (catalogText === "") {
      skipped++;
      return;
    }
    const entry = findCatalogEntry(catalogText);
    if (!entry) bad("共通指標", `共通指標「${catalogText}」はカタログにありません。`);
    const city = norm(get("地方公共団体名"));
    if (city === "") bad("地方公共団体名", "地方公共団体名が空です。");
    const periodText = norm(get("期間"));
    const period = parsePeriod(periodText);
    if (!period)
      bad("期間", `期間「${periodText}」は読めません（例: FY2023、FY2025Q4、2024-06）。`);
    const kindText = norm(get("区分"));
    const kind = KIND_BY_LABEL.get(kindText);
    if (!kind)
      bad("区分", `区分「${kindText}」は 目標・実績（確定）・実績（速報）のどれでもありません。`);
    const valueText = norm(get("値"));
    const valueOk = valueText === "" || /^-?\d+(\.\d+)?$/u.test(valueText);
    if (!valueOk)
      bad("値", `値「${valueText}」は数字ではありません（区切りや単位をつけない数字）。`);
    const unit = orNull(get("単位"));
    if (entry && unit !== null && unit.normalize("NFKC") !== entry.unit.normalize("NFKC"))
      bad("単位", `単位「${unit}」は共通指標「${entry.name}」の単位（${entry.unit}）と違います。`);
    if (!entry || city === "" || !period || !kind || !valueOk) return;
    cities.add(city);
    rows.push({
      cityCode: orNull(get("全国地方公共団体コード")),
      city,
      planName: orNull(get("計画名")),
      catalog: entry.id,
      indicatorName: orNull(get("指標名")),
      baseline: orNull(get("基準値")),
      targetText: orNull(get("目標（原文）")),
      unit: unit ?? entry.unit,
      period: periodKey(period),
      fiscalYear: period.fiscalYear,
      kind,
      value: valueText === "" ? null : Number(valueText),
      decimals: valueText.includes(".") ? valueText.length - valueText.indexOf(".") - 1 : 0,
      printed: orNull(get("表記")),
    });
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, rows, skipped, cities: [...cities] };
}
