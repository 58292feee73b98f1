/**
 * Flex Messages for plan answers: one bubble per initiative with its code, title, 担当課, latest
 * grades and each indicator's latest actual against that year's target.
 *
 * Limits respected (LINE Messaging API reference, Flex Message): a carousel holds at most 12 bubbles;
 * `altText` at most 400 characters; the message JSON at most 30 KB (50 KB for a carousel).
 * @see https://developers.line.biz/en/reference/messaging-api/#flex-message
 */
import type { messagingApi } from "@line/bot-sdk";
import { formatFiscalYear, formatIsoDate, reviewPeriodKeyText } from "../../shared/fiscal-year.ts";
import { showFigure } from "../../shared/numbers.ts";
import {
  awaitingApproval,
  type IndicatorView,
  type InitiativeView,
  latestActual,
  latestGrade,
  meetsTarget,
  type PlanView,
  targetForYear,
} from "../../shared/plan-view.ts";
import type { Provenance } from "../../shared/provenance.ts";
import { chatText } from "../text/line.ts";

const ALT_TEXT_LIMIT = 400;
const CAROUSEL_LIMIT = 12;
const COLORS = { met: "#1E8E3E", behind: "#D93025", muted: "#777777", accent: "#06C755" };

export interface IndicatorLine {
  name: string;
  /** e.g. `R5年度 実績 40% / 目標 50%`. */
  text: string;
  met: boolean | null;
}

/** The latest actual against the target of the same year, for one indicator. */
export function indicatorLine(
  indicator: IndicatorView,
  mark: (p: Provenance | undefined) => string = () => "",
): IndicatorLine {
  const line = countedLine(indicator, mark);
  // The figures count approved 確定値 only; one on its way says so (issue 12 §4).
  const waiting = awaitingApproval(indicator);
  return waiting
    ? {
        ...line,
        text: chatText.card.note(
          line.text,
          `${formatFiscalYear(waiting.fiscalYear)} ${chatText.labels.awaitingApproval}`,
        ),
      }
    : line;
}

/** `mark` gives what follows a figure of that provenance (the chat's 「（推定）」; nothing by default). */
function countedLine(
  indicator: IndicatorView,
  mark: (p: Provenance | undefined) => string,
): IndicatorLine {
  const actual = latestActual(indicator);
  const { labels, card } = chatText;
  if (!actual) {
    const nextTarget = indicator.targets[0];
    const targetText = nextTarget
      ? `${formatFiscalYear(nextTarget.fiscalYear)} ${labels.target} ${showFigure(nextTarget, indicator.unit)}${mark(nextTarget.provenance)}`
      : (indicator.targetText ?? labels.noTarget);
    return { name: indicator.name, text: card.note(labels.noActual, targetText), met: null };
  }
  const target = targetForYear(indicator, actual.fiscalYear);
  const period =
    actual.kind === "interim" ? card.interimAt(actual.period) : formatFiscalYear(actual.fiscalYear);
  const targetText = target
    ? `${labels.target} ${showFigure(target, indicator.unit)}${mark(target.provenance)}`
    : labels.noTarget;
  return {
    name: indicator.name,
    text: `${period} ${labels.actual} ${showFigure(actual, indicator.unit)}${mark(actual.provenance)} / ${targetText}`,
    met: meetsTarget(indicator.direction, target?.value ?? null, actual.value),
  };
}

function gradeText(plan: PlanView, initiative: InitiativeView): string[] {
  const out: string[] = [];
  for (const kind of ["progress", "achievement"] as const) {
    const scale = plan.grades[kind];
    const g = latestGrade(initiative, kind);
    if (!scale || !g) continue;
    const meaning = scale.scale[g.grade];
    out.push(
      chatText.card.grade(scale.label, formatFiscalYear(g.fiscalYear), g.grade, meaning || null),
    );
  }
  // 天気 and 今後の方向性 are those of a review period: say which, and as of when.
  const r = initiative.latestReview;
  if (r && (r.weather || r.outlook))
    out.push(
      chatText.labels.review(
        reviewPeriodKeyText(r.period),
        formatIsoDate(r.asOf),
        r.weather,
        r.outlook,
      ),
    );
  return out;
}

