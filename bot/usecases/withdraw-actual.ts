/**
 * A person takes an actual back (取消): a chosen entry from the LIFF app, or their own latest entry
 * from the chat. The entry is marked withdrawn and stays in the history; the period then shows its
 * previous version, if any.
 */
import {
  withdrawActual as markWithdrawn,
  type WithdrawnActual,
  withdrawLastActual,
} from "../../db/actuals.ts";
import type { MemberView } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import { canEditIndicator } from "../../shared/permissions.ts";
import type { IndicatorView, PlanView } from "../../shared/plan-view.ts";
import type { AppDeps } from "../deps.ts";
import { useCaseText } from "../text/usecases.ts";
import { type Failure, fail } from "./result.ts";

export type WithdrawActualResult =
  | { ok: true; plan: PlanView; indicator: IndicatorView | undefined }
  | Failure<"not_found" | "forbidden" | "already_withdrawn">;

function indicatorWithVersion(plan: PlanView, actualId: number) {
  for (const initiative of plan.initiatives) {
    const indicator = initiative.indicators.find((i) => i.history.some((v) => v.id === actualId));
    if (indicator) return { initiative, indicator };
  }
  return null;
}

/**
 * Withdraws one entry of the member's plan.
 * @returns the indicator as it reads afterwards; or `not_found`, `forbidden` (not the member's
 * initiative), `already_withdrawn`.
 */
export async function withdrawActual(
  deps: AppDeps,
  actor: MemberView,
  input: { actualId: number },
): Promise<WithdrawActualResult> {
  const plan = await loadPlanView(deps.db, actor.planId);
  const found = plan ? indicatorWithVersion(plan, input.actualId) : null;
  if (!plan || !found) return fail("not_found", useCaseText.noActual);
  const decision = canEditIndicator(actor, found.initiative, found.indicator);
  if (!decision.allowed) return fail("forbidden", decision.reason);
  if (!(await markWithdrawn(deps.db, input.actualId, plan.id, deps.clock())))
    return fail("already_withdrawn", useCaseText.alreadyWithdrawn);
  const fresh = (await loadPlanView(deps.db, plan.id)) ?? plan;
  return {
    ok: true,
    plan: fresh,
    indicator: indicatorWithVersion(fresh, input.actualId)?.indicator,
  };
}

export type UndoLastActualResult =
  | { ok: true; withdrawn: WithdrawnActual; indicator: IndicatorView | undefined }
  | Failure<"nothing_to_undo">;

/**
 * 取消 in the chat: withdraws the member's own most recent entry that is not withdrawn yet.
 * With `webhookEventId`, an event withdraws one entry however often it is handled: run again after
 * a kill (the inbox, docs/reliability.md §1) it answers with the entry it withdrew the first time
 * instead of taking back the one before (db/actuals.ts withdrawLastActual).
 * @returns the withdrawn entry and its indicator; or `nothing_to_undo`.
 */
export async function undoLastActual(
  deps: AppDeps,
  actor: MemberView,
  input: { webhookEventId?: string } = {},
): Promise<UndoLastActualResult> {
  const withdrawn = await withdrawLastActual(
    deps.db,
    actor.id,
    actor.planId,
    deps.clock(),
    input.webhookEventId,
  );
  if (!withdrawn) return fail("nothing_to_undo", useCaseText.nothingToUndo);
  const plan = await loadPlanView(deps.db, actor.planId);
  const indicator = plan?.initiatives
    .flatMap((i) => i.indicators)
    .find((i) => i.id === withdrawn.indicatorId);
  return { ok: true, withdrawn, indicator };
}
