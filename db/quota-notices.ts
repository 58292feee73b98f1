/**
 * Reminder cycles stopped by LINE's monthly limit (429), and which office members have been told.
 *
 * A stop is told to each office member once, in their next reply (replies are free). That is written
 * down as a `reminder_deliveries` row of kind `limit_notice` (sent with the reply, not pushed), so the
 * unique (cycle, member, kind) index makes the claim atomic: two replies at once tell it once. A
 * resumed cycle forgets these rows, so that a second stop is told again.
 */
import { and, count, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "./client.ts";
import type { ReminderCycle } from "./reminders.ts";
import * as s from "./schema.ts";

export interface StoppedCycle {
  cycle: ReminderCycle;
  /** Reminders LINE accepted before the stop. */
  sent: number;
  /** Reminders not sent yet: they go out when the cycle is resumed. */
  waiting: number;
}

/** The plans' cycles stopped by the monthly limit, with what was sent and what waits. */
export async function listStoppedCycles(db: DbOrTx, planIds: string[]): Promise<StoppedCycle[]> {
  if (planIds.length === 0) return [];
  const cycles = await db
    .select()
    .from(s.reminderCycles)
    .where(and(inArray(s.reminderCycles.planId, planIds), eq(s.reminderCycles.status, "stopped")))
    .orderBy(s.reminderCycles.id);
  if (cycles.length === 0) return [];
  const counts = await db
    .select({
      cycleId: s.reminderDeliveries.cycleId,
      status: s.reminderDeliveries.status,
      n: count(),
    })
    .from(s.reminderDeliveries)
    .where(
      and(
        inArray(
          s.reminderDeliveries.cycleId,
          cycles.map((c) => c.id),
        ),
        eq(s.reminderDeliveries.kind, "reminder"),
      ),
    )
    .groupBy(s.reminderDeliveries.cycleId, s.reminderDeliveries.status);
  const n = (cycleId: number, status: "sent" | "pending") =>
    counts.find((c) => c.cycleId === cycleId && c.status === status)?.n ?? 0;
  return cycles.map((cycle) => ({
    cycle,
    sent: n(cycle.id, "sent"),
    waiting: n(cycle.id, "pending"),
  }));
}

/**
 * Claims the notice of a stopped cycle for one office member: true the first time (tell them now),
 * false when they were told already.
 */
export async function claimLimitNotice(
  db: DbOrTx,
  cycleId: number,
  memberId: number,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .insert(s.reminderDeliveries)
    .values({
      cycleId,
      memberId,
      kind: "limit_notice",
      items: [],
      // Not a push: the notice rides on a reply, which has no retry key. Kept unique all the same.
      retryKey: crypto.randomUUID(),
      status: "sent",
      attempts: 1,
      sentAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: s.reminderDeliveries.id });
  return rows.length > 0;
}

/** Forgets who was told of a cycle's stop (on resume), so that a later stop is told again. */
export async function clearLimitNotices(db: DbOrTx, cycleId: number): Promise<void> {
  await db
    .delete(s.reminderDeliveries)
    .where(
      and(eq(s.reminderDeliveries.cycleId, cycleId), eq(s.reminderDeliveries.kind, "limit_notice")),
    );
}
