/** The database's health, for `GET /healthz`. */
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