/** One initiative as plain text, for altText and the terminal chat. */
export function initiativeSummaryText(plan: PlanView, initiative: InitiativeView): string {
  const lines = [
    chatText.card.heading(initiative.code, initiative.title, initiative.departments),
    ...gradeText(plan, initiative),
    ...initiative.indicators.map((ind) => {
      const l = indicatorLine(ind);
      return `${l.name}: ${l.text}`;
    }),
  ];
  return lines.join("\n");
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function bubble(
  plan: PlanView,
  initiative: InitiativeView,
  boardUrl: string | null,
): messagingApi.FlexBubble {
  const { labels, card } = chatText;
  const body: messagingApi.FlexComponent[] = [
    {
      type: "text",
      text: `${labels.department}: ${card.departments(initiative.departments)}`,
      size: "sm",
      color: COLORS.muted,
      wrap: true,
    },
  ];
  for (const g of gradeText(plan, initiative)) {
    body.push({ type: "text", text: g, size: "sm", wrap: true });
  }
  body.push({ type: "separator", margin: "md" });
  if (initiative.indicators.length === 0) {
    body.push({
      type: "text",
      text: labels.noIndicators,
      size: "sm",
      color: COLORS.muted,
      margin: "md",
    });
  }
  for (const ind of initiative.indicators) {
    const line = indicatorLine(ind);
    body.push({
      type: "box",
      layout: "vertical",
      margin: "md",
      contents: [
        { type: "text", text: truncate(line.name, 80), size: "sm", weight: "bold", wrap: true },
        {
          type: "text",
          text:
            line.met === null
              ? line.text
              : card.note(line.text, line.met ? labels.met : labels.behind),
          size: "sm",
          wrap: true,
          color: line.met === null ? COLORS.muted : line.met ? COLORS.met : COLORS.behind,
        },
      ],
    });
  }
  const result: messagingApi.FlexBubble = {
    type: "bubble",
    size: "mega",
    header: {
      type: "box",
      layout: "vertical",
      contents: [
        {
          type: "text",
          text: `${plan.codeLabel} ${initiative.code}`,
          size: "xs",
          color: COLORS.muted,
        },
        { type: "text", text: initiative.title, weight: "bold", size: "md", wrap: true },
      ],
    },
    body: { type: "box", layout: "vertical", spacing: "sm", contents: body },
  };
  if (boardUrl) {
    result.footer = {
      type: "box",
      layout: "vertical",
      contents: [
        {
          type: "button",
          style: "link",
          height: "sm",
          action: { type: "uri", label: labels.openBoard, uri: boardUrl },
        },
      ],
    };
  }
  return result;
}

/**
 * The answer to a plan question: a bubble, or a carousel of up to 12 bubbles, with an altText that
 * reads well alone (notifications and old LINE clients show only the altText).
 */
export function initiativesFlexMessage(
  plan: PlanView,
  initiatives: InitiativeView[],
  options: { liffId?: string | null; totalCount?: number } = {},
): messagingApi.FlexMessage {
  const shown = initiatives.slice(0, CAROUSEL_LIMIT);
  const boardUrl = options.liffId ? `https://liff.line.me/${options.liffId}` : null;
  const bubbles = shown.map((i) => bubble(plan, i, boardUrl));
  const total = options.totalCount ?? initiatives.length;
  const head =
    shown.length > 1 || total > shown.length ? `${chatText.resultsAlt(total, shown.length)}\n` : "";
  const altText = truncate(
    head + shown.map((i) => initiativeSummaryText(plan, i)).join("\n\n"),
    ALT_TEXT_LIMIT,
  );
  const contents: messagingApi.FlexContainer =
    bubbles.length === 1 && bubbles[0] ? bubbles[0] : { type: "carousel", contents: bubbles };
  return { type: "flex", altText, contents };
}
