/**
 * The import format's names and how a workbook's cells are read (docs/import-format.md, "The
 * workbook form"): the one home for both readers of a workbook, the CLI (io/plan-files.ts, Node
 * exceljs) and the LIFF import page (liff/src/office/read-files.ts, exceljs's browser build), and for
 * the API that takes the sheets the page read (bot/api/index.ts).
 *
 * Dependency-free on purpose: the LIFF app imports it into its main chunk, so it must not bring
 * exceljs, the CSV and YAML parsers or zod (shared/plan-bundle.ts, which validates the tables, does).
 * Workbook objects are typed by the few members read here, which exceljs's `Workbook`, `Worksheet`
 * and `Cell` have.
 */

/** The file names of the format, in the order they are read. */
export const BUNDLE_FILES = {
  plan: "plan.yaml",
  departments: "org_units.csv",
  branches: "branches.csv",
  initiatives: "initiatives.csv",
  narratives: "narratives.csv",
  reviews: "reviews.csv",
  schedule: "schedule.csv",
  indicators: "indicators.csv",
  targets: "targets.csv",
  actuals: "actuals.csv",
  grades: "grades.csv",
} as const;

export type BundleFile = (typeof BUNDLE_FILES)[keyof typeof BUNDLE_FILES];

/** The Japanese sheet name of each table, as `npx shinchoku template` writes them. */
export const TABLE_SHEETS: Record<BundleFile, string> = {
  [BUNDLE_FILES.plan]: "計画",
  [BUNDLE_FILES.departments]: "組織",
  [BUNDLE_FILES.branches]: "体系",
  [BUNDLE_FILES.initiatives]: "取組",
  [BUNDLE_FILES.narratives]: "記述",
  [BUNDLE_FILES.reviews]: "レビュー",
  [BUNDLE_FILES.schedule]: "工程",
  [BUNDLE_FILES.indicators]: "指標",
  [BUNDLE_FILES.targets]: "目標",
  [BUNDLE_FILES.actuals]: "実績",
  [BUNDLE_FILES.grades]: "評価",
};

/**
 * Table names → file names: each table by its Japanese sheet name (`取組`) and by its file stem
 * (`initiatives`). Look names up with {@link formatFileOf}, which also folds case and width.
 */
export const SHEET_FILES: Record<string, BundleFile> = Object.fromEntries(
  Object.entries(TABLE_SHEETS).flatMap(([file, sheet]) => [
    [sheet, file],
    [file.replace(/\.(csv|yaml)$/u, ""), file],
  ]),
) as Record<string, BundleFile>;

/** The notes sheet `npx shinchoku template` writes first. */
export const NOTE_SHEET = "説明";

/** Sheets for people, not tables, in lower case: skipped by every reader ({@link isNoteSheet}). */
export const NOTE_SHEETS: readonly string[] = [NOTE_SHEET, "readme"];

/** A sheet or file name as looked up: extension dropped, trimmed, NFKC (`ｐｌａｎ` → `plan`). */
function nameKey(name: string): string {
  return name
    .replace(/\.(csv|ya?ml)$/iu, "")
    .trim()
    .normalize("NFKC");
}

/**
 * The table a sheet or picked file stands for: `取組`, `initiatives`, `取組.csv`, ` Initiatives.CSV`
 * → `initiatives.csv`; `plan.yml` → `plan.yaml`.
 * @returns the format's file name, or null for a name the format does not know.
 */
export function formatFileOf(name: string): BundleFile | null {
  const key = nameKey(name);
  return SHEET_FILES[key] ?? SHEET_FILES[key.toLowerCase()] ?? null;
}

/** Whether a sheet holds notes for people (`説明`, `README`, any case) and is not read. */
export function isNoteSheet(name: string): boolean {
  return NOTE_SHEETS.includes(nameKey(name).toLowerCase());
}

/** How a picked or read CSV or YAML file was encoded. */
export type TextEncoding = "utf-8" | "shift_jis";

/**
 * The text of a CSV or YAML file: UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), else
 * Shift_JIS, which Excel in Japan still writes for "CSV (コンマ区切り)" and old Notepad for "ANSI".
 * Needs a `TextDecoder` that knows Shift_JIS (browsers; Node with full ICU, its default).
 */
export function decodeTableText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("shift_jis").decode(bytes), encoding: "shift_jis" };
  }
}

/** The columns of each table: the header cells, Japanese as the city's staff read them. */
export interface TableColumns {
  required: readonly string[];
  optional: readonly string[];
}

/**
 * 出典 and 出典メモ (shared/provenance.ts): where the row's reading comes from — for initiatives.csv
 * the 取組名, for indicators.csv the indicator as a whole (its name), for the other tables the
 * figure, year or grade of the row. Optional on every table that holds such a value.
 */
export const PROVENANCE_COLUMNS = ["出典", "出典メモ"] as const;

