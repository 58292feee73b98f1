/**
 * Reminder cycles in the database: settings, cycles, deliveries (one row per push, written before
 * it is sent), and the chat state of members answering.
 *
 * Query counts do not grow with the number of leads: deliveries are inserted and updated in
 * batches, and the due indicators come from the cached plan view.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "./client.ts";
import * as s from "./schema.ts";

export type ReminderSettings = typeof s.reminderSettings.$inferSelect;
export type ReminderCycle = typeof s.reminderCycles.$inferSelect;
export type Delivery = typeof s.reminderDeliveries.$inferSelect;

export async function getReminderSettings(
  db: DbOrTx,
  planId: string,
): Promise<ReminderSettings | null> {
  const [row] = await db
    .select()
    .from(s.reminderSettings)
    .where(eq(s.reminderSettings.planId, planId));
  return row ?? null;
}

/** Every plan's settings, enabled ones only. */
export async function listEnabledReminderSettings(db: DbOrTx): Promise<ReminderSettings[]> {
  return db.select().from(s.reminderSettings).where(eq(s.reminderSettings.enabled, true));
}

export async function setReminderSettings(
  db: DbOrTx,
  planId: string,
  settings: Omit<typeof s.reminderSettings.$inferInsert, "planId" | "updatedAt">,
): Promise<ReminderSettings> {
  const values = { ...settings, updatedAt: new Date() };
  const [row] = await db
    .insert(s.reminderSettings)
    .values({ planId, ...values })
    .onConflictDoUpdate({ target: s.reminderSettings.planId, set: values })
    .returning();
  if (!row) throw new Error("settings not saved");
  return row;
}

/** The cycle of a plan and month, created if it does not exist yet. */
export async function getOrCreateCycle(
  db: DbOrTx,
  input: {
    planId: string;
    cycleMonth: string;
    period: string;
    fiscalYear: number;
    kind: "interim" | "official";
    /** The scheduler's clock: follow-ups are timed from it. */
    createdAt: Date;
    /** 提出期限 (bot/reminders/reporting.ts `deadlineFor`). */
    deadlineAt?: Date;
  },
): Promise<{ cycle: ReminderCycle; created: boolean }> {
  const inserted = await db
    .insert(s.reminderCycles)
    .values({ ...input, status: "sending" })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { cycle: inserted[0], created: true };
  const [cycle] = await db
    .select()
    .from(s.reminderCycles)
    .where(
      and(
        eq(s.reminderCycles.planId, input.planId),
        eq(s.reminderCycles.cycleMonth, input.cycleMonth),
      ),
    );
  if (!cycle) throw new Error("cycle vanished");
  return { cycle, created: false };
}

/** Cycles still sending (after a crash, a 429 stop, or a Workers batch limit). */
export async function listOpenCycles(db: DbOrTx): Promise<ReminderCycle[]> {
  return db.select().from(s.reminderCycles).where(eq(s.reminderCycles.status, "sending"));
}

/** Cycles that may still need a follow-up. */
export async function listCyclesAwaitingFollowUp(
  db: DbOrTx,
  planId: string,
): Promise<ReminderCycle[]> {
  return db
    .select()
    .from(s.reminderCycles)
    .where(
      and(
        eq(s.reminderCycles.planId, planId),
        eq(s.reminderCycles.status, "done"),
        sql`${s.reminderCycles.followUpAt} is null`,
      ),
    );
}

/** A plan's finished cycles whose 提出期限 has passed and whose 課長 have not been told yet. */
export async function listCyclesPastDeadline(
  db: DbOrTx,
  planId: string,
  now: Date,
): Promise<ReminderCycle[]> {
  return db
    .select()
    .from(s.reminderCycles)
    .where(
      and(
        eq(s.reminderCycles.planId, planId),
        eq(s.reminderCycles.status, "done"),
        lte(s.reminderCycles.deadlineAt, now),
        isNull(s.reminderCycles.managerEscalatedAt),
      ),
    );
}

export async function updateCycle(
  db: DbOrTx,
  id: number,
  patch: Partial<typeof s.reminderCycles.$inferInsert>,
) {
  await db.update(s.reminderCycles).set(patch).where(eq(s.reminderCycles.id, id));
}

const INSERT_CHUNK = 200;

