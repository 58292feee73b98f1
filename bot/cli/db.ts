import { userInfo } from "node:os";
import type { Database } from "../../db/client.ts";
import { openDatabaseFromEnv } from "../../db/node.ts";
import { configFromEnv } from "../config.ts";
import { type AppDeps, buildAppDeps, createDeferQueue } from "../deps.ts";
import type { Operator } from "../usecases/office.ts";

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

/**
 * Like {@link withDatabase}, with the app's dependencies built from the environment: the CLI calls
 * the same use cases as the LIFF app and the chat. Work a use case defers (a rich menu relinked)
 * finishes before the database is closed.
 */
export function withDeps<T>(
  fn: (deps: AppDeps) => Promise<T>,
  options: { print?: (line: string) => void } = {},
): Promise<T> {
  return withDatabase(async (db) => {
    const queue = createDeferQueue();
    const deps = buildAppDeps({
      db,
      config: configFromEnv(process.env),
      defer: queue.defer,
      ...(options.print ? { print: options.print } : {}),
    });
    try {
      return await fn(deps);
    } finally {
      await queue.settle();
    }
  });
}

/** The operator acting on `planId` (bot/usecases/office.ts), named by the OS account running the CLI. */
export function operatorFor(planId: string): Operator {
  let name = "operator";
  try {
    name = userInfo().username || name;
  } catch {
    // No passwd entry (some containers): the audit log still says it was the CLI.
  }
  return { kind: "operator", planId, name };
}
