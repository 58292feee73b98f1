/**
 * What every action of the DX office's pages shares (issue 11): only `office` members of the plan
 * may act, and each action that runs is written to the audit log (db/audit.ts) — who, when, what.
 */
import { recordAudit } from "../../db/audit.ts";
import type { MemberView } from "../../db/members.ts";
import type { AuditAction, Channel } from "../../db/schema.ts";
import type { AppDeps } from "../deps.ts";
import { useCaseText } from "../messages.ts";
import { type Failure, fail } from "./result.ts";

/** `forbidden` with the reason unless the member is the plan's DX office; null when allowed. */
export function officeRefusal(actor: MemberView): Failure<"forbidden"> | null {
  return actor.role === "office"
    ? null
    : fail("forbidden", useCaseText.office.officeOnly(actor.role));
}

/** Writes one audit entry for an action the office member took on their plan. */
export function audit(
  deps: AppDeps,
  actor: MemberView,
  entry: {
    channel: Channel;
    action: AuditAction;
    target: string | null;
    detail: Record<string, unknown>;
  },
): Promise<void> {
  return recordAudit(deps.db, {
    planId: actor.planId,
    memberId: actor.id,
    lineUserId: actor.lineUserId,
    ...entry,
  });
}
