/**
 * Approval of the yearly official 実績 (確定), issue 12 §4. On a plan with `approval: required`
 * (`npx shinchoku plan set --approval required`), a lead's official figure is recorded `submitted`
 * (bot/usecases/record-actual.ts); it counts only once approved (shared/approval.ts, db/plans.ts).
 *
 * - {@link requestApproval}: the 課長 of the figure's 課 — or, when the 課 has none, each office
 *   member — get ONE push with quick replies 承認 / 差し戻し, after a check that the month's LINE
 *   quota and the plan's message budget have room (bot/usecases/message-allowance.ts).
 *
 * Exactly once: every push carries an `X-Line-Retry-Key` derived from what it is about (the figures,
 * the decision, the person), so the inbox handling an event again (docs/reliability.md §1) pushes
 * with the same key and LINE answers 409 instead of sending twice; a decision already taken by the
 * same person answers as the first time and tells the lead again under the same key.
 * - {@link decideApproval}: the 課長 of that 課 or an office member — never the submitter — approves
 *   or returns (with a comment) in LINE or in the LIFF app. The decision is kept on the row (who,
 *   when, why: the detail page's history shows it), written to the audit log, and the lead is told
 *   by push (a return with its comment and how to resubmit).
 *
 * A submission that reaches nobody (no approver, quota) is still recorded `submitted`: the detail
 * page shows it 承認待ち with its buttons to the 課長 and the office.
 */

import { approvalDecisions, decideApproval as storeDecision } from "../../db/actuals.ts";
import { recordAudit } from "../../db/audit.ts";
import { listMembers, type MemberView } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import type { Channel } from "../../db/schema.ts";
import { approvalDepartment, canDecideApproval } from "../../shared/approval.ts";
import { parsePeriodKey } from "../../shared/fiscal-year.ts";
import { showFigure } from "../../shared/numbers.ts";
import type {
  ActualVersion,
  IndicatorView,
  InitiativeView,
  PlanView,
} from "../../shared/plan-view.ts";
import { ROLE_LABELS } from "../../shared/roles.ts";
import type { AppDeps } from "../deps.ts";
import { pushRetryKeyFor } from "../inbox.ts";
import type { Message } from "../line/gateway.ts";
import { approvalText, periodLabel } from "../text/line.ts";
import { messageAllowance } from "./message-allowance.ts";
import { type Failure, fail } from "./result.ts";

/** One version of an actual with where it sits in the plan. */
export interface ApprovalSubject {
  initiative: InitiativeView;
  indicator: IndicatorView;
  version: ActualVersion;
}

/** The version `actualId` of the plan, with its indicator and initiative; null when not in it. */
export function findVersion(plan: PlanView, actualId: number): ApprovalSubject | null {
  for (const initiative of plan.initiatives) {
    for (const indicator of initiative.indicators) {
      const version = indicator.history.find((v) => v.id === actualId);
      if (version) return { initiative, indicator, version };
    }
  }
  return null;
}

/** `・指標名: 値` for each subject, as the pushes list them. */
function figureLines(subjects: ApprovalSubject[]): string[] {
  return subjects.map((s) =>
    approvalText.figureLine(
      s.initiative.code,
      s.indicator.name,
      showFigure(s.version, s.indicator.unit),
    ),
  );
}

/** `R6年度の確定実績` for the subjects' period (they share one: a submission is one period). */
function subjectsLabel(subjects: ApprovalSubject[]): string {
  const first = subjects[0]?.version;
  const period = first ? parsePeriodKey(first.period) : null;
  return period ? periodLabel(period, "official") : approvalText.officialActuals;
}

function personName(member: MemberView): string {
  return member.displayName ?? member.department ?? ROLE_LABELS[member.role];
}

/** The quick replies on the approval request: postbacks, so the labels are never read as text. */
export function approvalQuickReply(actualIds: number[]) {
  const ids = actualIds.join(",");
  return {
    items: [
      {
        type: "action" as const,
        action: {
          type: "postback" as const,
          label: approvalText.approve,
          data: `action=approval&do=approve&ids=${ids}`,
          displayText: approvalText.approve,
        },
      },
      {
        type: "action" as const,
        action: {
          type: "postback" as const,
          label: approvalText.return,
          data: `action=approval&do=return&ids=${ids}`,
          displayText: approvalText.return,
          inputOption: "openKeyboard" as const,
        },
      },
    ],
  };
}

export interface ApprovalRequestOutcome {
  /** Who was asked: the 課's 課長, the office, or nobody (none in the plan). */
  approvers: "manager" | "office" | null;
  /** How many people the push reached (0 when refused by the quota or the budget). */
  notified: number;
  /** Why nobody was pushed although approvers exist: the allowance check's message. */
  skipped: string | null;
}

