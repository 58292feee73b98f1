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
import { readPlanSettings, savePlanSettings } from "../usecases/office-settings.ts";
import { fail, operatorFor, withDeps } from "./db.ts";

const APPROVAL_WORDS = { required: "必要（課長またはDX推進担当の承認後に反映）", none: "不要" };

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
  if (!view.ok) return fail(`計画「${planId}」はありません。`);
  const used = view.usedThisMonth;
  console.log(`確定実績の承認: ${APPROVAL_WORDS[view.approval]}`);
  console.log(
    view.messageBudget === null
      ? `月間メッセージ予算: なし（今月 ${used}通）`
      : `月間メッセージ予算: ${view.messageBudget}通（今月 ${used}通使用・残り ${view.budgetUse?.left ?? 0}通）`,
  );
}

export const planCommand = {
  async set(opts: { plan: string; approval?: string; budget?: string }) {
    const change: Partial<PlanSettings> = {};
    if (opts.approval !== undefined) {
      if (opts.approval !== "required" && opts.approval !== "none")
        return fail("--approval は required か none です。");
      change.approval = opts.approval;
    }
    if (opts.budget !== undefined) {
      const budget = parseBudget(opts.budget);
      if (budget === null) return fail("--budget は 0〜1000000 の通数か none（予算なし）です。");
      change.messageBudget = budget === "none" ? null : budget;
    }
    if (Object.keys(change).length === 0)
      return fail("変更する設定を --approval か --budget で指定してください。");
    await withDeps(async (deps) => {
      // The office's use case, as the operator: the same check, and an audit row on channel cli.
      const saved = await savePlanSettings(deps, operatorFor(opts.plan), {
        ...change,
        channel: "cli",
      });
      if (!saved.ok)
        return fail(
          saved.code === "not_found" ? `計画「${opts.plan}」はありません。` : saved.message,
        );
      console.log(`計画「${opts.plan}」の設定を変更しました。`);
      await show(deps, opts.plan);
    });
  },
  async show(opts: { plan: string }) {
    await withDeps((deps) => show(deps, opts.plan));
  },
};
