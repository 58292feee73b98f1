/**
 * Test databases: real libSQL files in a temporary folder, migrated with the committed migrations.
 * (A `:memory:` libSQL database loses its data when a transaction hands its connection over, so
 * tests use files.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "../../db/client.ts";
import { migrateDatabase, openDatabase } from "../../db/node.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder } from "../../io/plan-files.ts";

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
