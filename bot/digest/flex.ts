/**
 * The digest as a Flex Message: counts drawn as bar charts from Flex boxes (a filled box whose
 * `flex` is the count beside an empty one whose `flex` is the rest), the indicators behind target,
 * missing reports and what changed, with an altText that stands alone and a link to the LIFF board.
 * Limits: altText ≤ 400 characters; a bubble's JSON ≤ 30 KB (LINE Messaging API, Flex Message).
 */
import type { messagingApi } from "@line/bot-sdk";
import {
  type CountRow,
  type DigestContent,
  digestTitle,
  STATUS_LABELS,
} from "../../shared/digest.ts";
import { formatFiscalYear, periodKeyText } from "../../shared/fiscal-year.ts";
import { formatFigure } from "../../shared/numbers.ts";
import { digestFlexText as t } from "../text/line.ts";

const COLORS = {
  bar: "#06C755",
  rest: "#E9EDF1",
  muted: "#777777",
  risk: "#D93025",
  behind: "#E37400",
};
const MAX_BEHIND = 8;
const MAX_FORECAST = 5;

/** `⑲ ペーパーレス化の割合（年度末 46%・目標 60%・達成見込み 6%）` */
function forecastMissLine(m: DigestContent["forecastMisses"][number]): string {
  return t.forecastMiss(
    m.code,
    m.indicator,
    formatFigure(m.point, m.unit, m.decimals),
    formatFigure(m.target, m.unit, m.targetDecimals),
    m.probability,
  );
}

function bars(title: string, rows: CountRow[], total: number): messagingApi.FlexComponent[] {
  const out: messagingApi.FlexComponent[] = [
    { type: "text", text: title, weight: "bold", size: "sm", margin: "lg" },
  ];
  for (const r of rows) {
    const filled = Math.max(0, r.count);
    const rest = Math.max(0, total - r.count);
    out.push({
      type: "box",
      layout: "horizontal",
      spacing: "sm",
      margin: "sm",
      contents: [
        { type: "text", text: r.label, size: "xs", flex: 5, wrap: true, color: COLORS.muted },
        {
          type: "box",
          layout: "horizontal",
          flex: 5,
          height: "12px",
          cornerRadius: "3px",
          backgroundColor: COLORS.rest,
          offsetTop: "3px",
          contents:
            filled > 0
              ? [
                  {
                    type: "box",
                    layout: "vertical",
                    flex: filled,
                    backgroundColor: COLORS.bar,
                    contents: [],
                  },
                  ...(rest > 0
                    ? [
                        {
                          type: "box" as const,
                          layout: "vertical" as const,
                          flex: rest,
                          contents: [],
                        },
                      ]
                    : []),
                ]
              : [{ type: "filler" }],
        },
        { type: "text", text: `${r.count}`, size: "xs", flex: 1, align: "end" },
      ],
    });
  }
  return out;
}

/** The digest as plain text: altText (truncated to 400) and the CLI preview. */
/** `総務課 4/10（未報告 6件）`: figures reported of those asked, and how many are still missing. */
export function missingLabel(m: { department: string; count: number; asked?: number }): string {
  return t.missing(m);
}

/**
 * 「承認待ちの確定実績 2件（⑲ ペーパーレス化の割合 R6年度 ほか）: 承認されるまで集計に含めていません」
 * (issue 12 §4): the figures above count approved official 実績 only.
 */
export function awaitingLine(d: DigestContent): string {
  return t.awaiting(
    d.awaitingApproval.length,
    d.awaitingApproval
      .slice(0, 3)
      .map((a) => t.awaitingItem(a.code, a.indicator, periodKeyText(a.period))),
  );
}

export function digestText(d: DigestContent): string {
  const line = (rows: CountRow[]) =>
    rows
      .filter((r) => r.count > 0)
      .map((r) => t.countPart(r.label, r.count))
      .join(t.partSeparator);
  const parts = [
    t.textTitle(digestTitle(d)),
    ...(d.reportingRate ? [d.reportingRate] : []),
    t.textColumns(d.total, line(d.byColumn)),
    t.textGrades(line(d.byGrade)),
    t.textWeather(line(d.byWeather)),
    t.textIndicators(line(d.indicatorStatus)),
  ];
  if (d.behind.length) {
    parts.push(
      t.textBehind(
        d.behind.length,
        d.behind
          .slice(0, 3)
          .map((b) =>
            t.behindItem(b.code, b.indicator, periodKeyText(b.period), Math.round(b.ratio * 100)),
          ),
      ),
    );
  }
  if (d.forecastMisses.length)
    parts.push(
      t.textForecast(d.forecastMisses.length, d.forecastMisses.slice(0, 2).map(forecastMissLine)),
    );
  if (d.missing.length) parts.push(t.textMissing(d.missing.map((m) => m.department)));
  if (d.awaitingApproval.length) parts.push(awaitingLine(d));
  if (d.changes)
    parts.push(
      t.textChanges(d.changes.moved.length, d.changes.newActuals, d.changes.gradeChanges.length),
    );
  return parts.join("\n");
}