/**
 * Asks for approval of official 実績 a member just submitted: one push to each active 課長 of the
 * 課 ({@link approvalDepartment}), else to each of the plan's office members; the submitter is never
 * asked. Checked against the month's allowance first (LINE's quota, the plan's budget); nothing is
 * sent when it does not fit. Asked again for the same figures (the inbox handling the event again),
 * the pushes reuse their retry keys and LINE sends none twice.
 *
 * @param actualIds the rows just recorded `submitted` (one period, one submitter).
 */
export async function requestApproval(
  deps: AppDeps,
  actor: MemberView,
  plan: PlanView,
  actualIds: number[],
): Promise<ApprovalRequestOutcome> {
  const fresh = (await loadPlanView(deps.db, plan.id)) ?? plan;
  const subjects = actualIds.flatMap((id) => findVersion(fresh, id) ?? []);
  const first = subjects[0];
  if (!first) return { approvers: null, notified: 0, skipped: null };
  const department = approvalDepartment(actor.department, first.initiative.departments);
  const members = (await listMembers(deps.db, plan.id)).filter((m) => m.id !== actor.id);
  const managers = members.filter((m) => m.role === "manager" && m.department === department);
  const office = members.filter((m) => m.role === "office");
  const approvers = managers.length > 0 ? "manager" : office.length > 0 ? "office" : null;
  const to = (managers.length > 0 ? managers : office).map((m) => m.lineUserId);
  if (!approvers) return { approvers: null, notified: 0, skipped: null };
  const allowance = await messageAllowance(deps, plan.id, to.length);
  if (!allowance.ok) return { approvers, notified: 0, skipped: allowance.message };
  const message: Message = {
    type: "text",
    text: approvalText.request({
      submitter: personName(actor),
      department,
      label: subjectsLabel(subjects),
      lines: figureLines(subjects),
      detailUrl: deps.config.liffId
        ? `https://liff.line.me/${deps.config.liffId}/initiatives/${first.initiative.id}`
        : null,
    }),
    quickReply: approvalQuickReply(subjects.map((s) => s.version.id)),
  };
  // One push per approver, its retry key derived from the figures and the person: asked again for
  // the same submission (the inbox handling the event again), LINE answers 409 and sends nothing.
  const ids = subjects.map((s) => s.version.id).join(",");
  let notified = 0;
  for (const userId of to) {
    const retryKey = await pushRetryKeyFor(`approval-request:${ids}:${userId}`);
    const res = await deps.line.push(userId, [message], { retryKey });
    if (res.status !== "failed") notified++;
  }
  return { approvers, notified, skipped: null };
}

export type ApprovalCheck =
  | { ok: true; plan: PlanView; subjects: ApprovalSubject[]; submitters: Map<number, MemberView> }
  | Failure<"not_found" | "forbidden" | "already_decided">;

/**
 * Whether `actor` may decide on these 実績 now: each exists in their plan, is still `submitted`
 * (承認待ち) and the actor is the 課長 of its 課 or an office member, not its submitter
 * (shared/approval.ts canDecideApproval). Used before asking for a return's comment too.
 */
export async function checkApproval(
  deps: AppDeps,
  actor: MemberView,
  actualIds: number[],
): Promise<ApprovalCheck> {
  const plan = await loadPlanView(deps.db, actor.planId);
  if (!plan || actualIds.length === 0) return fail("not_found", approvalText.notAwaiting);
  const all = await listMembers(deps.db, plan.id, { includeInactive: true });
  const byId = new Map(all.map((m) => [m.id, m]));
  const subjects: ApprovalSubject[] = [];
  for (const id of actualIds) {
    const subject = findVersion(plan, id);
    if (!subject) return fail("not_found", approvalText.notAwaiting);
    if (subject.version.approval !== "submitted" || subject.version.withdrawnAt !== null)
      return fail("already_decided", approvalText.alreadyDecided);
    const submitter =
      subject.version.reportedBy === null ? null : byId.get(subject.version.reportedBy);
    const decision = canDecideApproval(actor, {
      department: approvalDepartment(submitter?.department ?? null, subject.initiative.departments),
      submittedBy: subject.version.reportedBy,
    });
    if (!decision.allowed) return fail("forbidden", decision.reason);
    subjects.push(subject);
  }
  return { ok: true, plan, subjects, submitters: byId };
}

export type DecideApprovalResult =
  | {
      ok: true;
      decision: "approved" | "returned";
      /** The ids decided now. */
      actualIds: number[];
      plan: PlanView;
      /** Submitters told of the decision by push. */
      told: number;
    }
  | Failure<"not_found" | "forbidden" | "already_decided" | "comment_required">;

/**
 * Approves or returns submitted official 実績, all or none.
 *
 * @param input.comment the reason of a return (required, shown to the lead); ignored on approval.
 * @returns the plan as it reads afterwards; or `not_found`, `forbidden` (not the 課長 of that 課 nor
 * the office, or the submitter), `already_decided` (decided or withdrawn meanwhile; nothing is
 * written), `comment_required` (a return without a reason).
 */
