/**
 * Node-only database helpers: open a database from `DATABASE_URL` and apply the committed
 * drizzle-kit migrations (db/migrations).
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Client, createClient, type TransactionMode } from "@libsql/client";
import { migrate } from "drizzle-orm/libsql/migrator";
import { type Database, databaseFromClient } from "./client.ts";
import { adoptInboxRows, ensureInboxSchema } from "./inbox.ts";

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
  if (client.protocol === "file") {
    keepPragmasAcrossTransactions(client);
    void applyPragmas(client);
  }
  return databaseFromClient(client);
}

/**
 * Per-connection settings for embedded (`file:`) databases. WAL lets the server read while the CLI
 * writes; the busy timeout waits for a lock instead of failing at once with SQLITE_BUSY; in WAL mode
 * `synchronous = NORMAL` keeps the file consistent and skips an fsync per commit (a power cut may
 * lose the last commits, never corrupt the file).
 */
function applyPragmas(client: Client): Promise<void> {
  // One call: the embedded client runs it before any statement issued after this call.
  return client.executeMultiple(
    "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
  );
}

/**
 * The embedded libSQL client hands its connection to each transaction and opens a new one for the
 * next statement, which would start without the settings of {@link applyPragmas}: apply them to
 * the new connection as soon as a transaction begins.
 */
function keepPragmasAcrossTransactions(client: Client): void {
  const begin = client.transaction.bind(client);
  client.transaction = (async (mode?: TransactionMode) => {
    const tx = await begin(mode);
    await applyPragmas(client);
    return tx;
  }) as Client["transaction"];
}

/** Closes a database opened by {@link openDatabase} (commands that open one for a single run). */
export function closeDatabase(db: Database): void {
  db.$client.close();
}

