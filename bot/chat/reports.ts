/**
 * Answers to reminders, in the chat: figures (`3 40%`, several lines, a bare value), 取消, the
 * confirmation of an implausible value, and the reason for being behind target.
 *
 * Rules: unknown or unlinked users record nothing; a message that is not fully understood records
 * nothing and says how to answer; every recorded value is confirmed with its indicator, value and
 * unit, period and target.
 */
import { addActualReason } from "../../db/actuals.ts";
import type { MemberView } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import {
  type ChatState,
  clearChatState,
  getChatState,
  latestDeliveryFor,
  setChatState,
} from "../../db/reminders.ts";
import { type Period, parsePeriodKey } from "../../shared/fiscal-year.ts";
import type { Figure } from "../../shared/numbers.ts";
import type { PlanView } from "../../shared/plan-view.ts";
import { type DueIndicator, dueIndicatorsByOrgUnit } from "../../shared/reminder-plan.ts";
import {
  type DueItem,
  type PlausibilityWarning,
  parseReply,
  type ReplyProblem,
  resolveReply,
} from "../../shared/reply-parser.ts";
import type { AppDeps } from "../deps.ts";
import type { Message } from "../line/gateway.ts";
import { useCaseText } from "../messages.ts";
import { periodLabel } from "../reminders/messages.ts";
import { recordActual } from "../usecases/record-actual.ts";
import { undoLastActual } from "../usecases/withdraw-actual.ts";
import { showFigure } from "./flex.ts";

export const reportText = {
  howToAnswer: (items: DueItem[]) =>
    [
      "報告のしかた:",
      items.length === 1
        ? "・数値だけを送ってください（例: 40%）"
        : "・「番号 数値」で送ってください（例: 1 40%）",
      "・まとめて送るときは1行に1件ずつ",
      "・「取消」で直前の報告を取り消せます",
      ...(items.length
        ? ["", "今回の指標:", ...items.map((i) => `${i.n}. ${i.name}（${i.unit ?? "単位なし"}）`)]
        : []),
    ].join("\n"),
  problem: (p: ReplyProblem, items: DueItem[]): string => {
    switch (p.code) {
      case "no_index":
        return `${p.line}行目「${p.raw}」: どの指標の数値か分かりません。番号を付けてください（例: 1 ${p.raw}）。`;
      case "bad_index":
        return `${p.line}行目「${p.raw}」: ${p.index}番の指標はありません（1〜${items.length}番）。`;
      case "not_a_number":
        return `${p.line}行目「${p.raw}」: 数値として読めません。`;
      case "unit_mismatch":
        return `${p.line}行目「${p.raw}」: ${useCaseText.unitMismatch(p.expected)}`;
      case "duplicate":
        return `${p.line}行目「${p.raw}」: ${p.index}番が二度出てきます。`;
      case "unreadable":
        return `${p.line}行目「${p.raw}」: 読み取れません。`;
    }
  },
  nothingRecorded: "この返信では何も記録していません。直して、もう一度送ってください。",
  nothingDue: "いま報告をお願いしている指標はありません。",
  notLinked:
    "実績の報告には、担当課としての登録が必要です。DX推進担当から届いた招待コードを送ってください。",
  recorded: (label: string) => `${label}として記録しました。`,
  undo: "取り消すときは「取消」と送ってください。",
  undone: (name: string, value: string) =>
    `取り消しました: ${name} ${value}（記録は履歴として残ります）`,
  nothingToUndo: "取り消せる報告はありません。",
  confirm: "次の数値で記録してよいですか？「はい」か「いいえ」で答えてください。",
  warning: (w: PlausibilityWarning, unit: string | null) =>
    w.code === "over_ceiling"
      ? `${w.ceiling}${unit ?? ""}を超えています`
      : w.code === "ten_times"
        ? `前回（${w.last.toLocaleString("ja-JP")}${unit ?? ""}）の10倍以上の違いがあります`
        : "マイナスの値です",
  discarded: "記録しませんでした。正しい数値をもう一度送ってください。",
  askReason: (lines: string[]) =>
    [
      "目標を下回っています:",
      ...lines,
      "",
      "要因と今後の方策を一言で送ってください（「なし」で省略できます）。",
    ].join("\n"),
  reasonSaved: "要因を記録しました。ありがとうございました。",
  reasonSkipped: "了解しました。",
  focus: (item: DueItem) =>
    `「${item.name}」の数値を送ってください（単位: ${item.unit ?? "なし"}）。`,
};

const NO_REASON = /^(なし|無し|特になし|とくになし|ない|skip|-)$/u;

