import type { Database } from "../../db/client.ts";
import { openDatabaseFromEnv } from "../../db/node.ts";

/**
 * Opens (and migrates) the database from the environment, runs `fn`, and closes it.
 * @param env where DATABASE_URL and DATABASE_AUTH_TOKEN come from (the demo passes its own file).
 */
export async function withDatabase<T>(
  fn: (db: Database) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const db = await openDatabaseFromEnv(env);
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
