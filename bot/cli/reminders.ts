import { getReminderSettings } from "../../db/reminders.ts";
import { isCivilDate } from "../../shared/business-calendar.ts";
import {
  SCHEDULE_RULES,
  type ScheduleInput,
  scheduleProblem,
  tokyoInstant,
} from "../../shared/reminder-plan.ts";
import { DEFAULT_DEADLINE_BUSINESS_DAYS } from "../../shared/reporting-rate.ts";
import { ROLE_LABELS, type Role } from "../../shared/roles.ts";
import type { CycleReport } from "../reminders/cycle.ts";
import { commonText, inviteText, scheduleText, remindText as t } from "../text/cli.ts";
import { issueInvite } from "../usecases/office-members.ts";
import {
  type MessagesInAdvance,
  runReminders,
  type ScheduleView,
  saveSchedule,
} from "../usecases/office-reminders.ts";
import { upcomingReminderLines } from "./calendar.ts";
import { fail, operatorFor, withDatabase, withDeps } from "./db.ts";

/**
 * `npx shinchoku invite`: the last line of the output is the code. The same use case as the office's
 * メンバー page (bot/usecases/office-members.ts `issueInvite`), audited as the operator's.
 */
export async function inviteCommand(opts: {
  plan: string;
  org?: string;
  role: Role;
  days: string;
}) {
  await withDeps(async (deps) => {
    const result = await issueInvite(deps, operatorFor(opts.plan), {
      role: opts.role,
      department: opts.org ?? null,
      days: Number(opts.days),
      channel: "cli",
    });
    if (!result.ok) return fail(result.message);
    const until = commonText.inviteUntil(result.expiresAt);
    console.log(inviteText.issued(opts.org, ROLE_LABELS[opts.role], until));
    if (result.addFriendUrl) console.log(inviteText.addFriend(result.addFriendUrl));
    console.log(inviteText.sendIt);
    console.log(result.code);
  });
}

function printReport(r: CycleReport) {
  const kind = r.kind === "official" ? t.official : t.provisional;
  console.log(t.head(r.planId, r.cycleMonth, r.period, kind));
  console.log(t.leads(r.leads, r.leadsWithDue));
  if (r.preview) {
    console.log(t.previewOnly);
    for (const p of r.preview) console.log(t.previewLine(p.lineUserId, p.department, p.items));
    return;
  }
  console.log(t.sent(r.sent, r.alreadyAccepted, r.failed, r.pending));
  if (r.status === "done" && r.sent === 0 && !r.created) console.log(t.nothingNew);
  if (r.stopReason) console.log(t.stopped(r.stopReason));
}

/** What the cycle will use of the month's LINE messages, as `remind --dry-run` prints it. */
function advanceLines(a: MessagesInAdvance, planId: string): string {
  const later = a.followUps + a.managers;
  const lines = [t.messagesUsed(a.now, later, a.followUps, a.managers)];
  if (a.quota && a.quota.limit !== null) {
    const left = Math.max(0, a.quota.limit - a.quota.used);
    lines.push(t.quotaLeft(left, a.quota.limit, a.quota.used));
    if (left < a.now) lines.push(t.quotaShort(a.now - left));
    else if (left < a.now + later) lines.push(t.quotaMaybeShort);
  }
  const budget = a.budget;
  if (budget) {
    lines.push(t.budgetLeft(budget.left, budget.budget, budget.used));
    if (budget.left < a.now) lines.push(t.budgetShort(budget.left, planId));
    else if (budget.left < a.now + later) lines.push(t.budgetMaybeShort);
  }
  return lines.join("\n");
}

/** `remind`'s exit code when LINE's monthly limit (429) stopped the cycle. */
export const EXIT_LIMIT_STOPPED = 3;
/** `remind`'s exit code when pushes were attempted and none of them went out. */
export const EXIT_ALL_FAILED = 4;

