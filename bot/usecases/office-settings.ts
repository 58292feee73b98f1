/**
 * The plan's own settings from the office's pages (issue 12): whether official 実績 need approval
 * (shared/approval.ts) and the monthly LINE message budget (bot/usecases/message-allowance.ts), the
 * same use case as `npx shinchoku plan set|show` (the operator). Office only; a change is audited
 * (`plan.settings`).
 */
import { messagesUsedByPlan } from "../../db/message-log.ts";
import { getPlanSettings, type PlanSettings, setPlanSettings } from "../../db/plans.ts";
import type { Channel } from "../../db/schema.ts";
import type { AppDeps } from "../deps.ts";
import { useCaseText } from "../text/usecases.ts";
import { tokyoMonthStart } from "./message-allowance.ts";
import { audit, type OfficeActor, officeRefusal } from "./office.ts";
import { type Failure, fail } from "./result.ts";

/** The largest budget accepted, as by `plan set --budget`. */
export const MAX_MESSAGE_BUDGET = 1_000_000;

export interface PlanSettingsView extends PlanSettings {
  /** This month's use against the budget; null without a budget. */
  budgetUse: { used: number; left: number } | null;
  /** Messages sent to the plan's members this month (JST), budget or not. */
  usedThisMonth: number;
}

/** The plan's settings and this month's use of its budget. */
export async function readPlanSettings(
  deps: AppDeps,
  actor: OfficeActor,
): Promise<({ ok: true } & PlanSettingsView) | Failure<"forbidden" | "not_found">> {
  const refusal = officeRefusal(actor);
  if (refusal) return refusal;
  const settings = await getPlanSettings(deps.db, actor.planId);
  if (!settings) return fail("not_found", useCaseText.settings.noPlan);
  const used = await messagesUsedByPlan(deps.db, actor.planId, tokyoMonthStart(deps.clock()));
  return {
    ok: true,
    ...settings,
    budgetUse:
      settings.messageBudget === null
        ? null
        : { used, left: Math.max(0, settings.messageBudget - used) },
    usedThisMonth: used,
  };
}

/**
 * Changes the settings given (the rest stay).
 * @returns `invalid` for a budget outside 0–{@link MAX_MESSAGE_BUDGET}; `forbidden` for a non-office.
 */
export async function savePlanSettings(
  deps: AppDeps,
  actor: OfficeActor,
  input: Partial<PlanSettings> & { channel: Channel },
): Promise<{ ok: true } | Failure<"forbidden" | "invalid" | "not_found">> {
  const refusal = officeRefusal(actor);
  if (refusal) return refusal;
  const { channel, ...change } = input;
  if (
    change.messageBudget != null &&
    (!Number.isInteger(change.messageBudget) ||
      change.messageBudget < 0 ||
      change.messageBudget > MAX_MESSAGE_BUDGET)
  )
    return fail("invalid", useCaseText.settings.budgetRange(MAX_MESSAGE_BUDGET));
  const before = await getPlanSettings(deps.db, actor.planId);
  if (!before) return fail("not_found", useCaseText.settings.noPlan);
  await setPlanSettings(deps.db, actor.planId, change);
  await audit(deps, actor, {
    channel,
    action: "plan.settings",
    target: null,
    detail: { before, after: { ...before, ...change } },
  });
  return { ok: true };
}
