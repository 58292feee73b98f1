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

/** The LINE webhook event a message came in, as the inbox (bot/inbox.ts) hands it over. */
export interface EventOrigin {
  /** LINE's `webhookEventId` (or the inbox's `local-…` id for an event without one). */
  webhookEventId: string;
  /**
   * The inbox's attempt, from 1. Above 1 an earlier attempt was cut off (a kill, a failure) and
   * may have written already: the chat answers from what it wrote (docs/reliability.md §1).
   */
  attempt: number;
}

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
  /** The webhook event being answered; null when called outside one (benchmarks, tests). */
  origin: EventOrigin | null;
}

/** Loads the {@link ChatContext} of a LINE user: one membership lookup, one plan view, one state. */
export async function loadChatContext(
  deps: AppDeps,
  userId: string | undefined,
  origin: EventOrigin | null = null,
): Promise<ChatContext> {
  const member = userId ? (await findMemberships(deps.db, userId))[0] : undefined;
  let planId = member?.planId ?? deps.config.defaultPlanId ?? null;
  if (!planId) planId = (await listPlans(deps.db))[0]?.id ?? null;
  const plan = planId ? await loadPlanView(deps.db, planId) : null;
  const pending = member ? await getChatState(deps.db, member.id, deps.clock()) : null;
  return { userId, member, plan, pending, origin };
}
