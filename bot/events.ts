/**
 * Webhook event handling: what the bot does with each LINE webhook event once the transport
 * (bot/webhook.ts) has verified and acknowledged it.
 *
 * @see https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects
 */
import type { webhook } from "@line/bot-sdk";
import { deactivateUser, looksLikeInviteCode, redeemInvite } from "../db/invites.ts";
import { claimWebhookEvent, findMemberships } from "../db/members.ts";
import { listPlans, loadPlanView } from "../db/plans.ts";
import { memoized } from "../shared/plan-view.ts";
import { parseReply } from "../shared/reply-parser.ts";
import { searchInitiatives } from "../shared/search.ts";
import { compactText } from "../shared/text.ts";
import { initiativesFlexMessage } from "./chat/flex.ts";
import { answerKnownQuestion, classifyQuestion, type Question } from "./chat/questions.ts";
import { focusItem, handleReportText, howToAnswer, reportText, undo } from "./chat/reports.ts";
import type { AppDeps } from "./deps.ts";
import type { Message } from "./line/gateway.ts";
import { ja } from "./messages.ts";
import { answerBoardSetup, answerDigestPreview, answerReportMenu } from "./richmenu/answers.ts";
import { linkRichMenuForMember } from "./richmenu/link.ts";

/** The plan a LINE user's questions are answered from: their own, else the default, else the first. */
async function planIdFor(deps: AppDeps, userId: string | undefined): Promise<string | null> {
  if (userId) {
    const memberships = await findMemberships(deps.db, userId);
    if (memberships[0]) return memberships[0].planId;
  }
  if (deps.config.defaultPlanId) return deps.config.defaultPlanId;
  const plans = await listPlans(deps.db);
  return plans[0]?.id ?? null;
}

/** Examples for a "no match" reply, taken from the plan itself so they always work. */
function examplesFrom(titles: string[]): string[] {
  const picks = titles.slice(0, 3).map((t) => t.replace(/の(推進|強化|見直し|実施)$/u, ""));
  return picks.length ? [...picks, "⑲ のように番号だけでも"] : ["ペーパーレス", "窓口"];
}

/**
 * Answers a text message as a question about the plan.
 * @returns the messages to reply with.
 */
export async function answerQuestion(
  deps: AppDeps,
  userId: string | undefined,
  text: string,
): Promise<Message[]> {
  const planId = await planIdFor(deps, userId);
  const plan = planId ? await loadPlanView(deps.db, planId) : null;
  if (!plan) return [{ type: "text", text: ja.noPlan }];
  const member = userId
    ? (await findMemberships(deps.db, userId)).find((m) => m.planId === plan.id)
    : undefined;
  const departments = memoized(plan, "departments", () => [
    ...new Set(plan.initiatives.flatMap((i) => i.departments)),
  ]);
  const question = classifyQuestion(text, departments);
  if (question) return answerKnownQuestion(deps, plan, member, question);
  const hits = searchInitiatives(plan.initiatives, text, 12);
  if (hits.length === 0) {
    return [
      {
        type: "text",
        text: ja.noMatch(
          text.trim().slice(0, 40),
          examplesFrom(plan.initiatives.map((i) => i.title)),
        ),
      },
    ];
  }
  return [
    initiativesFlexMessage(
      plan,
      hits.map((h) => h.initiative),
      { liffId: deps.config.liffId },
    ),
  ];
}

/**
 * A text message: an invite code, an answer to a reminder (figures, 取消, はい/いいえ, a reason), or
 * otherwise a question about the plan.
 */
export async function answerText(
  deps: AppDeps,
  userId: string | undefined,
  text: string,
): Promise<Message[]> {
  if (userId && looksLikeInviteCode(text)) {
    const result = await redeemInvite(deps.db, text, userId, deps.clock());
    if (result.ok) {
      // The rich menu of their role, after the reply; a failure is logged and never breaks the join.
      deps.defer(linkRichMenuForMember(deps, result.member));
      const role = ja.roleLabels[result.member.role] ?? result.member.role;
      return [{ type: "text", text: ja.joined(result.planName, result.member.orgUnit, role) }];
    }
    const reply = { unknown: ja.inviteUnknown, expired: ja.inviteExpired, used: ja.inviteUsed }[
      result.reason
    ];
    return [{ type: "text", text: reply }];
  }
  const member = userId ? (await findMemberships(deps.db, userId))[0] : undefined;
  // 「⑲」「③-1」「223010」 look like figures but name an initiative: they are questions.
  if (await isInitiativeCode(deps, member?.planId ?? (await planIdFor(deps, userId)), text)) {
    return answerQuestion(deps, userId, text);
  }
  if (member) {
    const answer = await handleReportText(deps, member, text);
    if (answer) return answer;
  } else if (parseReply(text).kind === "figures") {
    return [{ type: "text", text: reportText.notLinked }];
  }
  return answerQuestion(deps, userId, text);
}

