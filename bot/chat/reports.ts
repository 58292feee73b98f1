/**
 * Answers to reminders, in the chat: figures (`3 40%`, several lines, a bare value), 取消, the
 * confirmation of an implausible value, and the reason for being behind target. The message has
 * been classified before (bot/chat/classify.ts); these functions are called for what it is, and the
 * rules of recording are the use cases' (bot/usecases/).
 *
 * Rules: unknown or unlinked users record nothing; a message that is not fully understood records
 * nothing and says how to answer; every recorded value is confirmed with its indicator, value and
 * unit, period and target. What a message writes carries its `webhookEventId`, so that the message
 * handled again after a kill writes nothing twice and is answered as the first time
 * ({@link answerAgain}; docs/reliability.md §1).
 */
import type { MemberView } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import {
  type ChatState,
  clearChatState,
  latestDeliveryFor,
  setChatState,
} from "../../db/reminders.ts";
import { type Period, parsePeriodKey } from "../../shared/fiscal-year.ts";
import {
  type Figure,
  formatFigure,
  formatFigureWithQualifier,
  showFigure,
} from "../../shared/numbers.ts";
import type { PlanView } from "../../shared/plan-view.ts";
import { type DueIndicator, dueIndicatorsByDepartment } from "../../shared/reminder-plan.ts";
import { type DueItem, type ReplyIntent, resolveReply } from "../../shared/reply-parser.ts";
import type { AppDeps } from "../deps.ts";
import type { Message } from "../line/gateway.ts";
import {
  approvalText,
  forecastText,
  forecastTooFewText,
  periodLabel,
  quickReplyText,
  replyWords,
  reportText,
} from "../text/line.ts";
import { giveReason, reasonGivenByEvent } from "../usecases/give-reason.ts";
import {
  type RecordActualResult,
  recordActual,
  recordedByEvent,
} from "../usecases/record-actual.ts";
import { undoLastActual } from "../usecases/withdraw-actual.ts";

const undoQuickReply = {
  items: [
    {
      type: "action" as const,
      action: {
        type: "postback" as const,
        label: replyWords.undo,
        data: "action=undo",
        displayText: replyWords.undo,
      },
    },
  ],
};
const confirmQuickReply = {
  items: [
    {
      type: "action" as const,
      action: { type: "message" as const, label: replyWords.yes, text: replyWords.yes },
    },
    {
      type: "action" as const,
      action: { type: "message" as const, label: replyWords.no, text: replyWords.no },
    },
  ],
};

/**
 * The quick replies of the reason prompt: 「理由を入力」 opens the keyboard (a postback, so that the
 * label itself is never taken as the reason), 「なし」 skips, 「あとで」 drops the prompt.
 */
export const reasonQuickReply = {
  items: [
    {
      type: "action" as const,
      action: {
        type: "postback" as const,
        label: quickReplyText.reasonInput,
        data: "action=reason&do=input",
        displayText: quickReplyText.reasonInput,
        inputOption: "openKeyboard" as const,
      },
    },
    {
      type: "action" as const,
      action: { type: "message" as const, label: replyWords.none, text: replyWords.none },
    },
    {
      type: "action" as const,
      action: {
        type: "postback" as const,
        label: replyWords.later,
        data: "action=reason&do=later",
        displayText: replyWords.later,
      },
    },
  ],
};

/**
 * The quick reply of the 差し戻し comment prompt (issue 12 §4): 「やめる」 drops the return (a
 * postback, so the label is never taken as the comment).
 */
export const returnCommentQuickReply = {
  items: [
    {
      type: "action" as const,
      action: {
        type: "postback" as const,
        label: quickReplyText.cancelReturn,
        data: "action=approval&do=cancel",
        displayText: quickReplyText.cancelReturnShown,
      },
    },
  ],
};

/**
 * The quick replies that keep a pending prompt at hand when a message in between (a question) was
 * answered instead: the reason's or the confirmation's; none for a focus.
 */
export function pendingQuickReply(pending: ChatState | null) {
  if (pending?.kind === "reason") return reasonQuickReply;
  if (pending?.kind === "return_comment") return returnCommentQuickReply;
  if (pending?.kind === "confirm") return confirmQuickReply;
  return null;
}

/**
 * The pending prompt said again (for a greeting or a stray はい while it waits), with its quick
 * replies; null when nothing is pending that needs an answer.
 */
