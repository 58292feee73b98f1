/**
 * `npx shinchoku schedule show|closed|year-end`: the plan's business calendar and the dates the bot
 * will pick with it (issue 12, section 2).
 */
import {
  addClosedDay,
  listClosedDays,
  loadBusinessCalendar,
  removeClosedDay,
  setYearEnd,
} from "../../db/calendar.ts";
import type { DbOrTx } from "../../db/client.ts";
import { listPlans } from "../../db/plans.ts";
import { getReminderSettings } from "../../db/reminders.ts";
import {
  type BusinessCalendar,
  explainMove,
  formatCivilDate,
  isCivilDate,
  parseYearEnd,
} from "../../shared/business-calendar.ts";
import { upcomingCycleStarts } from "../../shared/reminder-plan.ts";
import { commonText, scheduleText as t } from "../text/cli.ts";
import { fail, withDatabase } from "./db.ts";

async function planExists(db: DbOrTx, planId: string): Promise<boolean> {
  return (await listPlans(db)).some((p) => p.id === planId);
}

function describeCalendar(calendar: BusinessCalendar): string {
  const yearEnd = calendar.yearEnd
    ? t.yearEnd(t.yearEndRange(calendar.yearEnd.from, calendar.yearEnd.to))
    : t.noYearEnd;
  const own = [...calendar.closedDays].map(([date, name]) => `${formatCivilDate(date)} ${name}`);
  return [t.holidays(yearEnd, own.length), ...own.map((d) => `    ${d}`)].join("\n");
}

/**
 * The next `count` reminder dates of a plan, one line each, with the reason a date moved:
 * `  2027-01-04（月）: 1月1日は祝日のため（元日）`.
 */
export async function upcomingReminderLines(
  db: DbOrTx,
  planId: string,
  now: Date,
  count = 12,
): Promise<string[] | null> {
  const settings = await getReminderSettings(db, planId);
  if (!settings) return null;
  const calendar = await loadBusinessCalendar(db, planId);
  const starts = upcomingCycleStarts(now, settings.dayOfMonth, settings.time, calendar, count);
  return [
    describeCalendar(calendar),
    t.upcoming(starts.length, settings.time),
    ...starts.map((s) => {
      const why = explainMove(s.move);
      return `    ${formatCivilDate(s.move.date)}${why ? `: ${why}` : ""}${
        s.move.date.slice(0, 7) !== s.cycleMonth
          ? t.cycleOfMonth(Number(s.cycleMonth.slice(5)))
          : ""
      }`;
    }),
  ];
}

export const calendarCommand = {
  /** `schedule closed add --plan <id> --date <YYYY-MM-DD> --name <名前>`. */
  async addClosed(opts: { plan: string; date: string; name: string }) {
    if (!isCivilDate(opts.date)) return fail(t.badDateExample);
    const name = opts.name.trim();
    if (!name) return fail(t.noName);
    await withDatabase(async (db) => {
      if (!(await planExists(db, opts.plan))) return fail(commonText.noPlan(opts.plan));
      await addClosedDay(db, opts.plan, { date: opts.date, name });
      console.log(t.closedAdded(opts.plan, formatCivilDate(opts.date), name));
    });
  },
  /** `schedule closed remove --plan <id> --date <YYYY-MM-DD>`. */
  async removeClosed(opts: { plan: string; date: string }) {
    if (!isCivilDate(opts.date)) return fail(t.badDate);
    await withDatabase(async (db) => {
      if (await removeClosedDay(db, opts.plan, opts.date))
        console.log(t.closedRemoved(opts.plan, formatCivilDate(opts.date)));
      else fail(t.noSuchClosed(opts.plan, opts.date));
    });
  },
  /** `schedule closed list --plan <id>`. */
  async listClosed(opts: { plan: string }) {
    await withDatabase(async (db) => {
      const days = await listClosedDays(db, opts.plan);
      if (days.length === 0) {
        console.log(t.noClosed(opts.plan));
        return;
      }
      for (const d of days) console.log(`${formatCivilDate(d.date)} ${d.name}`);
    });
  },
  /** `schedule year-end --plan <id> --range 12-29..01-03|none`. */
  async yearEnd(opts: { plan: string; range: string }) {
    const range = parseYearEnd(opts.range);
    if (range === undefined) return fail(t.badRange);
    await withDatabase(async (db) => {
      if (!(await planExists(db, opts.plan))) return fail(commonText.noPlan(opts.plan));
      await setYearEnd(db, opts.plan, range);
      console.log(
        range
          ? t.yearEndSet(opts.plan, t.yearEndRange(range.from, range.to))
          : t.yearEndNone(opts.plan),
      );
    });
  },
};