/** Applies every pending migration; safe to run on every start. */
export async function migrateDatabase(db: Database): Promise<void> {
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

/**
 * Where the Node server keeps the webhook inbox for the database at `url`: for an embedded file
 * `file:<dir>/<name>.db`, the file `file:<dir>/<name>.inbox.db` beside it (`<name>.inbox.db` after
 * any other name); null for every other database (`:memory:`, sqld, Turso), whose inbox stays in
 * the main database.
 *
 * Why a file of its own: SQLite has one writer per file. A plan import writes in one transaction
 * (bot/import-worker.ts, 0.2–0.5 s and more under load), and a webhook's enqueue on the same file
 * waited for it before it could answer 200 (docs/benchmarks.md "import"). With the inbox in its own
 * file the enqueue never waits for the main file's lock.
 */
export function inboxDatabaseUrl(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  const path = url.slice("file:".length);
  if (!path || path === ":memory:" || path.includes("?") || path.startsWith(":")) return null;
  const inboxPath = path.endsWith(".db") ? `${path.slice(0, -3)}.inbox.db` : `${path}.inbox.db`;
  return `file:${inboxPath}`;
}

/**
 * Opens the inbox database of the main database `main` opened from `url`: the inbox file
 * ({@link inboxDatabaseUrl}; WAL, busy timeout and `synchronous = NORMAL` as the main file), with
 * its tables created when missing and anything the main database's inbox tables still hold moved
 * into it (db/inbox.ts `adoptInboxRows`: events acknowledged before an upgrade are handled once).
 * For a database with no inbox file of its own, `main` itself.
 */
export async function openInboxDatabase(url: string, main: Database): Promise<Database> {
  const inboxUrl = inboxDatabaseUrl(url);
  if (!inboxUrl) return main;
  const inbox = openDatabase(inboxUrl);
  await ensureInboxSchema(inbox);
  const moved = await adoptInboxRows(main, inbox);
  if (moved.events || moved.ledger) {
    console.info(
      `inbox: moved ${moved.events} unfinished event(s) and ${moved.ledger} dedupe id(s) from the main database to ${inboxUrl}`,
    );
  }
  return inbox;
}

/**
 * Opens the inbox file of the database at `url` if there is one on disk, without creating it
 * (`npx shinchoku backup` reads it); null when the inbox has no file of its own or the file is not
 * there yet.
 */
export function openExistingInboxFile(url: string): Database | null {
  const inboxUrl = inboxDatabaseUrl(url);
  if (!inboxUrl || !existsSync(resolve(inboxUrl.slice("file:".length)))) return null;
  return openDatabase(inboxUrl);
}

/** See {@link gateWrites}. */
export interface WriteGate {
  /**
   * Runs `work` — which takes the file's write lock on another connection, e.g. the import's worker
   * thread — once this client holds no write transaction, and makes this client's writes wait
   * (asynchronously) until `work` has settled. Reads go on meanwhile (WAL).
   */
  hold<T>(work: () => Promise<T>): Promise<T>;
}

/** A statement that only reads: let through while the gate is held. */
const readsOnly = (stmt: unknown) =>
  /^\s*select\b/iu.test(typeof stmt === "string" ? stmt : String((stmt as { sql?: unknown })?.sql));

/**
 * Puts a gate on an embedded database's client so that another connection's write transaction
 * never makes this one wait inside SQLite. SQLite's busy handler sleeps the calling thread while
 * another connection holds the write lock: on the Node server's main thread that froze every
 * request and webhook while the import's worker thread wrote a plan (docs/benchmarks.md "import").
 * With the gate, the server's own writes (statements other than `select`, batches other than
 * `read`, transactions other than `read`) wait on a promise while {@link WriteGate.hold} runs, and
 * `hold` starts its work only between this client's transactions, so neither side meets the other's
 * lock. `executeMultiple` (migrations, pragmas) is not gated.
 */
export function gateWrites(db: Database): WriteGate {
  const client = db.$client;
  let held: Promise<void> | null = null;
  let openTransactions = 0;
  let idle: (() => void)[] = [];
  const transactionEnded = () => {
    openTransactions--;
    if (openTransactions === 0) {
      const waiting = idle;
      idle = [];
      for (const wake of waiting) wake();
    }
  };
  const execute = client.execute.bind(client);
  client.execute = (async (...args: Parameters<Client["execute"]>) => {
    // Checked right before the call, in the same turn: the gate cannot close in between.
    while (held && !readsOnly(args[0])) await held;
    return execute(...args);
  }) as Client["execute"];
  const batch = client.batch.bind(client);
  client.batch = (async (...args: Parameters<Client["batch"]>) => {
    while (held && args[1] !== "read") await held;
    return batch(...args);
  }) as Client["batch"];
  const begin = client.transaction.bind(client);
  client.transaction = (async (mode?: TransactionMode) => {
    while (held && mode !== "read") await held;
    openTransactions++;
    let tx: Awaited<ReturnType<Client["transaction"]>>;
    try {
      tx = await begin(mode);
    } catch (err) {
      transactionEnded();
      throw err;
    }
    let ended = false;
    const end = () => {
      if (!ended) {
        ended = true;
        transactionEnded();
      }
    };
    for (const name of ["commit", "rollback"] as const) {
      const original = tx[name].bind(tx);
      tx[name] = async () => {
        try {
          return await original();
        } finally {
          end();
        }
      };
    }
    const close = tx.close.bind(tx);
    tx.close = () => {
      close();
      end();
    };
    return tx;
  }) as Client["transaction"];

  return {
    async hold<T>(work: () => Promise<T>): Promise<T> {
      // Both checked in the turn that closes the gate.
      for (;;) {
        if (held) await held;
        else if (openTransactions > 0) await new Promise<void>((wake) => idle.push(wake));
        else break;
      }
      let release = () => {};
      held = new Promise<void>((done) => {
        release = done;
      });
      try {
        return await work();
      } finally {
        held = null;
        release();
      }
    },
  };
}
