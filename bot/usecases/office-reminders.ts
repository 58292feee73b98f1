/**
 * The DX office runs the reminders from the LIFF app (issue 11, リマインド): the schedule with its
 * next dates, this cycle's state per 課 and per lead, and running (or resuming) the cycle or its
 * follow-up now. The same rules as `npx shinchoku schedule set` and `npx shinchoku remind`.
 */
import { loadBusinessCalendar } from "../../db/calendar.ts";
import { listMembers } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import {
  cycleDeliveries,
  type Delivery,
  getReminderSettings,
  latestCycle,
  type ReminderSettings,
  setReminderSettings,
} from "../../db/reminders.ts";
import type { Channel } from "../../db/schema.ts";
import { explainMove } from "../../shared/business-calendar.ts";
import {
  type PeriodMode,
  SCHEDULE_RULES,
  scheduleProblem,
  upcomingCycleStarts,
} from "../../shared/reminder-plan.ts";
import {
  type CycleRate,
  DEFAULT_DEADLINE_BUSINESS_DAYS,
  rateHeadline,
} from "../../shared/reporting-rate.ts";
import type { AppDeps } from "../deps.ts";
import { type CycleReport, runFollowUp, runReminderCycle } from "../reminders/cycle.ts";
import { type LimitNotice, limitNotices } from "../reminders/notices.ts";
import { cycleReportingRate } from "../reminders/reporting.ts";
import { useCaseText } from "../text/usecases.ts";
import { planBudget } from "./message-allowance.ts";
import { audit, type OfficeActor, officeRefusal } from "./office.ts";
import { type Failure, fail } from "./result.ts";

/** The schedule as the office page shows and sends it. */
export interface ScheduleView {
  enabled: boolean;
  dayOfMonth: number;
  time: string;
  periodMode: PeriodMode;
  followUpDays: number | null;
  escalate: boolean;
  /** Null: the default ({@link DEFAULT_DEADLINE_BUSINESS_DAYS}). */
  deadlineBusinessDays: number | null;
}

/** One of the next reminder dates: the day the setting names, the day used, and why it moved. */
export interface UpcomingReminder {
  cycleMonth: string;
  scheduled: string;
  date: string;
  at: string;
  /** 「1月1日は祝日のため（元日）」; null when the day was not moved. */
  moved: string | null;
}

function scheduleView(s: ReminderSettings): ScheduleView {
  return {
    enabled: s.enabled,
    dayOfMonth: s.dayOfMonth,
    time: s.time,
    periodMode: s.periodMode,
    followUpDays: s.followUpDays,
    escalate: s.escalate,
    deadlineBusinessDays: s.deadlineBusinessDays,
  };
}

/** The plan's schedule (null when none is set) and its next 12 dates from now. */
export async function readSchedule(
  deps: AppDeps,
  actor: OfficeActor,
): Promise<
  | {
      ok: true;
      schedule: ScheduleView | null;
      defaultDeadlineBusinessDays: number;
      upcoming: UpcomingReminder[];
    }
  | Failure<"forbidden">
> {
  const refusal = officeRefusal(actor);
  if (refusal) return refusal;
  const settings = await getReminderSettings(deps.db, actor.planId);
  const calendar = await loadBusinessCalendar(deps.db, actor.planId);
  const upcoming = settings
    ? upcomingCycleStarts(deps.clock(), settings.dayOfMonth, settings.time, calendar).map((s) => ({
        cycleMonth: s.cycleMonth,
        scheduled: s.move.scheduled,
        date: s.move.date,
        at: s.at.toISOString(),
        moved: explainMove(s.move),
      }))
    : [];
  return {
    ok: true,
    schedule: settings ? scheduleView(settings) : null,
    defaultDeadlineBusinessDays: DEFAULT_DEADLINE_BUSINESS_DAYS,
    upcoming,
  };
}

