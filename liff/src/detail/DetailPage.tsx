import "./detail.css";
import { useEffect } from "react";
import { planFiscalYears } from "../../../shared/fiscal-year.ts";
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
        detail.me.orgUnit !== null &&
        detail.initiative.departments.includes(detail.me.orgUnit)),
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
        {detail.path.some((p) => p.vision) ? (
          <section
            className="detail-section vision-section"
            aria-labelledby="vision-title"
            data-testid="vision"
          >
            <h2 id="vision-title">{t.vision}</h2>
            {detail.path
              .filter((p) => p.vision)
              .map((p) => (
                <div key={`${p.level}-${p.title}`} className="vision">
                  <p>
                    <span className="path-level">{p.label}</span> {p.title}:「{p.vision}」
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
              ))}
          </section>
        ) : null}
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
        {detail.plan.governance.length > 0 ? (
          <section
            className="detail-section governance-section"
            aria-labelledby="governance-title"
            data-testid="governance"
          >
            <h2 id="governance-title">{t.governance}</h2>
            <dl className="governance">
              {detail.plan.governance.map((g) => (
                <div key={g.role}>
                  <dt>{g.role === g.title ? g.title : `${g.title}（${g.role}）`}</dt>
                  <dd>
                    {g.holder}
                    {g.duty ? <p className="hint">{g.duty}</p> : null}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ) : null}
      </div>
    </main>
  );
}
