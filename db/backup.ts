/**
 * Backup and restore of the whole database: every table (plans, members, figures with their
 * history, grades, message log, reminders, digests …) in one gzipped JSON file with a format
 * version and the migration level it was taken at.
 *
 * The table list is read from the database itself, so tables added by later migrations are backed
 * up without changing this file. Values are kept as SQLite stores them (integers, reals, text, null;
 * blobs as base64), so a restore gives back the same rows with the same ids.
 *
 * A restore writes everything in one batch (one transaction): it either completes or leaves the
 * target database as it was. This module is the SQL side; the file form (gzipped JSON) is
 * bot/export/backup.ts.
 *
 * The webhook inbox: where it has a file of its own (the Node server's `<name>.inbox.db`, db/node.ts
 * `openInboxDatabase`), the backup's `inbox` holds its events not yet handled and its dedupe ledger,
 * read *before* the main database, so that an event handled in between is in both (handled again
 * after a restore, which the chat's `webhookEventId` indexes make write once) and never in neither.
 * {@link restoreInbox} puts them back. Where the inbox is in the main database, its tables are in
 * `tables` like any other.
 */
import type { InStatement, InValue } from "@libsql/client";
import type { Database } from "./client.ts";

export const BACKUP_FORMAT = "shinchoku-backup";
export const BACKUP_VERSION = 1;

export interface MigrationLevel {
  /** How many migrations had been applied. */
  count: number;
  /** `created_at` (the journal's `when`, ms) of the last applied migration. */
  lastCreatedAt: number | null;
  /** Hash of the last applied migration's SQL. */
  lastHash: string | null;
}

/** A value as written to the file: SQLite's own types, with blobs and big integers tagged. */
type StoredValue = string | number | null | { $blob: string } | { $bigint: string };

export interface BackupTable {
  columns: string[];
  rows: StoredValue[][];
}

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** ISO 8601, UTC. */
  createdAt: string;
  migrations: MigrationLevel;
  /** Tables in an order where every table comes after the tables it references. */
  tables: Record<string, BackupTable>;
  /**
   * The inbox file's unfinished events (`pending`/`running`) and dedupe ledger, when the inbox has a
   * file of its own; absent otherwise (and in backups taken before it existed).
   */
  inbox?: { webhook_inbox: BackupTable; webhook_events: BackupTable };
}

export class BackupError extends Error {}

const quote = (name: string) => `"${name.replace(/"/gu, '""')}"`;

/** Tables that belong to SQLite, libSQL or the migrator, never to shinchoku's data. */
const isInternal = (name: string) =>
  /^(sqlite_|libsql_|_litestream|_cf_)/u.test(name) || name === "__drizzle_migrations";

async function dataTables(db: Database): Promise<string[]> {
  const rs = await db.$client.execute(
    "select name from sqlite_master where type = 'table' order by name",
  );
  return rs.rows.map((r) => String(r[0])).filter((n) => !isInternal(n));
}

/** Orders tables so that referenced tables come first (self-references ignored). */
async function dependencyOrder(db: Database, tables: string[]): Promise<string[]> {
  const deps = new Map<string, Set<string>>();
  for (const t of tables) {
    const rs = await db.$client.execute(`pragma foreign_key_list(${quote(t)})`);
    const col = rs.columns.indexOf("table");
    deps.set(
      t,
      new Set(rs.rows.map((r) => String(r[col])).filter((p) => p !== t && tables.includes(p))),
    );
  }
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (seen.has(t) || path.has(t)) return;
    path.add(t);
    for (const d of deps.get(t) ?? []) visit(d, path);
    path.delete(t);
    seen.add(t);
    ordered.push(t);
  };
  for (const t of [...tables].sort()) visit(t, new Set());
  return ordered;
}

/** The migration level of a database (what `__drizzle_migrations` says). */
export async function migrationLevel(db: Database): Promise<MigrationLevel> {
  try {
    const rs = await db.$client.execute(
      "select count(*) as n, max(created_at) as last from __drizzle_migrations",
    );
    const count = Number(rs.rows[0]?.[0] ?? 0);
    const last = rs.rows[0]?.[1];
    const lastCreatedAt = last === null || last === undefined ? null : Number(last);
    let lastHash: string | null = null;
    if (lastCreatedAt !== null) {
      const h = await db.$client.execute({
        sql: "select hash from __drizzle_migrations where created_at = ? order by id desc limit 1",
        args: [lastCreatedAt],
      });
      lastHash = h.rows[0]?.[0] == null ? null : String(h.rows[0][0]);
    }
    return { count, lastCreatedAt, lastHash };
  } catch {
    return { count: 0, lastCreatedAt: null, lastHash: null };
  }
}

