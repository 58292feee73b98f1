/**
 * The durable webhook inbox (`webhook_inbox`): signed LINE events are written here before the webhook
 * answers 200, then claimed, handled and marked by bot/inbox.ts.
 *
 * Claims are single conditional UPDATEs, so they are atomic on the embedded database and on
 * sqld/Turso alike: two processes (or Worker isolates) never handle one event at the same time, and
 * one lane (one LINE user, group or room) is handled one event at a time, in arrival order.
 *
 * Every function here takes the *inbox* database (`AppDeps.inboxDb`): on Node with a file database
 * that is a file of its own beside the main one (db/node.ts `openInboxDatabase`), so that a long
 * write transaction on the main file (a plan import) never holds the webhook's enqueue; elsewhere
 * (Workers/Turso, `:memory:`) it is the main database, whose migrations create the same tables.
 */
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "./client.ts";
import * as s from "./schema.ts";

/**
 * The inbox's own schema, for a database that holds only the inbox (the Node server's inbox file,
 * db/node.ts `openInboxDatabase`). The same tables and indexes as migrations 0000 (`webhook_events`)
 * and 0005 (`webhook_inbox`) create in the main database; `IF NOT EXISTS` makes it safe on every
 * start. A change to either table in db/schema.ts must be made here too (tests/bot/inbox-file.test.ts
 * compares the two).
 */
export const INBOX_SCHEMA_SQL = [
  `CREATE TABLE IF NOT EXISTS \`webhook_events\` (
	\`webhook_event_id\` text PRIMARY KEY NOT NULL,
	\`event_type\` text NOT NULL,
	\`created_at\` integer DEFAULT (unixepoch()) NOT NULL
)`,
  `CREATE TABLE IF NOT EXISTS \`webhook_inbox\` (
	\`id\` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	\`webhook_event_id\` text NOT NULL,
	\`event_type\` text NOT NULL,
	\`lane\` text NOT NULL,
	\`payload\` text NOT NULL,
	\`status\` text DEFAULT 'pending' NOT NULL,
	\`attempts\` integer DEFAULT 0 NOT NULL,
	\`lease_until\` integer,
	\`available_at\` integer,
	\`last_error\` text,
	\`answered_by\` text,
	\`created_at\` integer DEFAULT (unixepoch()) NOT NULL,
	\`handled_at\` integer
)`,
  "CREATE UNIQUE INDEX IF NOT EXISTS `webhook_inbox_webhook_event_id_unique` ON `webhook_inbox` (`webhook_event_id`)",
  "CREATE INDEX IF NOT EXISTS `webhook_inbox_lane` ON `webhook_inbox` (`lane`,`status`)",
  "CREATE INDEX IF NOT EXISTS `webhook_inbox_status` ON `webhook_inbox` (`status`)",
];

/** Creates the inbox tables in a database of their own when they are missing (see {@link INBOX_SCHEMA_SQL}). */
export async function ensureInboxSchema(db: Database): Promise<void> {
  await db.$client.batch(INBOX_SCHEMA_SQL, "write");
}

/**
 * Moves what the main database's inbox tables hold into the inbox database: the events not yet
 * done (with their ids, so each lane keeps its order, their attempts and `answered_by`) and the
 * dedupe ledger. Run at start, before any event is taken in, when the inbox gets a file of its own
 * (an upgrade, or a file deleted by hand): nothing acknowledged before is lost or handled twice.
 * Copy first, then delete: a kill between the two copies again on the next start, and the copies
 * are ignored (same ids).
 * @returns how many unfinished events and ledger ids were moved.
 */
export async function adoptInboxRows(
  from: Database,
  to: Database,
): Promise<{ events: number; ledger: number }> {
  const inbox = await from.$client.execute(
    "select id, webhook_event_id, event_type, lane, payload, status, attempts, lease_until, available_at, last_error, answered_by, created_at, handled_at from webhook_inbox where status in ('pending', 'running') order by id",
  );
  const ledger = await from.$client.execute(
    "select webhook_event_id, event_type, created_at from webhook_events",
  );
  if (inbox.rows.length === 0 && ledger.rows.length === 0) return { events: 0, ledger: 0 };
  await to.$client.batch(
    [
      ...ledger.rows.map((r) => ({
        sql: "insert or ignore into webhook_events (webhook_event_id, event_type, created_at) values (?, ?, ?)",
        args: [r[0] ?? null, r[1] ?? null, r[2] ?? null],
      })),
      ...inbox.rows.map((r) => ({
        sql: "insert or ignore into webhook_inbox (id, webhook_event_id, event_type, lane, payload, status, attempts, lease_until, available_at, last_error, answered_by, created_at, handled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        args: Array.from({ length: 13 }, (_, i) => r[i] ?? null),
      })),
    ],
    "write",
  );
  await from.$client.batch(["delete from webhook_inbox", "delete from webhook_events"], "write");
  return { events: inbox.rows.length, ledger: ledger.rows.length };
}

