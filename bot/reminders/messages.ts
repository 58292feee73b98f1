/**
 * The reminder, follow-up and escalation messages, in Japanese, and their quick replies.
 * Limits: a text message holds at most 5,000 characters; quick reply at most 13 items, labels at
 * most 20 characters (LINE Messaging API reference, "Quick reply").
 */
import type { messagingApi } from "@line/bot-sdk";
import { monthDayLabel, weekdayLabel } from "../../shared/business-calendar.ts";
import {
  formatFiscalYear,
  formatPeriod,
  type Period,
  tokyoIsoDate,
} from "../../shared/fiscal-year.ts";
import { showFigure } from "../../shared/numbers.ts";
import type { DueIndicator } from "../../shared/reminder-plan.ts";

const QUICK_REPLY_LIMIT = 13;
const LABEL_LIMIT = 20;
const TEXT_LIMIT = 5000;

function label(text: string): string {
  return text.length <= LABEL_LIMIT ? text : `${text.slice(0, LABEL_LIMIT - 1)}…`;
}

/** `2024年5月分（速報）` or `R5年度の確定実績`. */
export function periodLabel(period: Period, kind: "interim" | "official"): string {
  return kind === "official"
    ? `${formatPeriod(period)}の確定実績`
    : `${formatPeriod(period)}分（速報）`;
}

function itemLine(n: number, d: DueIndicator, fiscalYearLabel: string): string {
  const target = d.target ? `${fiscalYearLabel}目標 ${showFigure(d.target, d.unit)}` : "目標未設定";
  const last = d.last ? `前回 ${showFigure(d.last, d.unit)}` : "前回報告なし";
  return `${n}. ${d.name}（単位: ${d.unit}）\n   ${d.initiativeCode} ${d.initiativeTitle}\n   ${target}／${last}`;
}

/** Quick replies: one per item (tap, then send the value), and 報告の仕方. */
function quickReplies(cycleId: number, items: DueIndicator[]): messagingApi.QuickReply {
  const perItem = items.slice(0, QUICK_REPLY_LIMIT - 1).map(
    (d, i): messagingApi.QuickReplyItem => ({
      type: "action",
      action: {
        type: "postback",
        label: label(`${i + 1}. ${d.name}`),
        data: `action=answer&cycle=${cycleId}&indicator=${d.indicatorId}`,
        displayText: `${i + 1}. ${d.name} を報告します`,
      },
    }),
  );
  return {
    items: [
      ...perItem,
      {
        type: "action",
        action: {
          type: "postback",
          label: "報告の仕方",
          data: "action=help",
          displayText: "報告の仕方",
        },
      },
    ],
  };
}

function truncate(text: string): string {
  return text.length <= TEXT_LIMIT
    ? text
    : `${text.slice(0, TEXT_LIMIT - 40)}\n…（続きはボードでご確認ください）`;
}

/** `6月17日（月）`: the deadline's day in Asia/Tokyo (a deadline is the last second of its day). */
export function deadlineText(deadlineAt: Date): string {
  const day = tokyoIsoDate(deadlineAt);
  return `${monthDayLabel(day)}（${weekdayLabel(day)}）`;
}

/** The monthly reminder: every due indicator of the 課, numbered, with its target and last value. */
export function reminderMessage(input: {
  cycleId: number;
  orgUnit: string;
  period: Period;
  kind: "interim" | "official";
  items: DueIndicator[];
  followUp?: boolean;
  /** The cycle's 提出期限 (the end of that day, Asia/Tokyo); null for cycles from before deadlines. */
  deadlineAt?: Date | null;
}): messagingApi.Message {
  const fy = formatFiscalYear(input.period.fiscalYear);
  const due = input.deadlineAt ? deadlineText(input.deadlineAt) : null;
  const head = input.followUp
    ? `【再送・実績報告のお願い】${periodLabel(input.period, input.kind)}\nまだ報告が届いていない指標が${input.items.length}件あります。${due ? `提出期限は${due}です。` : ""}`
    : `【実績報告のお願い】${periodLabel(input.period, input.kind)}\n${input.orgUnit}の指標（${input.items.length}件）の数値を、${due ? `${due}までに` : ""}このトークに返信してください。`;
  const lines = input.items.map((d, i) => itemLine(i + 1, d, fy));
  const example =
    input.items.length === 1
      ? "数値だけを送ってください（例: 40%）。"
      : "「番号 数値」で送ってください（例: 1 40%）。まとめて送るときは1行に1件ずつ。";
  return {
    type: "text",
    text: truncate(
      [
        head,
        "",
        ...lines,
        "",
        `返信のしかた: ${example}`,
        "間違えたときは「取消」と送ると直前の報告を取り消せます。",
      ].join("\n"),
    ),
    quickReply: quickReplies(input.cycleId, input.items),
  };
}

