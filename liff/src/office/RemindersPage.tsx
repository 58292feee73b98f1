import "./office.css";
import { useState } from "react";
import { formatCivilDate } from "../../../shared/business-calendar.ts";
import { formatPeriod, parsePeriodKey } from "../../../shared/fiscal-year.ts";
import type {
  ApiClient,
  PlanSettingsResponse,
  ReportingResponse,
  ScheduleInput,
  ScheduleResponse,
} from "../api.ts";
import { LimitBanner } from "../LimitBanner.tsx";
import { Loading } from "../screens.tsx";
import { t } from "../text.ts";
import { BackToBoard } from "../ui.tsx";
import { actionError, OfficeRefused, useOfficeLoad, usePageTitle } from "./load.tsx";

const dateTime = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo",
  dateStyle: "medium",
  timeStyle: "short",
});
const when = (iso: string) => dateTime.format(new Date(iso));

const NEW_SCHEDULE: ScheduleInput = {
  enabled: true,
  dayOfMonth: 5,
  time: "09:00",
  periodMode: "previous_month",
  followUpDays: 3,
  escalate: false,
  deadlineBusinessDays: null,
};

/** A number field that may be left empty (null). */
const optionalNumber = (text: string) => (text.trim() === "" ? null : Number(text));

function ScheduleForm({
  api,
  planId,
  data,
  onSaved,
}: {
  api: ApiClient;
  planId: string;
  data: ScheduleResponse;
  onSaved: (data: ScheduleResponse) => void;
}) {
  const [form, setForm] = useState<ScheduleInput>(data.schedule ?? NEW_SCHEDULE);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (change: Partial<ScheduleInput>) => setForm((f) => ({ ...f, ...change }));
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      onSaved(await api.saveSchedule(planId, form));
      setMessage({ ok: true, text: t.saved });
    } catch (err) {
      setMessage({ ok: false, text: actionError(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="office-section" aria-labelledby="schedule-title" data-testid="schedule">
      <h2 id="schedule-title">{t.scheduleTitle}</h2>
      {data.schedule ? null : <p className="muted">{t.scheduleNone}</p>}
      <form className="office-form" onSubmit={submit}>
        <label className="check">
          <input
            type="checkbox"
            checked={form.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          {t.scheduleEnabled}
        </label>
        <label>
          {t.scheduleDay}
          <input
            type="number"
            min={1}
            max={28}
            value={form.dayOfMonth}
            onChange={(e) => set({ dayOfMonth: Number(e.target.value) })}
          />
        </label>
        <label>
          {t.scheduleTime}
          <input type="time" value={form.time} onChange={(e) => set({ time: e.target.value })} />
        </label>
        <label>
          {t.schedulePeriod}
          <select
            value={form.periodMode}
            onChange={(e) => set({ periodMode: e.target.value as ScheduleInput["periodMode"] })}
          >
            {(["previous_month", "current_month"] as const).map((m) => (
              <option key={m} value={m}>
                {t.periodModes[m]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.scheduleFollowUp}
          <input
            type="number"
            min={1}
            max={27}
            value={form.followUpDays ?? ""}
            onChange={(e) => set({ followUpDays: optionalNumber(e.target.value) })}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.escalate}
            onChange={(e) => set({ escalate: e.target.checked })}
          />
          {t.scheduleEscalate}
        </label>
        <label>
          {t.scheduleDeadline(data.defaultDeadlineBusinessDays)}
          <input
            type="number"
            min={1}
            max={27}
            value={form.deadlineBusinessDays ?? ""}
            onChange={(e) => set({ deadlineBusinessDays: optionalNumber(e.target.value) })}
          />
        </label>
        <div className="import-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t.scheduleSave}
          </button>
        </div>
      </form>
      {message ? (
        <p
          className={message.ok ? "office-result" : "notice"}
          role={message.ok ? "status" : "alert"}
          data-testid="schedule-message"
        >
          {message.text}
        </p>
      ) : null}
      {data.upcoming.length ? (
        <>
          <h3>{t.upcomingTitle}</h3>
          <ul className="plain-list" data-testid="upcoming">
            {data.upcoming.map((u) => (
              <li key={u.cycleMonth} data-date={u.date}>
                {formatCivilDate(u.date)}
                {u.moved ? <span className="muted">（{u.moved}）</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/**
 * The plan's own settings (issue 12): whether 確定値 need approval, and its monthly message budget,
 * which the cycle, its follow-ups, the 課長 pushes and the digest are checked against before sending.
 */
function PlanSettingsForm({
  api,
  planId,
  data,
  onSaved,
}: {
  api: ApiClient;
  planId: string;
  data: PlanSettingsResponse;
  onSaved: (data: PlanSettingsResponse) => void;
}) {
  const [approval, setApproval] = useState(data.approval === "required");
  const [budget, setBudget] = useState(
    data.messageBudget === null ? "" : String(data.messageBudget),
  );
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      onSaved(
        await api.savePlanSettings(planId, {
          approval: approval ? "required" : "none",
          messageBudget: optionalNumber(budget),
        }),
      );
      setMessage({ ok: true, text: t.saved });
    } catch (err) {
      setMessage({ ok: false, text: actionError(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section
      className="office-section"
      aria-labelledby="plan-settings-title"
      data-testid="plan-settings"
    >
      <h2 id="plan-settings-title">{t.planSettingsTitle}</h2>
      <form className="office-form" onSubmit={submit}>
        <label className="check">
          <input
            type="checkbox"
            checked={approval}
            onChange={(e) => setApproval(e.target.checked)}
          />
          {t.planSettingsApproval}
        </label>
        <label>
          {t.planSettingsBudget}
          <input
            type="number"
            min={0}
            max={1000000}
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
          />
        </label>
        {data.budgetUse ? (
          <p className="muted" data-testid="budget-use">
            {t.planSettingsUse(data.budgetUse.used, data.budgetUse.left)}
          </p>
        ) : null}
        <div className="import-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t.planSettingsSave}
          </button>
        </div>
      </form>
      {message ? (
        <p
          className={message.ok ? "office-result" : "notice"}
          role={message.ok ? "status" : "alert"}
        >
          {message.text}
        </p>
      ) : null}
    </section>
  );
}

function periodText(period: string): string {
  const parsed = parsePeriodKey(period);
  return parsed ? formatPeriod(parsed) : period;
}

function Reporting({ data }: { data: ReportingResponse }) {
  if (!("headline" in data) || !data.cycle)
    return (
      <section className="office-section" aria-labelledby="reporting-title">
        <h2 id="reporting-title">{t.reportingTitle}</h2>
        <p className="muted">{t.noCycle}</p>
      </section>
    );
  const { cycle } = data;
  const status = (s: string | null) => (s ? (t.deliveryStatus[s] ?? s) : t.notSent);
  return (
    <section
      className="office-section"
      aria-labelledby="reporting-title"
      data-testid="reporting"
      data-status={cycle.status}
    >
      <h2 id="reporting-title">
        {t.cycleHeading(cycle.cycleMonth, periodText(cycle.period), cycle.kind === "official")}
      </h2>
      <p>
        <strong>{t.cycleStatus[cycle.status] ?? cycle.status}</strong>
        {data.headline ? `・${data.headline}` : ""}
      </p>
      <p className="muted">
        {t.pushes(data.pushes)}
        {cycle.deadlineAt ? `・${t.deadlineAt(when(cycle.deadlineAt))}` : ""}
      </p>
      <h3>{t.byDepartmentTitle}</h3>
      <table className="report-table" data-testid="by-org-unit">
        <thead>
          <tr>
            <th scope="col">{t.colDepartment}</th>
            <th scope="col">{t.colReported}</th>
            <th scope="col">{t.colState}</th>
            <th scope="col">{t.colPushes}</th>
          </tr>
        </thead>
        <tbody>
          {data.departments.map((o) => (
            <tr key={o.department} data-org={o.department}>
              <th scope="row">{o.department}</th>
              <td>{o.rate ? t.reported(o.rate.onTime + o.rate.late, o.rate.asked) : t.notSent}</td>
              <td>{o.rate ? t.rateStatus[o.rate.status] : t.notSent}</td>
              <td>{t.pushes(o.pushes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t.byLeadTitle}</h3>
      <table className="report-table" data-testid="by-lead">
        <thead>
          <tr>
            <th scope="col">{t.colLead}</th>
            <th scope="col">{t.colReported}</th>
            <th scope="col">{t.colPushes}</th>
            <th scope="col">{t.colFollowUp}</th>
          </tr>
        </thead>
        <tbody>
          {data.leads.map((l) => (
            <tr key={l.lineUserId} data-user={l.lineUserId}>
              <th scope="row">
                {l.name ?? l.lineUserId}（{l.department}）
              </th>
              <td>{l.rate ? t.reported(l.rate.onTime + l.rate.late, l.rate.asked) : t.notSent}</td>
              <td>{status(l.reminder)}</td>
              <td>{status(l.followUp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Run or resume the cycle, or send its follow-up now, after a confirmation. */
function Run({
  api,
  planId,
  canFollowUp,
  onRan,
}: {
  api: ApiClient;
  planId: string;
  canFollowUp: boolean;
  onRan: () => void;
}) {
  const [asking, setAsking] = useState<"cycle" | "followUp" | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (followUp: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      const result = await api.runReminders(planId, followUp);
      setMessage({
        ok: true,
        text:
          result.kind === "follow_up"
            ? t.followUpDone(result.followUps, result.escalated)
            : (result.notice?.message ?? t.runDone(result.report)),
      });
      onRan();
    } catch (err) {
      setMessage({ ok: false, text: actionError(err) });
    } finally {
      setBusy(false);
      setAsking(null);
    }
  };
  const label = asking === "followUp" ? t.runFollowUp : t.runCycle;
  return (
    <section className="office-section" aria-labelledby="run-title" data-testid="run">
      <h2 id="run-title">{t.runTitle}</h2>
      <p className="hint">{t.runHint}</p>
      {asking ? (
        <div className="office-result">
          <p>{t.runAsk(label)}</p>
          <div className="import-buttons">
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => run(asking === "followUp")}
            >
              {t.runConfirm}
            </button>
            <button type="button" disabled={busy} onClick={() => setAsking(null)}>
              {t.cancel}
            </button>
          </div>
        </div>
      ) : (
        <div className="import-buttons">
          <button type="button" className="primary" onClick={() => setAsking("cycle")}>
            {t.runCycle}
          </button>
          <button type="button" disabled={!canFollowUp} onClick={() => setAsking("followUp")}>
            {t.runFollowUp}
          </button>
        </div>
      )}
      {message ? (
        <p
          className={message.ok ? "office-result" : "notice"}
          role={message.ok ? "status" : "alert"}
          data-testid="run-message"
        >
          {message.text}
        </p>
      ) : null}
    </section>
  );
}

/** `/reminders?plan=<id>`: the schedule, this cycle per 課 and per lead, and running it now. */
export default function RemindersPage({ planId, api }: { planId: string; api: ApiClient }) {
  const schedule = useOfficeLoad(() => api.schedule(planId), planId);
  const reporting = useOfficeLoad(() => api.reporting(planId), planId);
  const settings = useOfficeLoad(() => api.planSettings(planId), planId);
  usePageTitle(t.remindersTitle);
  if (
    schedule.state.kind === "loading" ||
    reporting.state.kind === "loading" ||
    settings.state.kind === "loading"
  )
    return <Loading />;
  if (schedule.state.kind !== "ready") return <OfficeRefused state={schedule.state} />;
  if (reporting.state.kind !== "ready") return <OfficeRefused state={reporting.state} />;
  if (settings.state.kind !== "ready") return <OfficeRefused state={settings.state} />;
  const report = reporting.state.data;
  const cycle = "cycle" in report ? report.cycle : null;
  return (
    <main className="office-page" data-testid="reminders" data-plan={planId}>
      <BackToBoard />
      <LimitBanner api={api} planId={planId} />
      <header className="office-header">
        <div className="office-kicker">{t.remindersLink}</div>
        <h1>{t.remindersTitle}</h1>
        <p className="muted">{t.remindersLead}</p>
      </header>
      <Reporting data={report} />
      <Run
        api={api}
        planId={planId}
        canFollowUp={cycle?.status === "done"}
        onRan={reporting.reload}
      />
      <ScheduleForm api={api} planId={planId} data={schedule.state.data} onSaved={schedule.set} />
      <PlanSettingsForm
        api={api}
        planId={planId}
        data={settings.state.data}
        onSaved={settings.set}
      />
    </main>
  );
}
