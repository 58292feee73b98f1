/**
 * The office's audit log (issue 11): who did what to a plan through the API, and when.
 */
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "./client.ts";
import * as s from "./schema.ts";

export type AuditEntry = typeof s.auditLog.$inferSelect;
export type NewAuditEntry = Omit<typeof s.auditLog.$inferInsert, "id" | "createdAt">;

/** Appends one entry. */
export async function recordAudit(db: DbOrTx, entry: NewAuditEntry): Promise<void> {
  await db.insert(s.auditLog).values(entry);
}

/** A plan's entries, oldest first. */
export async function listAudit(db: DbOrTx, planId: string): Promise<AuditEntry[]> {
  return db
    .select()
    .from(s.auditLog)
    .where(eq(s.auditLog.planId, planId))
    .orderBy(asc(s.auditLog.id));
}
