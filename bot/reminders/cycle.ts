/**
 * Reminder cycles: one push per lead per cycle, listing every indicator their 課 owes, sent once.
 *
 * How a cycle stays exactly-once (docs/reminders.md):
 * 1. The cycle row is unique per plan and month; a second run finds it.
 * 2. Each delivery (member × kind) is written, with a fresh `X-Line-Retry-Key`, before anything is
 *    sent. A run only sends deliveries still `pending`.
 * 3. A push is retried with the same retry key on 5xx and timeouts; LINE answers 409 to a key it
 *    already accepted, which counts as sent. So a crash between LINE accepting and the row being
 *    marked `sent` leads, on resume, to a 409, not to a second message.
 * 4. A 429 (the monthly limit) is final: the cycle stops and nothing is retried. The office is told
 *    where it costs nothing (bot/reminders/notices.ts), not by a message LINE would refuse too.
 */
import { loadBusinessCalendar, loadBusinessCalendars } from "../../db/calendar.ts";
import { listMembers, type MemberView } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import { clearLimitNotices } from "../../db/quota-notices.ts";
import {
  type DeliveryUpdate,
  getOrCreateCycle,
  getReminderSettings,
  insertDeliveries,
  listCyclesAwaitingFollowUp,
  listCyclesPastDeadline,
  listEnabledReminderSettings,
  listOpenCycles,
  type PendingDelivery,
  pendingDeliveries,
  type ReminderCycle,
  saveSendResults,
  updateCycle,
} from "../../db/reminders.ts";
import { DEFAULT_CALENDAR } from "../../shared/business-calendar.ts";
import { parsePeriodKey, periodKey } from "../../shared/fiscal-year.ts";
import type { PlanView } from "../../shared/plan-view.ts";
import {
  cycleAt,
  cycleMonthInstant,
  type DueIndicator,
  dueCycleStarts,
  dueIndicatorsByDepartment,
  followUpDueAt,
  reportingByDepartment,
} from "../../shared/reminder-plan.ts";
import { DEFAULT_DEADLINE_BUSINESS_DAYS } from "../../shared/reporting-rate.ts";
import type { AppDeps } from "../deps.ts";
import type { Message, SendResult } from "../line/gateway.ts";
import { cycleText, unnamedMember } from "../text/line.ts";
import { useCaseText } from "../text/usecases.ts";
import { messageAllowance, planBudget } from "../usecases/message-allowance.ts";
import { escalationMessage, managerEscalationMessage, reminderMessage } from "./messages.ts";
import { deadlineFor, remindedLeads } from "./reporting.ts";

export interface CycleOptions {
  /** Send at most this many pushes in this run (Workers' subrequest limit); the rest wait. */
  maxPushes?: number;
  /** Pushes in flight at once. */
  concurrency?: number;
  /** Waits before each retry of a 5xx or timed-out push (overrides the gateway's retry policy). */
  retryDelaysMs?: number[];
  /** How long one push may take before it is aborted (overrides the gateway's policy). */
  timeoutMs?: number;
  /**
   * Ask LINE for this month's quota before sending (two requests; default true), so that only what
   * fits is sent and the cycle stops with the rest waiting, as on a 429.
   */
  checkLineQuota?: boolean;
}

export interface CycleReport {
  planId: string;
  cycleId: number | null;
  cycleMonth: string;
  period: string;
  kind: "interim" | "official";
  created: boolean;
  /** Active leads of the plan, and those with something due. */
  leads: number;
  leadsWithDue: number;
  sent: number;
  /** Sends LINE had already accepted (409 on the retry key): counted once, not sent twice. */
  alreadyAccepted: number;
  failed: number;
  /** Deliveries left for a later run (batch limit or stop). */
  pending: number;
  status: ReminderCycle["status"] | "preview";
  stopReason: string | null;
  /** With dryRun: who would get what. */
  preview?: { lineUserId: string; department: string; items: string[] }[];
}

const DEFAULT_CONCURRENCY = 10;