export async function decideApproval(
  deps: AppDeps,
  actor: MemberView,
  input: {
    actualIds: number[];
    decision: "approved" | "returned";
    comment?: string | null;
    channel: Channel;
    /**
     * The same LINE event handled again (the inbox's attempt above 1): a decision this actor already
     * took on these figures answers as the first time, and the lead is told again under the same
     * retry key (LINE sends nothing twice).
     */
    replay?: boolean;
  },
): Promise<DecideApprovalResult> {
  const comment = input.comment?.trim() || null;
  if (input.decision === "returned" && !comment)
    return fail("comment_required", approvalText.commentNeeded);
  const checked = await checkApproval(deps, actor, input.actualIds);
  if (!checked.ok && checked.code === "already_decided" && input.replay) {
    const again = await decidedBefore(deps, actor, input.actualIds, input.decision);
    if (again) return again;
  }
  if (!checked.ok) return checked;
  const decided = await storeDecision(deps.db, {
    planId: checked.plan.id,
    actualIds: checked.subjects.map((s) => s.version.id),
    decision: input.decision,
    memberId: actor.id,
    comment: input.decision === "returned" ? comment : null,
    now: deps.clock(),
  });
  if (decided.length === 0) return fail("already_decided", approvalText.alreadyDecided);
  const subjects = checked.subjects.filter((s) => decided.includes(s.version.id));
  await recordAudit(deps.db, {
    planId: checked.plan.id,
    memberId: actor.id,
    lineUserId: actor.lineUserId,
    channel: input.channel,
    action: input.decision === "approved" ? "actual.approve" : "actual.return",
    target: decided.map((id) => `actual:${id}`).join(","),
    detail: {
      actualIds: decided,
      indicators: subjects.map((s) => s.indicator.key),
      period: subjects[0]?.version.period ?? null,
      ...(input.decision === "returned" ? { comment } : {}),
    },
  });
  const told = await tellSubmitters(deps, actor, checked.plan.id, subjects, checked.submitters, {
    decision: input.decision,
    comment: comment ?? "",
  });
  const plan = (await loadPlanView(deps.db, checked.plan.id)) ?? checked.plan;
  return { ok: true, decision: input.decision, actualIds: decided, plan, told };
}

/**
 * A decision `actor` already took on exactly these figures, answered again: the lead is told again
 * (the same retry keys: LINE answers 409 if the first push went out). Null when it was not theirs.
 */
async function decidedBefore(
  deps: AppDeps,
  actor: MemberView,
  actualIds: number[],
  decision: "approved" | "returned",
): Promise<DecideApprovalResult | null> {
  const rows = await approvalDecisions(deps.db, actualIds);
  if (
    rows.length !== actualIds.length ||
    !rows.every((r) => r.approval === decision && r.decidedBy === actor.id)
  )
    return null;
  const plan = await loadPlanView(deps.db, actor.planId);
  if (!plan) return null;
  const subjects = actualIds.flatMap((id) => findVersion(plan, id) ?? []);
  const members = await listMembers(deps.db, plan.id, { includeInactive: true });
  const told = await tellSubmitters(
    deps,
    actor,
    plan.id,
    subjects,
    new Map(members.map((m) => [m.id, m])),
    { decision, comment: rows[0]?.decisionComment ?? "" },
  );
  return { ok: true, decision, actualIds, plan, told };
}

/** One push per submitter with the decision, after the allowance check; returns how many went. */
async function tellSubmitters(
  deps: AppDeps,
  actor: MemberView,
  planId: string,
  subjects: ApprovalSubject[],
  members: Map<number, MemberView>,
  outcome: { decision: "approved" | "returned"; comment: string },
): Promise<number> {
  const bySubmitter = new Map<number, ApprovalSubject[]>();
  for (const s of subjects) {
    const id = s.version.reportedBy;
    if (id === null || !members.get(id)?.active) continue;
    bySubmitter.set(id, [...(bySubmitter.get(id) ?? []), s]);
  }
  if (bySubmitter.size === 0) return 0;
  const allowance = await messageAllowance(deps, planId, bySubmitter.size);
  if (!allowance.ok) return 0;
  const by = `${ROLE_LABELS[actor.role]} ${personName(actor)}`;
  let told = 0;
  for (const [memberId, list] of bySubmitter) {
    const member = members.get(memberId);
    if (!member) continue;
    const label = subjectsLabel(list);
    const text =
      outcome.decision === "approved"
        ? approvalText.toLeadApproved(label, figureLines(list), by)
        : approvalText.toLeadReturned(label, figureLines(list), by, outcome.comment);
    const retryKey = await pushRetryKeyFor(
      `approval-decision:${list.map((s) => s.version.id).join(",")}:${outcome.decision}:${member.lineUserId}`,
    );
    const res = await deps.line.push(member.lineUserId, [{ type: "text", text }], { retryKey });
    if (res.status !== "failed") told++;
  }
  return told;
}
