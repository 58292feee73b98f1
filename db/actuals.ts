/**
 * Recording actuals (実績) entered in LINE or the LIFF app. Every entry is a new row; a correction
 * is a newer row and the older one stays as history; 取消 marks a row withdrawn and keeps it.
 * Each write bumps the plan's revision in the same batch, so cached plan views see it at once.
 */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { type Period, periodKey } from "../shared/fiscal-year.ts";
import type { Figure } from "../shared/numbers.ts";
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
}

/**
 * Records actuals in one batch (one transaction): all or none.
 * @returns the new rows' ids, in input order.
 */
export async function recordActuals(db: Database, entries: NewActual[]): Promise<number[]> {
  if (entries.length === 0) return [];
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
        reportedBy: e.memberId,
      })
      .returning({ id: s.actuals.id }),
  );
  const [first, ...rest] = inserts;
  if (!first) return [];
  const results = await db.batch([first, ...rest, ...planIds.map((p) => planRevisionBump(db, p))]);
  return results.slice(0, entries.length).map((r) => {
    const row = (r as { id: number }[])[0];
    if (!row) throw new Error("insert returned no id");
    return row.id;
  });
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
    sql`insert into ${s.actuals} (indicator_id, period, fiscal_year, value, decimals, qualifier, raw_text, kind, channel, reported_by)
        select ${entry.indicatorId}, ${period}, ${entry.period.fiscalYear}, ${entry.figure.value}, ${entry.figure.decimals}, ${entry.figure.qualifier}, ${entry.rawText}, ${entry.kind}, ${entry.channel}, ${entry.memberId}
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
 * @returns the withdrawn entry, or null when there is nothing to take back.
 */
export async function withdrawLastActual(
  db: Database,
  memberId: number,
  planId: string,
  now: Date,
): Promise<WithdrawnActual | null> {
  const [last] = await db
    .select({
      id: s.actuals.id,
      indicatorId: s.actuals.indicatorId,
      period: s.actuals.period,
      value: s.actuals.value,
      rawText: s.actuals.rawText,
    })
    .from(s.actuals)
    .where(and(eq(s.actuals.reportedBy, memberId), isNull(s.actuals.withdrawnAt)))
    .orderBy(desc(s.actuals.id))
    .limit(1);
  if (!last) return null;
  await db.batch([
    db.update(s.actuals).set({ withdrawnAt: now }).where(eq(s.actuals.id, last.id)),
    planRevisionBump(db, planId),
  ]);
  return last;
}

/** Stores the reason given for an actual behind its target. */
export async function addActualReason(
  db: Database,
  input: { actualId: number; reason: string; memberId: number | null; channel: Channel },
): Promise<void> {
  await db.insert(s.actualReasons).values({
    actualId: input.actualId,
    reason: input.reason,
    reportedBy: input.memberId,
    channel: input.channel,
  });
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
 * standing (a withdrawn version does not count; a correction keeps the first version's time).
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
      ),
    )
    .groupBy(s.actuals.indicatorId);
  for (const r of rows) out.set(r.indicatorId, Number(r.first) * 1000);
  return out;
}