/** The run's overrides of the gateway's retry policy (Workers retry once, tests retry fast). */
function retryOverrides(options: CycleOptions) {
  return {
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
}
/**
 * Send results are written in batches of this many. Losing unwritten results in a crash costs
 * nothing but a 409 per push on resume (retry keys), so the batches can be large: the number of
 * database writes then hardly grows with the number of leads.
 */
const UPDATE_BATCH = 500;

function leadsWithDue(plan: PlanView, leads: MemberView[], due: Map<string, DueIndicator[]>) {
  return leads
    .filter((m) => m.role === "lead" && m.department)
    .map((member) => ({ member, items: due.get(member.department ?? "") ?? [] }))
    .filter((x) => x.items.length > 0 && plan.id === x.member.planId);
}

/**
 * Sends a cycle's pending deliveries of one kind. Updates are written in batches; a 429 stops the
 * whole cycle. Before anything is sent, the pushes are counted against the plan's own monthly
 * budget (bot/usecases/message-allowance.ts planBudget): only what fits is sent, and the cycle stops
 * as it does on a 429 (the rest wait, the office is told where it costs nothing; `npx shinchoku
 * remind` resumes it). LINE's own monthly quota (`GET /v2/bot/message/quota` and
 * `/quota/consumption`) is checked the same way before sending (issue 12 §3), and LINE's 429 still
 * stops the cycle if the count moved meanwhile.
 */
async function sendPending(
  deps: AppDeps,
  cycle: ReminderCycle,
  plan: PlanView,
  pending: PendingDelivery[],
  messageFor: (d: PendingDelivery) => Message,
  options: CycleOptions,
) {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const queue = pending.slice(0, options.maxPushes ?? pending.length);
  const counts = { sent: 0, alreadyAccepted: 0, failed: 0 };
  // One query without a budget (two with one): a Workers run stays within its subrequests.
  const budget = queue.length > 0 ? await planBudget(deps, plan.id) : null;
  let overBudget: string | null = null;
  if (budget && budget.left < queue.length) {
    overBudget = cycleText.overBudget(budget, queue.length);
    queue.splice(budget.left);
  }
  let overQuota: string | null = null;
  if (queue.length > 0 && options.checkLineQuota !== false) {
    // Offline or LINE unable to say: unknown, and LINE's 429 is the check.
    const quota = await deps.line.quota().catch(() => null);
    if (quota && quota.limit !== null && quota.used + queue.length > quota.limit) {
      const left = Math.max(0, quota.limit - quota.used);
      overQuota = cycleText.overQuota(quota.limit, quota.used, left, queue.length);
      queue.splice(left);
    }
  }
  let limited: SendResult | null = null;
  let updates: DeliveryUpdate[] = [];
  let logs: NonNullable<SendResult["logEntries"]> = [];
  const flush = async () => {
    const [batch, logBatch] = [updates, logs];
    updates = [];
    logs = [];
    await saveSendResults(deps.db, batch, logBatch);
  };
  const worker = async () => {
    for (let d = queue.shift(); d && !limited; d = queue.shift()) {
      // The gateway retries a 5xx or a timeout with the same retry key (its one retry policy).
      const result = await deps.line.push(d.lineUserId, [messageFor(d)], {
        retryKey: d.retryKey,
        deferLog: true,
        ...retryOverrides(options),
      });
      const attempts = result.attempts ?? 1;
      logs.push(...(result.logEntries ?? []));
      const now = deps.clock();
      if (result.status === "sent" || result.status === "offline") {
        if (result.alreadyAccepted) counts.alreadyAccepted++;
        else counts.sent++;
        updates.push({
          id: d.id,
          status: "sent",
          attempts: d.attempts + attempts,
          httpStatus: result.httpStatus ?? null,
          lineRequestId: result.requestId ?? null,
          sentAt: now,
        });
      } else if (result.limited) {
        limited = result;
        updates.push({
          id: d.id,
          attempts: d.attempts + attempts,
          httpStatus: 429,
          error: result.error ?? null,
        });
      } else {
        counts.failed++;
        updates.push({
          id: d.id,
          status: result.retryable ? "pending" : "failed",
          attempts: d.attempts + attempts,
          httpStatus: result.httpStatus ?? null,
          error: result.error ?? null,
        });
      }
      if (updates.length >= UPDATE_BATCH) await flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length || 1) }, worker));
  await flush();
  const stoppedBefore = overBudget ?? overQuota;
  if (stoppedBefore && !limited) {
    await updateCycle(deps.db, cycle.id, { status: "stopped", stopReason: stoppedBefore });
    console.error(
      `reminder cycle ${cycle.id} (${plan.id} ${cycle.cycleMonth}) stopped: ${stoppedBefore}`,
    );
    return { ...counts, stopped: stoppedBefore };
  }
  if (limited) {
    const stopReason = cycleText.refused((limited as SendResult).error ?? "");
    await updateCycle(deps.db, cycle.id, { status: "stopped", stopReason });
    // No message to the office here: LINE refuses it with the same 429. The office learns of the stop
    // where it costs nothing: the LIFF banner, their next reply, `remind` and the digest preview
    // (bot/reminders/notices.ts).
    console.error(
      `reminder cycle ${cycle.id} (${plan.id} ${cycle.cycleMonth}) stopped by LINE's monthly limit; x-line-request-id=${(limited as SendResult).requestId ?? "-"}`,
    );
    return { ...counts, stopped: stopReason };
  }
  return { ...counts, stopped: null };
}