/** The digest Flex Message. */
export function digestFlexMessage(
  d: DigestContent,
  options: { liffId?: string | null } = {},
): messagingApi.FlexMessage {
  const body: messagingApi.FlexComponent[] = [
    ...(d.reportingRate
      ? [{ type: "text", text: d.reportingRate, weight: "bold", size: "md", wrap: true } as const]
      : []),
    ...(d.awaitingApproval.length
      ? [{ type: "text", text: awaitingLine(d), size: "sm", color: "#B45309", wrap: true } as const]
      : []),
    ...bars(t.columns, d.byColumn, d.total),
    ...bars(t.grades(formatFiscalYear(d.fiscalYear)), d.byGrade, d.total),
    ...bars(t.weather, d.byWeather, d.total),
    ...bars(
      t.indicators,
      d.indicatorStatus,
      d.indicatorStatus.reduce((a, r) => a + r.count, 0),
    ),
    { type: "separator", margin: "lg" },
    {
      type: "text",
      text: t.behindHead(d.behind.length),
      weight: "bold",
      size: "sm",
      margin: "lg",
    },
  ];
  for (const b of d.behind.slice(0, MAX_BEHIND)) {
    body.push({
      type: "text",
      wrap: true,
      size: "xs",
      margin: "sm",
      color: b.status === "at_risk" ? COLORS.risk : COLORS.behind,
      // Each figure says its own period: a month's 速報 and a 年度's target are not the same thing.
      text: t.behindLine({
        status: STATUS_LABELS[b.status],
        code: b.code,
        indicator: b.indicator,
        actual: formatFigure(b.actual, b.unit),
        period: periodKeyText(b.period),
        fiscalYear: formatFiscalYear(b.fiscalYear),
        target: formatFigure(b.target, b.unit),
        percent: Math.round(b.ratio * 100),
        departments: b.departments,
      }),
    });
  }
  if (d.behind.length > MAX_BEHIND)
    body.push({
      type: "text",
      text: t.moreOnBoard(d.behind.length - MAX_BEHIND),
      size: "xs",
      color: COLORS.muted,
    });
  if (d.forecastMisses.length) {
    body.push({
      type: "text",
      text: t.forecastHead(d.forecastMisses.length),
      weight: "bold",
      size: "sm",
      margin: "lg",
      wrap: true,
    });
    for (const m of d.forecastMisses.slice(0, MAX_FORECAST))
      body.push({
        type: "text",
        wrap: true,
        size: "xs",
        margin: "sm",
        color: COLORS.behind,
        text: t.forecastLine(forecastMissLine(m), m.departments),
      });
    if (d.forecastMisses.length > MAX_FORECAST)
      body.push({
        type: "text",
        text: t.moreOnBoard(d.forecastMisses.length - MAX_FORECAST),
        size: "xs",
        color: COLORS.muted,
      });
  }
  if (d.missing.length) {
    body.push({
      type: "text",
      text: t.missingHead(d.missing.length),
      weight: "bold",
      size: "sm",
      margin: "lg",
    });
    body.push({
      type: "text",
      text: t.list(d.missing.map(missingLabel)),
      size: "xs",
      wrap: true,
    });
  }
  if (d.changes) {
    body.push({
      type: "text",
      text: t.changesHead,
      weight: "bold",
      size: "sm",
      margin: "lg",
    });
    body.push({
      type: "text",
      size: "xs",
      wrap: true,
      text: t.changes(
        d.changes.newActuals,
        d.changes.moved.length,
        d.changes.moved.slice(0, 5).map((m) => t.moved(m.code, m.from, m.to)),
        d.changes.gradeChanges.length,
      ),
    });
  }
  const board = options.liffId
    ? `https://liff.line.me/${options.liffId}/?plan=${encodeURIComponent(d.planId)}`
    : null;
  const text = digestText(d);
  return {
    type: "flex",
    altText: text.length <= 400 ? text : `${text.slice(0, 399)}…`,
    contents: {
      type: "bubble",
      size: "giga",
      header: {
        type: "box",
        layout: "vertical",
        contents: [
          { type: "text", text: t.header, size: "xs", color: COLORS.muted },
          { type: "text", text: digestTitle(d), weight: "bold", size: "md", wrap: true },
          { type: "text", text: t.initiatives(d.total), size: "xs", color: COLORS.muted },
        ],
      },
      body: { type: "box", layout: "vertical", contents: body },
      ...(board
        ? {
            footer: {
              type: "box",
              layout: "vertical",
              contents: [
                {
                  type: "button",
                  style: "primary",
                  color: COLORS.bar,
                  height: "sm",
                  action: { type: "uri", label: t.openBoard, uri: board },
                },
              ],
            },
          }
        : {}),
    },
  };
}