/** Whether the whole message is one of the plan's initiative codes. */
async function isInitiativeCode(
  deps: AppDeps,
  planId: string | null,
  text: string,
): Promise<boolean> {
  const plan = planId ? await loadPlanView(deps.db, planId) : null;
  if (!plan) return false;
  const codes = memoized(
    plan,
    "compact-codes",
    () => new Set(plan.initiatives.map((i) => compactText(i.code))),
  );
  return codes.has(compactText(text));
}

/**
 * Postbacks from quick replies (`action=answer&cycle=&indicator=`, `action=undo`, `action=help`,
 * `action=more`) and the rich menus (`action=report`, `action=digest-preview`, `action=board-setup`).
 */
async function answerPostback(deps: AppDeps, userId: string, data: string): Promise<Message[]> {
  const params = new URLSearchParams(data);
  const member = (await findMemberships(deps.db, userId))[0];
  if (!member) return [{ type: "text", text: reportText.notLinked }];
  switch (params.get("action")) {
    case "answer":
      return focusItem(deps, member, Number(params.get("cycle")), Number(params.get("indicator")));
    case "undo":
      return undo(deps, member);
    case "help":
      return howToAnswer(deps, member);
    case "report": // rich menu: 今月の報告
      return answerReportMenu(deps, member);
    case "digest-preview": // rich menu (office): ダイジェスト
      return answerDigestPreview(deps, member);
    case "board-setup": // rich menu: ボード without LIFF_ID
      return answerBoardSetup();
    case "more": {
      const plan = await loadPlanView(deps.db, member.planId);
      const kind = params.get("q") as Question["kind"] | null;
      if (!plan || !kind) return [];
      const arg = params.get("arg");
      return answerKnownQuestion(
        deps,
        plan,
        member,
        { kind, ...(arg ? { arg } : {}) },
        Number(params.get("offset") ?? 0),
      );
    }
    default:
      return [];
  }
}

/**
 * Handles one webhook event (message, postback, follow, unfollow); other event types are ignored.
 * Errors propagate to the caller, which logs them.
 */
export async function handleEvent(deps: AppDeps, event: webhook.Event): Promise<void> {
  if (
    event.webhookEventId &&
    !(await claimWebhookEvent(deps.db, event.webhookEventId, event.type))
  ) {
    return;
  }
  const userId = event.source?.type === "user" ? event.source.userId : undefined;
  const replyOptions = userId ? { fallbackTo: userId } : {};
  switch (event.type) {
    case "message": {
      if (!event.replyToken) return;
      if (event.message.type !== "text") {
        await deps.line.reply(event.replyToken, [{ type: "text", text: ja.notText }], replyOptions);
        return;
      }
      const messages = await answerText(deps, userId, event.message.text);
      await deps.line.reply(event.replyToken, messages, replyOptions);
      return;
    }
    case "postback": {
      if (!event.replyToken || !userId) return;
      const messages = await answerPostback(deps, userId, event.postback.data);
      if (messages.length) await deps.line.reply(event.replyToken, messages, replyOptions);
      return;
    }
    case "follow": {
      const planId = await planIdFor(deps, userId);
      const plan = planId ? await loadPlanView(deps.db, planId) : null;
      if (event.replyToken) {
        await deps.line.reply(
          event.replyToken,
          [{ type: "text", text: ja.greeting(plan?.name ?? null) }],
          replyOptions,
        );
      }
      return;
    }
    case "unfollow": {
      // Blocked: stop reminding them; everything they entered stays.
      if (userId) await deactivateUser(deps.db, userId, deps.clock());
      return;
    }
    default:
      return;
  }
}