/** Every table's columns (docs/import-format.md, one section a table). */
export const TABLE_COLUMNS: Record<Exclude<keyof typeof BUNDLE_FILES, "plan">, TableColumns> = {
  departments: { required: ["名称"], optional: ["上位", "種別"] },
  branches: {
    required: ["ID", "階層", "名称"],
    optional: ["記号", "上位ID", "ビジョン", "達成すべき状態"],
  },
  initiatives: {
    required: ["コード", "取組名", "体系ID", "担当課"],
    optional: [
      "再掲",
      "親コード",
      "列",
      "天気",
      "今後の方向性",
      "方向性理由",
      "タグ",
      "並び順",
      ...PROVENANCE_COLUMNS,
    ],
  },
  narratives: { required: ["コード", "項目", "本文"], optional: ["年度", "期間", "時点"] },
  /** One review of an initiative per period of the plan's cadence (issue 14 §2). */
  reviews: {
    required: ["コード", "期間", "時点"],
    optional: ["天気", "今後の方向性", "方向性理由", ...PROVENANCE_COLUMNS],
  },
  schedule: { required: ["コード", "期間", "内容"], optional: ["項目", ...PROVENANCE_COLUMNS] },
  indicators: {
    required: ["指標ID", "指標名", "方向"],
    optional: [
      "コード",
      "単位",
      "基準値",
      "目標（原文）",
      "備考",
      "種類",
      "基準年度",
      "基準値（数値）",
      "共通指標",
      "担当課",
      ...PROVENANCE_COLUMNS,
    ],
  },
  targets: { required: ["指標ID", "期間"], optional: ["値", "原文", ...PROVENANCE_COLUMNS] },
  actuals: {
    required: ["指標ID", "期間"],
    optional: ["値", "原文", "区分", ...PROVENANCE_COLUMNS],
  },
  grades: {
    required: ["コード", "年度", "種別", "評価"],
    optional: ["理由", ...PROVENANCE_COLUMNS],
  },
};

/** One problem in an import file. `row` counts as a spreadsheet does: the header is row 1. */
export interface ImportIssue {
  file: string;
  row?: number;
  column?: string;
  message: string;
}

