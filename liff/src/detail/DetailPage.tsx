import "./detail.css";
import { useEffect } from "react";
import { planFiscalYears } from "../../../shared/fiscal-year.ts";
import type { Roadmap as RoadmapData } from "../../../shared/plan-meta.ts";
import { canEditIndicator } from "../../../shared/permissions.ts";
import type { InitiativeView } from "../../../shared/plan-view.ts";
import type { ApiClient, DetailResponse } from "../api.ts";
import { Failure, Loading, NotMember } from "../screens.tsx";
import { t } from "../text.ts";
import { BackToBoard, LatestGrades, ProvenanceMark, WeatherBadge } from "../ui.tsx";
import { GradeForm } from "./GradeForm.tsx";
import { IndicatorCard } from "./IndicatorCard.tsx";
import { Narratives, Schedule } from "./PlanText.tsx";
import { ColumnForm, CommentForm, OutlookForm, WeatherForm } from "./StatusForms.tsx";
import { Timeline } from "./Timeline.tsx";
import { useDetail } from "./useDetail.ts";
import type { Save } from "./useSaving.tsx";

function Summary({ detail }: { detail: DetailResponse }) {
  const { initiative, plan } = detail;
  const column = plan.boardColumns.find((c) => c.key === initiative.columnKey);
  return (
    <header className="detail-header">
      <nav className="path" aria-label={t.hierarchy}>
        <ol>
          {detail.path.map((p) => (
            <li key={`${p.level}-${p.title}`}>
              <span className="path-level">{p.label}</span> {p.code ? `${p.code} ` : ""}
              {p.title}
            </li>
          ))}
        </ol>
      </nav>
      {detail.crossListings.length > 0 ? (
        <p className="detail-cross" data-testid="cross-listings">
          {`${t.crossListed}: `}
          {detail.crossListings.map((p) => p.map((b) => b.title).join(" › ")).join("、")}
        </p>
      ) : null}
      <div className="detail-code">
        {plan.codeLabel} {initiative.code}
      </div>
      <h1>
        {initiative.title}
        {ProvenanceMark({ provenance: initiative.titleProvenance })}
      </h1>
      <div className="detail-dept">
        {t.department}: {initiative.departments.join("・")}
      </div>
      <div className="status-chips" data-testid="status" data-version={initiative.version}>
        <span className="chip-static" data-column={initiative.columnKey}>
          <span className="sr-only">{t.column}: </span>
          {column?.label ?? initiative.columnKey}
        </span>
        <WeatherBadge weather={initiative.weather} />
        {initiative.outlook ? (
          <span className="chip-static" data-outlook={initiative.outlook}>
            {t.outlook}: {initiative.outlook}
          </span>
        ) : null}
      </div>
      <LatestGrades grades={initiative.grades} scales={plan.grades} />
    </header>
  );
}

type PathEntry = DetailResponse["path"][number];

/**
 * The top-level branches an initiative serves, with their ビジョン and 達成すべき状態: its own branch's
 * path (each level that prints a vision), then the top of every branch it is listed again under (再掲),
 * once each. For Matsue this is the 取組's 3つの柱 (each sheet marks them by colour, which the text
 * lost; the plan's lists per 柱 and their 再掲 rows say the same, issue 14 §6). Nothing when the plan
 * prints no vision and lists the initiative once.
 */
