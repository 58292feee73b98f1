/**
 * Reading an import in the browser: one Excel workbook (a sheet per table) or CSV files and
 * plan.yaml, turned into what POST /api/plans/import takes. The server validates everything; this
 * only reads, and refuses selections it cannot send (a workbook with CSV files, two workbooks).
 *
 * The workbook is read with exceljs, as `npx shinchoku import plan.xlsx` reads it (io/plan-files.ts),
 * so that a cell gives the same text both ways. Its browser build is large (~240 KB gzipped): it is
 * imported only when a workbook is picked, in a chunk of its own.
 */
import type { Cell } from "exceljs";
import type { ImportPayload } from "../api.ts";
import { t } from "../text.ts";

export type SourceKind = "xlsx" | "csv" | "yaml";
export type Encoding = "utf-8" | "shift_jis";

export interface SourceFile {
  /** The name as picked. */
  name: string;
  kind: SourceKind;
  /** The name it is sent as (`取組.csv` → `initiatives.csv`); null for a workbook. */
  sentAs: string | null;
  encoding?: Encoding;
  /** A workbook's sheets, in order. */
  sheets?: string[];
}

export type ReadResult =
  | { ok: true; payload: ImportPayload; files: SourceFile[] }
  /** `problems`: why the files cannot be sent, in Japanese. */
  | { ok: false; problems: string[]; files: SourceFile[] };

/**
 * Table names of the import format: the template's Japanese sheet names and the file stems, as in
 * shared/plan-bundle.ts `SHEET_FILES` (not imported: it would bring the CSV and YAML parsers and
 * zod into this chunk, and the server parses anyway).
 */
const FILE_OF_STEM: Record<string, string> = {
  計画: "plan.yaml",
  組織: "org_units.csv",
  体系: "branches.csv",
  取組: "initiatives.csv",
  記述: "narratives.csv",
  工程: "schedule.csv",
  指標: "indicators.csv",
  目標: "targets.csv",
  実績: "actuals.csv",
  評価: "grades.csv",
  plan: "plan.yaml",
  org_units: "org_units.csv",
  branches: "branches.csv",
  initiatives: "initiatives.csv",
  narratives: "narratives.csv",
  schedule: "schedule.csv",
  indicators: "indicators.csv",
  targets: "targets.csv",
  actuals: "actuals.csv",
  grades: "grades.csv",
};

/** Sheets for people, not tables (as the CLI skips them). */
const NOTE_SHEETS = new Set(["説明", "README", "readme"]);

export function kindOf(name: string): SourceKind | null {
  const ext = /\.([^.]+)$/u.exec(name)?.[1]?.toLowerCase();
  if (ext === "xlsx") return "xlsx";
  if (ext === "csv") return "csv";
  if (ext === "yaml" || ext === "yml") return "yaml";
  return null;
}

/** The file name the import format knows this file by; unknown names are sent as they are. */
export function formatName(name: string): string {
  const stem = name
    .replace(/\.[^.]+$/u, "")
    .trim()
    .normalize("NFKC");
  return FILE_OF_STEM[stem] ?? FILE_OF_STEM[stem.toLowerCase()] ?? name;
}

/**
 * Text of a CSV or YAML file: UTF-8 when it is valid UTF-8 (a BOM is dropped), else Shift_JIS,
 * which Excel in Japan still writes ("CSV (コンマ区切り)").
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("shift_jis").decode(bytes), encoding: "shift_jis" };
  }
}

/** The text of a cell as the CLI reads it (io/plan-files.ts `cellText`). */
function cellText(cell: Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "number") {
    // A percentage cell holds 0.984 for 98.40%: give the figure as the person sees it.
    const format = cell.numFmt ?? "";
    if (format.includes("%"))
      return `${(v * 100).toFixed(/\.(0+)%/u.exec(format)?.[1]?.length ?? 0)}%`;
    return String(v);
  }
  return (cell.text ?? "").toString();
}

/** Loads exceljs's browser build (its own lazy chunk). */
export async function loadExcel() {
  const mod = await import("exceljs/dist/exceljs.bare.min.js");
  return (mod.default ?? mod) as typeof import("exceljs");
}

/**
 * Every sheet of a workbook but the notes, as rows of cell text. Row i of the array is sheet row
 * i + 1 (empty rows stay, as empty arrays), and cells start at column A, so that the server's
 * problems name the row and column the user sees in Excel.
 */
export async function readWorkbook(data: ArrayBuffer): Promise<Record<string, string[][]>> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data);
  const sheets: Record<string, string[][]> = {};
  workbook.eachSheet((sheet) => {
    if (NOTE_SHEETS.has(sheet.name.trim())) return;
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cellText(cell);
      });
      rows[rowNumber - 1] = Array.from(cells, (c) => c ?? "");
    });
    sheets[sheet.name] = Array.from(rows, (r) => r ?? []);
  });
  return sheets;
}

/** Reads the picked files into an import request, or says why they cannot be sent together. */
export async function readImportFiles(picked: File[], onExcel?: () => void): Promise<ReadResult> {
  const files: SourceFile[] = [];
  const problems: string[] = [];
  const kinds = picked.map((f) => ({ file: f, kind: kindOf(f.name) }));
  for (const { file, kind } of kinds) {
    if (!kind) problems.push(t.unsupportedFile(file.name));
  }
  const workbooks = kinds.filter((k) => k.kind === "xlsx");
  const texts = kinds.filter((k) => k.kind === "csv" || k.kind === "yaml");
  if (workbooks.length > 0 && texts.length > 0) problems.push(t.mixedFiles);
  if (workbooks.length > 1) problems.push(t.oneWorkbook);
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
    let sheets: Record<string, string[][]>;
    try {
      sheets = await readWorkbook(await workbook.file.arrayBuffer());
    } catch {
      return {
        ok: false,
        problems: [t.unreadableWorkbook(workbook.file.name)],
        files: [{ name: workbook.file.name, kind: "xlsx", sentAs: null }],
      };
    }
    return {
      ok: true,
      payload: { sheets },
      files: [
        { name: workbook.file.name, kind: "xlsx", sentAs: null, sheets: Object.keys(sheets) },
      ],
    };
  }

  const payload: Record<string, string> = {};
  for (const { file, kind } of texts) {
    const { text, encoding } = decodeText(new Uint8Array(await file.arrayBuffer()));
    const sentAs = formatName(file.name);
    payload[sentAs] = text;
    files.push({ name: file.name, kind: kind ?? "csv", sentAs, encoding });
  }
  return { ok: true, payload: { files: payload }, files };
}
