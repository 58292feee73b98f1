/**
 * Approval of the yearly official 実績 (確定), issue 12 §4: on a plan that requires it, a figure a
 * lead enters is `submitted`; the 課長 (`manager`) of that 課, or the office, `approved` or
 * `returned` (差し戻し) it with a comment. Only approved figures count in reports, the digest, the
 * board and the public page; monthly 速報 are never asked for approval. Pure: no I/O.
 */
import type { Role } from "./roles.ts";

/** Whether a plan's official 実績 needs approval (`plan set --approval`); default `none`. */
export const APPROVAL_MODES = ["none", "required"] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/**
 * The state of an official 実績 on a plan that requires approval. Null on a figure (速報, an import,
 * a plan without approval, a figure entered before approval was turned on): none was asked, and the
 * figure counts as it is.
 */
export const APPROVAL_STATES = ["submitted", "approved", "returned"] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

/**
 * Whether a figure in this state counts as the period's 実績. `returned` never does; `submitted`
 * counts only when the plan does not (or no longer) require approval — nobody would approve it.
 */
export function approvalCounts(state: ApprovalState | null, mode: ApprovalMode): boolean {
  if (state === null || state === "approved") return true;
  if (state === "returned") return false;
  return mode === "none";
}

/**
 * Whether an entry needs approval: an official 実績 on a plan that requires it. Imports and the
 * CLI bring figures already decided elsewhere and are not asked.
 */
export function needsApproval(
  mode: ApprovalMode,
  kind: "official" | "interim",
  channel: string,
): boolean {
  return mode === "required" && kind === "official" && (channel === "line" || channel === "liff");
}

export type ApprovalDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Who may approve or return a submitted figure: the 課長 of the 課 it belongs to ({@link
 * approvalDepartment}) or an office member — never the person who submitted it (issue 12 §4).
 */
export function canDecideApproval(
  actor: { id: number; role: Role; department: string | null },
  figure: { department: string | null; submittedBy: number | null },
): ApprovalDecision {
  if (figure.submittedBy !== null && actor.id === figure.submittedBy)
    return {
      allowed: false,
      reason: "自分で報告した実績は承認・差し戻しできません。課長またはDX推進担当が判断します。",
    };
  if (actor.role === "office") return { allowed: true };
  if (
    actor.role === "manager" &&
    actor.department !== null &&
    actor.department === figure.department
  )
    return { allowed: true };
  return {
    allowed: false,
    reason: figure.department
      ? `承認・差し戻しができるのは${figure.department}の課長とDX推進担当です。`
      : "承認・差し戻しができるのは課長とDX推進担当です。",
  };
}

/**
 * The 課 a submitted figure belongs to, for its approval: the submitter's own 課 when they have
 * one (a lead reports for their 課), else the initiative's lead 担当課 (position 0).
 */
export function approvalDepartment(
  submitterDepartment: string | null,
  departments: string[],
): string | null {
  return submitterDepartment ?? departments[0] ?? null;
}