/** An event as the inbox stores it. */
export interface InboxEventInput {
  webhookEventId: string;
  eventType: string;
  lane: string;
  /** The event object as LINE sent it. */
  payload: unknown;
}

/** A claimed inbox row. */
export interface InboxRow {
  id: number;
  webhookEventId: string;
  eventType: string;
  lane: string;
  payload: unknown;
  /** Attempts including this one: above 1 means an earlier attempt was interrupted or failed. */
  attempts: number;
  receivedAt: Date;
  /** How an earlier attempt began to answer, if it did. */
  answeredBy: "reply" | "push" | null;
}

/**
 * Writes events to the inbox in one atomic batch, together with the `webhook_events` dedupe ledger:
 * an event whose `webhookEventId` is already in either is not inserted again (a redelivery).
 * @returns the lanes that received new events, in first-arrival order, and how many were new.
 */
export async function enqueueWebhookEvents(
  db: Database,
  events: InboxEventInput[],
): Promise<{ lanes: string[]; inserted: number }> {
  const statements = events.flatMap((event) => [
    // Not if the ledger has the id: a redelivery of an event handled before the inbox existed.
    // (SQLite needs the WHERE clause for ON CONFLICT after INSERT … SELECT.)
    db.all<{ lane: string }>(sql`
      insert into ${s.webhookInbox} (webhook_event_id, event_type, lane, payload)
      select ${event.webhookEventId}, ${event.eventType}, ${event.lane}, ${JSON.stringify(event.payload)}
      where not exists (
        select 1 from ${s.webhookEvents} where webhook_event_id = ${event.webhookEventId}
      )
      on conflict do nothing
      returning lane`),
    db
      .insert(s.webhookEvents)
      .values({ webhookEventId: event.webhookEventId, eventType: event.eventType })
      .onConflictDoNothing(),
  ]);
  const [first, ...rest] = statements;
  if (!first) return { lanes: [], inserted: 0 };
  const results = await db.batch([first, ...rest]);
  const lanes: string[] = [];
  let inserted = 0;
  for (let i = 0; i < results.length; i += 2) {
    for (const row of results[i] as { lane: string }[]) {
      inserted++;
      if (!lanes.includes(row.lane)) lanes.push(row.lane);
    }
  }
  return { lanes, inserted };
}

/**
 * Claims the oldest unfinished event of `lane`, if it may be handled now: pending (and past its
 * back-off), or running under a lease that has passed. An earlier unfinished event blocks the lane,
 * which keeps one user's events in order.
 * @param leaseSeconds how long the claim holds before another handler may take the event over.
 * @returns the claimed row, or null when the lane is empty, busy or waiting.
 */
export async function claimLaneHead(
  db: DbOrTx,
  lane: string,
  now: Date,
  leaseSeconds: number,
): Promise<InboxRow | null> {
  const t = s.webhookInbox;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const head = db
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.lane, lane), inArray(t.status, ["pending", "running"])))
    .orderBy(asc(t.id))
    .limit(1);
  const rows = await db
    .update(t)
    .set({
      status: "running",
      attempts: sql`${t.attempts} + 1`,
      leaseUntil: new Date((nowSeconds + leaseSeconds) * 1000),
    })
    .where(
      and(
        sql`${t.id} = (${head})`,
        or(
          and(eq(t.status, "pending"), or(isNull(t.availableAt), lte(t.availableAt, now))),
          and(eq(t.status, "running"), lte(t.leaseUntil, now)),
        ),
      ),
    )
    .returning({
      id: t.id,
      webhookEventId: t.webhookEventId,
      eventType: t.eventType,
      lane: t.lane,
      payload: t.payload,
      attempts: t.attempts,
      receivedAt: t.receivedAt,
      answeredBy: t.answeredBy,
    });
  return rows[0] ?? null;
}

/** Marks a claimed event handled. */
export async function markInboxDone(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db
    .update(s.webhookInbox)
    .set({ status: "done", handledAt: now, leaseUntil: null, lastError: null })
    .where(eq(s.webhookInbox.id, id));
}

/** Notes, before the send, how an attempt answers (see `webhook_inbox.answered_by`). */
export async function markInboxAnswering(
  db: DbOrTx,
  id: number,
  answeredBy: "reply" | "push",
): Promise<void> {
  await db.update(s.webhookInbox).set({ answeredBy }).where(eq(s.webhookInbox.id, id));
}

