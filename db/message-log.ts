/**
 * The outbound message log: every send to LINE, or what would have been sent in offline mode.
 */
import { and, desc, gt, gte, inArray, max, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.ts";
import * as s from "./schema.ts";

export type MessageLogEntry = typeof s.messageLog.$inferInsert;
export type MessageLogRow = typeof s.messageLog.$inferSelect;

/** Appends one entry. */
export async function logMessage(db: DbOrTx, entry: MessageLogEntry): Promise<void> {
  await db.insert(s.messageLog).values(entry);
}

/** The newest entries first. */
export async function recentMessages(db: DbOrTx, limit = 50): Promise<MessageLogRow[]> {
  return db.select().from(s.messageLog).orderBy(desc(s.messageLog.id)).limit(limit);
}

/** The id of the newest entry (0 when the log is empty): a mark to read what is sent after it. */
export async function lastMessageLogId(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ id: max(s.messageLog.id) }).from(s.messageLog);
  return Number(row?.id ?? 0);
}

/**
 * Replies and pushes logged after the entry `afterId` that went to `userId` (or to everyone: a
 * broadcast has no recipients), oldest first. `npx shinchoku chat` reads the bot's answers this way.
 */
export async function messagesSentAfter(
  db: DbOrTx,
  afterId: number,
  userId: string,
): Promise<MessageLogRow[]> {
  const rows = await db
    .select()
    .from(s.messageLog)
    .where(and(gt(s.messageLog.id, afterId), inArray(s.messageLog.kind, ["reply", "push"])))
    .orderBy(s.messageLog.id);
  return rows.filter((r) => !r.recipients || r.recipients.includes(userId));
}

/**
 * How many LINE messages the plan's members were sent since `since` (the plan's monthly message
 * budget, issue 12): pushes and multicasts counted per recipient who is a member of the plan (a
 * multicast's count split evenly over its recipients), broadcasts in full (they reach the plan's
 * members too), replies never (free). Offline sends count (they would have been sent); failed
 * ones do not.
 */
export async function messagesUsedByPlan(db: DbOrTx, planId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({
      n: sql<number>`coalesce(sum(case
        when ${s.messageLog.recipients} is null then ${s.messageLog.messageCount}
        else (${s.messageLog.messageCount} / max(json_array_length(${s.messageLog.recipients}), 1))
          * (select count(*) from json_each(${s.messageLog.recipients}) j
             where j.value in (select ${s.members.lineUserId} from ${s.members} where ${s.members.planId} = ${planId}))
      end), 0)`,
    })
    .from(s.messageLog)
    .where(
      and(
        gte(s.messageLog.createdAt, since),
        ne(s.messageLog.kind, "reply"),
        ne(s.messageLog.status, "failed"),
      ),
    );
  return Number(row?.n ?? 0);
}
