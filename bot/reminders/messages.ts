/**
 * The reminder, follow-up and escalation messages and their quick replies; the words are
 * bot/text/line.ts `reminderText`.
 * Limits: a text message holds at most 5,000 characters; quick reply at most 13 items, labels at
 * most 20 characters (LINE Messaging API reference, "Quick reply").
 */
import type { messagingApi } from "@line/bot-sdk";
import { formatFiscalYear, type Period } from "../../shared/fiscal-year.ts";
import { showFigure } from "../../shared/numbers.ts";
import type { DueIndicator } from "../../shared/reminder-plan.ts";
import { deadlineText, periodLabel, reminderText } from "../text/line.ts";

const QUICK_REPLY_LIMIT = 13;
const LABEL_LIMIT = 20;
const TEXT_LIMIT = 5000;

function label(text: string): string {
  return text.length <= LABEL_LIMIT ? text : `${text.slice(0, LABEL_LIMIT - 1)}…`;
}

function itemLine(n: number, d: DueIndicator, fiscalYearLabel: string): string {
  return reminderText.item(
    n,
    d,
    d.target ? reminderText.itemTarget(fiscalYearLabel, showFigure(d.target, d.unit)) : null,
    d.last ? showFigure(d.last, d.unit) : null,
  );
}

/** Quick replies: one per item (tap, then send the value), and 報告の仕方. */
function quickReplies(cycleId: number, items: DueIndicator[]): messagingApi.QuickReply {
  const perItem = items.slice(0, QUICK_REPLY_LIMIT - 1).map(
    (d, i): messagingApi.QuickReplyItem => ({
      type: "action",
      action: {
        type: "postback",
        label: label(reminderText.itemLabel(i + 1, d.name)),
        data: `action=answer&cycle=${cycleId}&indicator=${d.indicatorId}`,
        displayText: reminderText.itemShown(i + 1, d.name),
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
          label: reminderText.howTo,
          data: "action=help",
          displayText: reminderText.howTo,
        },
      },
    ],
  };
}

function truncate(text: string): string {
  return text.length <= TEXT_LIMIT
    ? text
    : `${text.slice(0, TEXT_LIMIT - 40)}${reminderText.truncated}`;
}

/** The monthly reminder: every due indicator of the 課, numbered, with its target and last value. */
export function reminderMessage(input: {
  cycleId: number;
  department: string;
  period: Period;
  kind: "interim" | "official";
  items: DueIndicator[];
  followUp?: boolean;
  /** The cycle's 提出期限 (the end of that day, Asia/Tokyo); null for cycles from before deadlines. */
  deadlineAt?: Date | null;
}): messagingApi.Message {
  const fy = formatFiscalYear(input.period.fiscalYear);
  const due = input.deadlineAt ? deadlineText(input.deadlineAt) : null;
  const what = periodLabel(input.period, input.kind);
  const head = input.followUp
    ? reminderText.followUpHead(what, input.items.length, due)
    : reminderText.head(what, input.department, input.items.length, due);
  const lines = input.items.map((d, i) => itemLine(i + 1, d, fy));
  const example = reminderText.example(input.items.length === 1);
  return {
    type: "text",
    text: truncate(
      [head, "", ...lines, "", reminderText.howToReply(example), reminderText.undoHint].join("\n"),
    ),
    quickReply: quickReplies(input.cycleId, input.items),
  };
}

/**
 * To a 課長 once the 提出期限 has passed: what their 課 still owes, by name, and who was asked.
 * Sent once per cycle and 課長 (issue 12, section 3).
 */
export function managerEscalationMessage(input: {
  department: string;
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
      reminderText.managerEscalation({
        label: periodLabel(input.period, input.kind),
        department: input.department,
        asked: input.asked,
        missing: input.missing.length,
        deadline: deadlineText(input.deadlineAt),
        lines: shown.map((d) => reminderText.missingItem(d.initiativeCode, d.name)),
        more: input.missing.length - shown.length,
        leads: input.leads,
      }),
    ),
  };
}

/** To the office: who has not answered this cycle. */
export function escalationMessage(input: {
  period: Period;
  kind: "interim" | "official";
  /** Per 課: `count` figures still missing of the `asked` ones. */
  missing: { department: string; count: number; asked?: number }[];
}): messagingApi.Message {
  return {
    type: "text",
    text: truncate(
      reminderText.escalation(
        periodLabel(input.period, input.kind),
        input.missing.length,
        input.missing.map(reminderText.escalationLine),
      ),
    ),
  };
}