/** Saves the schedule with the CLI's rules (shared/reminder-plan.ts `scheduleProblem`). */
export async function saveSchedule(
  deps: AppDeps,
  actor: OfficeActor,
  input: ScheduleView & { channel: Channel },
): Promise<{ ok: true; schedule: ScheduleView } | Failure<"forbidden" | "invalid">> {
  const refusal = officeRefusal(actor);
  if (refusal) return refusal;
  const problem = scheduleProblem(input);
  if (problem)
    return fail(
      "invalid",
      useCaseText.office.scheduleProblem(
        useCaseText.office.scheduleField[problem],
        SCHEDULE_RULES[problem],
      ),
    );
  const before = await getReminderSettings(deps.db, actor.planId);
  const { channel, ...schedule } = input;
  const saved = await setReminderSettings(deps.db, actor.planId, {
    ...schedule,
    time: schedule.time.padStart(5, "0"),
  });
  await audit(deps, actor, {
    channel,
    action: "schedule.update",
    target: null,
    detail: { before: before ? scheduleView(before) : null, after: scheduleView(saved) },
  });
  return { ok: true, schedule: scheduleView(saved) };
}

type DeliveryState = Delivery["status"] | null;

/** The reminder and follow-up of one lead in the cycle, with where their figures stand. */
export interface LeadState {
  lineUserId: string;
  name: string | null;
  department: string;
  reminder: DeliveryState;
  followUp: DeliveryState;
  /** From the reporting rate; null when the reminder has not gone out. */
  rate: Omit<CycleRate["leads"][number], "memberId" | "name" | "department"> | null;
}

/** One 課 in the cycle: its figures (due, in, on time, late, missing) and its leads' pushes. */
export interface DepartmentState {
  department: string;
  rate: Omit<CycleRate["departments"][number], "department"> | null;
  pushes: { sent: number; failed: number; pending: number };
}

const count = (ds: Delivery[], status: Delivery["status"]) =>
  ds.filter((d) => d.status === status).length;

/**
 * This cycle (the plan's latest) per 課 and per lead: the figures asked and reported (on time, late,
 * missing; bot/reminders/reporting.ts) and the pushes sent, failed and waiting; with the headline
 * (「提出率 18/21 課・86%（期限内 71%）」) and any notice of a stop by LINE's monthly limit.
 */
export async function cycleReporting(deps: AppDeps, actor: OfficeActor) {
  const refusal = officeRefusal(actor);
  if (refusal) return refusal;
  const cycle = await latestCycle(deps.db, actor.planId);
  const plan = await loadPlanView(deps.db, actor.planId);
  if (!cycle || !plan) return { ok: true as const, cycle: null };
  const [rate, reminders, followUps, members, notices] = await Promise.all([
    cycleReportingRate(deps, plan, cycle),
    cycleDeliveries(deps.db, cycle.id, "reminder"),
    cycleDeliveries(deps.db, cycle.id, "follow_up"),
    listMembers(deps.db, actor.planId, { includeInactive: true }),
    limitNotices(deps, [actor.planId]),
  ]);
  const byId = new Map(members.map((m) => [m.id, m]));
  const followUpOf = new Map(followUps.map((d) => [d.memberId, d.status]));
  const rateOf = new Map(rate.leads.map((l) => [l.memberId, l]));
  const leads: LeadState[] = reminders.flatMap((d) => {
    const m = byId.get(d.memberId);
    if (!m) return [];
    const r = rateOf.get(m.id);
    return [
      {
        lineUserId: m.lineUserId,
        name: m.displayName,
        department: m.department ?? "",
        reminder: d.status,
        followUp: followUpOf.get(m.id) ?? null,
        rate: r
          ? { asked: r.asked, onTime: r.onTime, late: r.late, missing: r.missing, status: r.status }
          : null,
      },
    ];
  });
  const units = [
    ...new Set([...rate.departments.map((o) => o.department), ...leads.map((l) => l.department)]),
  ];
  const departments: DepartmentState[] = units.map((department) => {
    const r = rate.departments.find((o) => o.department === department);
    const ds = reminders.filter((d) => (byId.get(d.memberId)?.department ?? "") === department);
    return {
      department,
      rate: r
        ? { asked: r.asked, onTime: r.onTime, late: r.late, missing: r.missing, status: r.status }
        : null,
      pushes: {
        sent: count(ds, "sent"),
        failed: count(ds, "failed"),
        pending: count(ds, "pending"),
      },
    };
  });
  return {
    ok: true as const,
    cycle: {
      id: cycle.id,
      cycleMonth: cycle.cycleMonth,
      period: cycle.period,
      kind: cycle.kind,
      status: cycle.status,
      stopReason: cycle.stopReason,
      startedAt: cycle.createdAt.toISOString(),
      deadlineAt: rate.deadlineAt === null ? null : new Date(rate.deadlineAt).toISOString(),
      followUpAt: cycle.followUpAt ? cycle.followUpAt.toISOString() : null,
    },
    headline: rateHeadline(rate),
    units: rate.units,
    indicators: rate.indicators,
    pushes: {
      sent: count(reminders, "sent"),
      failed: count(reminders, "failed"),
      pending: count(reminders, "pending"),
    },
    departments,
    leads,
    notices: notices.filter((n: LimitNotice) => n.cycleId === cycle.id),
  };
}

