import { LimitBanner } from "../LimitBanner.tsx";
import "./office.css";
import { Link } from "wouter";
import { type CountRow, digestTitle, STATUS_LABELS } from "../../../shared/digest.ts";
import { formatFiscalYear } from "../../../shared/fiscal-year.ts";
import { MIN_READINGS } from "../../../shared/forecast.ts";
import { formatFigure } from "../../../shared/numbers.ts";
import type { ApiClient, DigestContent } from "../api.ts";
import { Loading } from "../screens.tsx";
import { t } from "../text.ts";
import { BackToBoard } from "../ui.tsx";
import { DigestSend } from "./DigestSend.tsx";
import { OfficeRefused, useOfficeLoad, usePageTitle } from "./load.tsx";

/**
 * Counts as horizontal bars, the share of `total` each; the numbers are in the text, the bars are
 * decoration. `kind` colours the bars of indicator status and 天気 by their meaning.
 */
function Bars({
  id,
  title,
  rows,
  total,
  kind,
}: {
  id: string;
  title: string;
  rows: CountRow[];
  total: number;
  kind?: "status" | "weather";
}) {
  return (
    <section className="office-section" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      <ul className="bars">
        {rows.map((r) => (
          <li key={r.key} className="bar-row" data-key={r.key} data-count={r.count}>
            <span className="bar-label">{r.label}</span>
            <span className="bar-track" aria-hidden="true">
              <span
                className={`bar-fill${kind ? ` ${kind}-${r.key}` : ""}`}
                style={{ width: `${total ? (r.count / total) * 100 : 0}%` }}
              />
            </span>
            <span className="bar-count">{t.countOf(r.count, total)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The altText as a phone shows it: in the notification and in the chat list. */
function Notification({ altText, cut }: { altText: string; cut: boolean }) {
  const length = altText.length;
  return (
    <section className="office-section" aria-labelledby="notification-title">
      <h2 id="notification-title">{t.notificationTitle}</h2>
      <figure className="notification" data-testid="alt-text">
        <div className="notification-head" aria-hidden="true">
          <span className="notification-icon" />
          <span>{t.notificationApp}</span>
        </div>
        <figcaption className="notification-from">{t.appName}</figcaption>
        <p className="notification-text">{altText}</p>
      </figure>
      <p className="hint">
        {t.notificationHint} <span data-testid="alt-length">{t.altTextLength(length)}</span>
        {cut ? ` ${t.altTextCut}` : ""}
      </p>
    </section>
  );
}

function Behind({ digest }: { digest: DigestContent }) {
  return (
    <section className="office-section" aria-labelledby="behind-title" data-testid="behind">
      <h2 id="behind-title">{t.behindTitle(digest.behind.length)}</h2>
      {digest.behind.length === 0 ? (
        <p className="muted">{t.noBehind}</p>
      ) : (
        <ul className="behind-list">
          {digest.behind.map((b) => (
            <li
              key={`${b.initiativeId}-${b.indicator}`}
              className={`behind-item ${b.status}`}
              data-code={b.code}
              data-status={b.status}
            >
              <span className={`status-pill ${b.status}`}>{STATUS_LABELS[b.status]}</span>
              <Link href={`/initiatives/${b.initiativeId}`} className="behind-link">
                {b.code} {b.title}
              </Link>
              <div className="behind-indicator">{b.indicator}</div>
              <div className="behind-figures">
                {t.behindFigures(
                  formatFigure(b.actual, b.unit),
                  formatFigure(b.target, b.unit),
                  Math.round(b.ratio * 100),
                )}
                ・{formatFiscalYear(b.fiscalYear)}・{b.departments.join("・")}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Indicators forecast to miss their 年度 target (shared/digest.ts `forecastMisses`). */
function ForecastMisses({ digest }: { digest: DigestContent }) {
  const misses = digest.forecastMisses;
  return (
    <section
      className="office-section"
      aria-labelledby="forecast-title"
      data-testid="forecast-misses"
    >
      <h2 id="forecast-title">{t.forecastMissTitle(misses.length)}</h2>
      {misses.length === 0 ? (
        <p className="muted">{t.noForecastMiss(MIN_READINGS)}</p>
      ) : (
        <ul className="behind-list">
          {misses.map((m) => (
            <li key={`${m.initiativeId}-${m.indicator}`} className="behind-item" data-code={m.code}>
              <Link href={`/initiatives/${m.initiativeId}`} className="behind-link">
                {m.code} {m.title}
              </Link>
              <div className="behind-indicator">{m.indicator}</div>
              <div className="behind-figures">
                {t.forecastMissFigures(
                  formatFigure(m.point, m.unit, m.decimals),
                  formatFigure(m.target, m.unit, m.targetDecimals),
                  t.probability(m.probability),
                )}
                ・{m.departments.join("・")}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Missing({ digest }: { digest: DigestContent }) {
  return (
    <section className="office-section" aria-labelledby="missing-title" data-testid="missing">
      <h2 id="missing-title">{t.missingTitle(digest.missing.length)}</h2>
      {digest.missing.length === 0 ? (
        <p className="muted">{t.noMissing}</p>
      ) : (
        <ul className="plain-list">
          {digest.missing.map((m) => (
            <li key={m.department} data-org={m.department}>
              {m.department}（{t.missingCount(m.count)}）
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Changes({ digest }: { digest: DigestContent }) {
  const c = digest.changes;
  return (
    <section className="office-section" aria-labelledby="changes-title" data-testid="changes">
      <h2 id="changes-title">{t.changesTitle}</h2>
      {c === null ? (
        <p className="muted">{t.firstDigest}</p>
      ) : (
        <ul className="plain-list">
          <li data-testid="new-actuals">{t.newActuals(c.newActuals)}</li>
          <li data-testid="moved">
            {t.movedCount(c.moved.length)}
            {c.moved.length ? (
              <ul>
                {c.moved.map((m) => (
                  <li key={m.code}>{t.movedItem(m.code, m.from, m.to)}</li>
                ))}
              </ul>
            ) : null}
          </li>
          <li data-testid="grade-changes">
            {t.gradeChangesCount(c.gradeChanges.length)}
            {c.gradeChanges.length ? (
              <ul>
                {c.gradeChanges.map((g) => (
                  <li key={g.code}>{t.gradeChange(g.code, g.grade)}</li>
                ))}
              </ul>
            ) : null}
          </li>
        </ul>
      )}
    </section>
  );
}

/** `/digest?plan=<id>`: the DX office's preview of the status digest, as members would get it. */
export default function DigestPage({ planId, api }: { planId: string; api: ApiClient }) {
  const { state } = useOfficeLoad(() => api.digest(planId), planId);
  usePageTitle(t.digestTitle);
  if (state.kind === "loading") return <Loading />;
  if (state.kind !== "ready") return <OfficeRefused state={state} />;
  const { digest, message, text } = state.data;
  const indicators = digest.indicatorStatus.reduce((a, r) => a + r.count, 0);
  return (
    <main className="office-page" data-testid="digest" data-plan={digest.planId}>
      <BackToBoard />
      <LimitBanner api={api} planId={digest.planId} />
      <header className="office-header">
        <div className="office-kicker">{t.digestTitle}</div>
        <h1>{digestTitle(digest)}</h1>
        <p className="muted">
          {t.totalInitiatives(digest.total)}・{t.digestLead}
        </p>
      </header>
      <Notification altText={message.altText} cut={text !== message.altText} />
      <div className="office-grid">
        <Bars id="by-column" title={t.byColumn} rows={digest.byColumn} total={digest.total} />
        <Bars
          id="by-grade"
          title={t.byGrade(formatFiscalYear(digest.fiscalYear))}
          rows={digest.byGrade}
          total={digest.total}
        />
        <Bars
          id="by-weather"
          title={t.byWeather}
          rows={digest.byWeather}
          total={digest.total}
          kind="weather"
        />
        <Bars
          id="by-status"
          title={t.byIndicatorStatus}
          rows={digest.indicatorStatus}
          total={indicators}
          kind="status"
        />
      </div>
      <Behind digest={digest} />
      <ForecastMisses digest={digest} />
      <Missing digest={digest} />
      <Changes digest={digest} />
      <DigestSend api={api} planId={digest.planId} />
    </main>
  );
}
