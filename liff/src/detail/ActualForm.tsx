import { type FormEvent, useId, useState } from "react";
import {
  fiscalYearAt,
  fiscalYearCode,
  formatFiscalYear,
  parsePeriod,
  periodKey,
  tokyoMonthKey,
} from "../../../shared/fiscal-year.ts";
import { formatFigure } from "../../../shared/numbers.ts";
import { type ActualView, type IndicatorView, latestVersion } from "../../../shared/plan-view.ts";
import type { PlausibilityWarning } from "../../../shared/reply-parser.ts";
import { type ApiClient, ApiError } from "../api.ts";
import { channelLabel, figureText } from "../format.ts";
import { t } from "../text.ts";
import { Field } from "./Field.tsx";
import { failure } from "./useDetail.ts";

type Outcome =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "done"; text: string; behind: boolean }
  | { kind: "confirm"; warnings: PlausibilityWarning[] }
  | { kind: "invalid"; message: string }
  | { kind: "conflict"; message: string; current: ActualView | null }
  | { kind: "error"; message: string };

function warningText(w: PlausibilityWarning, unit: string | null): string {
  switch (w.code) {
    case "over_ceiling":
      return t.warnings.over_ceiling(w.ceiling);
    case "ten_times":
      return t.warnings.ten_times(formatFigure(w.last, unit));
    case "negative":
      return t.warnings.negative;
  }
}

/**
 * Enter or correct an actual: the 年度's official figure or a month's interim reading. The server
 * applies the LINE path's rules: it asks to confirm an implausible value (422), refuses one it cannot
 * read (400, shown under the field), and answers 409 when someone recorded this period since the page
 * was loaded (the newer value is shown; the typed one stays, to be saved again on purpose).
 */
