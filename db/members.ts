/**
 * Members: LINE users linked to a plan, an org unit (課) and a role.
 */
import { and, asc, count, eq, lt, max } from "drizzle-orm";
import { ROLE_LABELS, type Role } from "../shared/roles.ts";
import type { DbOrTx } from "./client.ts";
import * as s from "./schema.ts";

export class MemberError extends Error {
  override readonly name = "MemberError";
  constructor(
    readonly code: "plan_not_found" | "org_not_found" | "org_required" | "member_not_found",
    message: string,
  ) {
    super(message);
  }
}

/** The error for a LINE user who is not a member of the plan (active or not, as the caller asks). */
export function memberNotFound(planId: string, lineUserId: string): MemberError {
  return new MemberError(
    "member_not_found",
    `計画「${planId}」に ${lineUserId} のメンバーはいません。`,
  );
}

/** The columns of a {@link MemberView}, with the org unit's name joined in. */
const memberColumns = {
  id: s.members.id,
  planId: s.members.planId,
  lineUserId: s.members.lineUserId,
  role: s.members.role,
  departmentId: s.members.departmentId,
  department: s.departments.name,
  displayName: s.members.displayName,
  active: s.members.active,
};

/**
 * Checks a plan, role and 課 for a member or an invite, and gives the 課's id.
 * @throws MemberError `plan_not_found`, `org_required` (a `lead` needs a 課), `org_not_found`.
 */
export async function resolveRoleDepartment(
  db: DbOrTx,
  planId: string,
  role: Role,
  department: string | null,
): Promise<number | null> {
  const [plan] = await db.select({ id: s.plans.id }).from(s.plans).where(eq(s.plans.id, planId));
  if (!plan) throw new MemberError("plan_not_found", `計画「${planId}」はありません。`);
  if ((role === "lead" || role === "manager") && !department) {
    throw new MemberError(
      "org_required",
      `${ROLE_LABELS[role]}（${role}）には課を指定してください（CLI では --org）。`,
    );
  }
  if (!department) return null;
  const [org] = await db
    .select({ id: s.departments.id })
    .from(s.departments)
    .where(and(eq(s.departments.planId, planId), eq(s.departments.name, department)));
  if (!org)
    throw new MemberError(
      "org_not_found",
      `計画「${planId}」に「${department}」という組織はありません。`,
    );
  return org.id;
}

export interface MemberView {
  id: number;
  planId: string;
  lineUserId: string;
  role: Role;
  departmentId: number | null;
  department: string | null;
  displayName: string | null;
  active: boolean;
}

/**
 * Adds a member, or updates the role and org unit of an existing one (and re-activates it).
 *
 * @throws MemberError `plan_not_found`, `org_not_found` (the 課 is not in the plan), `org_required`
 * (a `lead` needs a 課).
 */
export async function addMember(
  db: DbOrTx,
  input: {
    planId: string;
    lineUserId: string;
    role: Role;
    department?: string | null;
    displayName?: string | null;
  },
): Promise<MemberView> {
  const departmentId = await resolveRoleDepartment(
    db,
    input.planId,
    input.role,
    input.department ?? null,
  );
  await db
    .insert(s.members)
    .values({
      planId: input.planId,
      lineUserId: input.lineUserId,
      role: input.role,
      departmentId,
      displayName: input.displayName ?? null,
    })
    .onConflictDoUpdate({
      target: [s.members.planId, s.members.lineUserId],
      set: { role: input.role, departmentId, active: true, updatedAt: new Date() },
    });
  const [member] = await listMembers(db, input.planId, {
    lineUserId: input.lineUserId,
    includeInactive: true,
  });
  if (!member) throw new Error("member vanished after insert");
  return member;
}

/** How many active members have `role`, in one plan or (no `planId`) in all plans. */
export async function countActiveMembers(db: DbOrTx, role: Role, planId?: string): Promise<number> {
  const conditions = [eq(s.members.role, role), eq(s.members.active, true)];
  if (planId) conditions.push(eq(s.members.planId, planId));
  const [row] = await db
    .select({ n: count() })
    .from(s.members)
    .where(and(...conditions));
  return row?.n ?? 0;
}

