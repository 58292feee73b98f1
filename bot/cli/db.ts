import type { Database } from "../../db/client.ts";
import { openDatabaseFromEnv } from "../../db/node.ts";

/** Opens the database from the environment, runs `fn`, and closes it. */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabaseFromEnv();
  try {
    return await fn(db);
  } finally {
    db.$client.close();
  }
}

/** Prints a message to stderr and sets a failing exit code. */
export function fail(message: string, code = 1): void {
  console.error(message);
  process.exitCode = code;
}
