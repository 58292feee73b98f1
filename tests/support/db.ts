/**
 * Test databases: real libSQL files in a temporary folder, migrated with the committed migrations.
 * (A `:memory:` libSQL database loses its data when a transaction hands its connection over, so
 * tests use files.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import type { Database } from "../../db/client.ts";
import { importPlanBundle } from "../../db/import.ts";
import { migrateDatabase, openDatabase } from "../../db/node.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder, readPlanFolder } from "../../io/plan-files.ts";
import { toCsv } from "../../shared/csv.ts";
import { parsePlanBundle } from "../../shared/plan-bundle.ts";

export interface TestDatabase {
  db: Database;
  url: string;
  dir: string;
  close(): void;
}

/** A new, migrated database in a temporary folder; with `plans`, those bundled plans are imported. */
export async function createTestDatabase(
  options: { plans?: string[] } = {},
): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "shinchoku-test-"));
  const url = `file:${join(dir, "test.db")}`;
  const db = openDatabase(url);
  await migrateDatabase(db);
  for (const plan of options.plans ?? []) {
    const result = await importPlanFolder(db, join(BUNDLED_PLANS_DIR, plan));
    if (!result.ok)
      throw new Error(`bundled plan ${plan} is invalid: ${JSON.stringify(result.issues)}`);
  }
  return {
    db,
    url,
    dir,
    close() {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Re-imports a bundled plan with indicators.csv's 担当課 column set as `owners` says (指標ID → 課),
 * the others left empty: a multi-課 fixture over the real plan (issue 14 §5). The owners are the
 * test's, not the source's — see the plan's NOTES.md for what its source attributes.
 */
export async function importWithIndicatorOwners(
  db: Database,
  plan: string,
  owners: Record<string, string>,
): Promise<void> {
  const files = await readPlanFolder(join(BUNDLED_PLANS_DIR, plan));
  const rows = parseCsv(files["indicators.csv"] ?? "", { bom: true }) as string[][];
  const [header = [], ...body] = rows;
  let col = header.indexOf("担当課");
  if (col < 0) {
    col = header.length;
    header.push("担当課");
  }
  for (const row of body) {
    while (row.length <= col) row.push("");
    row[col] = owners[row[0] ?? ""] ?? "";
  }
  const parsed = parsePlanBundle({ ...files, "indicators.csv": toCsv([header, ...body]) });
  if (!parsed.ok) throw new Error(`owners for ${plan}: ${JSON.stringify(parsed.issues)}`);
  await importPlanBundle(db, parsed.bundle);
}

/**
 * Imports a bundled plan with indicators.csv's 共通指標 set as `catalog` says (指標ID → entry). A
 * test fixture: Matsue's No.3-1 only nearly matches `online-procedures` (docs/catalog.md), which is
 * why the bundled plan leaves it unmapped.
 */
export async function importWithCatalog(
  db: Database,
  plan: string,
  catalog: Record<string, string>,
) {
  const files = await readPlanFolder(join(BUNDLED_PLANS_DIR, plan));
  const rows = parseCsv(files["indicators.csv"] ?? "", { bom: true }) as string[][];
  const [header = [], ...body] = rows;
  let col = header.indexOf("共通指標");
  if (col < 0) {
    col = header.length;
    header.push("共通指標");
  }
  for (const row of body) {
    while (row.length <= col) row.push("");
    row[col] = catalog[row[0] ?? ""] ?? row[col] ?? "";
  }
  const parsed = parsePlanBundle({ ...files, "indicators.csv": toCsv([header, ...body]) });
  if (!parsed.ok) throw new Error(`catalog for ${plan}: ${JSON.stringify(parsed.issues)}`);
  await importPlanBundle(db, parsed.bundle);
}
