/**
 * Approval of official 実績 in the chat (issue 12 §4): the 課長 or the office taps 承認 / 差し戻し on
 * the approval request (postbacks `action=approval&do=approve|return|cancel&ids=…`); 差し戻し asks
 * for the reason as a pending state (`return_comment`, 60 min) which, like a reason, takes only text
 * that reads as an answer — a question, a code, figures or an invite code go their own way and the
 * prompt stays open. The rules are the use case's (bot/usecases/approve-actual.ts).
 */
import type { MemberView } from "../../db/members.ts";
import { type ChatState, clearChatState, setChatState } from "../../db/reminders.ts";
import type { AppDeps } from "../deps.ts";
import type { Message } from "../line/gateway.ts";
import { approvalText } from "../text/line.ts";
import { checkApproval, decideApproval } from "../usecases/approve-actual.ts";
import type { EventOrigin } from "./context.ts";
import { returnCommentQuickReply } from "./reports.ts";

/** The ids of a postback's `ids=12,13`; empty when absent or not ids. */
export function postbackIds(params: URLSearchParams): number[] {
  const ids = (params.get("ids") ?? "").split(",").map(Number);
  return ids.every((n) => Number.isInteger(n) && n > 0) ? ids : [];
}

/** The answer to a tap on the approval request's quick replies (or 「やめる」 on the comment prompt). */
export async function answerApprovalPostback(
  deps: AppDeps,
  member: MemberView,
  pending: ChatState | null,
  params: URLSearchParams,
  origin: EventOrigin | null = null,
): Promise<Message[]> {
  const action = params.get("do");
  if (action === "cancel") {
    if (pending?.kind !== "return_comment") return [];
    await clearChatState(deps.db, member.id);
    return [{ type: "text", text: approvalText.returnCancelled }];
  }
  const actualIds = postbackIds(params);
  if (action === "approve") {
    const result = await decideApproval(deps, member, {
      actualIds,
      decision: "approved",
      channel: "line",
      // Handled again after a kill: answered as the first time, nothing pushed twice.
      replay: (origin?.attempt ?? 1) > 1,
    });
    if (!result.ok) return [{ type: "text", text: result.message }];
    if (pending?.kind === "return_comment") await clearChatState(deps.db, member.id);
    return [{ type: "text", text: approvalText.approved(result.actualIds.length) }];
  }
  if (action === "return") {
    // Refused now rather than after the comment: the 課長 of another 課 is not asked for one.
    const checked = await checkApproval(deps, member, actualIds);
    if (!checked.ok) return [{ type: "text", text: checked.message }];
    await setChatState(deps.db, member.id, { kind: "return_comment", actualIds }, deps.clock());
    return [{ type: "text", text: approvalText.askComment, quickReply: returnCommentQuickReply }];
  }
  return [];
}

/** The pending 差し戻し's comment, given: the figures are returned with it and the lead is told. */
export async function takeReturnComment(
  deps: AppDeps,
  member: MemberView,
  pending: Extract<ChatState, { kind: "return_comment" }>,
  text: string,
): Promise<Message[]> {
  const result = await decideApproval(deps, member, {
    actualIds: pending.actualIds,
    decision: "returned",
    comment: text,
    channel: "line",
  });
  await clearChatState(deps.db, member.id);
  return [
    {
      type: "text",
      text: result.ok ? approvalText.returned(result.actualIds.length) : result.message,
    },
  ];
}

/** 「あとで」 while a 差し戻し's comment is asked for: the return is dropped. */
export async function dropReturn(deps: AppDeps, member: MemberView): Promise<Message[]> {
  await clearChatState(deps.db, member.id);
  return [{ type: "text", text: approvalText.returnCancelled }];
}