/**
 * `npx shinchoku remind --plan <id> [--dry-run]`: runs this month's cycle now (and resumes a cycle
 * the monthly limit stopped). Exits 3 when the limit stops it (with how many were sent, how many
 * wait, and how to resume) and 4 when every push of the run failed. It never hangs on LINE: each
 * request is aborted after LINE_TIMEOUT_MS.
 */
export async function remindCommand(opts: { plan: string; dryRun?: boolean }) {
  await withDeps(async (deps) => {
    const result = await runReminders(deps, operatorFor(opts.plan), {
      followUp: false,
      dryRun: opts.dryRun === true,
      channel: "cli",
    });
    if (!result.ok) return fail(result.message);
    if (result.kind !== "cycle") return;
    const { report, notice } = result;
    printReport(report);
    if (result.advance) console.log(advanceLines(result.advance, opts.plan));
    if (report.status === "stopped") {
      if (notice) console.error(notice.message);
      process.exitCode = EXIT_LIMIT_STOPPED;
    } else if (report.failed > 0 && report.sent + report.alreadyAccepted === 0) {
      console.error(t.allFailed(report.failed, opts.plan));
      process.exitCode = EXIT_ALL_FAILED;
    }
  });
}

/** The CLI's flag for each schedule setting, named in its error messages. */
const SCHEDULE_FLAGS: Record<keyof ScheduleInput, string> = {
  dayOfMonth: "--day",
  time: "--time",
  followUpDays: "--follow-up-days",
  deadlineBusinessDays: "--deadline-days",
};

/** `npx shinchoku schedule set|show`. */
export const scheduleCommand = {
  async set(opts: {
    plan: string;
    day: string;
    time: string;
    period: string;
    followUpDays?: string;
    deadlineDays?: string;
    escalate?: boolean;
    disable?: boolean;
  }) {
    const day = Number(opts.day);
    const followUpDays = opts.followUpDays === undefined ? null : Number(opts.followUpDays);
    const deadlineBusinessDays = opts.deadlineDays === undefined ? null : Number(opts.deadlineDays);
    const problem = scheduleProblem({
      dayOfMonth: day,
      time: opts.time,
      followUpDays,
      deadlineBusinessDays,
    });
    if (problem)
      return fail(scheduleText.badSetting(SCHEDULE_FLAGS[problem], SCHEDULE_RULES[problem]));
    await withDeps(async (deps) => {
      const saved = await saveSchedule(deps, operatorFor(opts.plan), {
        deadlineBusinessDays,
        enabled: !opts.disable,
        dayOfMonth: day,
        time: opts.time,
        periodMode: opts.period === "current-month" ? "current_month" : "previous_month",
        followUpDays,
        escalate: opts.escalate === true,
        channel: "cli",
      });
      if (!saved.ok) return fail(saved.message);
      console.log(describe(opts.plan, saved.schedule));
    });
  },
  async show(opts: { plan: string; from?: string }) {
    if (opts.from !== undefined && !isCivilDate(opts.from)) return fail(scheduleText.badFrom);
    await withDatabase(async (db) => {
      const s = await getReminderSettings(db, opts.plan);
      if (!s) {
        console.log(scheduleText.notSet(opts.plan));
        return;
      }
      console.log(describe(opts.plan, s));
      const from = opts.from ? tokyoInstant(opts.from, "00:00") : new Date();
      const upcoming = await upcomingReminderLines(db, opts.plan, from);
      if (upcoming) console.log(upcoming.join("\n"));
    });
  },
};

function describe(planId: string, s: ScheduleView): string {
  return scheduleText.describe(planId, {
    enabled: s.enabled,
    dayOfMonth: s.dayOfMonth,
    time: s.time,
    previousMonth: s.periodMode === "previous_month",
    deadlineDays: s.deadlineBusinessDays ?? DEFAULT_DEADLINE_BUSINESS_DAYS,
    followUpDays: s.followUpDays,
    escalate: s.escalate,
  });
}
