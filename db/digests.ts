/** Digests sent, and each plan's digest schedule. */
import { and, desc, eq } from "drizzle-orm";
import type { DigestSnapshot } from "../shared/digest.ts";
import type { DbOrTx } from "./client.ts";
import * as s from "./schema.ts";

export type DigestSettings = typeof s.digestSettings.$inferSelect;

/** The snapshot of the plan's last sent digest, or null. */
export async function lastDigestSnapshot(
  db: DbOrTx,
  planId: string,
): Promise<DigestSnapshot | null> {
  const [row] = await db
    .select()
    .from(s.digests)
    .where(eq(s.digests.planId, planId))
    .orderBy(desc(s.digests.id))
    .limit(1);
  return (row?.snapshot as DigestSnapshot | undefined) ?? null;
}

export async function recordDigest(
  db: DbOrTx,
  input: {
    planId: string;
    snapshot: DigestSnapshot;
    audience: string;
    recipients: number;
    slot: string | null;
  },
): Promise<void> {
  await db.insert(s.digests).values(input);
}

/** Whether a digest was already sent for a schedule slot. */
export async function digestSentForSlot(
  db: DbOrTx,
  planId: string,
  slot: string,
): Promise<boolean> {
  const rows = await db
    .select({ id: s.digests.id })
    .from(s.digests)
    .where(and(eq(s.digests.planId, planId), eq(s.digests.slot, slot)))
    .limit(1);
  return rows.length > 0;
}

export async function getDigestSettings(
  db: DbOrTx,
  planId: string,
): Promise<DigestSettings | null> {
  const [row] = await db.select().from(s.digestSettings).where(eq(s.digestSettings.planId, planId));
  return row ?? null;
}

export async function listDigestSettings(db: DbOrTx): Promise<DigestSettings[]> {
  return db.select().from(s.digestSettings).where(eq(s.digestSettings.enabled, true));
}

export async function setDigestSettings(
  db: DbOrTx,
  planId: string,
  settings: Omit<DigestSettings, "planId">,
): Promise<void> {
  await db
    .insert(s.digestSettings)
    .values({ planId, ...settings })
    .onConflictDoUpdate({ target: s.digestSettings.planId, set: settings });
}