function indicatorIndex(plan: PlanView, cycle: ReminderCycle): Map<number, DueIndicator> {
  const period = parsePeriodKey(cycle.period);
  const index = new Map<number, DueIndicator>();
  if (!period) return index;
  for (const list of dueIndicatorsByDepartment(plan, period, cycle.kind, {
    includeReported: true,
  }).values()) {
    for (const d of list) index.set(d.indicatorId, d);
  }
  return index;
}

/** Sends (or resumes) the reminders of an existing cycle. */
export async function resumeCycle(deps: AppDeps, cycle: ReminderCycle, options: CycleOptions = {}) {
  const plan = await loadPlanView(deps.db, cycle.planId);
  const period = parsePeriodKey(cycle.period);
  if (!plan || !period) throw new Error(`cycle ${cycle.id}: plan or period missing`);
  const index = indicatorIndex(plan, cycle);
  const members = new Map(
    (await listMembers(deps.db, plan.id, { includeInactive: true })).map((m) => [m.id, m]),
  );
  const pending = await pendingDeliveries(deps.db, cycle.id, "reminder");
  const result = await sendPending(
    deps,
    cycle,
    plan,
    pending,
    (d) =>
      reminderMessage({
        cycleId: cycle.id,
        department: members.get(d.memberId)?.department ?? "",
        period,
        kind: cycle.kind,
        items: d.items.map((id) => index.get(id)).filter((x): x is DueIndicator => x !== undefined),
        deadlineAt: cycle.deadlineAt,
      }),
    options,
  );
  const left = (await pendingDeliveries(deps.db, cycle.id, "reminder")).length;
  if (!result.stopped && left === 0) {
    await updateCycle(deps.db, cycle.id, { status: "done", completedAt: deps.clock() });
  }
  return { ...result, pending: left };
}

/**
 * Runs this month's cycle of a plan: creates it (once), writes a delivery for every lead with
 * something due, and sends what is pending. Running it again for the same month sends nothing new.
 *
 * @param dryRun computes who would get what; writes and sends nothing.
 * @param cycleMonth the cycle's month (`2026-12`) when it is not the clock's: the scheduler runs
 *   December's cycle in January when 年末年始 moved its start there.
 */
