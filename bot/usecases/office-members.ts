/**
 * The DX office manages the plan's members from the LIFF app (issue 11, メンバー): the list with
 * 課, role, active and last report; invites for a 課 and role; a change of role or 課; deactivation
 * and reactivation. The same checks as the CLI (`members add|remove`, `invite`): the 課 must be the
 * plan's, a `lead` needs one. One more: the plan keeps at least one active DX office member.
 */
import { createInvite, formatInviteCode } from "../../db/invites.ts";
import {
  addMember,
  lastReportTimes,
  listMembers,
  MemberError,
  type MemberView,
  memberNotFound,
  removeMember,
  updateMember,
} from "../../db/members.ts";
import type { Channel } from "../../db/schema.ts";
import type { Role } from "../../shared/roles.ts";
import type { AppDeps } from "../deps.ts";
import { addFriendUrl } from "../line/gateway.ts";
import { linkRichMenuForMember } from "../richmenu/link.ts";
import { useCaseText } from "../text/usecases.ts";
import { audit, type OfficeActor, officeRefusal } from "./office.ts";
import { type Failure, fail } from "./result.ts";

export interface MemberRow {
  lineUserId: string;
  displayName: string | null;
  role: Role;
  department: string | null;
  active: boolean;
  /** When they last entered an actual (ISO), or null. */
  lastReportAt: string | null;
}

const row = (m: MemberView, last: Date | undefined): MemberRow => ({
  lineUserId: m.lineUserId,
  displayName: m.displayName,
  role: m.role,
  department: m.department,
  active: m.active,
  lastReportAt: last ? last.toISOString() : null,
});

/** A {@link MemberError} as a failure: a missing member is `not_found`, a bad 課 or role `invalid`. */
function memberFailure(err: unknown): Failure<"not_found" | "invalid"> {
  if (!(err instanceof MemberError)) throw err;
  return fail(err.code === "member_not_found" ? "not_found" : "invalid", err.message);
}

/** Every member of the plan, active or not, with the time of their last report. */
export async function listPlanMembers(
  deps: AppDeps,
  actor: OfficeActor,
): Promise<{ ok: true; members: MemberRow[] } | Failure<"forbidden">> {
  const refusal = officeRefusal(actor);
  if (refusal) return refusal;
  const [members, last] = await Promise.all([
    listMembers(deps.db, actor.planId, { includeInactive: true }),
    lastReportTimes(deps.db, actor.planId),
  ]);
  return { ok: true, members: members.map((m) => row(m, last.get(m.id))) };
}

/**
 * Issues a single-use invite code for a 課 and role, with the bot's add-friend link (null when LINE
 * cannot say the bot's basic ID: offline, or LINE unreachable; the code is issued all the same).
 */
export async function issueInvite(
  deps: AppDeps,
  actor: OfficeActor,
  input: { role: Role; department: string | null; days: number; channel: Channel },
): Promise<
  | { ok: true; code: string; expiresAt: Date; addFriendUrl: string | null }
  | Failure<"forbidden" | "invalid" | "not_found">
> {
  const refusal = officeRefusal(actor);
  if (refusal) return refusal;
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 90)
    return fail("invalid", useCaseText.office.inviteDays);
  let invite: { code: string; expiresAt: Date };
  try {
    invite = await createInvite(deps.db, {
      planId: actor.planId,
      department: input.department,
      role: input.role,
      now: deps.clock(),
      days: input.days,
    });
  } catch (err) {
    return memberFailure(err);
  }
  await audit(deps, actor, {
    channel: input.channel,
    action: "invite.create",
    target: input.department ? `${input.role}:${input.department}` : input.role,
    detail: {
      role: input.role,
      department: input.department,
      expiresAt: invite.expiresAt.toISOString(),
    },
  });
  const info = await deps.line.botInfo().catch(() => null);
  return {
    ok: true,
    code: formatInviteCode(invite.code),
    expiresAt: invite.expiresAt,
    addFriendUrl: info ? addFriendUrl(info.basicId) : null,
  };
}

/**
 * Adds a member by LINE userId, or changes and reactivates an existing one — the operator's way in
 * (`npx shinchoku members add`), since staff userIds are not shown in LINE's console; staff
 * otherwise join with an invite code. The member's rich menu is linked before it returns, and how
 * that went is said (`skipped` when the menus were never deployed).
 */
