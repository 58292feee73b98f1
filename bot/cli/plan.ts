/**
 * `npx shinchoku plan set|show --plan <id>`: a plan's own settings (issue 12 §4).
 *
 * - `--approval required|none`: whether the yearly official 実績 (確定) needs the 課長's or the
 *   office's approval before it counts (default none; shared/approval.ts).
 * - `--budget <N>|none`: the plan's monthly LINE message budget, checked before every push of the
 *   reminder cycle, its follow-ups, the 課長 escalation, the digest and the approval pushes
 *   (bot/usecases/message-allowance.ts); `none` removes it.
 */
import { messagesUsedByPlan } from "../../db/message-log.ts";
import { getPlanSettings, type PlanSettings, setPlanSettings } from "../../db/plans.ts";
import { tokyoMonthStart } from "../usecases/message-allowance.ts";
import { fail, withDatabase } from "./db.ts";

const APPROVAL_WORDS = { required: "必要（課長またはDX推進担当の承認後に反映）", none: "不要" };

/** Reads `--budget`: a whole number of messages 0–1,000,000, or `none`; null when unreadable. */
export function parseBudget(text: string): number | "none" | null {
  if (text === "none") return "none";
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n <= 1_000_000 ? n : null;
}

async function show(db: Parameters<Parameters<typeof withDatabase>[0]>[0], planId: string) {
  const settings = await getPlanSettings(db, planId);
  if (!settings) return fail(`計画「${planId}」はありません。`);
  const used = await messagesUsedByPlan(db, planId, tokyoMonthStart(new Date()));
  console.log(`確定実績の承認: ${APPROVAL_WORDS[settings.approval]}`);
  console.log(
    settings.messageBudget === null
      ? `月間メッセージ予算: なし（今月 ${used}通）`
      : `月間メッセージ予算: ${settings.messageBudget}通（今月 ${used}通使用・残り ${Math.max(0, settings.messageBudget - used)}通）`,
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
    await withDatabase(async (db) => {
      if (!(await setPlanSettings(db, opts.plan, change)))
        return fail(`計画「${opts.plan}」はありません。`);
      console.log(`計画「${opts.plan}」の設定を変更しました。`);
      await show(db, opts.plan);
    });
  },
  async show(opts: { plan: string }) {
    await withDatabase((db) => show(db, opts.plan));
  },
};