/**
 * Records a failed attempt: back to `pending` until `retryAt`, or `failed` for good when `retryAt` is
 * null (the attempts are used up).
 */
export async function markInboxFailed(
  db: DbOrTx,
  id: number,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db
    .update(s.webhookInbox)
    .set(
      retryAt
        ? { status: "pending", availableAt: retryAt, leaseUntil: null, lastError: error }
        : { status: "failed", leaseUntil: null, lastError: error },
    )
    .where(eq(s.webhookInbox.id, id));
}

/**
 * Lanes whose oldest unfinished event could be claimed now (pending and past its back-off, or
 * running with a lapsed lease), oldest first.
 */
export async function lanesWithWork(db: DbOrTx, now: Date, limit = 1000): Promise<string[]> {
  const t = s.webhookInbox;
  const rows = await db
    .select({ lane: t.lane, first: sql<number>`min(${t.id})` })
    .from(t)
    .where(
      or(
        and(eq(t.status, "pending"), or(isNull(t.availableAt), lte(t.availableAt, now))),
        and(eq(t.status, "running"), lte(t.leaseUntil, now)),
      ),
    )
    .groupBy(t.lane)
    .orderBy(sql`min(${t.id})`)
    .limit(limit);
  return rows.map((r) => r.lane);
}

/**
 * Releases every `running` claim at once. Only for a process that knows it is the database's only
 * event handler (the Node server on its embedded file), at start: the claims are its own previous
 * run's, cut off by a crash or SIGKILL.
 * @returns how many events were released.
 */
export async function releaseInboxClaims(db: DbOrTx): Promise<number> {
  const result = await db
    .update(s.webhookInbox)
    .set({ status: "pending", leaseUntil: null })
    .where(eq(s.webhookInbox.status, "running"));
  return result.rowsAffected;
}

/** Counts of inbox rows by status (for logs, tests and the benchmark). */
export async function inboxCounts(
  db: DbOrTx,
): Promise<Record<"pending" | "running" | "done" | "failed", number>> {
  const rows = await db
    .select({ status: s.webhookInbox.status, n: sql<number>`count(*)` })
    .from(s.webhookInbox)
    .groupBy(s.webhookInbox.status);
  const counts = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/**
 * Deletes finished (done or failed) inbox rows received before `before`. The dedupe ledger
 * (`webhook_events`) keeps the ids for the redelivery window on its own.
 */
export async function pruneWebhookInbox(db: DbOrTx, before: Date): Promise<number> {
  const t = s.webhookInbox;
  const result = await db
    .delete(t)
    .where(and(inArray(t.status, ["done", "failed"]), lt(t.receivedAt, before)));
  return result.rowsAffected;
}

/** What `npx shinchoku doctor` reports about an inbox database (see {@link inboxHealth}). */
export interface InboxHealth {
  /** The inbox tables missing from the database (`webhook_inbox`, `webhook_events`); empty when both are there. */
  missingTables: string[];
  /** Events not yet handled (`pending` or `running`). */
  unfinished: number;
  /** When the oldest unfinished event was received; null when there is none. */
  oldestUnfinishedAt: Date | null;
  /** Events given up after their last attempt (`failed`), still kept (pruned with the done ones). */
  failed: number;
}

/**
 * Reads the inbox's state for a health check, writing nothing: whether its tables exist, and the
 * unfinished and failed events. When a table is missing the counts are 0.
 * @throws when the database cannot be read (not a database file, unreachable).
 */
export async function inboxHealth(db: Database): Promise<InboxHealth> {
  const tables = await db.$client.execute(
    "select name from sqlite_master where type = 'table' and name in ('webhook_inbox', 'webhook_events')",
  );
  const present = new Set(tables.rows.map((r) => String(r[0])));
  const missingTables = ["webhook_inbox", "webhook_events"].filter((t) => !present.has(t));
  if (!present.has("webhook_inbox"))
    return { missingTables, unfinished: 0, oldestUnfinishedAt: null, failed: 0 };
  const t = s.webhookInbox;
  const [row] = await db
    .select({
      unfinished: sql<number>`count(*) filter (where ${t.status} in ('pending', 'running'))`,
      oldest: sql<
        number | null
      >`min(${t.receivedAt}) filter (where ${t.status} in ('pending', 'running'))`,
      failed: sql<number>`count(*) filter (where ${t.status} = 'failed')`,
    })
    .from(t);
  return {
    missingTables,
    unfinished: Number(row?.unfinished ?? 0),
    oldestUnfinishedAt: row?.oldest == null ? null : new Date(Number(row.oldest) * 1000),
    failed: Number(row?.failed ?? 0),
  };
}
