import { useState } from "react";
import { formatFiscalYear, periodKeyText } from "../../../shared/fiscal-year.ts";
import type { DetailResponse } from "../api.ts";
import { channelLabel, dateTimeText, figureText } from "../format.ts";
import { t } from "../text.ts";

export interface TimelineEntry {
  key: string;
  at: number;
  kind: "grade" | "column" | "weather" | "outlook" | "actual" | "approval" | "comment";
  title: string;
  body: string | null;
  who: string | null;
  channel: string | null;
  withdrawn?: boolean;
}

/**
 * Everything that happened to the initiative, newest first: grade versions, column/天気/方向性
 * changes, every version of every actual (corrections keep the earlier ones), and comments.
 */
export function buildTimeline(detail: DetailResponse): TimelineEntry[] {
  const columnLabel = (key: string | null) =>
    key === null
      ? t.noWeather
      : (detail.plan.boardColumns.find((c) => c.key === key)?.label ?? key);
  const word = (v: string | null) => v ?? t.noWeather;
  const entries: TimelineEntry[] = [];
  detail.grades.forEach((g, i) => {
    const scale = detail.plan.grades[g.kind];
    entries.push({
      key: `g${i}`,
      at: g.at,
      kind: "grade",
      title: t.timelineGrade(
        scale?.label ?? g.kind,
        formatFiscalYear(g.fiscalYear),
        g.grade === "-" ? t.notApplicable : g.grade,
      ),
      body: g.reason,
      who: g.who,
      channel: g.channel,
    });
  });
  detail.events.forEach((e, i) => {
    const title =
      e.field === "column"
        ? t.timelineColumn(columnLabel(e.from), columnLabel(e.to))
        : e.field === "weather"
          ? t.timelineWeather(word(e.from), word(e.to))
          : t.timelineOutlook(word(e.from), word(e.to));
    entries.push({
      key: `e${i}`,
      at: e.at,
      kind: e.field === "column" || e.field === "weather" ? e.field : "outlook",
      title,
      body: e.reason,
      who: e.who,
      channel: e.channel,
    });
  });
  for (const indicator of detail.initiative.indicators) {
    for (const v of indicator.history) {
      entries.push({
        key: `a${v.id}`,
        at: v.createdAt,
        kind: "actual",
        title: t.timelineActual(
          periodKeyText(v.period),
          figureText(v, indicator.unit),
          v.kind === "official" ? t.official : t.interim,
        ),
        body: detail.initiative.indicators.length > 1 ? indicator.name : null,
        who: v.reporter,
        channel: v.channel,
        withdrawn: v.withdrawnAt !== null,
      });
      // The 課長's or the office's decision on a 確定値 (issue 12 §4): who, when, and why.
      if (v.decidedAt !== null && (v.approval === "approved" || v.approval === "returned")) {
        const period = periodKeyText(v.period);
        entries.push({
          key: `d${v.id}`,
          at: v.decidedAt,
          kind: "approval",
          title:
            v.approval === "approved" ? t.timelineApproved(period) : t.timelineReturned(period),
          body: v.decisionComment ?? null,
          who: v.decidedBy,
          channel: null,
        });
      }
    }
  }
  for (const c of detail.comments) {
    entries.push({
      key: `c${c.id}`,
      at: c.at,
      kind: "comment",
      title: t.timelineComment,
      body: c.body,
      who: c.who,
      channel: null,
    });
  }
  // Stable: within one second, the server's own newest-first order is kept.
  return entries.sort((a, b) => b.at - a.at);
}

function byline(entry: TimelineEntry): string {
  const parts = [entry.who, entry.channel ? channelLabel(entry.channel) : null];
  return [...new Set(parts.filter(Boolean))].join("・");
}

const PAGE = 15;

export function Timeline({ detail }: { detail: DetailResponse }) {
  const [limit, setLimit] = useState(PAGE);
  const entries = buildTimeline(detail);
  if (entries.length === 0) return <p className="muted">{t.noTimeline}</p>;
  return (
    <>
      <ol className="timeline" data-testid="timeline">
        {entries.slice(0, limit).map((e) => (
          <li key={e.key} className={`tl tl-${e.kind}${e.withdrawn ? " withdrawn" : ""}`}>
            <div className="tl-head">
              <span className="tl-title">
                {e.title}
                {e.withdrawn ? `（${t.actualWithdrawn}）` : ""}
              </span>
            </div>
            {e.body ? <p className="tl-body">{e.body}</p> : null}
            <div className="tl-meta">
              <time dateTime={new Date(e.at * 1000).toISOString()}>{dateTimeText(e.at)}</time>
              {byline(e) ? <span>{byline(e)}</span> : null}
            </div>
          </li>
        ))}
      </ol>
      {entries.length > limit ? (
        <button type="button" className="more" onClick={() => setLimit((l) => l + PAGE)}>
          {t.showMore(entries.length - limit)}
        </button>
      ) : null}
    </>
  );
}
