/**
 * Reading an import in the browser: one Excel workbook (a sheet per table) or CSV files and
 * plan.yaml, turned into what POST /api/plans/import takes. The server validates everything; this
 * only reads, and refuses selections it cannot send (a workbook with CSV files, two workbooks).
 *
 * The workbook is read with exceljs and shared/import-format.ts, as `npx shinchoku import plan.xlsx`
 * reads it (io/plan-files.ts), so that a cell gives the same text both ways and a formula without a
 * saved result is refused both ways. Its browser build is large (~240 KB gzipped): it is imported
 * only when a workbook is picked, in a chunk of its own.
 */
import {
  decodeTableText,
  formatFileOf,
  type ImportIssue,
  readWorkbookSheets,
  type TextEncoding,
} from "../../../shared/import-format.ts";
import type { ImportPayload } from "../api.ts";
import { t } from "../text.ts";

export type SourceKind = "xlsx" | "csv" | "yaml";

export interface SourceFile {
  /** The name as picked. */
  name: string;
  kind: SourceKind;
  /** The name it is sent as (`取組.csv` → `initiatives.csv`); null for a workbook. */
  sentAs: string | null;
  encoding?: TextEncoding;
  /** A workbook's sheets, in order. */
  sheets?: string[];
}

/** Why the files cannot be sent, in Japanese; a cell's problem names its sheet, row and column. */
export type ReadProblem = Partial<ImportIssue> & { message: string };

export type ReadResult =
  | { ok: true; payload: ImportPayload; files: SourceFile[] }
  | { ok: false; problems: ReadProblem[]; files: SourceFile[] };

export function kindOf(name: string): SourceKind | null {
  const ext = /\.([^.]+)$/u.exec(name)?.[1]?.toLowerCase();
  if (ext === "xlsx") return "xlsx";
  if (ext === "csv") return "csv";
  if (ext === "yaml" || ext === "yml") return "yaml";
  return null;
}

/** Loads exceljs's browser build (its own lazy chunk). */
export async function loadExcel() {
  const mod = await import("exceljs/dist/exceljs.bare.min.js");
  return (mod.default ?? mod) as typeof import("exceljs");
}

/**
 * Every sheet of a workbook but the notes, as rows of cell text (shared/import-format.ts
 * `readWorkbookSheets`). Row i of the array is sheet row i + 1 (empty rows stay, as empty arrays),
 * and cells start at column A, so that the server's problems name the row and column the user sees
 * in Excel.
 * @returns the sheets, and the cells of the format's tables that cannot be read (a formula without a
 * saved result, an error result), which the server would never see.
 */
export async function readWorkbook(
  data: ArrayBuffer,
): Promise<{ sheets: Record<string, string[][]>; issues: ImportIssue[] }> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data);
  const sheets: Record<string, string[][]> = {};
  const issues: ImportIssue[] = [];
  for (const sheet of readWorkbookSheets(workbook)) {
    const rows: string[][] = [];
    for (const r of sheet.table.rows) rows[r.row - 1] = r.cells;
    sheets[sheet.name] = Array.from(rows, (r) => r ?? []);
    // A sheet the format does not know is sent, for the server to name with the others.
    if (sheet.file) issues.push(...sheet.issues);
  }
  return { sheets, issues };
}

/** Reads the picked files into an import request, or says why they cannot be sent together. */
export async function readImportFiles(picked: File[], onExcel?: () => void): Promise<ReadResult> {
  const files: SourceFile[] = [];
  const problems: ReadProblem[] = [];
  const kinds = picked.map((f) => ({ file: f, kind: kindOf(f.name) }));
  for (const { file, kind } of kinds) {
    if (!kind) problems.push({ message: t.unsupportedFile(file.name) });
  }
  const workbooks = kinds.filter((k) => k.kind === "xlsx");
  const texts = kinds.filter((k) => k.kind === "csv" || k.kind === "yaml");
  if (workbooks.length > 0 && texts.length > 0) problems.push({ message: t.mixedFiles });
  if (workbooks.length > 1) problems.push({ message: t.oneWorkbook });
  if (problems.length) {
    return {
      ok: false,
      problems,
      files: kinds.map(({ file, kind }) => ({
        name: file.name,
        kind: kind ?? "csv",
        sentAs: null,
      })),
    };
  }

  const workbook = workbooks[0];
  if (workbook) {
    onExcel?.();
    let read: Awaited<ReturnType<typeof readWorkbook>>;
    try {
      read = await readWorkbook(await workbook.file.arrayBuffer());
    } catch {
      return {
        ok: false,
        problems: [{ message: t.unreadableWorkbook(workbook.file.name) }],
        files: [{ name: workbook.file.name, kind: "xlsx", sentAs: null }],
      };
    }
    const files: SourceFile[] = [
      { name: workbook.file.name, kind: "xlsx", sentAs: null, sheets: Object.keys(read.sheets) },
    ];
    if (read.issues.length) return { ok: false, problems: read.issues, files };
    return { ok: true, payload: { sheets: read.sheets }, files };
  }

  const payload: Record<string, string> = {};
  for (const { file, kind } of texts) {
    const { text, encoding } = decodeTableText(new Uint8Array(await file.arrayBuffer()));
    // `取組.csv` is sent as `initiatives.csv`; a name the format does not know, for the server to name.
    const sentAs = formatFileOf(file.name) ?? file.name;
    payload[sentAs] = text;
    files.push({ name: file.name, kind: kind ?? "csv", sentAs, encoding });
  }
  return { ok: true, payload: { files: payload }, files };
}
