import { type FormEvent, useId, useState } from "react";
import { fiscalYearAt, formatFiscalYear, planFiscalYears } from "../../../shared/fiscal-year.ts";
import { gradeNeedsReason } from "../../../shared/permissions.ts";
import type { DetailResponse, GradeKind } from "../api.ts";
import { t } from "../text.ts";
import { Field } from "./Field.tsx";
import { type Save, SaveMessage, useSaving } from "./useSaving.tsx";

/**
 * Tamana asks for 「S」の場合その理由, 「B」又は「C」の場合その理由及び改善に向けた方策 (seed 004): the label
 * of the reason says which, and the plan's `reasonRequired` says when it may not be empty.
 */
function reasonLabel(grade: string): string {
  return grade === "B" || grade === "C" ? t.gradeReasonAndPlan : t.gradeReason;
}

function reasonHint(required: string[]): string | null {
  if (required.length === 0) return null;
  const tamana = required.includes("S") && (required.includes("B") || required.includes("C"));
  return tamana ? t.tamanaReasonHint : t.gradeReasonHint(required.join("・"));
}

/** 進捗状況 or 達成状況 (S/A/B/C, or - for 対象外) of one 年度, with its reason. */
export function GradeForm({ detail, save }: { detail: DetailResponse; save: Save }) {
  const id = useId();
  const kinds = (["progress", "achievement"] as const).filter((k) => detail.plan.grades[k]);
  const years = planFiscalYears(detail.plan);
  const first = years[0] ?? 0;
  const thisYear = Math.min(years.at(-1) ?? first, Math.max(first, fiscalYearAt(new Date())));
  const [kind, setKind] = useState<GradeKind>(kinds[0] ?? "progress");
  const [year, setYear] = useState(thisYear);
  const existing = (k: GradeKind, y: number) =>
    detail.initiative.grades[k].find((g) => g.fiscalYear === y) ?? null;
  const [grade, setGrade] = useState(() => existing(kind, year)?.grade ?? "");
  const [reason, setReason] = useState(() => existing(kind, year)?.reason ?? "");
  const [missing, setMissing] = useState(false);
  const { status, run, saving, fail } = useSaving(save);
  const scale = detail.plan.grades[kind];
  if (!scale) return null;

  // Choosing another year or kind shows what is recorded there, to be corrected or kept.
  const select = (k: GradeKind, y: number) => {
    setKind(k);
    setYear(y);
    setGrade(existing(k, y)?.grade ?? "");
    setReason(existing(k, y)?.reason ?? "");
    setMissing(false);
  };
  const needsReason = grade !== "" && gradeNeedsReason(scale, grade);
  const hint = reasonHint(scale.reasonRequired);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!grade) return fail(t.chooseGrade);
    if (needsReason && !reason.trim()) {
      setMissing(true);
      return fail(t.reasonMissing);
    }
    setMissing(false);
    void run({ grade: { fiscalYear: year, kind, grade, reason: reason.trim() || null } });
  };

  return (
    <form noValidate className="form grade-form" onSubmit={onSubmit} data-testid="grade-form">
      <h3>{t.grade}</h3>
      <div className="field-row">
        <Field label={t.gradeKind}>
          {(fieldId) => (
            <select
              id={fieldId}
              value={kind}
              onChange={(e) => select(e.target.value as GradeKind, year)}
            >
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {detail.plan.grades[k]?.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t.gradeYear}>
          {(fieldId) => (
            <select
              id={fieldId}
              value={year}
              onChange={(e) => select(kind, Number(e.target.value))}
            >
              {years.map((y) => (
                <option key={y} value={y}>
                  {formatFiscalYear(y)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <p className="hint">{t.currentGrade(existing(kind, year)?.grade ?? null)}</p>
      <div className="choice-grid grades-choice" role="radiogroup" aria-label={scale.label}>
        {[...Object.entries(scale.scale), ["-", t.gradeNone] as const].map(([g, meaning]) => (
          <label
            key={g}
            className={`choice grade-choice letter-${g === "-" ? "na" : g.toLowerCase()}`}
          >
            <input
              type="radio"
              name={`${id}-grade`}
              value={g}
              checked={grade === g}
              onChange={() => setGrade(g)}
            />
            <span className="choice-box">
              <strong>{g}</strong> <small>{meaning}</small>
            </span>
          </label>
        ))}
      </div>
      <Field
        label={
          <>
            {reasonLabel(grade)}
            <em className={needsReason ? "req" : "opt"}>{needsReason ? t.required : t.optional}</em>
          </>
        }
      >
        {(fieldId) => (
          <textarea
            id={fieldId}
            rows={3}
            value={reason}
            required={needsReason}
            aria-invalid={missing}
            aria-describedby={hint ? `${id}-hint` : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <div className="buttons">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t.saving : t.save}
        </button>
      </div>
      <SaveMessage status={status} />
    </form>
  );
}
