/**
 * Reading the body of `POST /api/plans/import` into a plan bundle: the JSON text, its shape
 * ({@link importBodySchema}), workbook sheets mapped to the import format's files, and the plan's
 * own rules (shared/plan-bundle.ts `parsePlanBundle`). Pure and self-contained, so that the Node
 * server runs it in a worker thread (bot/import-worker.ts): for a 20,000-row plan it is seconds of
 * CPU that would otherwise hold every other request, webhooks included (issue 9 §5), and writes it
 * there too. On Workers it runs in the request ({@link pendingInline}).
 */
import { z } from "zod";
import type { ImportReport } from "../../db/import.ts";
import {
  formatFileOf,
  type ImportIssue,
  isNoteSheet,
  sheetLabel,
  sheetRowsOf,
  unknownSheetIssue,
} from "../../shared/import-format.ts";
import { findNul } from "../../shared/nul.ts";
import { type PlanBundle, parsePlanBundle, type TableSource } from "../../shared/plan-bundle.ts";
import { apiText, importText } from "../text/api.ts";

/** A workbook cell as the browser read it; anything but text is read as its string form. */
const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * `POST /api/plans/import`: the tables the browser read, as CSV/YAML text by file name (`files`)
 * or as a workbook's sheets (`sheets`: rows of cells, row 1 first), and whether to only try it.
 */
export const importBodySchema = z
  .object({
    files: z.record(z.string(), z.string()).optional(),
    sheets: z.record(z.string(), z.array(z.array(cell))).optional(),
    dryRun: z.boolean().optional(),
  })
  .refine((b) => b.files !== undefined || b.sheets !== undefined, importText.nothing);

export type ImportBody = z.input<typeof importBodySchema>;

/**
 * What reading an import body gave: the bundle and `dryRun`, or the API error to answer — `invalid`
 * with a message (not JSON, wrong shape) and, for the plan's own problems, `issues` (file, row,
 * column, Japanese message). `parseMs` is the time spent reading, for the answer's Server-Timing.
 */
export type ImportParse = ImportRead & { parseMs: number };

type ImportRead =
  | { ok: true; bundle: PlanBundle; dryRun: boolean }
  | { ok: false; message: string; issues?: ImportIssue[] };

/** Reads an import body (UTF-8 JSON bytes). Never throws for bad input; see {@link ImportParse}. */
export function parseImportBody(bytes: Uint8Array): ImportParse {
  const started = performance.now();
  const result = readBody(bytes);
  return { ...result, parseMs: performance.now() - started };
}

function readBody(bytes: Uint8Array): ImportRead {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, message: importText.notJson };
  }
  const nul = findNul(json);
  if (nul) return { ok: false, message: importText.nul(nul.join(".")) };
  const shape = importBodySchema.safeParse(json);
  if (!shape.success) {
    const problems = shape.error.issues.map((i) =>
      i.path.length > 0 ? `${i.path.join(".")} ${i.message}` : i.message,
    );
    return { ok: false, message: apiText.badShape(problems) };
  }
  const body = shape.data;
  const sources: Record<string, TableSource> = { ...(body.files ?? {}) };
  const names: Record<string, string> = {};
  const unknown: ImportIssue[] = [];
  // The sheets as io/plan-files.ts `readPlanWorkbook` takes a workbook's (shared/import-format.ts).
  for (const [sheet, rows] of Object.entries(body.sheets ?? {})) {
    if (isNoteSheet(sheet)) continue;
    const file = formatFileOf(sheet);
    if (!file) {
      unknown.push(unknownSheetIssue(sheet));
      continue;
    }
    sources[file] = sheetRowsOf(rows);
    names[file] = sheetLabel(sheet);
  }
  const parsed = parsePlanBundle(sources, { names });
  const issues: ImportIssue[] = [...unknown, ...(parsed.ok ? [] : parsed.issues)];
  if (!parsed.ok || issues.length)
    return { ok: false, message: importText.issues(issues.length), issues };
  return { ok: true, bundle: parsed.bundle, dryRun: body.dryRun === true };
}

/**
 * An import read and checked, not yet written: the route decides from `planId` and `dryRun` whether
 * the caller may write it (bot/usecases/import-plan.ts `importPlan`), then calls `write` — all or nothing,
 * one transaction (db/import.ts `importPlanBundle`) — or `discard`. Where the bundle lives and where
 * it is written depends on the reader: in the request (Workers, tests: {@link pendingInline}) or in a
 * worker thread with its own database connection (the Node server: bot/import-worker.ts).
 */
export type PendingImport =
  | { ok: false; message: string; issues?: ImportIssue[]; parseMs: number }
  | {
      ok: true;
      planId: string;
      dryRun: boolean;
      parseMs: number;
      /** Writes the plan; rejects with the database's error, having written nothing. */
      write: () => Promise<ImportReport>;
      /** Drops the read plan (no write follows). */
      discard: () => void;
    };

/** Reads an import's body into a {@link PendingImport}; see `AppDeps.readImport`. */
export type ImportReader = (bytes: Uint8Array) => Promise<PendingImport>;

/**
 * A {@link PendingImport} for a body read here (`parsed`) and written by `writeBundle` (in the same
 * thread: the Workers runtime and the tests; the Node server's worker thread uses it too).
 */
export function pendingInline(
  parsed: ImportParse,
  writeBundle: (bundle: PlanBundle, dryRun: boolean) => Promise<ImportReport>,
): PendingImport {
  if (!parsed.ok) return parsed;
  const { bundle, dryRun, parseMs } = parsed;
  return {
    ok: true,
    planId: bundle.plan.id,
    dryRun,
    parseMs,
    write: () => writeBundle(bundle, dryRun),
    discard: () => {},
  };
}
