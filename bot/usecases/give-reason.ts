/**
 * A person gives the reason (要因と今後の方策) for actuals behind their target — in the chat, after
 * the bot asked for it, or with the value in the LIFF app (bot/usecases/record-actual.ts).
 */
import { addActualReason, reasonsStoredByEvent } from "../../db/actuals.ts";
import type { MemberView } from "../../db/members.ts";
import type { Channel } from "../../db/schema.ts";
import type { AppDeps } from "../deps.ts";
import { type Failure, fail } from "./result.ts";

/** 「なし」 and the like: nothing to say, stored as nothing. */
export const NO_REASON =
  /^(なし|無し|特になし|特に無し|とくになし|ない|ありません|特にありません|skip|-)$/u;

export type GiveReasonResult = { ok: true; stored: number } | Failure<"empty" | "no_reason_given">;

/**
 * Stores one reason for each of `actualIds` (the member's own entries, as the bot asked).
 *
 * With `webhookEventId` (the chat) each reason is stored once per event and actual, so the event
 * handled again after a kill (the inbox, docs/reliability.md §1) stores nothing twice; see
 * {@link reasonGivenByEvent} for answering such a run.
 * @returns how many were stored; `no_reason_given` for 「なし」 (nothing stored), `empty` for blank.
 */
export async function giveReason(
  deps: AppDeps,
  actor: MemberView,
  input: { actualIds: number[]; reason: string; channel: Channel; webhookEventId?: string },
): Promise<GiveReasonResult> {
  const reason = input.reason.trim();
  if (!reason) return fail("empty", "");
  if (NO_REASON.test(reason.normalize("NFKC").toLowerCase().replace(/\s+/gu, "")))
    return fail("no_reason_given", "");
  for (const actualId of input.actualIds)
    await addActualReason(deps.db, {
      actualId,
      reason,
      memberId: actor.id,
      channel: input.channel,
      webhookEventId: input.webhookEventId ?? null,
    });
  return { ok: true, stored: input.actualIds.length };
}

/** Whether a LINE webhook event stored a reason (it is being handled again after a kill). */
export async function reasonGivenByEvent(deps: AppDeps, webhookEventId: string): Promise<boolean> {
  return (await reasonsStoredByEvent(deps.db, webhookEventId)) > 0;
}
