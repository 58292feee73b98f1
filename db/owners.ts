/**
 * Which plan or initiative a row belongs to: the API's first step on `/api/initiatives/:id`,
 * `/api/indicators/:id/…` and `/api/actuals/:id/…`, before the caller's membership is checked.
 * Each answers `null` for an id that does not exist.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "./client.ts";
import * as s from "./schema.ts";

/** The plan an initiative belongs to. */
export async function findInitiativePlan(db: DbOrTx, initiativeId: number): Promise<string | null> {
  const [row] = await db
    .select({ planId: s.initiatives.planId })
    .from(s.initiatives)
    .where(eq(s.initiatives.id, initiativeId));
  return row?.planId ?? null;
}

/** The initiative an indicator measures (null also for a plan-level indicator). */
export async function findIndicatorInitiative(
  db: DbOrTx,
  indicatorId: number,
): Promise<number | null> {
  const [row] = await db
    .select({ initiativeId: s.indicators.initiativeId })
    .from(s.indicators)
    .where(eq(s.indicators.id, indicatorId));
  return row?.initiativeId ?? null;
}

/** The initiative whose indicator an actual was entered for. */
export async function findActualInitiative(db: DbOrTx, actualId: number): Promise<number | null> {
  const row = await db.query.actuals.findFirst({
    where: (a) => eq(a.id, actualId),
    columns: {},
    with: { indicator: { columns: { initiativeId: true } } },
  });
  return row?.indicator.initiativeId ?? null;
}

/** Whether a plan's public page is published (`npx shinchoku publish`); false for no such plan. */
export async function isPlanPublished(db: DbOrTx, planId: string): Promise<boolean> {
  const [row] = await db
    .select({ published: s.plans.published })
    .from(s.plans)
    .where(eq(s.plans.id, planId));
  return row?.published === true;
}