/** Members of a plan (active only unless asked), by org unit then user id. */
export async function listMembers(
  db: DbOrTx,
  planId: string,
  options: { lineUserId?: string; includeInactive?: boolean } = {},
): Promise<MemberView[]> {
  const conditions = [eq(s.members.planId, planId)];
  if (options.lineUserId) conditions.push(eq(s.members.lineUserId, options.lineUserId));
  if (!options.includeInactive) conditions.push(eq(s.members.active, true));
  const rows = await db
    .select(memberColumns)
    .from(s.members)
    .leftJoin(s.departments, eq(s.departments.id, s.members.departmentId))
    .where(and(...conditions))
    .orderBy(asc(s.departments.name), asc(s.members.lineUserId));
  return rows;
}

/**
 * Deactivates a member. The row stays, so the figures and grades they entered keep their reporter.
 *
 * @throws MemberError `member_not_found`.
 */
export async function removeMember(db: DbOrTx, planId: string, lineUserId: string): Promise<void> {
  const result = await db
    .update(s.members)
    .set({ active: false, updatedAt: new Date() })
    .where(
      and(
        eq(s.members.planId, planId),
        eq(s.members.lineUserId, lineUserId),
        eq(s.members.active, true),
      ),
    );
  if (result.rowsAffected === 0) throw memberNotFound(planId, lineUserId);
}

/**
 * Changes a member's role, 課 or active flag (the office's member page). Fields left out keep their
 * value; the role and 課 are checked together as for an invite.
 *
 * @throws MemberError `member_not_found` (no such member, active or not), `org_required`,
 * `org_not_found`.
 */
export async function updateMember(
  db: DbOrTx,
  planId: string,
  lineUserId: string,
  change: { role?: Role; department?: string | null; active?: boolean },
): Promise<MemberView> {
  const [current] = await listMembers(db, planId, { lineUserId, includeInactive: true });
  if (!current) throw memberNotFound(planId, lineUserId);
  const role = change.role ?? current.role;
  const department = change.department !== undefined ? change.department : current.department;
  const departmentId = await resolveRoleDepartment(db, planId, role, department);
  await db
    .update(s.members)
    .set({
      role,
      departmentId,
      ...(change.active !== undefined ? { active: change.active } : {}),
      updatedAt: new Date(),
    })
    .where(eq(s.members.id, current.id));
  const [member] = await listMembers(db, planId, { lineUserId, includeInactive: true });
  if (!member) throw new Error("member vanished after update");
  return member;
}

/**
 * When each member of a plan last entered an actual (any channel, withdrawn or not).
 * @returns member id → time; members who never reported are absent.
 */
export async function lastReportTimes(db: DbOrTx, planId: string): Promise<Map<number, Date>> {
  const rows = await db
    .select({ memberId: s.members.id, last: max(s.actuals.createdAt) })
    .from(s.members)
    .innerJoin(s.actuals, eq(s.actuals.reportedBy, s.members.id))
    .where(eq(s.members.planId, planId))
    .groupBy(s.members.id);
  return new Map(rows.flatMap((r) => (r.last ? [[r.memberId, r.last] as const] : [])));
}

/** The active memberships of a LINE user, oldest first. */
export async function findMemberships(db: DbOrTx, lineUserId: string): Promise<MemberView[]> {
  const rows = await db.query.members.findMany({
    columns: {
      id: true,
      planId: true,
      lineUserId: true,
      role: true,
      departmentId: true,
      displayName: true,
      active: true,
    },
    with: { department: { columns: { name: true } } },
    where: (m) => and(eq(m.lineUserId, lineUserId), eq(m.active, true)),
    orderBy: (m) => asc(m.id),
  });
  return rows.map(({ department, ...m }) => ({ ...m, department: department?.name ?? null }));
}

/**
 * Forgets processed webhook event ids older than `before`. LINE redelivers for at most a few days,
 * so ids older than that can no longer come back.
 */
export async function pruneWebhookEvents(db: DbOrTx, before: Date): Promise<number> {
  const result = await db.delete(s.webhookEvents).where(lt(s.webhookEvents.receivedAt, before));
  return result.rowsAffected;
}