export function pendingPrompt(pending: ChatState | null): Message | null {
  if (pending?.kind === "reason")
    return { type: "text", text: reportText.reasonStillOpen, quickReply: reasonQuickReply };
  if (pending?.kind === "confirm")
    return { type: "text", text: reportText.confirmStillOpen, quickReply: confirmQuickReply };
  if (pending?.kind === "return_comment")
    return {
      type: "text",
      text: approvalText.commentStillOpen,
      quickReply: returnCommentQuickReply,
    };
  return null;
}

interface Context {
  member: MemberView;
  plan: PlanView;
  cycleId: number;
  period: Period;
  kind: "interim" | "official";
  items: DueItem[];
  dueById: Map<number, DueIndicator>;
}

/** The reminder a lead's reply answers: their latest one, with its numbered items. */
async function replyContext(
  deps: AppDeps,
  member: MemberView,
  loaded?: PlanView | null,
): Promise<Context | null> {
  const latest = await latestDeliveryFor(deps.db, member.id);
  if (!latest) return null;
  const plan = loaded?.id === member.planId ? loaded : await loadPlanView(deps.db, member.planId);
  const period = parsePeriodKey(latest.cycle.period);
  if (!plan || !period) return null;
  const dueById = new Map<number, DueIndicator>();
  for (const list of dueIndicatorsByDepartment(plan, period, latest.cycle.kind, {
    includeReported: true,
  }).values()) {
    for (const d of list) dueById.set(d.indicatorId, d);
  }
  const items = latest.delivery.items.flatMap((id, i) => {
    const d = dueById.get(id);
    return d ? [{ n: i + 1, indicatorId: id, name: d.name, unit: d.unit }] : [];
  });
  return {
    member,
    plan,
    cycleId: latest.cycle.id,
    period,
    kind: latest.cycle.kind,
    items,
    dueById,
  };
}

/**
 * Records values through {@link recordActual} (the rules the LIFF app uses too) and builds the
 * confirmation; asks for a confirmation of implausible values, and for a reason where a value is
 * behind target.
 */
async function record(
  deps: AppDeps,
  ctx: Context,
  values: { indicatorId: number; figure: Figure; text: string }[],
  confirmed: boolean,
  pending: ChatState | null,
  webhookEventId: string | undefined,
): Promise<Message[]> {
  const result = await recordActual(deps, ctx.member, {
    period: ctx.period,
    kind: ctx.kind,
    entries: values.map((v) => ({ indicatorId: v.indicatorId, value: v.figure, rawText: v.text })),
    confirmed,
    channel: "line",
    ...(webhookEventId ? { webhookEventId } : {}),
  });
  if (!result.ok) {
    if (result.code !== "confirm_required") return [{ type: "text", text: result.message }];
    await setChatState(
      deps.db,
      ctx.member.id,
      {
        kind: "confirm",
        cycleId: ctx.cycleId,
        values: values.map((v) => ({
          indicatorId: v.indicatorId,
          decimal: v.figure.decimal,
          decimals: v.figure.decimals,
          qualifier: v.figure.qualifier,
          text: v.text,
        })),
      } satisfies ChatState,
      deps.clock(),
      30,
    );
    const lines = result.implausible.map(({ indicator, figure, warnings }) =>
      reportText.implausibleLine(
        indicator.name,
        formatFigureWithQualifier(figure, indicator.unit),
        warnings.map((x) => reportText.warning(x, indicator.unit)),
      ),
    );
    return [
      {
        type: "text",
        text: [reportText.confirm, ...lines].join("\n"),
        quickReply: confirmQuickReply,
      },
    ];
  }
  return recordedMessages(deps, ctx.member, result, pending);
}

/**
 * The answer to recorded values: the confirmation 「…として記録しました」 with each value and target,
 * and the reason prompt for values behind target (the prompt's state is set, or kept open).
 */