export async function runReminderCycle(
  deps: AppDeps,
  planId: string,
  options: CycleOptions & { dryRun?: boolean; resumeStopped?: boolean; cycleMonth?: string } = {},
): Promise<CycleReport> {
  const now = deps.clock();
  const settings = await getReminderSettings(deps.db, planId);
  const spec = cycleAt(
    options.cycleMonth ? cycleMonthInstant(options.cycleMonth) : now,
    settings?.periodMode ?? "previous_month",
  );
  const plan = await loadPlanView(deps.db, planId);
  if (!plan) throw new Error(useCaseText.planNotFound(planId));
  const members = await listMembers(deps.db, planId);
  const leads = members.filter((m) => m.role === "lead");
  const due = dueIndicatorsByDepartment(plan, spec.period, spec.kind);
  const targets = leadsWithDue(plan, members, due);
  const base = {
    planId,
    cycleMonth: spec.cycleMonth,
    period: periodKey(spec.period),
    kind: spec.kind,
    leads: leads.length,
    leadsWithDue: targets.length,
  };
  if (options.dryRun) {
    return {
      ...base,
      cycleId: null,
      created: false,
      sent: 0,
      alreadyAccepted: 0,
      failed: 0,
      pending: targets.length,
      status: "preview",
      stopReason: null,
      preview: targets.map((t) => ({
        lineUserId: t.member.lineUserId,
        department: t.member.department ?? "",
        items: t.items.map((i, n) => cycleText.previewItem(n + 1, i.name, i.unit)),
      })),
    };
  }
  const { cycle, created } = await getOrCreateCycle(deps.db, {
    planId,
    cycleMonth: spec.cycleMonth,
    period: base.period,
    fiscalYear: spec.period.fiscalYear,
    kind: spec.kind,
    createdAt: now,
    deadlineAt: deadlineFor(
      now,
      settings?.deadlineBusinessDays ?? DEFAULT_DEADLINE_BUSINESS_DAYS,
      await loadBusinessCalendar(deps.db, planId),
    ),
  });
  const idle = {
    ...base,
    cycleId: cycle.id,
    created,
    sent: 0,
    alreadyAccepted: 0,
    failed: 0,
    pending: 0,
  };
  if (cycle.status === "done") return { ...idle, status: "done", stopReason: null };
  if (cycle.status === "stopped") {
    if (!options.resumeStopped) {
      const pending = (await pendingDeliveries(deps.db, cycle.id, "reminder")).length;
      return { ...idle, pending, status: "stopped", stopReason: cycle.stopReason };
    }
    await updateCycle(deps.db, cycle.id, { status: "sending", stopReason: null });
    // A later stop is a new one: every office member is told of it again.
    await clearLimitNotices(deps.db, cycle.id);
  }
  // Deliveries are only planned when the cycle starts or resumes, from what is due now.
  await insertDeliveries(
    deps.db,
    targets.map((t) => ({
      cycleId: cycle.id,
      memberId: t.member.id,
      kind: "reminder" as const,
      items: t.items.map((i) => i.indicatorId),
      retryKey: crypto.randomUUID(),
    })),
  );
  const result = await resumeCycle(deps, { ...cycle, status: "sending" }, options);
  return {
    ...idle,
    sent: result.sent,
    alreadyAccepted: result.alreadyAccepted,
    failed: result.failed,
    pending: result.pending,
    status: result.stopped ? "stopped" : result.pending === 0 ? "done" : "sending",
    stopReason: result.stopped,
  };
}

/**
 * Who still owes figures for a cycle, counted per indicator (issue 9): a 課 has reported only when
 * every indicator its reminder asked for has an actual for the period, whoever entered it.
 *
 * @returns `departments`: each 課 that was reminded, with what it was asked and what is still missing
 * (「総務課 4/10」); `silent`: each reminded lead whose 課 still owes any of the lead's items, with
 * those items (`items`) and how many the reminder asked (`asked`). Used by the follow-up, the
 * escalation, the office's 「未報告」 and the digest's missing reports.
 */
export async function silentLeads(deps: AppDeps, plan: PlanView, cycle: ReminderCycle) {
  const period = parsePeriodKey(cycle.period);
  const { members, reminders, askedBy } = await remindedLeads(deps, cycle);
  if (!period) return { silent: [], members, departments: [] };
  const departments = reportingByDepartment(plan, period, cycle.kind, askedBy);
  const missingBy = new Map(departments.map((o) => [o.department, o.missing]));
  const silent = reminders
    .map((x) => ({
      ...x,
      asked: x.d.items.length,
      items: (missingBy.get(x.member.department ?? "") ?? []).filter((i) =>
        x.d.items.includes(i.indicatorId),
      ),
    }))
    .filter((x) => x.items.length > 0);
  return { silent, members, departments };
}

