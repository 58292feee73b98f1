import { type FormEvent, useId, useState } from "react";
import {
  reviewPeriodAt,
  reviewPeriodKey,
  reviewPeriodKeyText,
} from "../../../shared/fiscal-year.ts";
import type { DetailResponse } from "../api.ts";
import { weatherIcon } from "../format.ts";
import { t } from "../text.ts";
import { Field } from "./Field.tsx";
import { type Save, SaveMessage, useSaving } from "./useSaving.tsx";

/**
 * Which review a change of 天気 or 今後の方向性 is recorded in: the plan's period containing today
 * (the server decides by its own clock in Asia/Tokyo, bot/usecases/update-initiative.ts).
 */
function ReviewNote({ detail }: { detail: DetailResponse }) {
  const period = reviewPeriodAt(detail.plan.reviewCadence, new Date());
  return <p className="hint">{t.recordedInReview(reviewPeriodKeyText(reviewPeriodKey(period)))}</p>;
}

/** 天気 in one tap: the choice is saved as it is made. */
export function WeatherForm({ detail, save }: { detail: DetailResponse; save: Save }) {
  const { status, run, saving } = useSaving(save);
  const current = detail.initiative.weather;
  return (
    <fieldset className="form weather-form">
      <legend>{t.weather}</legend>
      <div className="weather-options">
        {detail.plan.weather.map((w) => (
          <button
            key={w}
            type="button"
            className="weather-option"
            aria-pressed={current === w}
            disabled={saving}
            data-weather={w}
            onClick={() => {
              if (current !== w) void run({ weather: w }, t.weatherSaved(w));
            }}
          >
            {weatherIcon(w) ? (
              <span className="weather-icon" aria-hidden="true">
                {weatherIcon(w)}
              </span>
            ) : null}
            {w}
          </button>
        ))}
      </div>
      {current ? (
        <button
          type="button"
          className="link-button"
          disabled={saving}
          onClick={() => void run({ weather: null })}
        >
          {t.clearWeather}
        </button>
      ) : null}
      <ReviewNote detail={detail} />
      <SaveMessage status={status} />
    </fieldset>
  );
}

/** The board column, for whoever prefers to move a card from its page. */
export function ColumnForm({ detail, save }: { detail: DetailResponse; save: Save }) {
  const id = useId();
  const { status, run, saving } = useSaving(save);
  const [column, setColumn] = useState(detail.initiative.columnKey);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run({ column });
  };
  return (
    <form noValidate className="form" onSubmit={onSubmit}>
      <h3>
        <label htmlFor={`${id}-column`}>{t.boardColumn}</label>
      </h3>
      <div className="inline">
        <select id={`${id}-column`} value={column} onChange={(e) => setColumn(e.target.value)}>
          {detail.plan.boardColumns.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
        <button
          type="submit"
          className="primary"
          disabled={saving || column === detail.initiative.columnKey}
        >
          {t.columnChange}
        </button>
      </div>
      <SaveMessage status={status} />
    </form>
  );
}

/** 今後の方向性 (継続/拡充/見直し/完了/廃止) always with its reason. */
export function OutlookForm({ detail, save }: { detail: DetailResponse; save: Save }) {
  const id = useId();
  const { status, run, saving, fail } = useSaving(save);
  const [value, setValue] = useState(detail.initiative.outlook ?? "");
  const [reason, setReason] = useState(detail.outlookReason ?? "");
  const [missing, setMissing] = useState(false);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (value && !reason.trim()) {
      setMissing(true);
      fail(t.reasonMissing);
      return;
    }
    setMissing(false);
    const chosen = t.outlooks.find((o) => o === value) ?? null;
    void run({ outlook: { value: chosen, reason: reason.trim() || null } });
  };
  return (
    <form noValidate className="form" onSubmit={onSubmit} data-testid="outlook-form">
      <h3>{t.outlook}</h3>
      <div className="choice-grid" role="radiogroup" aria-label={t.outlook}>
        {t.outlooks.map((o) => (
          <label key={o} className="choice">
            <input
              type="radio"
              name={`${id}-outlook`}
              value={o}
              checked={value === o}
              onChange={() => setValue(o)}
            />
            <span className="choice-box">{o}</span>
          </label>
        ))}
      </div>
      <Field
        label={
          <>
            {t.outlookReasonLabel}
            {value ? <em className="req">{t.required}</em> : null}
          </>
        }
      >
        {(fieldId) => (
          <textarea
            id={fieldId}
            rows={3}
            value={reason}
            aria-invalid={missing}
            required={Boolean(value)}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <div className="buttons">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t.saving : t.save}
        </button>
      </div>
      <ReviewNote detail={detail} />
      <SaveMessage status={status} />
    </form>
  );
}

/** A comment for the timeline. What was typed stays if the save fails. */
export function CommentForm({ save }: { save: Save }) {
  const { status, run, saving, fail } = useSaving(save);
  const [body, setBody] = useState("");
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return fail(t.commentMissing);
    if (await run({ comment: body.trim() })) setBody("");
  };
  return (
    <form noValidate className="form comment-form" onSubmit={onSubmit}>
      <Field label={t.comment}>
        {(fieldId) => (
          <textarea
            id={fieldId}
            rows={3}
            value={body}
            placeholder={t.commentPlaceholder}
            onChange={(e) => setBody(e.target.value)}
          />
        )}
      </Field>
      <div className="buttons">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t.saving : t.send}
        </button>
      </div>
      <SaveMessage status={status} />
    </form>
  );
}