async function recordedMessages(
  deps: AppDeps,
  member: MemberView,
  result: Extract<RecordActualResult, { ok: true }>,
  pending: ChatState | null,
): Promise<Message[]> {
  const lines: string[] = [];
  const behind: { id: number; line: string }[] = [];
  // Several values too early in the 年度 to forecast get one note, not one each.
  const tooFew = result.recorded.filter((r) => r.forecast?.status === "too_few").length;
  for (const r of result.recorded) {
    const unit = r.indicator.unit;
    const value = formatFigureWithQualifier(r.figure, unit);
    const line = reportText.recordedLine(
      r.indicator.name,
      value,
      r.target ? showFigure(r.target, unit) : null,
    );
    lines.push(line);
    const outlook =
      r.forecast && (r.forecast.status !== "too_few" || tooFew === 1)
        ? forecastText(r.forecast, unit)
        : null;
    if (outlook) lines.push(reportText.outlookLine(outlook));
    if (r.behindTarget) behind.push({ id: r.actualId, line });
  }
  const messages: Message[] = [
    {
      type: "text",
      text: [
        reportText.recorded(periodLabel(result.period, result.kind)),
        ...lines,
        ...(result.approval
          ? [
              approvalText.submitted(
                result.approval.approvers && result.approval.notified > 0
                  ? approvalText.approvers[result.approval.approvers]
                  : null,
              ),
            ]
          : []),
        ...(tooFew > 1 ? [forecastTooFewText(tooFew)] : []),
        "",
        reportText.undo,
      ].join("\n"),
      quickReply: undoQuickReply,
    },
  ];
  if (behind.length > 0) {
    // A reason still asked for covers these too: one answer for the exchange. (Handled again,
    // the event finds its own entries there already.)
    const earlier = pending?.kind === "reason" ? pending.actualIds : [];
    await setChatState(
      deps.db,
      member.id,
      { kind: "reason", actualIds: [...new Set([...earlier, ...behind.map((b) => b.id)])] },
      deps.clock(),
    );
    messages.push({
      type: "text",
      text: reportText.askReason(behind.map((b) => b.line)),
      quickReply: reasonQuickReply,
    });
  } else if (pending?.kind !== "reason") {
    await clearChatState(deps.db, member.id);
  }
  return messages;
}

/**
 * A message the inbox handles again (its attempt is above 1) after the first run was cut off: if
 * that run had recorded figures or stored a reason, the answer is built from what it wrote —
 * 「…として記録しました」 with the same values, or 「要因を記録しました」 — and nothing is written twice.
 * Read from the database, not from the chat's state, because the first run may have cleared the
 * confirmation or focus the message answered.
 * @returns the answer, or null when the first run wrote nothing (the message is handled as new).
 */
export async function answerAgain(
  deps: AppDeps,
  member: MemberView,
  pending: ChatState | null,
  webhookEventId: string,
): Promise<Message[] | null> {
  const recorded = await recordedByEvent(deps, member, webhookEventId);
  if (recorded) return recordedMessages(deps, member, recorded, pending);
  if (await reasonGivenByEvent(deps, webhookEventId)) {
    if (pending?.kind === "reason") await clearChatState(deps.db, member.id);
    return [{ type: "text", text: reportText.reasonSaved }];
  }
  return null;
}

/**
 * Figures from a member: recorded against their latest reminder's items (a bare value goes to the
 * tapped item while a focus is pending). A confirmation still pending is replaced by the new
 * figures, with a word; a reason still pending stays open.
 */
export async function reportFigures(
  deps: AppDeps,
  member: MemberView,
  plan: PlanView | null,
  pending: ChatState | null,
  intent: Extract<ReplyIntent, { kind: "figures" }>,
  webhookEventId?: string,
): Promise<Message[]> {
  if (member.role !== "lead" && member.role !== "office")
    return [{ type: "text", text: reportText.notLinked }];
  const ctx = await replyContext(deps, member, plan);
  if (!ctx || ctx.items.length === 0) return [{ type: "text", text: reportText.nothingDue }];
  const resolved = readFigures(ctx, pending, intent);
  if (resolved.problems.length > 0 || resolved.values.length === 0) {
    return [
      {
        type: "text",
        text: [
          ...resolved.problems.map((p) => reportText.problem(p, ctx.items)),
          reportText.nothingRecorded,
          "",
          reportText.howToAnswer(ctx.items),
        ].join("\n"),
      },
    ];
  }
  const messages = await record(
    deps,
    ctx,
    resolved.values.map((v) => ({
      indicatorId: v.item.indicatorId,
      figure: v.figure,
      text: v.text,
    })),
    false,
    pending,
    webhookEventId,
  );
  const first = messages[0];
  if (pending?.kind === "confirm" && first?.type === "text")
    messages[0] = { ...first, text: `${reportText.confirmDropped}\n${first.text}` };
  return messages;
}

function readFigures(
  ctx: Context,
  pending: ChatState | null,
  intent: Extract<ReplyIntent, { kind: "figures" }>,
) {
  const focus =
    pending?.kind === "focus" && pending.cycleId === ctx.cycleId ? pending.indicatorId : null;
  return resolveReply(intent, ctx.items, focus, ctx.period);
}

/**
 * Whether figures from a member would record nothing at all — no line matches an item of their
 * reminder. While a reason is asked for, such a message that reads as prose (「4月に異動があったため」)
 * is the reason, not a failed report.
 */