/**
 * Follow-up and escalation of a finished cycle, once, `followUpDays` after it started: one more push
 * to each lead whose 課 still owes any figure, listing only the figures still due; then, when the
 * plan says so, one multicast to the office listing each 課 that still owes, as reported/asked.
 */
export async function runFollowUp(
  deps: AppDeps,
  cycle: ReminderCycle,
  options: CycleOptions & { escalate: boolean },
) {
  const plan = await loadPlanView(deps.db, cycle.planId);
  const period = parsePeriodKey(cycle.period);
  if (!plan || !period) return { followUps: 0, escalated: 0 };
  const { silent, members, departments } = await silentLeads(deps, plan, cycle);
  await insertDeliveries(
    deps.db,
    silent.map((x) => ({
      cycleId: cycle.id,
      memberId: x.member.id,
      kind: "follow_up" as const,
      items: x.items.map((i) => i.indicatorId),
      retryKey: crypto.randomUUID(),
    })),
  );
  const itemsBy = new Map(silent.map((x) => [x.member.id, x.items]));
  const pending = await pendingDeliveries(deps.db, cycle.id, "follow_up");
  const result = await sendPending(
    deps,
    cycle,
    plan,
    pending,
    (d) =>
      reminderMessage({
        cycleId: cycle.id,
        department: members.get(d.memberId)?.department ?? "",
        period,
        kind: cycle.kind,
        items: itemsBy.get(d.memberId) ?? [],
        followUp: true,
        deadlineAt: cycle.deadlineAt,
      }),
    options,
  );
  let escalated = 0;
  const missing = departments.filter((o) => o.missing.length > 0);
  const office = [...members.values()].filter((m) => m.role === "office");
  // The office's list is counted first too: it is skipped when it does not fit (nothing to resume).
  const fits =
    options.escalate && missing.length > 0 && !result.stopped
      ? await messageAllowance(deps, plan.id, office.length)
      : null;
  if (fits && !fits.ok) console.error(`escalation of cycle ${cycle.id} not sent: ${fits.message}`);
  if (options.escalate && missing.length > 0 && !result.stopped && fits?.ok) {
    const message = escalationMessage({
      period,
      kind: cycle.kind,
      missing: missing.map((o) => ({
        department: o.department,
        count: o.missing.length,
        asked: o.asked.length,
      })),
    });
    // Each batch's deliveries are written with its retry key before it is sent (exactly once).
    const res = await deps.line.multicast(
      office.map((m) => m.lineUserId),
      [message],
      {
        ...retryOverrides(options),
        beforeBatch: (batch, retryKey) => {
          const inBatch = new Set(batch);
          return insertDeliveries(
            deps.db,
            office
              .filter((m) => inBatch.has(m.lineUserId))
              .map((m) => ({
                cycleId: cycle.id,
                memberId: m.id,
                kind: "escalation" as const,
                items: [],
                retryKey,
              })),
          );
        },
      },
    );
    escalated = res.recipients;
  }
  if (!result.stopped) await updateCycle(deps.db, cycle.id, { followUpAt: deps.clock() });
  return { followUps: result.sent, escalated };
}

/**
 * After a cycle's 提出期限: one push to each active 課長 (`manager`) of every 課 that still owes
 * figures, listing them; once per cycle (the cycle's `managerEscalatedAt`), each push exactly once
 * (a delivery row with its retry key, written before sending). A 課 with everything in, or with no
 * 課長 registered, gets nothing.
 */
