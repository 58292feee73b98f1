/**
 * Webhook event handling: what the bot does with each LINE webhook event once the transport
 * (bot/webhook.ts) has verified and acknowledged it. One handler per event type, as in
 * line-bot-sdk's examples, each returning early on what it does not handle; they are thin adapters
 * that classify, call a use case (bot/usecases/) and reply.
 *
 * A text message is classified once (bot/chat/classify.ts) with one {@link ChatContext} loaded once,
 * and only then may a pending state (a reason, a confirmation, a focus on an item) claim it: a
 * question, a code, figures, 取消, an invite code or help always go their own way.
 *
 * The inbox (bot/inbox.ts) may run an event's handler again after a kill between its writes and
 * `done`. Every write carries the event's `webhookEventId` and is unique per event, and a run after
 * the first ({@link EventOrigin} `attempt` above 1) answers from what the first run wrote
 * (bot/chat/reports.ts answerAgain): a message records its values once and is answered as the first
 * time (docs/reliability.md §1).
 *
 * @see https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects
 */
import type { webhook } from "@line/bot-sdk";
import { deactivateUser } from "../db/invites.ts";
import type { MemberView } from "../db/members.ts";
import { answerApprovalPostback, dropReturn, takeReturnComment } from "./chat/approvals.ts";
import { type ChatMessage, classifyMessage, hasWords, readsAsProse } from "./chat/classify.ts";
import { type ChatContext, type EventOrigin, loadChatContext } from "./chat/context.ts";
import {
  answerKnownQuestion,
  prepareAnswers,
  preparePlanAnswers,
  type Question,
} from "./chat/questions.ts";
import {
  answerAgain,
  answerConfirmation,
  discardConfirmation,
  figuresRecordNothing,
  focusItem,
  howToAnswer,
  pendingPrompt,
  pendingQuickReply,
  postponeReason,
  promptReason,
  reportFigures,
  takeReason,
  undo,
} from "./chat/reports.ts";
import type { AppDeps } from "./deps.ts";
import type { Message } from "./line/gateway.ts";
import { withOfficeNotices } from "./reminders/notices.ts";
import { answerBoardSetup, answerDigestPreview, answerReportMenu } from "./richmenu/answers.ts";
import { approvalText, chatText, reportText } from "./text/line.ts";
import { answerQuestion as answerPlanQuestion } from "./usecases/answer-question.ts";
import { redeemInvite } from "./usecases/redeem-invite.ts";

/** Answers as a question about the chat's plan (a recognised form, else keyword search). */
async function ask(
  deps: AppDeps,
  chat: ChatContext,
  text: string,
  question: Question | null,
): Promise<Message[]> {
  // Everything questions derive from this plan revision, at once if not done yet (prepareAnswers).
  if (chat.plan) await prepareAnswers(deps, chat.plan);
  const result = await answerPlanQuestion(deps, chat.member, { plan: chat.plan, text, question });
  return result.ok ? result.messages : [{ type: "text", text: result.message }];
}

/**
 * A question answered while a prompt is pending: the answer, with the prompt's quick replies on its
 * last message so that the prompt stays at hand (it stays open until it expires).
 */
function keepingPromptOpen(messages: Message[], chat: ChatContext): Message[] {
  const quickReply = pendingQuickReply(chat.pending);
  const last = messages.at(-1);
  if (!quickReply || !last || "quickReply" in last) return messages;
  return [...messages.slice(0, -1), { ...last, quickReply } as Message];
}

/**
 * A text message: classified first, then answered by what it is. Pending states claim only what
 * is theirs: a confirmation takes はい/いいえ (and 取消 discards it); a reason takes text that reads as
 * a reason, 「なし」 and 「あとで」; a focus gives a bare value its item.
 */
export async function answerText(
  deps: AppDeps,
  userId: string | undefined,
  text: string,
  origin: EventOrigin | null = null,
): Promise<Message[]> {
  return (await respondToText(deps, userId, text, origin)).messages;
}

/** What a message is answered with, and which plan it may have changed (to prepare after the reply). */
interface Response {
  messages: Message[];
  /** A plan the message may have written to (a report, a confirmation, an undo, a reason). */
  changedPlanId: string | null;
}

/** Message kinds that only read: questions, codes, greetings; an invite changes no plan. */
const READ_ONLY: ReadonlySet<ChatMessage["kind"]> = new Set([
  "question",
  "code",
  "greeting",
  "invite",
]);