const undoQuickReply = {
  items: [
    {
      type: "action" as const,
      action: {
        type: "postback" as const,
        label: "取消",
        data: "action=undo",
        displayText: "取消",
      },
    },
  ],
};
const confirmQuickReply = {
  items: [
    { type: "action" as const, action: { type: "message" as const, label: "はい", text: "はい" } },
    {
      type: "action" as const,
      action: { type: "message" as const, label: "いいえ", text: "いいえ" },
    },
  ],
};

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
async function replyContext(deps: AppDeps, member: MemberView): Promise<Context | null> {
  const latest = await latestDeliveryFor(deps.db, member.id);
  if (!latest) return null;
  const plan = await loadPlanView(deps.db, member.planId);
  const period = parsePeriodKey(latest.cycle.period);
  if (!plan || !period) return null;
  const dueById = new Map<number, DueIndicator>();
  for (const list of dueIndicatorsByOrgUnit(plan, period, latest.cycle.kind, {
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

function figureText(
  figure: { value: number; scale: number; qualifier: string | null },
  unit: string | null,
) {
  return showFigure(
    { value: figure.value, decimals: figure.scale, qualifier: figure.qualifier, rawText: null },
    unit,
  );
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
): Promise<Message[]> {
  const result = await recordActual(deps, ctx.member, {
    period: ctx.period,
    kind: ctx.kind,
    entries: values.map((v) => ({ indicatorId: v.indicatorId, value: v.figure, rawText: v.text })),
    confirmed,
    channel: "line",
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
          scale: v.figure.scale,
          qualifier: v.figure.qualifier,
          text: v.text,
        })),
      } satisfies ChatState,
      deps.clock(),
      30,
    );
    const lines = result.implausible.map(
      ({ indicator, figure, warnings }) =>
        `・${indicator.name}: ${figureText(figure, indicator.unit)} — ${warnings.map((x) => reportText.warning(x, indicator.unit)).join("、")}`,
    );
    return [
      {
        type: "text",
        text: [reportText.confirm, ...lines].join("\n"),
        quickReply: confirmQuickReply,
      },
    ];
  }
  const lines: string[] = [];
  const behind: { id: number; line: string }[] = [];
  for (const r of result.recorded) {
    const unit = r.indicator.unit;
    const value = figureText(r.figure, unit);
    const target = r.target ? `目標 ${showFigure(r.target, unit)}` : "目標未設定";
    lines.push(`・${r.indicator.name}: ${value}（${target}）`);
    if (r.behindTarget)
      behind.push({ id: r.actualId, line: `・${r.indicator.name}: ${value}（${target}）` });
  }
  const messages: Message[] = [
    {
      type: "text",
      text: [
        reportText.recorded(periodLabel(ctx.period, ctx.kind)),
        ...lines,
        "",
        reportText.undo,
      ].join("\n"),
      quickReply: undoQuickReply,
    },
  ];
  if (behind.length > 0) {
    await setChatState(
      deps.db,
      ctx.member.id,
      { kind: "reason", actualIds: behind.map((b) => b.id) },
      deps.clock(),
    );
    messages.push({ type: "text", text: reportText.askReason(behind.map((b) => b.line)) });
  } else {
    await clearChatState(deps.db, ctx.member.id);
  }
  return messages;
}

/**
 * Handles a text message from a lead when it is an answer (figures, 取消, はい/いいえ, a reason).
 * @returns the reply, or null when the message is not an answer (it is then a plan question).
 */
export async function handleReportText(
  deps: AppDeps,
  member: MemberView,
  text: string,
): Promise<Message[] | null> {
  const now = deps.clock();
  const intent = parseReply(text);
  const state = await getChatState(deps.db, member.id, now);

  if (intent.kind === "undo") return undo(deps, member);

  if (state?.kind === "confirm" && (intent.kind === "yes" || intent.kind === "no")) {
    const ctx = await replyContext(deps, member);
    if (!ctx || intent.kind === "no") {
      await clearChatState(deps.db, member.id);
      return [{ type: "text", text: reportText.discarded }];
    }
    return record(
      deps,
      ctx,
      state.values.map((v) => ({
        indicatorId: v.indicatorId,
        figure: {
          decimal: v.decimal,
          value: Number(v.decimal),
          scale: v.scale,
          qualifier: v.qualifier as Figure["qualifier"],
        },
        text: v.text,
      })),
      true,
    );
  }

  if (intent.kind !== "figures") {
    if (state?.kind === "reason" && intent.kind === "other") {
      await clearChatState(deps.db, member.id);
      const reason = text.trim();
      if (NO_REASON.test(reason.normalize("NFKC").toLowerCase()))
        return [{ type: "text", text: reportText.reasonSkipped }];
      for (const actualId of state.actualIds) {
        await addActualReason(deps.db, { actualId, reason, memberId: member.id, channel: "line" });
      }
      return [{ type: "text", text: reportText.reasonSaved }];
    }
    return null;
  }

  if (member.role !== "lead" && member.role !== "office")
    return [{ type: "text", text: reportText.notLinked }];
  const ctx = await replyContext(deps, member);
  if (!ctx || ctx.items.length === 0) return [{ type: "text", text: reportText.nothingDue }];
  const focus = state?.kind === "focus" && state.cycleId === ctx.cycleId ? state.indicatorId : null;
  const { values, problems } = resolveReply(intent, ctx.items, focus);
  if (problems.length > 0 || values.length === 0) {
    return [
      {
        type: "text",
        text: [
          ...problems.map((p) => reportText.problem(p, ctx.items)),
          reportText.nothingRecorded,
          "",
          reportText.howToAnswer(ctx.items),
        ].join("\n"),
      },
    ];
  }
  return record(
    deps,
    ctx,
    values.map((v) => ({ indicatorId: v.item.indicatorId, figure: v.figure, text: v.text })),
    false,
  );
}

/** 取消: withdraws the member's last entry. */
export async function undo(deps: AppDeps, member: MemberView): Promise<Message[]> {
  await clearChatState(deps.db, member.id);
  const result = await undoLastActual(deps, member);
  if (!result.ok) return [{ type: "text", text: reportText.nothingToUndo }];
  const { withdrawn, indicator } = result;
  const value =
    withdrawn.value === null
      ? (withdrawn.rawText ?? "")
      : `${withdrawn.value.toLocaleString("ja-JP")}${indicator?.unit ?? ""}`;
  return [{ type: "text", text: reportText.undone(indicator?.name ?? "指標", value) }];
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
