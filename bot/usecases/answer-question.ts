/**
 * A person asks about the plan in the chat. Thin: what a question means and how it is answered is
 * bot/chat/questions.ts (known forms: 「総務課の取組」「私の指標」…) and shared/search.ts (keyword
 * search); this use case picks between them for an already classified message.
 */
import type { MemberView } from "../../db/members.ts";
import type { PlanView } from "../../shared/plan-view.ts";
import { searchInitiatives } from "../../shared/search.ts";
import { initiativesFlexMessage } from "../chat/flex.ts";
import { answerKnownQuestion, type Question } from "../chat/questions.ts";
import type { AppDeps } from "../deps.ts";
import type { Message } from "../line/gateway.ts";
import { ja } from "../messages.ts";
import { type Failure, fail } from "./result.ts";

/** Examples for a "no match" reply, taken from the plan itself so they always work. */
function examplesFrom(titles: string[]): string[] {
  const picks = titles.slice(0, 3).map((t) => t.replace(/の(推進|強化|見直し|実施)$/u, ""));
  return picks.length ? [...picks, "⑲ のように番号だけでも"] : ["ペーパーレス", "窓口"];
}

export type AnswerQuestionResult = { ok: true; messages: Message[] } | Failure<"no_plan">;

/**
 * Answers a question about `input.plan`: a recognised form (`input.question`), else a keyword
 * search over the initiatives (codes included), else examples of what to ask.
 * @param actor the asker's membership in the plan, if any (「私の指標」「未報告」 need one).
 */
export async function answerQuestion(
  deps: AppDeps,
  actor: MemberView | undefined,
  input: { plan: PlanView | null; text: string; question?: Question | null },
): Promise<AnswerQuestionResult> {
  const { plan, text } = input;
  if (!plan) return fail("no_plan", ja.noPlan);
  const member = actor?.planId === plan.id ? actor : undefined;
  if (input.question)
    return { ok: true, messages: await answerKnownQuestion(deps, plan, member, input.question) };
  const hits = searchInitiatives(plan.initiatives, text, 12);
  if (hits.length === 0) {
    const examples = examplesFrom(plan.initiatives.map((i) => i.title));
    return {
      ok: true,
      messages: [{ type: "text", text: ja.noMatch(text.trim().slice(0, 40), examples) }],
    };
  }
  return {
    ok: true,
    messages: [
      initiativesFlexMessage(
        plan,
        hits.map((h) => h.initiative),
        { liffId: deps.config.liffId },
      ),
    ],
  };
}