export async function enrollMember(
  deps: AppDeps,
  actor: OfficeActor,
  input: {
    lineUserId: string;
    role: Role;
    department: string | null;
    displayName: string | null;
    channel: Channel;
  },
): Promise<
  | { ok: true; member: MemberView; link: Awaited<ReturnType<typeof linkRichMenuForMember>> }
  | Failure<"forbidden" | "invalid" | "not_found">
> {
  const refusal = officeRefusal(actor);
  if (refusal) return refusal;
  const { channel, ...fields } = input;
  let member: MemberView;
  try {
    member = await addMember(deps.db, { planId: actor.planId, ...fields });
  } catch (err) {
    return memberFailure(err);
  }
  await audit(deps, actor, {
    channel,
    action: "member.add",
    target: input.lineUserId,
    detail: { role: member.role, department: member.department },
  });
  const link = await linkRichMenuForMember(deps, member);
  return { ok: true, member, link };
}

/** Whether the change leaves the plan without an active office member. */
async function leavesNoOffice(
  deps: AppDeps,
  planId: string,
  lineUserId: string,
  after: { role: Role; active: boolean },
): Promise<boolean> {
  if (after.role === "office" && after.active) return false;
  const offices = (await listMembers(deps.db, planId)).filter((m) => m.role === "office");
  return offices.every((m) => m.lineUserId === lineUserId);
}

/**
 * Changes a member's role, 課 or active flag (`active: true` reactivates; history was kept). When
 * the role or the flag changes, the member's rich menu is relinked after the answer.
 */
export async function changeMember(
  deps: AppDeps,
  actor: OfficeActor,
  input: {
    lineUserId: string;
    role?: Role;
    department?: string | null;
    active?: boolean;
    channel: Channel;
  },
): Promise<
  { ok: true; member: MemberRow } | Failure<"forbidden" | "invalid" | "not_found" | "conflict">
> {
  const refusal = officeRefusal(actor);
  if (refusal) return refusal;
  const [before] = await listMembers(deps.db, actor.planId, {
    lineUserId: input.lineUserId,
    includeInactive: true,
  });
  if (!before) return memberFailure(memberNotFound(actor.planId, input.lineUserId));
  const after = { role: input.role ?? before.role, active: input.active ?? before.active };
  if (await leavesNoOffice(deps, actor.planId, input.lineUserId, after))
    return fail("conflict", useCaseText.office.lastOffice);
  let member: MemberView;
  try {
    member = await updateMember(deps.db, actor.planId, input.lineUserId, {
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.department !== undefined ? { department: input.department } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    });
  } catch (err) {
    return memberFailure(err);
  }
  await audit(deps, actor, {
    channel: input.channel,
    action: "member.update",
    target: input.lineUserId,
    detail: {
      before: { role: before.role, department: before.department, active: before.active },
      after: { role: member.role, department: member.department, active: member.active },
    },
  });
  if (member.active && (member.role !== before.role || !before.active))
    deps.defer(linkRichMenuForMember(deps, member));
  const last = (await lastReportTimes(deps.db, actor.planId)).get(member.id);
  return { ok: true, member: row(member, last) };
}

/** Deactivates a member; what they entered keeps its reporter. */
export async function deactivateMember(
  deps: AppDeps,
  actor: OfficeActor,
  input: { lineUserId: string; channel: Channel },
): Promise<{ ok: true } | Failure<"forbidden" | "not_found" | "invalid" | "conflict">> {
  const refusal = officeRefusal(actor);
  if (refusal) return refusal;
  const [before] = await listMembers(deps.db, actor.planId, { lineUserId: input.lineUserId });
  if (
    before &&
    (await leavesNoOffice(deps, actor.planId, input.lineUserId, {
      role: before.role,
      active: false,
    }))
  )
    return fail("conflict", useCaseText.office.lastOffice);
  try {
    await removeMember(deps.db, actor.planId, input.lineUserId);
  } catch (err) {
    return memberFailure(err);
  }
  await audit(deps, actor, {
    channel: input.channel,
    action: "member.deactivate",
    target: input.lineUserId,
    detail: before ? { role: before.role, department: before.department } : {},
  });
  return { ok: true };
}