/** One line per problem: `initiatives.csv 5行目 C列（体系ID）: …`. */
export function formatImportIssue(issue: ImportIssue): string {
  const where = [issue.file, issue.row ? `${issue.row}行目` : null, issue.column ?? null]
    .filter(Boolean)
    .join(" ");
  return `${where}: ${issue.message}`;
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** How a problem names a sheet: `シート「取組」`. */
export function sheetLabel(name: string): string {
  return `シート「${name}」`;
}

/** A sheet whose name is no table of the format (`使えるシート: 計画、組織、…`). */
export function unknownSheetIssue(name: string): ImportIssue {
  return {
    file: sheetLabel(name),
    message: `このシートは取込形式にありません。使えるシート: ${Object.values(TABLE_SHEETS).join("、")}`,
  };
}

/**
 * A table from a spreadsheet: its cells as text, row by row, the header first, with the sheet row
 * number of each row so that problems point at the row a person sees. Rows without any value are
 * left out (a table may start below row 1).
 */
export interface SheetRows {
  rows: { row: number; cells: string[] }[];
}

/**
 * A sheet sent as rows of cells, row 1 first (POST /api/plans/import `sheets`), as a table: empty
 * rows dropped and each row keeping its sheet row number, as {@link readSheet} reads a workbook.
 * Cells that are not text (a number, `true`) are read as their string form; null as empty.
 */
export function sheetRowsOf(
  rows: readonly (readonly (string | number | boolean | null)[])[],
): SheetRows {
  const out: SheetRows = { rows: [] };
  rows.forEach((cells, i) => {
    const text = cells.map((c) => String(c ?? ""));
    if (text.some((c) => c !== "")) out.rows.push({ row: i + 1, cells: text });
  });
  return out;
}

/**
 * A workbook cell, typed by what is read of it (exceljs's `Cell` has these).
 * - `value`: null, a number, a string, a boolean, a `Date`, or an object: `{ richText: [{ text }] }`,
 *   `{ text, hyperlink }`, `{ error: "#N/A" }`, or a formula `{ formula | sharedFormula, result? }`.
 * - `result`: a formula's saved result; exceljs keeps it here even when it is `0` or `false`, which
 *   its `value.result` drops.
 * - `numFmt`: the number format (`0.00%`), which turns a stored 0.984 into the 98.40% a person sees.
 * - `text`: exceljs's own text of the cell, read only for a value of a kind not listed above.
 * - `address`: `C5`, for messages.
 */
export interface WorkbookCell {
  readonly value: unknown;
  readonly result?: unknown;
  readonly numFmt?: string;
  readonly text?: string;
  readonly address?: string;
}

/** A cell's text and, when it cannot be read, why (Japanese, naming the cell). */
export interface CellReading {
  text: string;
  problem: string | null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** The digits after the point of a percentage format: `0%` → 0, `0.00%` → 2, `#,##0.0%` → 1. */
function percentDecimals(format: string): number {
  return /\.(0+)%/u.exec(format)?.[1]?.length ?? 0;
}

/** The text of a value as Excel shows it, or undefined for a kind of value not known here. */
function valueText(v: unknown, numFmt: string): string | undefined {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") {
    // A percentage cell holds 0.984 for 98.40%: give the figure as the person sees it.
    return numFmt.includes("%") ? `${(v * 100).toFixed(percentDecimals(numFmt))}%` : String(v);
  }
  // A date as the ISO date: exceljs gives the serial as UTC midnight, so this is the day shown.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  if (!isObject(v)) return undefined;
  if (Array.isArray(v.richText))
    return v.richText.map((run) => (isObject(run) ? String(run.text ?? "") : "")).join("");
  // A hyperlink's shown text (itself plain or rich text).
  if ("hyperlink" in v && "text" in v) return valueText(v.text, numFmt);
  if ("error" in v) return String(v.error);
  return undefined;
}

/**
 * Reads one cell as a person sees it in Excel: a number as written (`1083`), a percentage cell from
 * its number format (0.9841 as `0.00%` → `98.41%`), a date as `2024-06-01`, rich text and hyperlinks
 * as their plain text, a string as it is (full-width digits are left to the table's parsers, which
 * NFKC-normalise), an empty cell as `""`.
 *
 * A formula is read as its saved result, with the cell's number format. A workbook written by a
 * program (or saved with manual calculation) keeps formulas without a result; exceljs then has no
 * value and the cell would be imported as empty, silently: that is a problem, as is an error result
 * (#N/A, #DIV/0!), which is no figure. (exceljs cannot tell a formula whose result is the empty
 * string from one without a result: both are the problem.)
 *
 * @returns the text, and the problem in Japanese (naming the cell by `address`) or null.
 */
export function readCell(cell: WorkbookCell): CellReading {
  const v = cell.value;
  const numFmt = cell.numFmt ?? "";
  if (isObject(v) && ("formula" in v || "sharedFormula" in v)) {
    const result = cell.result ?? v.result;
    const at = `セル ${cell.address ?? ""}`.trim();
    if (result === undefined || result === null) {
      return {
        text: "",
        problem: `${at} は数式ですが、計算結果が保存されていません。Excel で開いて保存し直してください。`,
      };
    }
    if (isObject(result) && "error" in result) {
      return {
        text: String(result.error),
        problem: `${at} の数式の結果がエラー（${String(result.error)}）です。数式を直して保存し直してください。`,
      };
    }
    return { text: valueText(result, numFmt) ?? String(result), problem: null };
  }
  return { text: valueText(v, numFmt) ?? String(cell.text ?? ""), problem: null };
}

/** The text of a cell ({@link readCell} without the problem). */
export function cellText(cell: WorkbookCell): string {
  return readCell(cell).text;
}

/** A worksheet, typed by what is read of it (exceljs's `Worksheet` has these). */
export interface WorkbookSheet {
  readonly name: string;
  eachRow(
    options: { includeEmpty: boolean },
    callback: (
      row: {
        eachCell(
          options: { includeEmpty: boolean },
          callback: (cell: WorkbookCell, col: number) => void,
        ): void;
      },
      rowNumber: number,
    ) => void,
  ): void;
}

/**
 * Reads a sheet as a table: the rows that hold a value, each with its sheet row number and its
 * cells from column A ({@link readCell}), and an issue for every cell that cannot be read, named by
 * sheet, row and column (with the column's header, as table problems are).
 */
export function readSheet(sheet: WorkbookSheet): { table: SheetRows; issues: ImportIssue[] } {
  const rows: SheetRows["rows"] = [];
  const problems: { row: number; col: number; message: string }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const { text, problem } = readCell(cell);
      if (problem) problems.push({ row: rowNumber, col: col - 1, message: problem });
      cells[col - 1] = text;
    });
    // A row whose cells all read as empty is no row, as in sheetRowsOf (the header is the first).
    if (cells.some((c) => c !== ""))
      rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? "") });
  });
  const header = rows[0];
  const issues = problems.map((p) => {
    const title = p.row === header?.row ? "" : (header?.cells[p.col]?.trim() ?? "");
    return {
      file: sheetLabel(sheet.name),
      row: p.row,
      column: `${columnLetter(p.col)}列${title ? `（${title}）` : ""}`,
      message: p.message,
    };
  });
  return { table: { rows }, issues };
}

/** A workbook, typed by what is read of it (exceljs's `Workbook` has this). */
export interface Workbook {
  eachSheet(callback: (sheet: WorkbookSheet, id: number) => void): void;
}

/** One sheet of a workbook as read by {@link readWorkbookSheets}. */
export interface ReadSheet {
  /** The sheet's name as written. */
  name: string;
  /** The table it stands for ({@link formatFileOf}); null for a sheet the format does not know. */
  file: BundleFile | null;
  table: SheetRows;
  /** Cells that cannot be read (formulas without a saved result, error results). */
  issues: ImportIssue[];
}

/** Every sheet of a workbook but the notes ({@link isNoteSheet}), in order, read by {@link readSheet}. */
export function readWorkbookSheets(workbook: Workbook): ReadSheet[] {
  const sheets: ReadSheet[] = [];
  workbook.eachSheet((sheet) => {
    if (isNoteSheet(sheet.name)) return;
    sheets.push({ name: sheet.name, file: formatFileOf(sheet.name), ...readSheet(sheet) });
  });
  return sheets;
}
