/** The database's health, for `GET /healthz` and `npx shinchoku doctor`. */
import type { Database } from "./client.ts";

/** Whether the database answers a trivial query. */
export async function isReachable(db: Database): Promise<boolean> {
  try {
    await db.$client.execute("select 1");
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a trivial query and fails like the database does (for `npx shinchoku doctor`, which reports
 * why).
 * @throws the client's error when the database does not answer.
 */
export async function pingDatabase(db: Database): Promise<void> {
  await db.$client.execute("select 1");
}

/**
 * The `created_at` (the journal's `when`, in ms) of the last migration drizzle applied, from its
 * `__drizzle_migrations` table; null when none was applied (no table, or an empty one).
 */
export async function lastAppliedMigration(db: Database): Promise<number | null> {
  try {
    const result = await db.$client.execute(
      "select max(created_at) as last from __drizzle_migrations",
    );
    const value = result.rows[0]?.last;
    return value === null || value === undefined ? null : Number(value);
  } catch {
    return null;
  }
}
