/**
 * A person asks about the plan in the chat. Thin: what a question means and how it is answered is
 * bot/chat/questions.ts (known forms: 「総務課の取組」「私の指標」…, and plan search over the whole
 * plan, shared/search/); this use case picks between them for an already classified message.
 */
import type { MemberView } from "../../db/members.ts";
import { planSearchFor } from "../../db/search-corpus.ts";
import type { PlanView } from "../../shared/plan-view.ts";
import { answerFromSearch, answerKnownQuestion, type Question } from "../chat/questions.ts";
import type { AppDeps } from "../deps.ts";
import type { Message } from "../line/gateway.ts";
import { chatText } from "../text/line.ts";
import { type Failure, fail } from "./result.ts";

export type AnswerQuestionResult = { ok: true; messages: Message[] } | Failure<"no_plan">;

/**
 * Answers a question about `input.plan`: a recognised form (`input.question`), else plan search
 * (what was asked about the initiatives named, or the closest initiatives when none matches).
 * @param actor the asker's membership in the plan, if any (「私の指標」「未報告」 need one).
 */
export async function answerQuestion(
  deps: AppDeps,
  actor: MemberView | undefined,
  input: { plan: PlanView | null; text: string; question?: Question | null },
): Promise<AnswerQuestionResult> {
  const { plan, text } = input;
  if (!plan) return fail("no_plan", chatText.noPlan);
  const member = actor?.planId === plan.id ? actor : undefined;
  if (input.question)
    return { ok: true, messages: await answerKnownQuestion(deps, plan, member, input.question) };
  return { ok: true, messages: answerFromSearch(deps, await planSearchFor(deps.db, plan), text) };
}
