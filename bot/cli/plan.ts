/**
 * `npx shinchoku plan set|show --plan <id>`: a plan's own settings (issue 12 §4).
 *
 * - `--approval required|none`: whether the yearly official 実績 (確定) needs the 課長's or the
 *   office's approval before it counts (default none; shared/approval.ts).
 * - `--budget <N>|none`: the plan's monthly LINE message budget, checked before every push of the
 *   reminder cycle, its follow-ups, the 課長 escalation, the digest and the approval pushes
 *   (bot/usecases/message-allowance.ts); `none` removes it.
 */
import type { PlanSettings } from "../../db/plans.ts";
import { commonText, planText as t } from "../text/cli.ts";
import { readPlanSettings, savePlanSettings } from "../usecases/office-settings.ts";
import { fail, operatorFor, withDeps } from "./db.ts";

/** Reads `--budget`: a whole number of messages 0–1,000,000, or `none`; null when unreadable. */
export function parseBudget(text: string): number | "none" | null {
  if (text === "none") return "none";
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n <= 1_000_000 ? n : null;
}

/** Prints the plan's settings, as the office's リマインド page shows them (the same use case). */
async function show(deps: Parameters<Parameters<typeof withDeps>[0]>[0], planId: string) {
  const view = await readPlanSettings(deps, operatorFor(planId));
  if (!view.ok) return fail(commonText.noPlan(planId));
  const used = view.usedThisMonth;
  console.log(t.approval(t.approvalWords[view.approval]));
  console.log(
    view.messageBudget === null
      ? t.noBudget(used)
      : t.budget(view.messageBudget, used, view.budgetUse?.left ?? 0),
  );
}

export const planCommand = {
  async set(opts: { plan: string; approval?: string; budget?: string }) {
    const change: Partial<PlanSettings> = {};
    if (opts.approval !== undefined) {
      if (opts.approval !== "required" && opts.approval !== "none") return fail(t.badApproval);
      change.approval = opts.approval;
    }
    if (opts.budget !== undefined) {
      const budget = parseBudget(opts.budget);
      if (budget === null) return fail(t.badBudget);
      change.messageBudget = budget === "none" ? null : budget;
    }
    if (Object.keys(change).length === 0) return fail(t.nothingToChange);
    await withDeps(async (deps) => {
      // The office's use case, as the operator: the same check, and an audit row on channel cli.
      const saved = await savePlanSettings(deps, operatorFor(opts.plan), {
        ...change,
        channel: "cli",
      });
      if (!saved.ok)
        return fail(saved.code === "not_found" ? commonText.noPlan(opts.plan) : saved.message);
      console.log(t.changed(opts.plan));
      await show(deps, opts.plan);
    });
  },
  async show(opts: { plan: string }) {
    await withDeps((deps) => show(deps, opts.plan));
  },
};
