/**
 * Reading a plan from disk in the import format (docs/import-format.md) — a folder of plan.yaml and
 * CSV files, or one Excel workbook with a sheet per table — and importing it. Node only.
 *
 * CSV files may be UTF-8 with or without a BOM, or Shift_JIS, which Excel in Japan still writes.
 *
 * This is the file side of imports and exports (the database side is db/import.ts and
 * db/export-plan.ts, which never touch the file system): it is a top-level folder, not part of the
 * CLI, because the Node server (bundled plans at start), the benchmarks and the tests read plans
 * from disk too.
 */
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import type { Database } from "../db/client.ts";
import type { PlanTables } from "../db/export-plan.ts";
import { type ImportReport, importPlanBundle } from "../db/import.ts";
import { toCsv } from "../shared/csv.ts";
import {
  BUNDLE_FILES,
  type ImportIssue,
  type PlanBundle,
  parsePlanBundle,
  SHEET_FILES,
  type SheetRows,
  type TableSource,
} from "../shared/plan-bundle.ts";

/** The bundled plans shipped with shinchoku (data/plans/<id>). */
export const BUNDLED_PLANS_DIR = resolve(fileURLToPath(new URL("../data/plans", import.meta.url)));

/** Sheet names of the workbook form (shared with the LIFF import API). */
export const SHEET_NAMES = SHEET_FILES;

/** Sheets that carry notes for people and are not read. */
const NOTE_SHEETS = new Set(["説明", "README", "readme"]);

/** Decodes a CSV file: UTF-8 (a BOM is dropped later by the CSV parser), else Shift_JIS. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("shift_jis").decode(bytes);
  }
}

/** Reads every file of a plan folder; files starting with `.` and NOTES.md/README.md are skipped. */
export async function readPlanFolder(dir: string): Promise<Record<string, string>> {
  const info = await stat(dir);
  if (!info.isDirectory()) throw new Error(`${dir} is not a folder`);
  const files: Record<string, string> = {};
  for (const name of await readdir(dir)) {
    if (name.startsWith(".") || /^(notes|readme)\.md$/iu.test(name)) continue;
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    const bytes = await readFile(path);
    files[basename(name)] = name.endsWith(".csv") ? decodeCsv(bytes) : bytes.toString("utf8");
  }
  return files;
}

/**
 * The text of a cell as a person sees it in Excel. exceljs gives a number cell's raw value, so a
 * percentage cell (0.984 formatted `0.00%`) is turned back into `98.40%` from its number format.
 */
export function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "number") {
    const format = cell.numFmt ?? "";
    if (format.includes("%")) {
      const decimals = /\.(0+)%/u.exec(format)?.[1]?.length ?? 0;
      return `${(v * 100).toFixed(decimals)}%`;
    }
    return String(v);
  }
  if (typeof v === "object" && "result" in v)
    return String((v as { result: unknown }).result ?? "");
  if (typeof v === "object" && "richText" in v)
    return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join("");
  return (cell.text ?? "").toString();
}

/** Column letters as Excel shows them (0 → A, 26 → AA). */
function columnName(index: number): string {
  let n = index + 1;
  let name = "";
  while (n > 0) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

/**
 * Why a formula cell cannot be read, or null when it can. A workbook written by a program (or saved
 * with manual calculation) keeps formulas without their cached result; exceljs then has no value
 * and the cell would be imported as empty, silently. An error result (#N/A, #DIV/0!) is no figure.
 */
export function formulaProblem(cell: ExcelJS.Cell): string | null {
  if (cell.type !== ExcelJS.ValueType.Formula) return null;
  const result = (cell.value as { result?: unknown }).result;
  const at = `セル ${cell.address}`;
  if (result === undefined || result === null)
    return `${at} は数式ですが、計算結果が保存されていません。Excel で開いて保存し直してください。`;
  if (typeof result === "object" && result && "error" in result)
    return `${at} の数式の結果がエラー（${String((result as { error: unknown }).error)}）です。数式を直して保存し直してください。`;
  return null;
}

/**
 * Reads an .xlsx workbook: each sheet named after a table (計画, 組織, 体系, 取組, 記述, 工程, 指標,
 * 目標, 実績, 評価 — or plan, org_units, …) becomes that table; 説明 is skipped.
 * @returns the tables keyed by their file name, the sheet names for messages, unknown sheets, and
 * the cells that cannot be read (formulas without a saved result), each as an import issue naming
 * its sheet, row and column.
 */
export async function readPlanWorkbook(path: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const files: Record<string, TableSource> = {};
  const names: Record<string, string> = {};
  const unknown: string[] = [];
  const issues: ImportIssue[] = [];
  workbook.eachSheet((sheet) => {
    if (NOTE_SHEETS.has(sheet.name)) return;
    const file = SHEET_NAMES[sheet.name.trim()];
    if (!file) {
      unknown.push(sheet.name);
      return;
    }
    const rows: SheetRows["rows"] = [];
    const problems: { row: number; col: number; message: string }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        const problem = formulaProblem(cell);
        if (problem) problems.push({ row: rowNumber, col: col - 1, message: problem });
        cells[col - 1] = cellText(cell);
      });
      rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? "") });
    });
    files[file] = { rows };
    names[file] = `シート「${sheet.name}」`;
    const header = rows[0]?.cells ?? [];
    for (const p of problems) {
      const title = p.row === rows[0]?.row ? "" : (header[p.col]?.trim() ?? "");
      issues.push({
        file: `シート「${sheet.name}」`,
        row: p.row,
        column: `${columnName(p.col)}列${title ? `（${title}）` : ""}`,
        message: p.message,
      });
    }
  });
  return { files, names, unknown, issues };
}

