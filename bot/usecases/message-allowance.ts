/**
 * Whether a send fits what is left this month, checked before every counted send (push,
 * multicast): LINE's own monthly quota (`GET /v2/bot/message/quota` and its consumption), and the
 * plan's own monthly message budget (`plan set --budget N`, counted from the message log:
 * db/message-log.ts messagesUsedByPlan). Replies are free and never checked.
 */

import { messagesUsedByPlan } from "../../db/message-log.ts";
import { getPlanSettings } from "../../db/plans.ts";
import { tokyoMonthKey } from "../../shared/fiscal-year.ts";
import { tokyoInstant } from "../../shared/reminder-plan.ts";
import type { AppDeps } from "../deps.ts";
import { useCaseText } from "../text/usecases.ts";

export type Allowance =
  | {
      ok: true;
      /** Messages left in the plan's budget after this send; null without a budget. */
      budgetLeft: number | null;
    }
  | {
      ok: false;
      /** `quota`: LINE's monthly limit; `budget`: the plan's own budget. */
      reason: "quota" | "budget";
      /** How many messages are left (0 or more). */
      left: number;
      /** Japanese, for the office: what is left and what the send needs. */
      message: string;
    };

/**
 * The start of a cycle's `stopReason` when the plan's own budget, not LINE's limit, stopped it: the
 * notices (bot/reminders/notices.ts) tell the two apart by it.
 */
export const BUDGET_STOP_PREFIX = useCaseText.allowance.budgetStopPrefix;

/** Whether a cycle's stop reason is the plan's budget (else LINE's monthly limit). */
export function stoppedByBudget(stopReason: string | null): boolean {
  return stopReason?.startsWith(BUDGET_STOP_PREFIX) ?? false;
}

/** The first instant of the calendar month of `now` in Asia/Tokyo (LINE counts by JST month). */
export function tokyoMonthStart(now: Date): Date {
  return tokyoInstant(`${tokyoMonthKey(now)}-01`, "00:00");
}

/**
 * The plan's budget this month: its setting, what its members were sent since the month began,
 * and what is left; null when the plan has no budget.
 */
export async function planBudget(
  deps: Pick<AppDeps, "db" | "clock">,
  planId: string,
): Promise<{ budget: number; used: number; left: number } | null> {
  const settings = await getPlanSettings(deps.db, planId);
  if (settings?.messageBudget == null) return null;
  const used = await messagesUsedByPlan(deps.db, planId, tokyoMonthStart(deps.clock()));
  return {
    budget: settings.messageBudget,
    used,
    left: Math.max(0, settings.messageBudget - used),
  };
}

/**
 * Whether `needed` more messages fit this month: LINE's quota (unknown, as offline: no limit) and
 * the plan's budget. Nothing is sent by this; the caller sends only on `ok`.
 * @param needed messages the send counts (recipients × messages).
 */
export async function messageAllowance(
  deps: Pick<AppDeps, "db" | "clock" | "line">,
  planId: string,
  needed: number,
): Promise<Allowance> {
  const quota = await deps.line.quota().catch(() => null);
  if (quota && quota.limit !== null && quota.used + needed > quota.limit) {
    const left = Math.max(0, quota.limit - quota.used);
    return {
      ok: false,
      reason: "quota",
      left,
      message: useCaseText.allowance.quota(left, needed, quota.limit),
    };
  }
  const budget = await planBudget(deps, planId);
  if (budget && needed > budget.left) {
    return {
      ok: false,
      reason: "budget",
      left: budget.left,
      message: useCaseText.allowance.budget(budget.left, needed, budget.budget, budget.used),
    };
  }
  return { ok: true, budgetLeft: budget ? budget.left - needed : null };
}
