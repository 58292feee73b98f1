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
import { fail, withDatabase } from "./db.ts";

async function planExists(db: DbOrTx, planId: string): Promise<boolean> {
  return (await listPlans(db)).some((p) => p.id === planId);
}

function describeCalendar(calendar: BusinessCalendar): string {
  const yearEnd = calendar.yearEnd
    ? `年末年始 ${calendar.yearEnd.from.replace("-", "/")}〜${calendar.yearEnd.to.replace("-", "/")}`
    : "年末年始の休みなし";
  const own = [...calendar.closedDays].map(([date, name]) => `${formatCivilDate(date)} ${name}`);
  return [
    `  休日: 土日・祝日（振替休日・国民の休日を含む）・${yearEnd}${own.length ? `・計画の休日 ${own.length}日` : ""}`,
    ...own.map((d) => `    ${d}`),
  ].join("\n");
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
    `  今後${starts.length}回のリマインド（${settings.time}・日本時間）:`,
    ...starts.map((s) => {
      const why = explainMove(s.move);
      return `    ${formatCivilDate(s.move.date)}${why ? `: ${why}` : ""}${
        s.move.date.slice(0, 7) !== s.cycleMonth ? `（${Number(s.cycleMonth.slice(5))}月分）` : ""
      }`;
    }),
  ];
}

export const calendarCommand = {
  /** `schedule closed add --plan <id> --date <YYYY-MM-DD> --name <名前>`. */
  async addClosed(opts: { plan: string; date: string; name: string }) {
    if (!isCivilDate(opts.date))
      return fail("--date は YYYY-MM-DD の日付で指定してください。例: 2027-06-01");
    const name = opts.name.trim();
    if (!name) return fail("--name に休日の名前を指定してください。例: 市の休日");
    await withDatabase(async (db) => {
      if (!(await planExists(db, opts.plan))) return fail(`計画「${opts.plan}」はありません。`);
      await addClosedDay(db, opts.plan, { date: opts.date, name });
      console.log(
        `計画「${opts.plan}」の休日に ${formatCivilDate(opts.date)} ${name} を加えました。この日のリマインドとダイジェストは次の開庁日に送ります。`,
      );
    });
  },
  /** `schedule closed remove --plan <id> --date <YYYY-MM-DD>`. */
  async removeClosed(opts: { plan: string; date: string }) {
    if (!isCivilDate(opts.date)) return fail("--date は YYYY-MM-DD の日付で指定してください。");
    await withDatabase(async (db) => {
      if (await removeClosedDay(db, opts.plan, opts.date))
        console.log(`計画「${opts.plan}」の休日から ${formatCivilDate(opts.date)} を外しました。`);
      else fail(`計画「${opts.plan}」に ${opts.date} の休日はありません。`);
    });
  },
  /** `schedule closed list --plan <id>`. */
  async listClosed(opts: { plan: string }) {
    await withDatabase(async (db) => {
      const days = await listClosedDays(db, opts.plan);
      if (days.length === 0) {
        console.log(
          `計画「${opts.plan}」に独自の休日はありません（土日・祝日・年末年始は設定なしで休みです）。`,
        );
        return;
      }
      for (const d of days) console.log(`${formatCivilDate(d.date)} ${d.name}`);
    });
  },
  /** `schedule year-end --plan <id> --range 12-29..01-03|none`. */
  async yearEnd(opts: { plan: string; range: string }) {
    const range = parseYearEnd(opts.range);
    if (range === undefined)
      return fail("--range は MM-DD..MM-DD（例: 12-29..01-03）か none で指定してください。");
    await withDatabase(async (db) => {
      if (!(await planExists(db, opts.plan))) return fail(`計画「${opts.plan}」はありません。`);
      await setYearEnd(db, opts.plan, range);
      console.log(
        range
          ? `計画「${opts.plan}」の年末年始の休みを ${range.from.replace("-", "/")}〜${range.to.replace("-", "/")} にしました。`
          : `計画「${opts.plan}」は年末年始も土日・祝日以外は開庁日として扱います。`,
      );
    });
  },
};