export async function figuresRecordNothing(
  deps: AppDeps,
  member: MemberView,
  plan: PlanView | null,
  pending: ChatState | null,
  intent: Extract<ReplyIntent, { kind: "figures" }>,
): Promise<boolean> {
  const ctx = await replyContext(deps, member, plan);
  if (!ctx || ctx.items.length === 0) return true;
  return readFigures(ctx, pending, intent).values.length === 0;
}

/** はい/いいえ to a pending confirmation: records the values as they were read, or discards them. */
export async function answerConfirmation(
  deps: AppDeps,
  member: MemberView,
  plan: PlanView | null,
  pending: Extract<ChatState, { kind: "confirm" }>,
  yes: boolean,
  webhookEventId?: string,
): Promise<Message[]> {
  const ctx = await replyContext(deps, member, plan);
  if (!ctx || !yes || ctx.cycleId !== pending.cycleId) return discardConfirmation(deps, member);
  return record(
    deps,
    ctx,
    pending.values.map((v) => ({
      indicatorId: v.indicatorId,
      figure: {
        decimal: v.decimal,
        value: Number(v.decimal),
        decimals: v.decimals ?? v.scale ?? 0,
        qualifier: v.qualifier as Figure["qualifier"],
      },
      text: v.text,
    })),
    true,
    null,
    webhookEventId,
  );
}

/** いいえ, or 取消 while a confirmation is pending: nothing was recorded, and nothing is taken back. */
export async function discardConfirmation(deps: AppDeps, member: MemberView): Promise<Message[]> {
  await clearChatState(deps.db, member.id);
  return [{ type: "text", text: reportText.discarded }];
}

/** The reason asked for (or 「なし」): stored for every actual the prompt named, and the prompt closed. */
export async function takeReason(
  deps: AppDeps,
  member: MemberView,
  pending: Extract<ChatState, { kind: "reason" }>,
  text: string,
  webhookEventId?: string,
): Promise<Message[]> {
  const result = await giveReason(deps, member, {
    actualIds: pending.actualIds,
    reason: text,
    channel: "line",
    ...(webhookEventId ? { webhookEventId } : {}),
  });
  await clearChatState(deps.db, member.id);
  return [{ type: "text", text: result.ok ? reportText.reasonSaved : reportText.reasonSkipped }];
}

/** 「理由を入力」: the prompt again, open for another hour. */
export async function promptReason(
  deps: AppDeps,
  member: MemberView,
  pending: ChatState | null,
): Promise<Message[]> {
  if (pending?.kind !== "reason") return [];
  await setChatState(deps.db, member.id, pending, deps.clock());
  return [{ type: "text", text: reportText.reasonInput }];
}

/** 「あとで」: the reason prompt is dropped, with a word. */
export async function postponeReason(
  deps: AppDeps,
  member: MemberView,
  pending: ChatState | null,
): Promise<Message[]> {
  if (pending?.kind !== "reason") return [];
  await clearChatState(deps.db, member.id);
  return [{ type: "text", text: reportText.reasonLater }];
}

/**
 * 取消: withdraws the member's last entry. The same event handled again answers with the entry it
 * withdrew the first time and withdraws no other (bot/usecases/withdraw-actual.ts).
 */
export async function undo(
  deps: AppDeps,
  member: MemberView,
  webhookEventId?: string,
): Promise<Message[]> {
  await clearChatState(deps.db, member.id);
  const result = await undoLastActual(deps, member, webhookEventId ? { webhookEventId } : {});
  if (!result.ok) return [{ type: "text", text: reportText.nothingToUndo }];
  const { withdrawn, indicator } = result;
  const value =
    withdrawn.value === null
      ? (withdrawn.rawText ?? "")
      : formatFigure(withdrawn.value, indicator?.unit ?? null);
  return [
    { type: "text", text: reportText.undone(indicator?.name ?? reportText.someIndicator, value) },
  ];
}

/** A quick reply tapped for one item: the next bare value is for it. */
export async function focusItem(
  deps: AppDeps,
  member: MemberView,
  cycleId: number,
  indicatorId: number,
): Promise<Message[]> {
  const ctx = await replyContext(deps, member);
  const item = ctx?.items.find((i) => i.indicatorId === indicatorId);
  if (!ctx || !item || ctx.cycleId !== cycleId)
    return [{ type: "text", text: reportText.nothingDue }];
  await setChatState(deps.db, member.id, { kind: "focus", indicatorId, cycleId }, deps.clock(), 30);
  return [{ type: "text", text: reportText.focus(item) }];
}

/** 報告の仕方. */
export async function howToAnswer(deps: AppDeps, member: MemberView): Promise<Message[]> {
  const ctx = await replyContext(deps, member);
  return [{ type: "text", text: reportText.howToAnswer(ctx?.items ?? []) }];
}
