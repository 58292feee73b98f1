/**
 * The reporting rate (提出率) of reminder cycles, from what was asked (the sent reminders) and what
 * came in (the actuals' first entry times): shared/reporting-rate.ts holds the rule, this file loads
 * its input. Issue 12, section 1.
 */
import { firstReportedAt } from "../../db/actuals.ts";
import { loadBusinessCalendar } from "../../db/calendar.ts";
import { listMembers, type MemberView } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import {
  cycleDeliveries,
  type Delivery,
  getReminderSettings,
  listCycles,
  type ReminderCycle,
} from "../../db/reminders.ts";
import { addBusinessDays, addDays, type BusinessCalendar } from "../../shared/business-calendar.ts";
import { tokyoIsoDate } from "../../shared/fiscal-year.ts";
import type { PlanView } from "../../shared/plan-view.ts";
import { tokyoInstant } from "../../shared/reminder-plan.ts";
import {
  type CycleRate,
  cycleRate,
  DEFAULT_DEADLINE_BUSINESS_DAYS,
} from "../../shared/reporting-rate.ts";
import type { AppDeps } from "../deps.ts";
import { useCaseText } from "../text/usecases.ts";

/**
 * The 提出期限 of a cycle that starts at `startedAt`: the end (23:59:59, Asia/Tokyo) of the day
 * `businessDays` business days later. A Friday reminder with 5 days is due the next Friday.
 */
export function deadlineFor(
  startedAt: Date,
  businessDays: number,
  calendar: BusinessCalendar,
): Date {
  const day = addBusinessDays(tokyoIsoDate(startedAt), businessDays, calendar);
  return new Date(tokyoInstant(addDays(day, 1), "00:00").getTime() - 1000);
}

/** The reminders a cycle sent, each with its lead, and per 課 the indicators asked of it. */
export async function remindedLeads(deps: AppDeps, cycle: ReminderCycle) {
  const members = new Map((await listMembers(deps.db, cycle.planId)).map((m) => [m.id, m]));
  const reminders = (await cycleDeliveries(deps.db, cycle.id, "reminder"))
    .filter((d) => d.status === "sent")
    .map((d) => ({ d, member: members.get(d.memberId) }))
    .filter((x): x is { d: Delivery; member: MemberView } => x.member !== undefined);
  const askedBy = new Map<string, Set<number>>();
  for (const { d, member } of reminders) {
    const org = member.department ?? "";
    const ids = askedBy.get(org) ?? new Set<number>();
    for (const id of d.items) ids.add(id);
    askedBy.set(org, ids);
  }
  return { members, reminders, askedBy };
}

/**
 * The reporting rate of one cycle: per 課 and per lead, figures on time, late and missing.
 * The deadline is the one fixed when the cycle started; for a cycle from before deadlines were kept,
 * the plan's current setting from the cycle's start.
 */
export async function cycleReportingRate(
  deps: AppDeps,
  plan: PlanView,
  cycle: ReminderCycle,
): Promise<CycleRate> {
  const { reminders, askedBy } = await remindedLeads(deps, cycle);
  let deadlineAt = cycle.deadlineAt;
  if (!deadlineAt) {
    const settings = await getReminderSettings(deps.db, cycle.planId);
    deadlineAt = deadlineFor(
      cycle.createdAt,
      settings?.deadlineBusinessDays ?? DEFAULT_DEADLINE_BUSINESS_DAYS,
      await loadBusinessCalendar(deps.db, cycle.planId),
    );
  }
  const ids = [...new Set([...askedBy.values()].flatMap((s) => [...s]))];
  const reportedAt = await firstReportedAt(deps.db, ids, cycle.period, cycle.kind);
  const order = new Map(
    plan.initiatives.flatMap((i) => i.departments).map((d, n) => [d, n] as const),
  );
  return cycleRate({
    cycleMonth: cycle.cycleMonth,
    period: cycle.period,
    kind: cycle.kind,
    deadlineAt: deadlineAt.getTime(),
    asked: [...askedBy]
      .map(([department, set]) => ({ department, indicatorIds: [...set] }))
      .sort((a, b) => (order.get(a.department) ?? 1e9) - (order.get(b.department) ?? 1e9)),
    leads: reminders.map(({ d, member }) => ({
      memberId: member.id,
      name: member.displayName ?? null,
      department: member.department ?? "",
      indicatorIds: d.items,
    })),
    reportedAt,
  });
}

/** The rate of every cycle of a plan between two cycle months (inclusive), oldest first. */
export async function reportingHistory(
  deps: AppDeps,
  planId: string,
  range: { from?: string; to?: string } = {},
): Promise<CycleRate[]> {
  const plan = await loadPlanView(deps.db, planId);
  if (!plan) throw new Error(useCaseText.planNotFound(planId));
  const out: CycleRate[] = [];
  for (const cycle of await listCycles(deps.db, planId, range)) {
    out.push(await cycleReportingRate(deps, plan, cycle));
  }
  return out;
}