/**
 * To a 課長 once the 提出期限 has passed: what their 課 still owes, by name, and who was asked.
 * Sent once per cycle and 課長 (issue 12, section 3).
 */
export function managerEscalationMessage(input: {
  orgUnit: string;
  period: Period;
  kind: "interim" | "official";
  deadlineAt: Date;
  asked: number;
  missing: DueIndicator[];
  leads: string[];
}): messagingApi.Message {
  const shown = input.missing.slice(0, 10);
  return {
    type: "text",
    text: truncate(
      [
        `【提出期限を過ぎた実績】${periodLabel(input.period, input.kind)}`,
        `${input.orgUnit}の指標 ${input.asked}件のうち ${input.missing.length}件の実績が、提出期限（${deadlineText(input.deadlineAt)}）を過ぎても届いていません。`,
        "",
        ...shown.map((d) => `・${d.initiativeCode} ${d.name}`),
        ...(input.missing.length > shown.length
          ? [`ほか ${input.missing.length - shown.length}件`]
          : []),
        "",
        input.leads.length
          ? `担当課リーダー（${input.leads.join("、")}）にご確認をお願いします。`
          : "課内で報告する方を決めて、DX推進担当に連絡してください（担当課リーダーが登録されていません）。",
      ].join("\n"),
    ),
  };
}

/** To the office: who has not answered this cycle. */
export function escalationMessage(input: {
  period: Period;
  kind: "interim" | "official";
  /** Per 課: `count` figures still missing of the `asked` ones. */
  missing: { orgUnit: string; count: number; asked?: number }[];
}): messagingApi.Message {
  const lines = input.missing.map((m) =>
    m.asked === undefined
      ? `・${m.orgUnit}（未報告の指標 ${m.count}件）`
      : `・${m.orgUnit} ${m.asked - m.count}/${m.asked}（未報告の指標 ${m.count}件）`,
  );
  return {
    type: "text",
    text: truncate(
      [
        `【未報告の担当課】${periodLabel(input.period, input.kind)}`,
        `再送後もまだ届いていない指標がある担当課です（${input.missing.length}課、報告済み／依頼した指標数）。`,
        "",
        ...lines,
      ].join("\n"),
    ),
  };
}

/**
 * To the office: LINE's monthly message limit stopped a cycle — how many went out, how many wait,
 * and how to resume. Shown on the LIFF banner, appended to an office member's next reply, printed by
 * `remind` and the digest preview (never pushed: LINE would refuse the push with the same 429).
 */
export function limitReachedText(input: {
  planId: string;
  period: Period;
  kind: "interim" | "official";
  sent: number;
  waiting: number;
  /** The plan's own monthly budget stopped it (`plan set --budget`), not LINE's limit. */
  budget?: boolean;
}): string {
  if (input.budget)
    return [
      `【リマインド停止中】${periodLabel(input.period, input.kind)}のリマインドは、この計画の今月のメッセージ予算に達したため止まっています。`,
      `送信済み ${input.sent}件／未送信 ${input.waiting}件（未送信の分は再開すると送られます）。`,
      `予算を見直す（npx shinchoku plan set --plan ${input.planId} --budget <通数>）か、来月になってから npx shinchoku remind --plan ${input.planId} で再開してください。`,
    ].join("\n");
  return [
    `【リマインド停止中】${periodLabel(input.period, input.kind)}のリマインドは、LINE 公式アカウントの今月のメッセージ上限に達したため止まっています。`,
    `送信済み ${input.sent}件／未送信 ${input.waiting}件（未送信の分は再開すると送られます）。`,
    `上限を引き上げるか、来月の上限リセット後に npx shinchoku remind --plan ${input.planId} で再開してください。`,
  ].join("\n");
}