/** One roadmap of the plan (plan.yaml `governance.roadmaps`): each row, then its cells per period. */
function Roadmap({ roadmap }: { roadmap: RoadmapData }) {
  return (
    <section className="roadmap" data-testid="roadmap">
      <h3>{roadmap.title}</h3>
      {roadmap.note ? <p className="hint">{roadmap.note}</p> : null}
      <ul className="roadmap-rows">
        {roadmap.rows.map((row) => (
          <li key={`${row.code ?? ""}${row.label}`}>
            <p className="roadmap-label">
              {row.code ? `${row.code} ` : null}
              {row.label}
              {row.department ? <span className="hint">（{row.department}）</span> : null}
            </p>
            {row.summary ? <p className="hint">{row.summary}</p> : null}
            {row.milestone ? (
              <p className="roadmap-milestone">
                {t.roadmapMilestone}: {row.milestone}
              </p>
            ) : null}
            {row.periods.length > 0 ? (
              <dl className="roadmap-periods">
                {row.periods.map((p) => (
                  <div key={p.period}>
                    <dt>{t.roadmapPeriod(p.period)}</dt>
                    <dd>{p.text}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        ))}
      </ul>
      {roadmap.source ? <p className="hint">{t.roadmapSource(roadmap.source)}</p> : null}
    </section>
  );
}

function Pillars({ detail }: { detail: DetailResponse }) {
  const own = detail.path.filter((p) => p.vision);
  const shown = new Set(detail.path.map((p) => p.key));
  const cross: { entry: PathEntry; under: string }[] = [];
  for (const path of detail.crossListings) {
    const top = path[0];
    if (!top || shown.has(top.key)) continue;
    shown.add(top.key);
    cross.push({ entry: top, under: path.at(-1)?.title ?? top.title });
  }
  if (own.length === 0 && cross.length === 0) return null;
  const label = detail.path[0]?.label;
  const block = (p: PathEntry, under: string | null) => (
    <div
      key={p.key}
      className="vision"
      data-pillar={p.title}
      data-cross-listed={under === null ? undefined : "true"}
    >
      <p>
        <span className="path-level">{p.label}</span> {p.title}
        {under === null ? "" : t.crossListedUnder(under)}
        {p.vision ? `:「${p.vision}」` : ""}
      </p>
      {p.states.length > 0 ? (
        <>
          <h3>{t.visionStates}</h3>
          <ul>
            {p.states.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
  return (
    <section
      className="detail-section vision-section"
      aria-labelledby="vision-title"
      data-testid="vision"
    >
      <h2 id="vision-title">{label ? t.pillarsAndVision(label) : t.vision}</h2>
      {own.map((p) => block(p, null))}
      {cross.map(({ entry, under }) => block(entry, under))}
    </section>
  );
}

function Updates({ detail, save }: { detail: DetailResponse; save: Save }) {
  if (!detail.permission.allowed) {
    return (
      <section className="detail-section cannot-edit" data-testid="cannot-edit">
        <h2>{t.cannotEdit}</h2>
        <p>{detail.permission.reason}</p>
      </section>
    );
  }
  return (
    <section className="detail-section updates" aria-labelledby="updates-title" id="updates">
      <h2 id="updates-title">{t.updates}</h2>
      <WeatherForm detail={detail} save={save} />
      <ColumnForm detail={detail} save={save} />
      <GradeForm detail={detail} save={save} />
      <OutlookForm detail={detail} save={save} />
    </section>
  );
}

/** `/initiatives/:id`: everything about one initiative, and its updates for those allowed. */
export default function DetailPage({
  id,
  api,
  onInitiativeChanged,
}: {
  id: number;
  api: ApiClient;
  onInitiativeChanged: (initiative: InitiativeView) => void;
}) {
  const { state, refresh, save } = useDetail(api, id, onInitiativeChanged);
  const title = state.kind === "ready" ? state.detail.initiative.title : null;
  useEffect(() => {
    if (!title) return;
    const before = document.title;
    document.title = `${title}｜${t.appName}`;
    return () => {
      document.title = before;
    };
  }, [title]);
  if (state.kind === "loading") return <Loading />;
  if (state.kind === "notMember") return <NotMember />;
  if (state.kind === "error") {
    return (
      <main className="detail-page">
        <BackToBoard />
        <Failure message={state.message} />
      </main>
    );
  }
  const { detail } = state;
  const years = planFiscalYears(detail.plan);
  const editable = detail.permission.allowed;
  // The server decides (shared/approval.ts canDecideApproval); this only shows the buttons.
  const approver = {
    canDecide:
      detail.me.role === "office" ||
      (detail.me.role === "manager" &&
        detail.me.department !== null &&
        detail.initiative.departments.includes(detail.me.department)),
    memberId: detail.me.memberId,
  };
  return (
    <main className="detail-page" data-testid="detail" data-initiative={detail.initiative.id}>
      <div className="detail-top">
        <BackToBoard />
      </div>
      <Summary detail={detail} />
      <div className="detail-main">
        <section className="detail-section indicators" aria-labelledby="indicators-title">
          <h2 id="indicators-title">{t.indicators}</h2>
          {detail.initiative.indicators.length === 0 ? (
            <p className="muted">{t.noIndicators}</p>
          ) : (
            detail.initiative.indicators.map((indicator) => (
              <IndicatorCard
                key={indicator.id}
                indicator={indicator}
                years={years}
                api={api}
                editable={
                  editable && canEditIndicator(detail.me, detail.initiative, indicator).allowed
                }
                approver={approver}
                onRecorded={refresh}
              />
            ))
          )}
        </section>
        <Pillars detail={detail} />
        <section className="detail-section narratives-section" aria-labelledby="narratives-title">
          <h2 id="narratives-title">{t.narratives}</h2>
          <Narratives narratives={detail.narratives} reviews={detail.reviews} />
        </section>
        <section className="detail-section schedule-section" aria-labelledby="schedule-title">
          <h2 id="schedule-title">{t.schedule}</h2>
          <Schedule schedule={detail.schedule} plan={detail.plan} />
        </section>
      </div>
      <div className="detail-side">
        <Updates detail={detail} save={save} />
        <section className="detail-section timeline-section" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t.timeline}</h2>
          {editable ? <CommentForm save={save} /> : null}
          <Timeline detail={detail} />
        </section>
        {detail.plan.governance.roles.length > 0 || detail.plan.governance.roadmaps.length > 0 ? (
          <section
            className="detail-section governance-section"
            aria-labelledby="governance-title"
            data-testid="governance"
          >
            <h2 id="governance-title">{t.governance}</h2>
            {detail.plan.governance.roles.length > 0 ? (
              <dl className="governance">
                {detail.plan.governance.roles.map((g) => (
                  <div key={g.role}>
                    <dt>{g.role === g.title ? g.title : `${g.title}（${g.role}）`}</dt>
                    <dd>
                      {g.holder}
                      {g.duty ? <p className="hint">{g.duty}</p> : null}
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {detail.plan.governance.roadmaps.map((r) => (
              <Roadmap key={r.title} roadmap={r} />
            ))}
          </section>
        ) : null}
      </div>
    </main>
  );
}
