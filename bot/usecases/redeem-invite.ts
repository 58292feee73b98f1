/**
 * A person joins a plan with an invite code sent in the chat (docs: 招待コード). The code is claimed
 * atomically in db/invites.ts; a wrong, expired or spent code links nothing.
 */
import { redeemInvite as claimInvite } from "../../db/invites.ts";
import type { MemberView } from "../../db/members.ts";
import type { AppDeps } from "../deps.ts";
import { linkRichMenuForMember } from "../richmenu/link.ts";
import { chatText } from "../text/line.ts";
import { type Failure, fail } from "./result.ts";

export type RedeemInviteResult =
  | { ok: true; member: MemberView; planName: string; message: string }
  | Failure<"unknown" | "expired" | "used">;

/**
 * Links the LINE user `actor.lineUserId` as the member the invite describes, and — after the
 * reply, never holding it up — links the rich menu of their role (a failure there is logged).
 * @returns the new membership and the welcome text; or `unknown`, `expired`, `used`.
 */
export async function redeemInvite(
  deps: AppDeps,
  actor: { lineUserId: string },
  input: { code: string },
): Promise<RedeemInviteResult> {
  const result = await claimInvite(deps.db, input.code, actor.lineUserId, deps.clock());
  if (!result.ok) {
    const message = {
      unknown: chatText.inviteUnknown,
      expired: chatText.inviteExpired,
      used: chatText.inviteUsed,
    }[result.reason];
    return fail(result.reason, message);
  }
  deps.defer(linkRichMenuForMember(deps, result.member));
  return {
    ok: true,
    member: result.member,
    planName: result.planName,
    message: chatText.joined(result.planName, result.member.department, result.member.role),
  };
}