async function respondToText(
  deps: AppDeps,
  userId: string | undefined,
  text: string,
  origin: EventOrigin | null,
): Promise<Response> {
  const chat = await loadChatContext(deps, userId, origin);
  if (chat.member && origin && origin.attempt > 1) {
    const again = await answerAgain(deps, chat.member, chat.pending, origin.webhookEventId);
    if (again) return { messages: again, changedPlanId: chat.member.planId };
  }
  const message = classifyMessage(text, chat.plan, userId !== undefined);
  const messages = await answerClassified(deps, chat, text, message);
  // With a prompt pending, even a question may have been taken as its answer (a reason).
  const readOnly = READ_ONLY.has(message.kind) && !chat.pending;
  return { messages, changedPlanId: readOnly ? null : (chat.member?.planId ?? null) };
}

/**
 * After the reply to a message that may have changed a plan (a new revision): prepares the answers
 * to questions on the new revision (plan view, search index, digest) in the background, so that the
 * next question does not pay for it.
 */
function prepareAfterReply(deps: AppDeps, planId: string | null): void {
  if (planId) deps.defer(preparePlanAnswers(deps, planId));
}

async function answerClassified(
  deps: AppDeps,
  chat: ChatContext,
  text: string,
  message: ChatMessage,
): Promise<Message[]> {
  const { member, pending } = chat;
  const eventId = chat.origin?.webhookEventId;
  const question = () => ask(deps, chat, text, null).then((m) => keepingPromptOpen(m, chat));
  // A 差し戻し's reason is taken like a reason: only from text that reads as one.
  const returning = member && pending?.kind === "return_comment" ? pending : null;
  if (returning && member) {
    const prose = readsAsProse(text);
    if ((message.kind === "text" && hasWords(text)) || (message.kind === "question" && prose))
      return takeReturnComment(deps, member, returning, text);
    if (message.kind === "figures" && prose)
      return takeReturnComment(deps, member, returning, text);
    if (message.kind === "later") return dropReturn(deps, member);
    if (message.kind === "skip" || message.kind === "yes" || message.kind === "no")
      return [
        {
          type: "text",
          text: approvalText.commentNeeded,
          quickReply: pendingQuickReply(pending) ?? undefined,
        } as Message,
      ];
  }
  switch (message.kind) {
    case "invite": {
      if (!chat.userId) return question();
      const result = await redeemInvite(deps, { lineUserId: chat.userId }, { code: text });
      return [{ type: "text", text: result.message }];
    }
    case "code":
      return question();
    case "question": {
      // 「会議の開催が遅れているため」 names what is behind, but as the reason asked for.
      if (member && pending?.kind === "reason" && readsAsProse(text))
        return takeReason(deps, member, pending, text, eventId);
      return ask(deps, chat, text, message.question).then((m) => keepingPromptOpen(m, chat));
    }
    case "undo":
      if (!member) return question();
      if (pending?.kind === "confirm") return discardConfirmation(deps, member);
      return undo(deps, member, eventId);
    case "yes":
    case "no":
      if (member && pending?.kind === "confirm")
        return answerConfirmation(
          deps,
          member,
          chat.plan,
          pending,
          message.kind === "yes",
          eventId,
        );
      if (pending?.kind === "reason") return [pendingPrompt(pending) ?? { type: "text", text }];
      return question();
    case "figures": {
      if (!member) return [{ type: "text", text: reportText.notLinked }];
      // 「4月に異動があったため」 starts with a digit, but is the reason asked for, not a report.
      if (
        pending?.kind === "reason" &&
        readsAsProse(text) &&
        (await figuresRecordNothing(deps, member, chat.plan, pending, message.intent))
      )
        return takeReason(deps, member, pending, text, eventId);
      return reportFigures(deps, member, chat.plan, pending, message.intent, eventId);
    }
    case "greeting": {
      const prompt = pendingPrompt(pending);
      return prompt ? [prompt] : question();
    }
    case "skip":
      if (member && pending?.kind === "reason")
        return takeReason(deps, member, pending, text, eventId);
      return question();
    case "later":
      if (member && pending?.kind === "reason") return postponeReason(deps, member, pending);
      return question();
    case "text":
      if (member && pending?.kind === "reason" && hasWords(text))
        return takeReason(deps, member, pending, text, eventId);
      return question();
  }
}

/**
 * Postbacks from quick replies (`action=answer&cycle=&indicator=`, `action=undo`, `action=help`,
 * `action=more`, `action=reason&do=input|later`, `action=approval&do=approve|return|cancel&ids=`) and the rich menus (`action=report`,
 * `action=digest-preview`, `action=board-setup`).
 */
async function answerPostback(
  deps: AppDeps,
  userId: string,
  data: string,
  origin: EventOrigin,
): Promise<Response> {
  const params = new URLSearchParams(data);
  const chat = await loadChatContext(deps, userId, origin);
  const { member } = chat;
  if (!member)
    return { messages: [{ type: "text", text: reportText.notLinked }], changedPlanId: null };
  const action = params.get("action");
  const messages = await postbackMessages(deps, chat, member, params, origin);
  const writes = action === "undo" || action === "reason" || action === "approval";
  return { messages, changedPlanId: writes ? member.planId : null };
}

