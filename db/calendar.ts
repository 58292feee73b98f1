/**
 * A plan's business calendar in the database: its 年末年始 setting and its own closed days. The
 * rules over them live in shared/business-calendar.ts.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import {
  type BusinessCalendar,
  type CivilDate,
  DEFAULT_YEAR_END,
  type YearEndRange,
} from "../shared/business-calendar.ts";
import type { DbOrTx } from "./client.ts";
import * as s from "./schema.ts";

export interface ClosedDay {
  date: CivilDate;
  name: string;
}

function calendarFrom(
  row: typeof s.planCalendars.$inferSelect | undefined,
  closed: ClosedDay[],
): BusinessCalendar {
  const yearEnd =
    row === undefined
      ? DEFAULT_YEAR_END
      : row.yearEndFrom && row.yearEndTo
        ? { from: row.yearEndFrom, to: row.yearEndTo }
        : null;
  return { yearEnd, closedDays: new Map(closed.map((d) => [d.date, d.name])) };
}

/** The business calendar of a plan (the default one when it set nothing). Two queries. */
export async function loadBusinessCalendar(db: DbOrTx, planId: string): Promise<BusinessCalendar> {
  return (await loadBusinessCalendars(db, [planId])).get(planId) as BusinessCalendar;
}

/** The business calendars of several plans at once (the scheduler's run), keyed by plan id. */
export async function loadBusinessCalendars(
  db: DbOrTx,
  planIds: string[],
): Promise<Map<string, BusinessCalendar>> {
  const out = new Map<string, BusinessCalendar>();
  if (planIds.length === 0) return out;
  const [rows, closed] = await Promise.all([
    db.select().from(s.planCalendars).where(inArray(s.planCalendars.planId, planIds)),
    db
      .select()
      .from(s.planClosedDays)
      .where(inArray(s.planClosedDays.planId, planIds))
      .orderBy(asc(s.planClosedDays.date)),
  ]);
  for (const planId of planIds) {
    out.set(
      planId,
      calendarFrom(
        rows.find((r) => r.planId === planId),
        closed.filter((c) => c.planId === planId),
      ),
    );
  }
  return out;
}

/** Sets a plan's 年末年始 closure; null = none. */
export async function setYearEnd(
  db: DbOrTx,
  planId: string,
  range: YearEndRange | null,
): Promise<void> {
  const values = { yearEndFrom: range?.from ?? null, yearEndTo: range?.to ?? null };
  await db
    .insert(s.planCalendars)
    .values({ planId, ...values })
    .onConflictDoUpdate({
      target: s.planCalendars.planId,
      set: { ...values, updatedAt: new Date() },
    });
}

/** A plan's own closed days, in date order. */
export async function listClosedDays(db: DbOrTx, planId: string): Promise<ClosedDay[]> {
  return db
    .select({ date: s.planClosedDays.date, name: s.planClosedDays.name })
    .from(s.planClosedDays)
    .where(eq(s.planClosedDays.planId, planId))
    .orderBy(asc(s.planClosedDays.date));
}

/** Adds (or renames) a closed day of a plan. */
export async function addClosedDay(db: DbOrTx, planId: string, day: ClosedDay): Promise<void> {
  await db
    .insert(s.planClosedDays)
    .values({ planId, ...day })
    .onConflictDoUpdate({
      target: [s.planClosedDays.planId, s.planClosedDays.date],
      set: { name: day.name },
    });
}

/** Removes a closed day; false when the plan had none on that date. */
export async function removeClosedDay(
  db: DbOrTx,
  planId: string,
  date: CivilDate,
): Promise<boolean> {
  const removed = await db
    .delete(s.planClosedDays)
    .where(and(eq(s.planClosedDays.planId, planId), eq(s.planClosedDays.date, date)))
    .returning({ date: s.planClosedDays.date });
  return removed.length > 0;
}