/** Inserts deliveries that do not exist yet (same cycle, member and kind): idempotent. */
export async function insertDeliveries(
  db: Database,
  rows: {
    cycleId: number;
    memberId: number;
    kind: Delivery["kind"];
    items: number[];
    retryKey: string;
  }[],
): Promise<void> {
  const statements = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    statements.push(
      db
        .insert(s.reminderDeliveries)
        .values(rows.slice(i, i + INSERT_CHUNK).map((r) => ({ ...r, status: "pending" as const })))
        .onConflictDoNothing(),
    );
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

export interface PendingDelivery extends Delivery {
  lineUserId: string;
}

/** Deliveries of a cycle not sent yet, with the member's LINE userId. */
export async function pendingDeliveries(
  db: DbOrTx,
  cycleId: number,
  kind: Delivery["kind"],
): Promise<PendingDelivery[]> {
  const rows = await db.query.reminderDeliveries.findMany({
    where: (d) => and(eq(d.cycleId, cycleId), eq(d.kind, kind), eq(d.status, "pending")),
    with: { member: { columns: { lineUserId: true } } },
    orderBy: (d) => asc(d.id),
  });
  return rows.map(({ member, ...d }) => ({ ...d, lineUserId: member.lineUserId }));
}

/** All deliveries of a cycle of one kind. */
export async function cycleDeliveries(
  db: DbOrTx,
  cycleId: number,
  kind: Delivery["kind"],
): Promise<Delivery[]> {
  return db
    .select()
    .from(s.reminderDeliveries)
    .where(and(eq(s.reminderDeliveries.cycleId, cycleId), eq(s.reminderDeliveries.kind, kind)));
}

export type DeliveryUpdate = { id: number } & Partial<
  Pick<Delivery, "status" | "attempts" | "httpStatus" | "lineRequestId" | "error" | "sentAt">
>;

/**
 * Writes the outcome of a run of pushes in one batch: the delivery updates and the message-log
 * entries of the sends.
 */
export async function saveSendResults(
  db: Database,
  updates: DeliveryUpdate[],
  logEntries: (typeof s.messageLog.$inferInsert)[] = [],
): Promise<void> {
  const statements = [
    ...updates.map(({ id, ...patch }) =>
      db.update(s.reminderDeliveries).set(patch).where(eq(s.reminderDeliveries.id, id)),
    ),
    ...chunk(logEntries, INSERT_CHUNK).map((rows) => db.insert(s.messageLog).values(rows)),
  ];
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The member's latest sent reminder or follow-up, with its cycle: what a reply answers. */
export async function latestDeliveryFor(
  db: DbOrTx,
  memberId: number,
): Promise<{ delivery: Delivery; cycle: ReminderCycle } | null> {
  const [row] = await db
    .select({ delivery: s.reminderDeliveries, cycle: s.reminderCycles })
    .from(s.reminderDeliveries)
    .innerJoin(s.reminderCycles, eq(s.reminderCycles.id, s.reminderDeliveries.cycleId))
    .where(
      and(
        eq(s.reminderDeliveries.memberId, memberId),
        eq(s.reminderDeliveries.status, "sent"),
        inArray(s.reminderDeliveries.kind, ["reminder", "follow_up"]),
      ),
    )
    .orderBy(desc(s.reminderCycles.id), desc(s.reminderDeliveries.id))
    .limit(1);
  return row ?? null;
}

/** What the bot waits for from a member. */
export type ChatState =
  | { kind: "focus"; indicatorId: number; cycleId: number }
  | {
      kind: "confirm";
      cycleId: number;
      values: {
        indicatorId: number;
        decimal: string;
        /** Digits after the point as typed (`98.40` → 2). */
        decimals?: number;
        /**
         * The same, under its old name: a confirmation stored before the rename (it lives 30
         * minutes) still reads. New states write `decimals` only.
         */
        scale?: number;
        qualifier: string | null;
        text: string;
      }[];
    }
  | { kind: "reason"; actualIds: number[] }
  /** A 課長 or office member tapped 差し戻し: the reason for returning these 実績 (issue 12 §4). */
  | { kind: "return_comment"; actualIds: number[] };

export async function getChatState(
  db: DbOrTx,
  memberId: number,
  now: Date,
): Promise<ChatState | null> {
  const [row] = await db.select().from(s.chatStates).where(eq(s.chatStates.memberId, memberId));
  if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
  return row.state as ChatState;
}

/** Sets the member's chat state for `ttlMinutes` (a forgotten question must not catch a later message). */
export async function setChatState(
  db: DbOrTx,
  memberId: number,
  state: ChatState,
  now: Date,
  ttlMinutes = 60,
) {
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000);
  await db
    .insert(s.chatStates)
    .values({ memberId, state, expiresAt })
    .onConflictDoUpdate({ target: s.chatStates.memberId, set: { state, expiresAt } });
}

export async function clearChatState(db: DbOrTx, memberId: number) {
  await db.delete(s.chatStates).where(eq(s.chatStates.memberId, memberId));
}

/** The plan's most recent cycle, or null. */
export async function latestCycle(db: DbOrTx, planId: string): Promise<ReminderCycle | null> {
  const [row] = await db
    .select()
    .from(s.reminderCycles)
    .where(eq(s.reminderCycles.planId, planId))
    .orderBy(desc(s.reminderCycles.id))
    .limit(1);
  return row ?? null;
}

/** A plan's cycles, oldest first, optionally between two cycle months (`2024-04`, inclusive). */
export async function listCycles(
  db: DbOrTx,
  planId: string,
  range: { from?: string; to?: string } = {},
): Promise<ReminderCycle[]> {
  return db
    .select()
    .from(s.reminderCycles)
    .where(
      and(
        eq(s.reminderCycles.planId, planId),
        range.from ? gte(s.reminderCycles.cycleMonth, range.from) : undefined,
        range.to ? lte(s.reminderCycles.cycleMonth, range.to) : undefined,
      ),
    )
    .orderBy(asc(s.reminderCycles.cycleMonth));
}