async function postbackMessages(
  deps: AppDeps,
  chat: ChatContext,
  member: MemberView,
  params: URLSearchParams,
  origin: EventOrigin,
): Promise<Message[]> {
  switch (params.get("action")) {
    case "answer":
      return focusItem(deps, member, Number(params.get("cycle")), Number(params.get("indicator")));
    case "undo":
      if (chat.pending?.kind === "confirm") return discardConfirmation(deps, member);
      return undo(deps, member, origin.webhookEventId);
    case "help":
      return howToAnswer(deps, member);
    case "reason":
      return params.get("do") === "later"
        ? postponeReason(deps, member, chat.pending)
        : promptReason(deps, member, chat.pending);
    case "approval": // the approval request's 承認 / 差し戻し, the comment prompt's やめる
      return answerApprovalPostback(deps, member, chat.pending, params, origin);
    case "report": // rich menu: 今月の報告
      return answerReportMenu(deps, member);
    case "digest-preview": // rich menu (office): ダイジェスト
      return answerDigestPreview(deps, member);
    case "board-setup": // rich menu: ボード without LIFF_ID
      return answerBoardSetup();
    case "more": {
      const { plan } = chat;
      const kind = params.get("q") as Question["kind"] | null;
      if (!plan || !kind || plan.id !== member.planId) return [];
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

function userIdOf(event: webhook.Event): string | undefined {
  return event.source?.type === "user" ? event.source.userId : undefined;
}

function replyOptions(userId: string | undefined) {
  return userId ? { fallbackTo: userId } : {};
}

/** A message event: text is answered; anything else gets a word that the bot reads text. */
async function handleMessage(
  deps: AppDeps,
  event: webhook.MessageEvent,
  origin: EventOrigin,
): Promise<void> {
  if (!event.replyToken) return;
  const userId = userIdOf(event);
  if (event.message.type !== "text") {
    await deps.line.reply(
      event.replyToken,
      [{ type: "text", text: chatText.notText }],
      replyOptions(userId),
    );
    return;
  }
  const { messages, changedPlanId } = await respondToText(deps, userId, event.message.text, origin);
  // A stop by LINE's monthly limit rides on an office member's next reply (free).
  await deps.line.reply(
    event.replyToken,
    await withOfficeNotices(deps, userId, messages),
    replyOptions(userId),
  );
  prepareAfterReply(deps, changedPlanId);
}

/** A postback from a quick reply or the rich menu, from a LINE user. */
async function handlePostback(
  deps: AppDeps,
  event: webhook.PostbackEvent,
  origin: EventOrigin,
): Promise<void> {
  const userId = userIdOf(event);
  if (!event.replyToken || !userId) return;
  const { messages, changedPlanId } = await answerPostback(
    deps,
    userId,
    event.postback.data,
    origin,
  );
  if (messages.length)
    await deps.line.reply(
      event.replyToken,
      await withOfficeNotices(deps, userId, messages),
      replyOptions(userId),
    );
  prepareAfterReply(deps, changedPlanId);
}

/** Added as a friend (or unblocked): the greeting, naming the plan questions are answered from. */
async function handleFollow(deps: AppDeps, event: webhook.FollowEvent): Promise<void> {
  if (!event.replyToken) return;
  const userId = userIdOf(event);
  const { plan } = await loadChatContext(deps, userId);
  await deps.line.reply(
    event.replyToken,
    [{ type: "text", text: chatText.greeting(plan?.name ?? null) }],
    replyOptions(userId),
  );
}

/** Blocked: stop reminding them; everything they entered stays. */
async function handleUnfollow(deps: AppDeps, event: webhook.UnfollowEvent): Promise<void> {
  const userId = userIdOf(event);
  if (!userId) return;
  await deactivateUser(deps.db, userId, deps.clock());
}

/**
 * Handles one webhook event (message, postback, follow, unfollow); other event types are ignored.
 * Called by the inbox (bot/inbox.ts), which dedupes redeliveries, once per attempt: `origin` names
 * the event's id and attempt (by default the event's own id, first attempt). Errors propagate to
 * the caller, which logs them and retries the event.
 */
export async function handleEvent(
  deps: AppDeps,
  event: webhook.Event,
  origin: EventOrigin = { webhookEventId: event.webhookEventId, attempt: 1 },
): Promise<void> {
  switch (event.type) {
    case "message":
      return handleMessage(deps, event, origin);
    case "postback":
      return handlePostback(deps, event, origin);
    case "follow":
      return handleFollow(deps, event);
    case "unfollow":
      return handleUnfollow(deps, event);
    default:
      return;
  }
}
