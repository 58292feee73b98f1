/**
 * `npx shinchoku compare import|list|remove` (docs/compare.md): other cities' published figures of
 * common indicators, read from their open-data CSV, kept as read-only reference series beside this
 * deployment's own plans.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import {
  listReferenceSources,
  removeReferenceSource,
  replaceReferenceSource,
} from "../../db/reference-series.ts";
import { tokyoDateTime } from "../../shared/fiscal-year.ts";
import { parseReferenceCsv } from "../../shared/reference-csv.ts";
import { compareText as t } from "../text/cli.ts";
import { fail, withDatabase } from "./db.ts";

/**
 * `compare import <csv> [--label <city>]`: stores the file's rows that name a 共通指標 as the source
 * `label` (default: the file's one 地方公共団体名), replacing that source's earlier rows at once.
 * Any bad row: every issue is printed with its row and column, exit code 1, nothing written.
 */
export async function compareImportCommand(file: string, opts: { label?: string }) {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return fail(t.unreadable(file));
  }
  const parsed = parseReferenceCsv(text);
  if (!parsed.ok) {
    for (const i of parsed.issues) console.error(t.issue(i.row, i.column, i.message));
    return fail(t.refused(parsed.issues.length));
  }
  if (parsed.rows.length === 0) return fail(t.noRows);
  const label = opts.label?.trim() || (parsed.cities.length === 1 ? parsed.cities[0] : null);
  if (!label) return fail(t.severalCities(parsed.cities));
  await withDatabase(async (db) => {
    const { replaced } = await replaceReferenceSource(db, label, basename(file), parsed.rows);
    const catalogs = new Set(parsed.rows.map((r) => r.catalog));
    console.log(t.imported(label, parsed.rows.length, [...catalogs], parsed.skipped, replaced));
  });
}

/** `compare list`: the imported sources. */
export async function compareListCommand() {
  await withDatabase(async (db) => {
    const sources = await listReferenceSources(db);
    if (sources.length === 0) {
      console.log(t.none);
      return;
    }
    for (const s of sources) {
      const at = tokyoDateTime(new Date(s.importedAt * 1000));
      const when = `${at.year}-${String(at.month).padStart(2, "0")}-${String(at.day).padStart(2, "0")}`;
      console.log(t.source(s.source, s.cities, s.rows, s.catalogs, s.file, when));
    }
  });
}

/** `compare remove <label>`: deletes a source's rows. */
export async function compareRemoveCommand(label: string) {
  await withDatabase(async (db) => {
    const n = await removeReferenceSource(db, label);
    if (n === 0) return fail(t.noSource(label));
    console.log(t.removed(label, n));
  });
}