function encode(value: unknown): StoredValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (value instanceof ArrayBuffer) return { $blob: Buffer.from(value).toString("base64") };
  if (ArrayBuffer.isView(value))
    return {
      $blob: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64"),
    };
  if (typeof value === "boolean") return value ? 1 : 0;
  throw new BackupError(`unexpected value type ${typeof value}`);
}

function decode(value: StoredValue): InValue {
  if (value === null || typeof value === "string" || typeof value === "number") return value;
  if ("$blob" in value) return new Uint8Array(Buffer.from(value.$blob, "base64"));
  if ("$bigint" in value) return BigInt(value.$bigint);
  throw new BackupError("unexpected value in the backup file");
}

/** Reads the inbox's unfinished events and its dedupe ledger (see the module's comment). */
async function readInbox(inbox: Database): Promise<NonNullable<BackupFile["inbox"]>> {
  // One read transaction: the events and the ledger are one snapshot.
  const tx = await inbox.$client.transaction("read");
  const table = async (sql: string): Promise<BackupTable> => {
    const rs = await tx.execute(sql);
    return {
      columns: [...rs.columns],
      rows: rs.rows.map((r) => rs.columns.map((_, i) => encode(r[i]))),
    };
  };
  try {
    return {
      webhook_inbox: await table(
        "select * from webhook_inbox where status in ('pending', 'running') order by id",
      ),
      webhook_events: await table("select * from webhook_events order by rowid"),
    };
  } finally {
    tx.close();
  }
}

/**
 * Reads every table of the database and, when the webhook inbox has a database of its own
 * (`inbox`, not `db` itself), that database's unfinished events and ledger.
 */
export async function createBackup(
  db: Database,
  now: Date = new Date(),
  inbox?: Database | null,
): Promise<BackupFile> {
  // The inbox first: see the module's comment.
  const inboxPart = inbox && inbox !== db ? await readInbox(inbox) : undefined;
  const tables = await dependencyOrder(db, await dataTables(db));
  const out: Record<string, BackupTable> = {};
  // One read transaction, so the tables are a consistent snapshot.
  const tx = await db.$client.transaction("read");
  try {
    for (const t of tables) {
      const rs = await tx.execute(`select * from ${quote(t)} order by rowid`);
      out[t] = {
        columns: [...rs.columns],
        rows: rs.rows.map((r) => rs.columns.map((_, i) => encode(r[i]))),
      };
    }
  } finally {
    tx.close();
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: now.toISOString(),
    migrations: await migrationLevel(db),
    tables: out,
    ...(inboxPart ? { inbox: inboxPart } : {}),
  };
}

/**
 * Puts a backup's inbox part back into the inbox database `inbox` (created with its tables, db/node.ts
 * `openInboxDatabase`): the dedupe ids, and the unfinished events, `pending` again (their claims
 * belonged to the process that was backed up) with new ids in their old order, so each user's events
 * are still handled in arrival order, after what the inbox already holds. An event or id the inbox
 * already has is skipped (`webhookEventId` is unique), so restoring twice adds nothing.
 * @returns how many events were added.
 */
export async function restoreInbox(
  inbox: Database,
  part: BackupFile["inbox"],
): Promise<{ events: number }> {
  if (!part) return { events: 0 };
  const rows = (t: BackupTable) =>
    t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c, decode(row[i] ?? null)])));
  const statements: InStatement[] = [];
  for (const r of rows(part.webhook_events))
    statements.push({
      sql: "insert or ignore into webhook_events (webhook_event_id, event_type, created_at) values (?, ?, ?)",
      args: [r.webhook_event_id ?? null, r.event_type ?? null, r.created_at ?? null],
    });
  const events = rows(part.webhook_inbox);
  for (const r of events)
    statements.push({
      sql: "insert or ignore into webhook_inbox (webhook_event_id, event_type, lane, payload, status, attempts, available_at, last_error, answered_by, created_at) values (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)",
      args: [
        r.webhook_event_id ?? null,
        r.event_type ?? null,
        r.lane ?? null,
        r.payload ?? null,
        r.attempts ?? 0,
        r.available_at ?? null,
        r.last_error ?? null,
        r.answered_by ?? null,
        r.created_at ?? null,
      ],
    });
  const before = await inbox.$client.execute("select count(*) from webhook_inbox");
  await inbox.$client.batch(statements, "write");
  const after = await inbox.$client.execute("select count(*) from webhook_inbox");
  return { events: Number(after.rows[0]?.[0] ?? 0) - Number(before.rows[0]?.[0] ?? 0) };
}

export interface RestoreResult {
  tables: number;
  rows: number;
  /** The plans restored, by id. */
  plans: string[];
  /** Rows that were deleted first (with `force`). */
  replaced: number;
}