export function ActualForm({
  indicator,
  years,
  api,
  onRecorded,
}: {
  indicator: IndicatorView;
  years: number[];
  api: ApiClient;
  onRecorded: () => Promise<void>;
}) {
  const id = useId();
  const first = years[0] ?? 0;
  const last = years.at(-1) ?? first;
  const currentYear = Math.min(last, Math.max(first, fiscalYearAt(new Date())));
  const [mode, setMode] = useState<"year" | "month">("year");
  const [year, setYear] = useState(currentYear);
  const [month, setMonth] = useState(() => {
    const m = tokyoMonthKey(new Date());
    const p = parsePeriod(m);
    return p && p.fiscalYear >= first && p.fiscalYear <= last ? m : "";
  });
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });

  const period = mode === "year" ? fiscalYearCode(year) : month;
  const parsed = period ? parsePeriod(period) : null;
  const key = parsed ? periodKey(parsed) : null;
  const kind = mode === "year" ? "official" : "interim";
  // A 確定値 awaiting approval (or returned) is the version a correction replaces.
  const base = key ? latestVersion(indicator, key, kind) : null;
  const baseVersion = base ? indicator.history.find((v) => v.id === base.id) : undefined;

  async function submit(confirm: boolean) {
    if (!period) return setOutcome({ kind: "invalid", message: t.monthMissing });
    if (!value.trim()) return setOutcome({ kind: "invalid", message: t.valueMissing });
    setOutcome({ kind: "saving" });
    try {
      const res = await api.recordActual(indicator.id, {
        period,
        value: value.trim(),
        baseId: base?.id ?? null,
        reason: reason.trim() || null,
        ...(confirm ? { confirm: true } : {}),
      });
      await onRecorded();
      // On a plan requiring approval, a 確定値 waits in `awaiting` until the 課長 approves it.
      const waiting = res.indicator?.awaiting?.find((a) => a.id === res.recorded.id) ?? null;
      const recorded =
        res.indicator?.actuals.find((a) => a.id === res.recorded.id) ?? waiting ?? null;
      setValue("");
      setReason("");
      setOutcome({
        kind: "done",
        text: `${t.recorded(res.recorded.label, figureText(recorded, indicator.unit))}${waiting ? t.recordedAwaiting : ""}`,
        behind: res.behindTarget,
      });
    } catch (err) {
      if (err instanceof ApiError && err.code === "confirm_required") {
        setOutcome({
          kind: "confirm",
          warnings: (err.details.warnings as PlausibilityWarning[] | undefined) ?? [],
        });
      } else if (err instanceof ApiError && err.code === "conflict") {
        setOutcome({
          kind: "conflict",
          message: err.message,
          current: (err.details.current as ActualView | null) ?? null,
        });
        await onRecorded();
      } else {
        const f = failure(err);
        setOutcome(f.invalid ? { kind: "invalid", message: f.message } : { kind: "error", ...f });
      }
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(false);
  };

  return (
    <form
      noValidate
      className="form actual-form"
      onSubmit={onSubmit}
      data-indicator={indicator.key}
    >
      <h4>{t.enterActual}</h4>
      <div className="segmented" role="radiogroup" aria-label={t.actualKind}>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === "year"}
            onChange={() => setMode("year")}
          />
          <span className="segment">{t.yearlyActual}</span>
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === "month"}
            onChange={() => setMode("month")}
          />
          <span className="segment">{t.monthlyActual}</span>
        </label>
      </div>
      <div className="field-row">
        {mode === "year" ? (
          <Field label={t.year}>
            {(fieldId) => (
              <select id={fieldId} value={year} onChange={(e) => setYear(Number(e.target.value))}>
                {years.map((y) => (
                  <option key={y} value={y}>
                    {formatFiscalYear(y)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <Field label={t.month}>
            {(fieldId) => (
              <input
                id={fieldId}
                type="month"
                value={month}
                min={`${first}-04`}
                max={`${last + 1}-03`}
                onChange={(e) => setMonth(e.target.value)}
              />
            )}
          </Field>
        )}
        <Field label={t.valueLabel(indicator.unit)}>
          {(fieldId) => (
            <input
              id={fieldId}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={value}
              placeholder={t.valuePlaceholder(indicator.unit)}
              aria-invalid={outcome.kind === "invalid"}
              aria-describedby={outcome.kind === "invalid" ? `${id}-error` : undefined}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
      </div>
      {outcome.kind === "invalid" ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {outcome.message}
        </p>
      ) : null}
      <p className="hint" data-testid="current-value">
        {base
          ? t.currentValue(
              figureText(base, indicator.unit),
              baseVersion?.reporter ?? channelLabel(base.channel),
            )
          : t.noCurrentValue}
      </p>
      <Field label={`${t.behindReason}（${t.optional}）`}>
        {(fieldId) => (
          <textarea
            id={fieldId}
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      {outcome.kind === "confirm" ? (
        <div className="confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            <strong>{t.confirmTitle}</strong>
          </p>
          <ul>
            {outcome.warnings.map((w) => (
              <li key={w.code}>{warningText(w, indicator.unit)}</li>
            ))}
          </ul>
          <div className="buttons">
            <button type="button" className="primary" onClick={() => void submit(true)}>
              {t.confirmRecord}
            </button>
            <button type="button" onClick={() => setOutcome({ kind: "idle" })}>
              {t.fixValue}
            </button>
          </div>
        </div>
      ) : (
        <div className="buttons">
          <button type="submit" className="primary" disabled={outcome.kind === "saving"}>
            {outcome.kind === "saving" ? t.saving : t.record}
          </button>
        </div>
      )}
      {outcome.kind === "done" ? (
        <p className="form-ok" role="status">
          {outcome.text}
          {outcome.behind ? ` ${t.recordedBehind}` : ""}
        </p>
      ) : null}
      {outcome.kind === "conflict" ? (
        <p className="form-error" role="alert">
          {outcome.message}
          {outcome.current ? ` ${t.newerActual(figureText(outcome.current, indicator.unit))}` : ""}
        </p>
      ) : null}
      {outcome.kind === "error" ? (
        <p className="form-error" role="alert">
          {outcome.message}
        </p>
      ) : null}
    </form>
  );
}
