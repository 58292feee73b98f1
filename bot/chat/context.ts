/**
 * What the chat knows about the sender of a message, loaded once per message: their membership,
 * the plan their questions are answered from, and what the bot is waiting for from them.
 */
import type { MemberView } from "../../db/members.ts";
import { findMemberships } from "../../db/members.ts";
import { listPlans, loadPlanView } from "../../db/plans.ts";
import { type ChatState, getChatState } from "../../db/reminders.ts";
import type { PlanView } from "../../shared/plan-view.ts";
import type { AppDeps } from "../deps.ts";

export interface ChatContext {
  /** The LINE user, or undefined for a group or room source. */
  userId: string | undefined;
  /** Their membership (the first, when they belong to several plans), or undefined. */
  member: MemberView | undefined;
  /** The plan questions are answered from: the member's, else the default, else the first one. */
  plan: PlanView | null;
  /**
   * What the bot is waiting for from the member — a value for a tapped item (`focus`), a はい/いいえ
   * (`confirm`), a reason (`reason`) — or null. It is a row in `chat_states` with an expiry
   * (db/reminders.ts setChatState); an expired one reads as null.
   */
  pending: ChatState | null;
}

/** Loads the {@link ChatContext} of a LINE user: one membership lookup, one plan view, one state. */
export async function loadChatContext(
  deps: AppDeps,
  userId: string | undefined,
): Promise<ChatContext> {
  const member = userId ? (await findMemberships(deps.db, userId))[0] : undefined;
  let planId = member?.planId ?? deps.config.defaultPlanId ?? null;
  if (!planId) planId = (await listPlans(deps.db))[0]?.id ?? null;
  const plan = planId ? await loadPlanView(deps.db, planId) : null;
  const pending = member ? await getChatState(deps.db, member.id, deps.clock()) : null;
  return { userId, member, plan, pending };
}
