/**
 * Who may change what, used by the API (the check that counts) and by the LIFF app (to show or hide
 * controls). Leads write only their own 課's initiatives; the office writes all; viewers only read.
 */
import type { GradeScale } from "./plan-meta.ts";
import { ROLE_LABELS, type Role } from "./roles.ts";

export type EditDecision = { allowed: true } | { allowed: false; reason: string };

/** Whether a member may change an initiative owned by `departments` (its 担当課). */
export function canEditInitiative(
  member: { role: Role; department: string | null },
  departments: string[],
): EditDecision {
  if (member.role === "office") return { allowed: true };
  if (member.role === "viewer")
    return {
      allowed: false,
      reason: `${ROLE_LABELS.viewer}は変更できません。変更が必要な場合は担当課か${ROLE_LABELS.office}に依頼してください。`,
    };
  if (member.department && departments.includes(member.department)) return { allowed: true };
  return {
    allowed: false,
    reason: `この取組の担当課（${departments.join("・")}）ではないため変更できません。${member.department ? `あなたは${member.department}の担当です。` : ""}`,
  };
}

/**
 * Whether a member may enter or withdraw an indicator's figures (issue 14 §5): as for its
 * initiative, but an indicator that names its own 担当課 belongs to that 課 only — a lead of another
 * 課 of a multi-課 initiative may not write it (shared/plan-view.ts `indicatorDepartments`).
 */
export function canEditIndicator(
  member: { role: Role; department: string | null },
  initiative: { departments: string[] },
  indicator: { department: string | null },
): EditDecision {
  const decision = canEditInitiative(member, initiative.departments);
  if (!decision.allowed || member.role === "office" || indicator.department === null)
    return decision;
  if (member.department === indicator.department) return { allowed: true };
  return {
    allowed: false,
    reason: `この指標の担当課（${indicator.department}）ではないため入力できません。${member.department ? `あなたは${member.department}の担当です。` : ""}`,
  };
}

/**
 * Whether a grade needs a reason under the plan's scale. Tamana: the reason is required for S and
 * for B/C (seed 004: 「S」の場合その理由, 「B」又は「C」の場合その理由及び改善に向けた方策).
 */
export function gradeNeedsReason(scale: GradeScale | undefined, grade: string): boolean {
  return scale?.reasonRequired.includes(grade) ?? false;
}
