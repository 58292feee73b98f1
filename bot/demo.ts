/**
 * Demo data for a bundled plan (issue 12): leads, 課長 and an office member, and `months` past
 * reminder cycles answered the way a city hall answers — most 課 on time, some late, some figures
 * missing — so that the reporting rate, the digest, the board and `stats` have something real to show.
 *
 * Generated data is marked and kept apart: it goes into its own database (never the one named by
 * DATABASE_URL), the plan's name starts with 【デモ】, and every generated member's LINE userId starts
 * with `Udemo` and their name with 「デモ」. LINE is never called: the gateway runs offline and the
 * reminders land in the message log.
 */
import { recordActuals } from "../db/actuals.ts";
import type { Database } from "../db/client.ts";
import { addMember, listMembers } from "../db/members.ts";
import { loadPlanView, markPlanAsDemo } from "../db/plans.ts";
import { cycleDeliveries, listCycles } from "../db/reminders.ts";
import { addBusinessDays, addDays, DEFAULT_CALENDAR } from "../shared/business-calendar.ts";
import { parsePeriodKey, tokyoIsoDate } from "../shared/fiscal-year.ts";
import type { Figure } from "../shared/numbers.ts";
import { cycleStartFor, dueIndicatorsByDepartment, tokyoInstant } from "../shared/reminder-plan.ts";
import { configFromEnv } from "./config.ts";
import { buildAppDeps } from "./deps.ts";
import { runReminderCycle } from "./reminders/cycle.ts";

/** The LINE userId prefix of every generated member. */
export const DEMO_USER_PREFIX = "Udemo";

/** How reliably a 課 answers: chances that a figure comes in on time, late, or not at all. */
const PROFILES = [
  { onTime: 0.92, late: 0.06 },
  { onTime: 0.75, late: 0.15 },
  { onTime: 0.55, late: 0.2 },
] as const;

/** A small seeded generator (mulberry32): the same seed gives the same demo. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function demoUserId(n: number): string {
  return `${DEMO_USER_PREFIX}${n.toString(16).padStart(28, "0")}`;
}

export interface DemoReport {
  planId: string;
  members: number;
  cycles: number;
  figures: { onTime: number; late: number; missing: number };
}

/**
 * Fills a freshly imported plan with demo members and `months` answered cycles, ending with the
 * month before `now`'s. The plan must already be in `db` (imported from data/plans).
 * @throws Error when the plan is missing or the database already holds members that are not demo ones.
 */
export async function generateDemo(
  db: Database,
  planId: string,
  options: { months: number; now: Date; seed?: number },
): Promise<DemoReport> {
  const plan = await loadPlanView(db, planId);
  if (!plan) throw new Error(`計画「${planId}」はありません。`);
  const existing = await listMembers(db, planId, { includeInactive: true });
  if (existing.some((m) => !m.lineUserId.startsWith(DEMO_USER_PREFIX)))
    throw new Error("このデータベースには実際のメンバーがいます。デモのデータは混ぜられません。");
  await markPlanAsDemo(db, planId);
  const rand = random(options.seed ?? 1);

  // People: one lead per 課 that owns indicators (two for the largest), a 課長 for every other 課.
  const owners = [
    ...dueIndicatorsByDepartment(
      plan,
      { kind: "fy", fiscalYear: plan.startFiscalYear },
      "official",
      {
        includeReported: true,
      },
    ).keys(),
  ];
  let n = existing.length;
  const profileOf = new Map<string, (typeof PROFILES)[number]>();
  for (const [i, department] of owners.entries()) {
    profileOf.set(department, PROFILES[i % PROFILES.length] as (typeof PROFILES)[number]);
    await addMember(db, {
      planId,
      lineUserId: demoUserId(++n),
      role: "lead",
      department,
      displayName: `デモ ${department}リーダー`,
    });
    if (i % 2 === 0)
      await addMember(db, {
        planId,
        lineUserId: demoUserId(++n),
        role: "manager",
        department,
        displayName: `デモ ${department}課長`,
      });
  }
  await addMember(db, {
    planId,
    lineUserId: demoUserId(++n),
    role: "office",
    displayName: "デモ DX推進担当",
  });

  const counts = { onTime: 0, late: 0, missing: 0 };
  const { year, month } = {
    year: Number(tokyoIsoDate(options.now).slice(0, 4)),
    month: Number(tokyoIsoDate(options.now).slice(5, 7)),
  };
  for (let back = options.months; back >= 1; back--) {
    const m = month - back;
    const y = year + Math.floor((m - 1) / 12);
    const mm = ((((m - 1) % 12) + 12) % 12) + 1;
    const start = cycleStartFor(y, mm, 5, "09:00", DEFAULT_CALENDAR);
    let clock = start.at;
    const deps = buildAppDeps({
      db,
      config: configFromEnv({}),
      defer: () => {},
      clock: () => clock,
      print: () => {},
    });
    const report = await runReminderCycle(deps, planId, { cycleMonth: start.cycleMonth });
    if (report.cycleId === null) continue;
    const cycle = (
      await listCycles(db, planId, { from: start.cycleMonth, to: start.cycleMonth })
    )[0];
    const period = cycle ? parsePeriodKey(cycle.period) : null;
    if (!cycle || !period) continue;
    const deadlineDay = addBusinessDays(start.move.date, 5, DEFAULT_CALENDAR);
    const view = await loadPlanView(db, planId);
    const indicators = new Map(
      view?.initiatives.flatMap((i) => i.indicators).map((ind) => [ind.id, ind]) ?? [],
    );
    const members = new Map((await listMembers(db, planId)).map((mb) => [mb.id, mb]));
    for (const d of await cycleDeliveries(db, cycle.id, "reminder")) {
      const member = members.get(d.memberId);
      const profile = profileOf.get(member?.department ?? "") ?? PROFILES[1];
      for (const id of d.items) {
        const roll = rand();
        if (roll >= profile.onTime + profile.late) {
          counts.missing++;
          continue;
        }
        const late = roll >= profile.onTime;
        const day = late
          ? addDays(deadlineDay, 1 + Math.floor(rand() * 6))
          : addBusinessDays(start.move.date, Math.floor(rand() * 5), DEFAULT_CALENDAR);
        clock = tokyoInstant(
          day,
          `${String(9 + Math.floor(rand() * 8)).padStart(2, "0")}:${String(Math.floor(rand() * 60)).padStart(2, "0")}`,
        );
        const ind = indicators.get(id);
        if (!ind) continue;
        const base = ind.actuals.at(-1)?.value ?? ind.targets.at(-1)?.value ?? 10;
        let value = base * (0.9 + rand() * 0.25);
        if (ind.unit === "%") value = Math.min(100, value);
        const decimals = ind.unit === "%" ? 1 : base < 10 ? 1 : 0;
        value = Number(value.toFixed(decimals));
        const figure: Figure = {
          decimal: value.toFixed(decimals),
          value,
          decimals,
          qualifier: null,
        };
        await recordActuals(db, [
          {
            planId,
            indicatorId: id,
            period,
            kind: cycle.kind,
            figure,
            rawText: `${figure.decimal}${ind.unit ?? ""}（デモ）`,
            channel: "line",
            memberId: d.memberId,
            createdAt: clock,
          },
        ]);
        if (late) counts.late++;
        else counts.onTime++;
      }
    }
  }
  return { planId, members: n - existing.length, cycles: options.months, figures: counts };
}