/**
 * What a cycle will use of the month's LINE messages, said before anything is sent (issue 12 §3):
 * one push per lead due now; at most one more per lead for the follow-up (when the schedule has
 * one) and one per 課長 after the deadline; and what LINE says is left this month
 * (`GET /v2/bot/message/quota` and `/quota/consumption`; null offline or when LINE cannot say).
 */
export interface MessagesInAdvance {
  now: number;
  followUps: number;
  managers: number;
  quota: { limit: number | null; used: number } | null;
  /** The plan's own monthly budget (`plan set --budget`): what is left of it; null without one. */
  budget: { budget: number; used: number; left: number } | null;
}

async function messagesInAdvance(
  deps: AppDeps,
  planId: string,
  leadsWithDue: number,
): Promise<MessagesInAdvance> {
  const [members, settings, quota, budget] = await Promise.all([
    listMembers(deps.db, planId),
    getReminderSettings(deps.db, planId),
    deps.line.quota().catch(() => null),
    planBudget(deps, planId),
  ]);
  return {
    now: leadsWithDue,
    followUps: settings?.followUpDays ? leadsWithDue : 0,
    managers: members.filter((m) => m.role === "manager").length,
    quota,
    budget,
  };
}

export type RunRemindersResult =
  | {
      ok: true;
      kind: "cycle";
      report: CycleReport;
      notice: LimitNotice | null;
      /** Only on a dry run. */
      advance?: MessagesInAdvance;
    }
  | { ok: true; kind: "follow_up"; cycleMonth: string; followUps: number; escalated: number }
  | Failure<"forbidden" | "conflict">;

/**
 * Runs this month's cycle now, or resumes it (a cycle LINE's monthly limit stopped included), as
 * `npx shinchoku remind` does (`dryRun`: only says what it would send); with `followUp`, sends the latest cycle's follow-up now (and the
 * office's list of who has not reported, when the schedule says so). Nobody gets a push twice.
 */
export async function runReminders(
  deps: AppDeps,
  actor: OfficeActor,
  input: { followUp: boolean; dryRun?: boolean; channel: Channel },
): Promise<RunRemindersResult> {
  const refusal = officeRefusal(actor);
  if (refusal) return refusal;
  if (input.followUp) {
    const cycle = await latestCycle(deps.db, actor.planId);
    if (!cycle) return fail("conflict", useCaseText.office.noCycle);
    if (cycle.status !== "done")
      return fail("conflict", useCaseText.office.cycleNotDone(cycle.cycleMonth));
    const settings = await getReminderSettings(deps.db, actor.planId);
    const result = await runFollowUp(deps, cycle, { escalate: settings?.escalate ?? false });
    await audit(deps, actor, {
      channel: input.channel,
      action: "reminders.follow_up",
      target: cycle.cycleMonth,
      detail: result,
    });
    return { ok: true, kind: "follow_up", cycleMonth: cycle.cycleMonth, ...result };
  }
  if (input.dryRun) {
    // What the cycle would send, to whom; nothing is sent or written, so nothing is audited.
    const report = await runReminderCycle(deps, actor.planId, {
      dryRun: true,
      resumeStopped: true,
    });
    const advance = await messagesInAdvance(deps, actor.planId, report.leadsWithDue);
    return { ok: true, kind: "cycle", report, notice: null, advance };
  }
  const report = await runReminderCycle(deps, actor.planId, { resumeStopped: true });
  await audit(deps, actor, {
    channel: input.channel,
    action: "reminders.run",
    target: report.cycleMonth,
    detail: {
      cycleId: report.cycleId,
      created: report.created,
      status: report.status,
      sent: report.sent,
      alreadyAccepted: report.alreadyAccepted,
      failed: report.failed,
      pending: report.pending,
    },
  });
  const notice =
    report.status === "stopped"
      ? ((await limitNotices(deps, [actor.planId])).find((n) => n.cycleId === report.cycleId) ??
        null)
      : null;
  return { ok: true, kind: "cycle", report, notice };
}
