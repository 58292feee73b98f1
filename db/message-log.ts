/**
 * The outbound message log: every send to LINE, or what would have been sent in offline mode.
 */
import { and, desc, gt, inArray, max } from "drizzle-orm";
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
