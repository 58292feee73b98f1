/**
 * Invite codes: the DX office issues one per person (`npx shinchoku invite`); the person sends it to
 * the bot in LINE and is linked to the plan, 課 and role. Codes are single-use and expire.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Role } from "../shared/roles.ts";
import type { DbOrTx } from "./client.ts";
import { addMember, listMembers, type MemberView, resolveRoleDepartment } from "./members.ts";
import * as s from "./schema.ts";

/** No 0/O, 1/I/L: codes are read off a screen or paper and typed on a phone. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 8;
export const DEFAULT_INVITE_DAYS = 14;

/** Normalises what a person typed (`ｋ７ｐｍ－４ｑｘｄ`, `k7pm 4qxd`) to the stored form `K7PM4QXD`. */
export function normalizeInviteCode(text: string): string {
  return text
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-‐－ー_]/gu, "");
}

/** Whether a message looks like an invite code, so that it is not treated as a plan question. */
export function looksLikeInviteCode(text: string): boolean {
  const code = normalizeInviteCode(text);
  return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c));
}

/** `K7PM4QXD` → `K7PM-4QXD`, as printed for people. */
export function formatInviteCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

function randomCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(CODE_LENGTH));
  // 256 is not a multiple of 31: the slight bias toward the first letters does not matter here.
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}

/**
 * Issues an invite code.
 *
 * @throws MemberError when the plan or 課 does not exist, or a `lead` has no 課.
 */
export async function createInvite(
  db: DbOrTx,
  input: { planId: string; department: string | null; role: Role; now: Date; days?: number },
): Promise<{ code: string; expiresAt: Date }> {
  const departmentId = await resolveRoleDepartment(db, input.planId, input.role, input.department);
  const expiresAt = new Date(
    input.now.getTime() + (input.days ?? DEFAULT_INVITE_DAYS) * 86_400_000,
  );
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = randomCode();
    const result = await db
      .insert(s.invites)
      .values({ planId: input.planId, code, departmentId, role: input.role, expiresAt })
      .onConflictDoNothing();
    if (result.rowsAffected > 0) return { code, expiresAt };
  }
  throw new Error("could not find an unused invite code");
}

/** Whether an invite for `role` in the plan is waiting: issued, not used, not expired at `now`. */
export async function hasOpenInvite(
  db: DbOrTx,
  planId: string,
  role: Role,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .select({ id: s.invites.id })
    .from(s.invites)
    .where(
      and(
        eq(s.invites.planId, planId),
        eq(s.invites.role, role),
        isNull(s.invites.usedAt),
        gt(s.invites.expiresAt, now),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export type RedeemResult =
  | { ok: true; member: MemberView; planName: string }
  | { ok: false; reason: "unknown" | "expired" | "used" };

/**
 * Links a LINE user with an invite code. The code is claimed first (one conditional update), so two
 * people sending the same code cannot both be linked; a wrong, expired or spent code links nothing.
 *
 * A code spent by the same user links them as the first time did, without writing again: the inbox
 * may handle the message once more after a kill (docs/reliability.md §1), after the claim or after
 * the membership was written. If the first run got as far as the claim only, the membership is
 * written now; if it is there, it is returned as it is. A membership deactivated since then (the
 * user blocked the bot, or the office removed them) is not brought back by the spent code: `used`.
 */
export async function redeemInvite(
  db: DbOrTx,
  text: string,
  lineUserId: string,
  now: Date,
): Promise<RedeemResult> {
  const code = normalizeInviteCode(text);
  const [invite] = await db.select().from(s.invites).where(eq(s.invites.code, code));
  if (!invite) return { ok: false, reason: "unknown" };
  if (invite.usedAt) {
    if (invite.usedBy !== lineUserId) return { ok: false, reason: "used" };
    const [member] = await listMembers(db, invite.planId, { lineUserId, includeInactive: true });
    if (member && !member.active) return { ok: false, reason: "used" };
    return {
      ok: true,
      member: member ?? (await addInvitedMember(db, invite, lineUserId)),
      planName: await planName(db, invite.planId),
    };
  }
  if (invite.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  const claimed = await db
    .update(s.invites)
    .set({ usedAt: now, usedBy: lineUserId })
    .where(
      and(eq(s.invites.id, invite.id), isNull(s.invites.usedAt), gt(s.invites.expiresAt, now)),
    );
  if (claimed.rowsAffected === 0) return { ok: false, reason: "used" };
  try {
    const member = await addInvitedMember(db, invite, lineUserId);
    return { ok: true, member, planName: await planName(db, invite.planId) };
  } catch (err) {
    // Give the code back: nothing was linked.
    await db
      .update(s.invites)
      .set({ usedAt: null, usedBy: null })
      .where(eq(s.invites.id, invite.id));
    throw err;
  }
}

/** Writes the membership an invite describes (its plan, role and 課). */
async function addInvitedMember(
  db: DbOrTx,
  invite: typeof s.invites.$inferSelect,
  lineUserId: string,
): Promise<MemberView> {
  const org = invite.departmentId
    ? (
        await db
          .select({ name: s.departments.name })
          .from(s.departments)
          .where(eq(s.departments.id, invite.departmentId))
      )[0]
    : undefined;
  return addMember(db, {
    planId: invite.planId,
    lineUserId,
    role: invite.role,
    department: org?.name ?? null,
  });
}

async function planName(db: DbOrTx, planId: string): Promise<string> {
  const [plan] = await db
    .select({ name: s.plans.name })
    .from(s.plans)
    .where(eq(s.plans.id, planId));
  return plan?.name ?? planId;
}

/** Deactivates every membership of a LINE user (unfollow); their history stays. */
export async function deactivateUser(db: DbOrTx, lineUserId: string, now: Date): Promise<number> {
  const result = await db
    .update(s.members)
    .set({ active: false, updatedAt: now })
    .where(and(eq(s.members.lineUserId, lineUserId), eq(s.members.active, true)));
  return result.rowsAffected;
}
