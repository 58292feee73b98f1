/**
 * Reading a plan folder in the import format (docs/import-format.md) from disk and importing it.
 * Node only.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type ImportIssue, type PlanBundle, parsePlanBundle } from "../shared/plan-bundle.ts";
import type { Database } from "./client.ts";
import { type ImportReport, importPlanBundle } from "./import.ts";

/** The bundled plans shipped with shinchoku (data/plans/<id>). */
export const BUNDLED_PLANS_DIR = resolve(fileURLToPath(new URL("../data/plans", import.meta.url)));

/** Reads every file of a plan folder; files starting with `.` and `NOTES.md`/`README.md` are skipped. */
export async function readPlanFolder(dir: string): Promise<Record<string, string>> {
  const info = await stat(dir);
  if (!info.isDirectory()) throw new Error(`${dir} is not a folder`);
  const files: Record<string, string> = {};
  for (const name of await readdir(dir)) {
    if (name.startsWith(".") || /^(notes|readme)\.md$/iu.test(name)) continue;
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    files[basename(name)] = await readFile(path, "utf8");
  }
  return files;
}

export type FolderImportResult =
  | { ok: true; bundle: PlanBundle; report: ImportReport }
  | { ok: false; issues: ImportIssue[] };

/**
 * Validates a plan folder and imports it in one transaction. Nothing is written when any file has a
 * problem.
 */
export async function importPlanFolder(
  db: Database,
  dir: string,
  options: { dryRun?: boolean } = {},
): Promise<FolderImportResult> {
  const parsed = parsePlanBundle(await readPlanFolder(dir));
  if (!parsed.ok) return parsed;
  const report = await importPlanBundle(db, parsed.bundle, options);
  return { ok: true, bundle: parsed.bundle, report };
}
