/**
 * The outbound message log: every send to LINE, or what would have been sent in offline mode.
 */
import { desc } from "drizzle-orm";
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