export type SourceImportResult =
  | { ok: true; bundle: PlanBundle; report: ImportReport }
  | { ok: false; issues: ImportIssue[] };

/**
 * Validates a plan (a folder, or an .xlsx workbook) and imports it in one transaction. Nothing is
 * written when anything has a problem.
 * @param options.planId the plan id to expect (or to use when the workbook's 計画 sheet has none).
 */
export async function importPlanSource(
  db: Database,
  path: string,
  options: {
    dryRun?: boolean;
    planId?: string;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<SourceImportResult> {
  let files: Record<string, TableSource | Record<string, unknown>>;
  let names: Record<string, string> = {};
  const issues: ImportIssue[] = [];
  if ((await stat(path)).isDirectory()) {
    files = await readPlanFolder(path);
  } else if (extname(path).toLowerCase() === ".xlsx") {
    const workbook = await readPlanWorkbook(path);
    files = workbook.files;
    names = workbook.names;
    issues.push(...workbook.issues);
    for (const sheet of workbook.unknown) {
      issues.push({
        file: `シート「${sheet}」`,
        message: `このシートは取込形式にありません。使えるシート: ${Object.keys(SHEET_NAMES)
          .filter((n) => !n.includes("_") && !/^[a-z]/u.test(n))
          .join("、")}`,
      });
    }
  } else {
    return {
      ok: false,
      issues: [
        {
          file: basename(path),
          message: "計画フォルダ（plan.yaml と CSV）か Excel ブック（.xlsx）を指定してください。",
        },
      ],
    };
  }
  const planSource = files[BUNDLE_FILES.plan];
  if (options.planId && planSource && typeof planSource !== "string" && "rows" in planSource) {
    const rows = (planSource as SheetRows).rows;
    if (!rows.some((r) => r.cells[0]?.trim() === "id"))
      rows.push({ row: 0, cells: ["id", options.planId] });
  }
  const parsed = parsePlanBundle(files, { names });
  if (!parsed.ok || issues.length)
    return { ok: false, issues: [...issues, ...(parsed.ok ? [] : parsed.issues)] };
  if (options.planId && parsed.bundle.plan.id !== options.planId) {
    return {
      ok: false,
      issues: [
        {
          file: names[BUNDLE_FILES.plan] ?? BUNDLE_FILES.plan,
          column: "id",
          message: `計画IDは「${parsed.bundle.plan.id}」で、--plan ${options.planId} と違います。`,
        },
      ],
    };
  }
  const report = await importPlanBundle(db, parsed.bundle, options);
  return { ok: true, bundle: parsed.bundle, report };
}

/** Validates a plan folder and imports it (the bundled plans, tests). */
export async function importPlanFolder(
  db: Database,
  dir: string,
  options: { dryRun?: boolean } = {},
) {
  return importPlanSource(db, dir, options);
}

/**
 * Writes the tables of db/export-plan.ts `exportPlanTables` as a plan folder: plan.yaml and UTF-8
 * CSV files (LF line ends). Formula-like text cells are guarded (shared/csv.ts); the importer reads
 * them back as they were.
 */
export async function writePlanFolder(tables: PlanTables, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, BUNDLE_FILES.plan), tables.planYaml);
  for (const [file, rows] of Object.entries(tables.tables)) {
    await writeFile(join(dir, file), toCsv(rows, { record_delimiter: "\n" }));
  }
}
