/**
 * Reading a plan from disk in the import format (docs/import-format.md) — a folder of plan.yaml and
 * CSV files, or one Excel workbook with a sheet per table — and importing it. Node only.
 *
 * CSV and YAML files may be UTF-8 with or without a BOM, or Shift_JIS, which Excel in Japan still
 * writes (shared/import-format.ts `decodeTableText`, as the LIFF import page reads them).
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
  decodeTableText,
  type ImportIssue,
  readWorkbookSheets,
  type SheetRows,
  sheetLabel,
  unknownSheetIssue,
} from "../shared/import-format.ts";
import { type PlanBundle, parsePlanBundle, type TableSource } from "../shared/plan-bundle.ts";

/** The bundled plans shipped with shinchoku (data/plans/<id>). */
export const BUNDLED_PLANS_DIR = resolve(fileURLToPath(new URL("../data/plans", import.meta.url)));

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
    files[basename(name)] = decodeTableText(bytes).text;
  }
  return files;
}

/**
 * Reads an .xlsx workbook: each sheet named after a table (計画, 組織, 体系, 取組, 記述, 工程, 指標,
 * 目標, 実績, 評価 — or plan, org_units, …) becomes that table; 説明 and README are skipped. Cells
 * are read as shared/import-format.ts `readCell` reads them, as the LIFF import page does.
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
  for (const sheet of readWorkbookSheets(workbook)) {
    if (!sheet.file) {
      unknown.push(sheet.name);
      continue;
    }
    files[sheet.file] = sheet.table;
    names[sheet.file] = sheetLabel(sheet.name);
    issues.push(...sheet.issues);
  }
  return { files, names, unknown, issues };
}

export type SourceImportResult =
  | { ok: true; bundle: PlanBundle; report: ImportReport }
  | { ok: false; issues: ImportIssue[] };

/**
 * Reads and validates a plan (a folder, or an .xlsx workbook); writes nothing.
 * @param options.planId the plan id to expect (or to use when the workbook's 計画 sheet has none).
 * @returns the bundle, or every problem with its file (sheet), row and column
 */
export async function readPlanSource(
  path: string,
  options: { planId?: string } = {},
): Promise<{ ok: true; bundle: PlanBundle } | { ok: false; issues: ImportIssue[] }> {
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
    issues.push(...workbook.unknown.map(unknownSheetIssue));
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
  return { ok: true, bundle: parsed.bundle };
}

/**
 * Validates a plan (a folder, or an .xlsx workbook) and imports it in one transaction. Nothing is
 * written when anything has a problem. For the bundled plans, the demo, setup and tests; the CLI's
 * `import` goes through the use case (bot/usecases/import-plan.ts).
 * @param options.planId the plan id to expect (or to use when the workbook's 計画 sheet has none).
 */
export async function importPlanSource(
  db: Database,
  path: string,
  options: {
    dryRun?: boolean;
    /** Apply the file's 列, 天気 and 今後の方向性 to initiatives that exist (db/import.ts). */
    updateBoard?: boolean;
    planId?: string;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<SourceImportResult> {
  const read = await readPlanSource(path, options.planId ? { planId: options.planId } : {});
  if (!read.ok) return read;
  const report = await importPlanBundle(db, read.bundle, options);
  return { ok: true, bundle: read.bundle, report };
}

/** Validates a plan folder and imports it (the bundled plans, tests). */
export async function importPlanFolder(
  db: Database,
  dir: string,
  options: { dryRun?: boolean; updateBoard?: boolean } = {},
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
