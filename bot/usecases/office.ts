/**
 * What every action of the DX office shares (issue 11): only `office` members of the plan — or the
 * operator at a terminal (`npx shinchoku …`) — may act, and each action that runs is written to the
 * audit log (db/audit.ts) — who, when, what. The LIFF pages (bot/api/office.ts) and the CLI
 * (bot/cli/*) call the same use cases, so a rule is written once.
 */
import { recordAudit } from "../../db/audit.ts";
import type { MemberView } from "../../db/members.ts";
import type { AuditAction, Channel } from "../../db/schema.ts";
import type { AppDeps } from "../deps.ts";
import { useCaseText } from "../text/usecases.ts";
import { type Failure, fail } from "./result.ts";

/**
 * The person at the server's terminal: whoever runs `npx shinchoku` holds the database's own
 * credentials, so they may do what the DX office does, on any plan. `name` is their OS account.
 */
export interface Operator {
  kind: "operator";
  planId: string;
  name: string;
}

/** Who acts on a plan's office pages: an office member of the plan, or the operator. */
export type OfficeActor = MemberView | Operator;

export function isOperator(actor: OfficeActor): actor is Operator {
  return "kind" in actor && actor.kind === "operator";
}

/** `forbidden` with the reason unless the actor is the plan's DX office (or the operator); null when allowed. */
export function officeRefusal(actor: OfficeActor): Failure<"forbidden"> | null {
  if (isOperator(actor) || actor.role === "office") return null;
  return fail("forbidden", useCaseText.office.officeOnly(actor.role));
}

/**
 * Writes one audit entry for an action taken on the actor's plan. The operator is recorded without a
 * member row and with `cli:<OS account>` where a member's LINE userId would be.
 */
export function audit(
  deps: Pick<AppDeps, "db">,
  actor: OfficeActor,
  entry: {
    channel: Channel;
    action: AuditAction;
    target: string | null;
    detail: Record<string, unknown>;
  },
): Promise<void> {
  return recordAudit(deps.db, {
    planId: actor.planId,
    memberId: isOperator(actor) ? null : actor.id,
    lineUserId: isOperator(actor) ? `cli:${actor.name}` : actor.lineUserId,
    ...entry,
  });
}
