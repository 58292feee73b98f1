/**
 * Node-only database helpers: open a database from `DATABASE_URL` and apply the committed
 * drizzle-kit migrations (db/migrations).
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { migrate } from "drizzle-orm/libsql/migrator";
import { type Database, databaseFromClient } from "./client.ts";

/** The default embedded database, relative to the working directory. */
export const DEFAULT_DATABASE_URL = "file:./data/shinchoku.db";

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Opens the database named by `url` (`file:`, `:memory:`, `http(s)://`, `libsql://`).
 * For a `file:` URL the parent folder is created.
 */
export function openDatabase(url: string = DEFAULT_DATABASE_URL, authToken?: string): Database {
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length);
    if (path && path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const client = createClient({ url, ...(authToken ? { authToken } : {}) });
  return databaseFromClient(client);
}

/** Applies every pending migration; safe to run on every start. */
export async function migrateDatabase(db: Database): Promise<void> {
  if (db.$client.protocol === "file") {
    // WAL lets the server read while the CLI writes; a busy timeout avoids spurious SQLITE_BUSY.
    await db.$client.execute("PRAGMA journal_mode = WAL");
    await db.$client.execute("PRAGMA busy_timeout = 5000");
    // In WAL mode NORMAL keeps the database consistent and skips an fsync per commit; a power cut
    // may lose the last commits, never corrupt the file.
    await db.$client.execute("PRAGMA synchronous = NORMAL");
  }
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** Opens and migrates the database named by the environment (`DATABASE_URL`, `DATABASE_AUTH_TOKEN`). */
export async function openDatabaseFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  const db = openDatabase(
    env.DATABASE_URL || DEFAULT_DATABASE_URL,
    env.DATABASE_AUTH_TOKEN || undefined,
  );
  await migrateDatabase(db);
  return db;
}
