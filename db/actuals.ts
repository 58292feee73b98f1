/**
 * Recording actuals (実績) entered in LINE or the LIFF app. Every entry is a new row; a correction
 * is a newer row and the older one stays as history; 取消 marks a row withdrawn and keeps it.
 * Each write bumps the plan's revision in the same batch, so cached plan views see it at once.
 */
import { and, desc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { ApprovalState } from "../shared/approval.ts";
import { type Period, periodKey } from "../shared/fiscal-year.ts";
import type { Figure } from "../shared/numbers.ts";
import { writtenSource } from "../shared/provenance.ts";
import type { Database, DbOrTx } from "./client.ts";
import { planRevisionBump } from "./plans.ts";
import type { Channel } from "./schema.ts";
import * as s from "./schema.ts";

export interface NewActual {
  planId: string;
  indicatorId: number;
  period: Period;
  kind: "official" | "interim";
  figure: Figure;
  rawText: string | null;
  channel: Channel;
  memberId: number | null;
  /**
   * The LINE webhook event that records it (null or omitted: the LIFF app, the API, an import).
   * With one, the entry is written at most once per indicator: see {@link recordActuals}.
   */
  webhookEventId?: string | null;
  /** `submitted` when the entry needs approval (shared/approval.ts needsApproval); else none. */
  approval?: ApprovalState | null;
  /**
   * When it was entered; omitted: the database's clock. The reporting rate counts a figure from
   * this time (on time or late), so a caller with its own clock (the demo generator) passes it.
   */
  createdAt?: Date;
}

/**
 * Records actuals in one batch (one transaction): all or none.
 *
 * An entry with a `webhookEventId` that already recorded an actual for the same indicator is not
 * written again (`on conflict do nothing` against the unique index `actuals_webhook_event`): the
 * inbox may run an event's handler again after a kill between this write and `done`
 * (docs/reliability.md §1). Its id is then the earlier row's.
 * @returns the rows' ids in input order, and how many of them were written now (fewer than the
 * entries only when an event is handled again).
 */
export async function recordActuals(
  db: Database,
  entries: NewActual[],
): Promise<{ ids: number[]; inserted: number }> {
  if (entries.length === 0) return { ids: [], inserted: 0 };
  const planIds = [...new Set(entries.map((e) => e.planId))];
  const inserts = entries.map((e) =>
    db
      .insert(s.actuals)
      .values({
        indicatorId: e.indicatorId,
        period: periodKey(e.period),
        fiscalYear: e.period.fiscalYear,
        value: e.figure.value,
        decimals: e.figure.decimals,
        qualifier: e.figure.qualifier,
        rawText: e.rawText,
        kind: e.kind,
        channel: e.channel,
        source: writtenSource(e.channel),
        reportedBy: e.memberId,
        webhookEventId: e.webhookEventId ?? null,
        approval: e.approval ?? null,
        ...(e.createdAt ? { createdAt: e.createdAt } : {}),
      })
      .onConflictDoNothing()
      .returning({ id: s.actuals.id }),
  );
  const [first, ...rest] = inserts;
  if (!first) return { ids: [], inserted: 0 };
  const results = await db.batch([first, ...rest, ...planIds.map((p) => planRevisionBump(db, p))]);
  const ids: number[] = [];
  let inserted = 0;
  for (const [i, r] of results.slice(0, entries.length).entries()) {
    const row = (r as { id: number }[])[0];
    if (row) {
      ids.push(row.id);
      inserted++;
      continue;
    }
    const entry = entries[i];
    const earlier = entry?.webhookEventId
      ? (
          await db
            .select({ id: s.actuals.id })
            .from(s.actuals)
            .where(
              and(
                eq(s.actuals.webhookEventId, entry.webhookEventId),
                eq(s.actuals.indicatorId, entry.indicatorId),
              ),
            )
        )[0]
      : undefined;
    if (!earlier) throw new Error("insert returned no id");
    ids.push(earlier.id);
  }
  return { ids, inserted };
}

/** An actual as a webhook event recorded it (see {@link actualsRecordedByEvent}). */
export interface EventActual {
  id: number;
  indicatorId: number;
  period: string;
  kind: "official" | "interim";
  value: number | null;
  decimals: number;
  qualifier: string | null;
  rawText: string | null;
  /** `submitted` when it was recorded awaiting approval (issue 12 §4). */
  approval: ApprovalState | null;
}

/**
 * The actuals a LINE webhook event recorded, in the order written; empty when it recorded none.
 * Used when the inbox handles an event again, to answer as the first attempt did.
 */
export async function actualsRecordedByEvent(
  db: Database,
  webhookEventId: string,
): Promise<EventActual[]> {
  return db
    .select({
      id: s.actuals.id,
      indicatorId: s.actuals.indicatorId,
      period: s.actuals.period,
      kind: s.actuals.kind,
      value: s.actuals.value,
      decimals: s.actuals.decimals,
      qualifier: s.actuals.qualifier,
      rawText: s.actuals.rawText,
      approval: s.actuals.approval,
    })
    .from(s.actuals)
    .where(eq(s.actuals.webhookEventId, webhookEventId))
    .orderBy(s.actuals.id);
}

export type CorrectionResult = { ok: true; id: number } | { ok: false; conflict: true };

/**
 * Records one actual from the LIFF app as a correction of `baseId`: the entry the client saw as the
 * current one for its indicator, period and kind (null: it saw none). The check is one conditional
 * INSERT … SELECT … WHERE, so the database decides atomically: of concurrent corrections with the same
 * `baseId` (several Worker isolates on sqld/Turso, or Node processes on one file) exactly one is
 * written and the others get `conflict` and write nothing. "Current" is the plan view's rule (db/
 * plans.ts): the newest entry for the indicator, period and kind that is not withdrawn.
 */
export async function recordActualCorrection(
  db: Database,
  entry: NewActual,
  baseId: number | null,
): Promise<CorrectionResult> {
  const period = periodKey(entry.period);
  const insert = db.run(
    sql`insert into ${s.actuals} (indicator_id, period, fiscal_year, value, decimals, qualifier, raw_text, kind, channel, source, reported_by, approval)
        select ${entry.indicatorId}, ${period}, ${entry.period.fiscalYear}, ${entry.figure.value}, ${entry.figure.decimals}, ${entry.figure.qualifier}, ${entry.rawText}, ${entry.kind}, ${entry.channel}, ${writtenSource(entry.channel)}, ${entry.memberId}, ${entry.approval ?? null}
        where (select max(id) from ${s.actuals} where indicator_id = ${entry.indicatorId} and period = ${period} and kind = ${entry.kind} and withdrawn_at is null) is ${baseId}
        returning id`,
  );
  const [result] = await db.batch([insert, planRevisionBump(db, entry.planId)]);
  const id = (result as { rows: { id?: unknown }[] }).rows[0]?.id;
  if (id === undefined || id === null) return { ok: false, conflict: true };
  return { ok: true, id: Number(id) };
}

export interface WithdrawnActual {
  id: number;
  indicatorId: number;
  period: string;
  value: number | null;
  rawText: string | null;
}

/**
 * Withdraws the member's most recent entry that is not withdrawn yet (取消).
 *
 * With `webhookEventId` (取消 sent in LINE) the withdrawal is noted with the event, and an event
 * that already withdrew an entry withdraws nothing more and returns that entry: the inbox may run
 * the event's handler again after a kill (docs/reliability.md §1), and a second run must not take
 * back the entry before it. The unique index `actuals_withdrawn_event` holds this in the database.
 * @returns the withdrawn entry, or null when there is nothing to take back.
 */
export async function withdrawLastActual(
  db: Database,
  memberId: number,
  planId: string,
  now: Date,
  webhookEventId?: string | null,
): Promise<WithdrawnActual | null> {
  const columns = {
    id: s.actuals.id,
    indicatorId: s.actuals.indicatorId,
    period: s.actuals.period,
    value: s.actuals.value,
    rawText: s.actuals.rawText,
  };
  if (webhookEventId) {
    const [earlier] = await db
      .select(columns)
      .from(s.actuals)
      .where(eq(s.actuals.withdrawnEventId, webhookEventId));
    if (earlier) return earlier;
  }
  const [last] = await db
    .select(columns)
    .from(s.actuals)
    .where(and(eq(s.actuals.reportedBy, memberId), isNull(s.actuals.withdrawnAt)))
    .orderBy(desc(s.actuals.id))
    .limit(1);
  if (!last) return null;
  await db.batch([
    db
      .update(s.actuals)
      .set({ withdrawnAt: now, withdrawnEventId: webhookEventId ?? null })
      .where(eq(s.actuals.id, last.id)),
    planRevisionBump(db, planId),
  ]);
  return last;
}

/**
 * Stores the reason given for an actual behind its target. A reason with a `webhookEventId` is
 * stored at most once per actual (unique index `actual_reasons_webhook_event`): an event handled
 * again after a kill does not store it twice.
 */
export async function addActualReason(
  db: Database,
  input: {
    actualId: number;
    reason: string;
    memberId: number | null;
    channel: Channel;
    webhookEventId?: string | null;
  },
): Promise<void> {
  await db
    .insert(s.actualReasons)
    .values({
      actualId: input.actualId,
      reason: input.reason,
      reportedBy: input.memberId,
      channel: input.channel,
      webhookEventId: input.webhookEventId ?? null,
    })
    .onConflictDoNothing();
}

/** How many reasons a LINE webhook event stored (0: none). */
export async function reasonsStoredByEvent(db: Database, webhookEventId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(s.actualReasons)
    .where(eq(s.actualReasons.webhookEventId, webhookEventId));
  return Number(row?.n ?? 0);
}

/**
 * Withdraws one entry (取消 from the LIFF app); the row stays as history.
 * @returns false when it was already withdrawn.
 */
export async function withdrawActual(
  db: Database,
  actualId: number,
  planId: string,
  now: Date,
): Promise<boolean> {
  const [result] = await db.batch([
    db
      .update(s.actuals)
      .set({ withdrawnAt: now })
      .where(and(eq(s.actuals.id, actualId), isNull(s.actuals.withdrawnAt))),
    planRevisionBump(db, planId),
  ]);
  return (result as { rowsAffected: number }).rowsAffected > 0;
}

/**
 * When each indicator's figure for a period and kind first came in, among the versions still
 * standing (a withdrawn version does not count; a correction keeps the first version's time). A
 * version returned by its approver (差し戻し, issue 12 §4) does not count either: the figure is owed
 * again, and counts from its resubmission.
 * @returns indicator id → unix ms; indicators with nothing standing are absent.
 */
export async function firstReportedAt(
  db: DbOrTx,
  indicatorIds: number[],
  period: string,
  kind: "interim" | "official",
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (indicatorIds.length === 0) return out;
  const rows = await db
    .select({
      indicatorId: s.actuals.indicatorId,
      first: sql<number>`min(${s.actuals.createdAt})`,
    })
    .from(s.actuals)
    .where(
      and(
        inArray(s.actuals.indicatorId, indicatorIds),
        eq(s.actuals.period, period),
        eq(s.actuals.kind, kind),
        isNull(s.actuals.withdrawnAt),
        or(isNull(s.actuals.approval), ne(s.actuals.approval, "returned")),
      ),
    )
    .groupBy(s.actuals.indicatorId);
  for (const r of rows) out.set(r.indicatorId, Number(r.first) * 1000);
  return out;
}

/**
 * Approves or returns (差し戻し) submitted official 実績 (issue 12 §4). Each row changes only while it
 * is still `submitted` and not withdrawn, in one batch with the plan's revision bump, so of two
 * approvers deciding at once exactly one decision is kept.
 * @param input.comment the reason of a return (required by the use case), or a note.
 * @returns the ids that were decided now (a row already decided or withdrawn is left out).
 */
export async function decideApproval(
  db: Database,
  input: {
    planId: string;
    actualIds: number[];
    decision: "approved" | "returned";
    memberId: number;
    comment: string | null;
    now: Date;
  },
): Promise<number[]> {
  if (input.actualIds.length === 0) return [];
  const [updated] = await db.batch([
    db
      .update(s.actuals)
      .set({
        approval: input.decision,
        decidedBy: input.memberId,
        decidedAt: input.now,
        decisionComment: input.comment,
      })
      .where(
        and(
          inArray(s.actuals.id, input.actualIds),
          eq(s.actuals.approval, "submitted"),
          isNull(s.actuals.withdrawnAt),
        ),
      )
      .returning({ id: s.actuals.id }),
    planRevisionBump(db, input.planId),
  ]);
  return (updated as { id: number }[]).map((r) => r.id);
}

/** The approval state of each of these actuals, with who decided and why (ids not found are absent). */
export async function approvalDecisions(
  db: DbOrTx,
  actualIds: number[],
): Promise<
  {
    id: number;
    approval: ApprovalState | null;
    decidedBy: number | null;
    decisionComment: string | null;
  }[]
> {
  if (actualIds.length === 0) return [];
  return db
    .select({
      id: s.actuals.id,
      approval: s.actuals.approval,
      decidedBy: s.actuals.decidedBy,
      decisionComment: s.actuals.decisionComment,
    })
    .from(s.actuals)
    .where(inArray(s.actuals.id, actualIds));
}