/**
 * Restores a backup into `db` (already migrated). Refuses, writing nothing, when the database holds
 * data and `force` is not set, when the backup comes from a newer shinchoku (a later migration),
 * or when a table or column of the backup does not exist here. With `force`, every existing row is
 * deleted in the same transaction. Plans that existed before get a revision above their old one, so
 * a running server does not keep serving a cached view of the replaced plan.
 */
export async function restoreBackup(
  db: Database,
  backup: BackupFile,
  options: { force?: boolean } = {},
): Promise<RestoreResult> {
  const here = await migrationLevel(db);
  const theirs = backup.migrations ?? { count: 0, lastCreatedAt: null, lastHash: null };
  if (theirs.count > here.count || (theirs.lastCreatedAt ?? 0) > (here.lastCreatedAt ?? 0))
    throw new BackupError(
      `このバックアップは新しいバージョンの shinchoku で作られています（マイグレーション ${theirs.count}件、この環境は ${here.count}件）。shinchoku を更新してから復元してください。`,
    );

  const tables = await dataTables(db);
  const order = await dependencyOrder(db, tables);
  for (const [name, t] of Object.entries(backup.tables)) {
    if (!tables.includes(name))
      throw new BackupError(`バックアップの表「${name}」がこのデータベースにありません。`);
    const info = await db.$client.execute(`pragma table_info(${quote(name)})`);
    const nameCol = info.columns.indexOf("name");
    const cols = new Set(info.rows.map((r) => String(r[nameCol])));
    const missing = t.columns.filter((c) => !cols.has(c));
    if (missing.length)
      throw new BackupError(
        `バックアップの表「${name}」の列（${missing.join("、")}）がこのデータベースにありません。`,
      );
  }

  // What the target holds now.
  const counts = new Map<string, number>();
  for (const t of order) {
    const rs = await db.$client.execute(`select count(*) from ${quote(t)}`);
    counts.set(t, Number(rs.rows[0]?.[0] ?? 0));
  }
  const existingRows = [...counts.values()].reduce((a, b) => a + b, 0);
  const oldPlans = new Map<string, number>();
  if (tables.includes("plans")) {
    const rs = await db.$client.execute("select id, revision from plans order by id");
    for (const r of rs.rows) oldPlans.set(String(r[0]), Number(r[1]));
  }
  if (existingRows > 0 && !options.force) {
    if (oldPlans.size > 0)
      throw new BackupError(
        `復元先のデータベースには計画がすでにあります（${[...oldPlans.keys()].join("、")}）。何も変更していません。上書きするときは --force を付けてください（今あるデータはすべて消えます）。`,
      );
    throw new BackupError(
      `復元先のデータベースにはデータがすでにあります（${existingRows}行）。何も変更していません。上書きするときは --force を付けてください（今あるデータはすべて消えます）。`,
    );
  }

  const statements: InStatement[] = ["pragma defer_foreign_keys = on"];
  if (options.force)
    for (const t of [...order].reverse())
      if ((counts.get(t) ?? 0) > 0) statements.push(`delete from ${quote(t)}`);
  let rows = 0;
  for (const name of order) {
    const t = backup.tables[name];
    if (!t || t.rows.length === 0 || t.columns.length === 0) continue;
    // Multi-row inserts, under SQLite's limit of bound parameters per statement.
    const perStatement = Math.max(1, Math.floor(900 / t.columns.length));
    const columnList = t.columns.map(quote).join(", ");
    const tuple = `(${t.columns.map(() => "?").join(", ")})`;
    for (let i = 0; i < t.rows.length; i += perStatement) {
      const chunk = t.rows.slice(i, i + perStatement);
      statements.push({
        sql: `insert into ${quote(name)} (${columnList}) values ${chunk.map(() => tuple).join(", ")}`,
        args: chunk.flatMap((row) => {
          if (row.length !== t.columns.length)
            throw new BackupError(`バックアップの表「${name}」の行の列数が合いません。`);
          return row.map(decode);
        }),
      });
    }
    rows += t.rows.length;
  }
  for (const [id, revision] of oldPlans)
    statements.push({
      sql: "update plans set revision = max(revision, ?) where id = ?",
      args: [revision + 1, id],
    });
  try {
    await db.$client.batch(statements, "write");
  } catch (err) {
    throw new BackupError(
      `復元できませんでした。データベースは何も変更していません（${err instanceof Error ? err.message : String(err)}）。`,
    );
  }

  const planRows = backup.tables.plans;
  const idCol = planRows?.columns.indexOf("id") ?? -1;
  return {
    tables: Object.keys(backup.tables).length,
    rows,
    plans: idCol >= 0 ? (planRows?.rows.map((r) => String(r[idCol])) ?? []) : [],
    replaced: options.force ? existingRows : 0,
  };
}
