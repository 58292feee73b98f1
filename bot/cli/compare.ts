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
    return fail(`ファイル「${file}」を読めません。`);
  }
  const parsed = parseReferenceCsv(text);
  if (!parsed.ok) {
    for (const i of parsed.issues)
      console.error(`${i.row}行目${i.column ? `・列「${i.column}」` : ""}: ${i.message}`);
    return fail(`${parsed.issues.length}件の誤りがあります。何も取り込んでいません。`);
  }
  if (parsed.rows.length === 0)
    return fail("共通指標のある行がありません。何も取り込んでいません。");
  const label = opts.label?.trim() || (parsed.cities.length === 1 ? parsed.cities[0] : null);
  if (!label)
    return fail(
      `ファイルに複数の団体（${parsed.cities.join("、")}）があります。--label で取込名を指定してください。`,
    );
  await withDatabase(async (db) => {
    const { replaced } = await replaceReferenceSource(db, label, basename(file), parsed.rows);
    const catalogs = new Set(parsed.rows.map((r) => r.catalog));
    console.log(
      `参照データ「${label}」を取り込みました: ${parsed.rows.length}行（共通指標 ${catalogs.size}件: ${[...catalogs].join("、")}）。` +
        (parsed.skipped ? `共通指標のない${parsed.skipped}行は取り込んでいません。` : "") +
        (replaced ? `前回の${replaced}行と置き換えました。` : ""),
    );
  });
}

/** `compare list`: the imported sources. */
export async function compareListCommand() {
  await withDatabase(async (db) => {
    const sources = await listReferenceSources(db);
    if (sources.length === 0) {
      console.log("参照データはまだありません（npx shinchoku compare import <csv>）。");
      return;
    }
    for (const s of sources) {
      const t = tokyoDateTime(new Date(s.importedAt * 1000));
      const when = `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
      console.log(
        `${s.source}\t${s.cities.join("、")}\t${s.rows}行\t${s.catalogs.join(",")}\t${s.file}\t${when}`,
      );
    }
  });
}

/** `compare remove <label>`: deletes a source's rows. */
export async function compareRemoveCommand(label: string) {
  await withDatabase(async (db) => {
    const n = await removeReferenceSource(db, label);
    if (n === 0)
      return fail(`参照データ「${label}」はありません（compare list で確かめられます）。`);
    console.log(`参照データ「${label}」（${n}行）を削除しました。`);
  });
}