export async function runManagerEscalation(
  deps: AppDeps,
  cycle: ReminderCycle,
  options: CycleOptions = {},
): Promise<{ sent: number; stopped: boolean }> {
  const plan = await loadPlanView(deps.db, cycle.planId);
  const period = parsePeriodKey(cycle.period);
  if (!plan || !period || !cycle.deadlineAt) return { sent: 0, stopped: false };
  const { members, departments, silent } = await silentLeads(deps, plan, cycle);
  const owing = new Map(
    departments.filter((o) => o.missing.length > 0).map((o) => [o.department, o] as const),
  );
  const managers = [...members.values()].filter(
    (m) => m.role === "manager" && m.active && m.department && owing.has(m.department),
  );
  await insertDeliveries(
    deps.db,
    managers.map((m) => ({
      cycleId: cycle.id,
      memberId: m.id,
      kind: "manager_escalation" as const,
      items: (owing.get(m.department ?? "")?.missing ?? []).map((i) => i.indicatorId),
      retryKey: crypto.randomUUID(),
    })),
  );
  const leadNames = (department: string) => [
    ...new Set(
      silent
        .filter((x) => x.member.department === department)
        .map((x) => x.member.displayName ?? unnamedMember),
    ),
  ];
  const pending = await pendingDeliveries(deps.db, cycle.id, "manager_escalation");
  const deadlineAt = cycle.deadlineAt;
  const result = await sendPending(
    deps,
    cycle,
    plan,
    pending,
    (d) => {
      const department = members.get(d.memberId)?.department ?? "";
      const o = owing.get(department);
      return managerEscalationMessage({
        department,
        period,
        kind: cycle.kind,
        deadlineAt,
        asked: o?.asked.length ?? 0,
        missing: o?.missing ?? [],
        leads: leadNames(department),
      });
    },
    options,
  );
  if (!result.stopped) await updateCycle(deps.db, cycle.id, { managerEscalatedAt: deps.clock() });
  return { sent: result.sent, stopped: result.stopped !== null };
}

/**
 * The scheduler's job (Workers cron, the Node server's croner): start each plan's cycle when its day
 * and time have come, resume cycles left unfinished, and send due follow-ups.
 *
 * @param options.maxPushes the push budget of this run (Workers: keep within the subrequest limit).
 */
export async function runDueReminders(deps: AppDeps, options: CycleOptions = {}) {
  const now = deps.clock();
  const reports: CycleReport[] = [];
  let budget = options.maxPushes ?? Number.POSITIVE_INFINITY;
  const settingsList = await listEnabledReminderSettings(deps.db);
  const calendars = await loadBusinessCalendars(
    deps.db,
    settingsList.map((s) => s.planId),
  );
  for (const settings of settingsList) {
    const calendar = calendars.get(settings.planId) ?? DEFAULT_CALENDAR;
    for (const start of dueCycleStarts(now, settings.dayOfMonth, settings.time, calendar)) {
      if (budget <= 0) break;
      const report = await runReminderCycle(deps, settings.planId, {
        ...options,
        maxPushes: budget,
        cycleMonth: start.cycleMonth,
      });
      budget -= report.sent + report.alreadyAccepted + report.failed;
      reports.push(report);
    }
  }
  // Cycles of earlier months left `sending` (a crash, or the budget ran out).
  for (const cycle of await listOpenCycles(deps.db)) {
    if (budget <= 0) break;
    if (reports.some((r) => r.cycleId === cycle.id)) continue;
    const result = await resumeCycle(deps, cycle, { ...options, maxPushes: budget });
    budget -= result.sent + result.alreadyAccepted + result.failed;
  }
  for (const settings of settingsList) {
    if (!settings.followUpDays || budget <= 0) continue;
    for (const cycle of await listCyclesAwaitingFollowUp(deps.db, settings.planId)) {
      const calendar = calendars.get(settings.planId) ?? DEFAULT_CALENDAR;
      if (now < followUpDueAt(cycle.createdAt, settings.followUpDays, settings.time, calendar))
        continue;
      await runFollowUp(deps, cycle, {
        ...options,
        maxPushes: budget,
        escalate: settings.escalate,
      });
    }
  }
  for (const settings of settingsList) {
    for (const cycle of await listCyclesPastDeadline(deps.db, settings.planId, now)) {
      if (budget <= 0) break;
      const result = await runManagerEscalation(deps, cycle, { ...options, maxPushes: budget });
      budget -= result.sent;
    }
  }
  return reports;
}
