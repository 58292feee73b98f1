/**
 * The durable webhook inbox (`webhook_inbox`): signed LINE events are written here before the webhook
 * answers 200, then claimed, handled and marked by bot/inbox.ts.
 *
 * Claims are single conditional UPDATEs, so they are atomic on the embedded database and on
 * sqld/Turso alike: two processes (or Worker isolates) never handle one event at the same time, and
 * one lane (one LINE user, group or room) is handled one event at a time, in arrival order.
 */
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "./client.ts";
import * as s from "./schema.ts";

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
