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
import { probabilityText } from "../messages.ts";

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
  return `${m.code} ${m.indicator}（年度末 ${formatFigure(m.point, m.unit, m.decimals)}・目標 ${formatFigure(m.target, m.unit, m.targetDecimals)}・達成見込み ${probabilityText(m.probability)}）`;
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
export function missingLabel(m: { orgUnit: string; count: number; asked?: number }): string {
  return m.asked === undefined
    ? `${m.orgUnit}（${m.count}件）`
    : `${m.orgUnit} ${m.asked - m.count}/${m.asked}（未報告 ${m.count}件）`;
}

/**
 * 「承認待ちの確定実績 2件（⑲ ペーパーレス化の割合 R6年度 ほか）: 承認されるまで集計に含めていません」
 * (issue 12 §4): the figures above count approved official 実績 only.
 */
export function awaitingLine(d: DigestContent): string {
  const named = d.awaitingApproval
    .slice(0, 3)
    .map((a) => `${a.code} ${a.indicator} ${periodKeyText(a.period)}`)
    .join("、");
  return `承認待ちの確定実績 ${d.awaitingApproval.length}件（${named}${d.awaitingApproval.length > 3 ? " ほか" : ""}）: 承認されるまで集計に含めていません`;
}

export function digestText(d: DigestContent): string {
  const line = (rows: CountRow[]) =>
    rows
      .filter((r) => r.count > 0)
      .map((r) => `${r.label.replace(/（.*）/u, "")} ${r.count}`)
      .join("・");
  const parts = [
    `【進捗ダイジェスト】${digestTitle(d)}`,
    ...(d.reportingRate ? [d.reportingRate] : []),
    `取組 ${d.total}件｜列: ${line(d.byColumn)}`,
    `進捗状況: ${line(d.byGrade)}`,
    `天気: ${line(d.byWeather)}`,
    `指標: ${line(d.indicatorStatus)}`,
  ];
  if (d.behind.length) {
    parts.push(
      `目標を下回る指標 ${d.behind.length}件: ${d.behind
        .slice(0, 3)
        .map(
          (b) =>
            `${b.code} ${b.indicator}（${periodKeyText(b.period)}・${Math.round(b.ratio * 100)}%）`,
        )
        .join("、")}${d.behind.length > 3 ? " ほか" : ""}`,
    );
  }
  if (d.forecastMisses.length)
    parts.push(
      `見込みで遅れ ${d.forecastMisses.length}件: ${d.forecastMisses
        .slice(0, 2)
        .map(forecastMissLine)
        .join("、")}${d.forecastMisses.length > 2 ? " ほか" : ""}`,
    );
  if (d.missing.length) parts.push(`未報告: ${d.missing.map((m) => m.orgUnit).join("、")}`);
  if (d.awaitingApproval.length) parts.push(awaitingLine(d));
  if (d.changes)
    parts.push(
      `前回から: 列の移動 ${d.changes.moved.length}件、新しい実績 ${d.changes.newActuals}件、評価の変更 ${d.changes.gradeChanges.length}件`,
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
    ...bars("列（かんばん）", d.byColumn, d.total),
    ...bars(`進捗状況（${formatFiscalYear(d.fiscalYear)}）`, d.byGrade, d.total),
    ...bars("天気", d.byWeather, d.total),
    ...bars(
      "指標の達成状況",
      d.indicatorStatus,
      d.indicatorStatus.reduce((a, r) => a + r.count, 0),
    ),
    { type: "separator", margin: "lg" },
    {
      type: "text",
      text: `目標を下回る指標（${d.behind.length}件）`,
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
      text: `${STATUS_LABELS[b.status]} ${b.code} ${b.indicator}: 実績 ${formatFigure(b.actual, b.unit)}（${periodKeyText(b.period)}）/ ${formatFiscalYear(b.fiscalYear)}目標 ${formatFigure(b.target, b.unit)}（${Math.round(b.ratio * 100)}%・${b.departments.join("・")}）`,
    });
  }
  if (d.behind.length > MAX_BEHIND)
    body.push({
      type: "text",
      text: `ほか ${d.behind.length - MAX_BEHIND}件はボードで`,
      size: "xs",
      color: COLORS.muted,
    });
  if (d.forecastMisses.length) {
    body.push({
      type: "text",
      text: `年度末の見込みで目標に届かない指標（${d.forecastMisses.length}件）`,
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
        text: `${forecastMissLine(m)}・${m.departments.join("・")}`,
      });
    if (d.forecastMisses.length > MAX_FORECAST)
      body.push({
        type: "text",
        text: `ほか ${d.forecastMisses.length - MAX_FORECAST}件はボードで`,
        size: "xs",
        color: COLORS.muted,
      });
  }
  if (d.missing.length) {
    body.push({
      type: "text",
      text: `未報告の担当課（${d.missing.length}課）`,
      weight: "bold",
      size: "sm",
      margin: "lg",
    });
    body.push({
      type: "text",
      text: d.missing.map(missingLabel).join("、"),
      size: "xs",
      wrap: true,
    });
  }
  if (d.changes) {
    body.push({
      type: "text",
      text: "前回のダイジェストから",
      weight: "bold",
      size: "sm",
      margin: "lg",
    });
    body.push({
      type: "text",
      size: "xs",
      wrap: true,
      text: [
        `新しい実績 ${d.changes.newActuals}件`,
        `列の移動 ${d.changes.moved.length}件${
          d.changes.moved.length
            ? `（${d.changes.moved
                .slice(0, 5)
                .map((m) => `${m.code} ${m.from}→${m.to}`)
                .join("、")}）`
            : ""
        }`,
        `評価の変更 ${d.changes.gradeChanges.length}件`,
      ].join("\n"),
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
          { type: "text", text: "進捗ダイジェスト", size: "xs", color: COLORS.muted },
          { type: "text", text: digestTitle(d), weight: "bold", size: "md", wrap: true },
          { type: "text", text: `取組 ${d.total}件`, size: "xs", color: COLORS.muted },
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
                  action: { type: "uri", label: "ボードを開く", uri: board },
                },
              ],
            },
          }
        : {}),
    },
  };
}
