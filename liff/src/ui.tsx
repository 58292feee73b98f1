/** Small pieces the board and the detail page both show. */
import { useLocation } from "wouter";
import { fiscalYearCode } from "../../shared/fiscal-year.ts";
import type { GradeScale } from "../../shared/plan-meta.ts";
import type { GradeView } from "../../shared/plan-view.ts";
import { PROVENANCE_LABELS, type Provenance, showsMark } from "../../shared/provenance.ts";
import { weatherIcon } from "./format.ts";
import { t } from "./text.ts";

/** ☀ 晴れ: the icon is decoration; the word is what is read. */
export function WeatherBadge({ weather }: { weather: string | null }) {
  if (!weather) return null;
  const icon = weatherIcon(weather);
  return (
    <span
      className={`weather weather-${icon ? weatherClass(weather) : "other"}`}
      data-weather={weather}
    >
      <span className="sr-only">{`${t.weather}: `}</span>
      {icon ? (
        <span className="weather-icon" aria-hidden="true">
          {icon}
        </span>
      ) : null}
      {weather}
    </span>
  );
}

function weatherClass(weather: string): string {
  if (weather === "晴れ") return "sunny";
  if (weather === "雨") return "rainy";
  return "cloudy";
}

/** One grade as a pill: `進捗 R5 A`, coloured by grade. */
/**
 * The small mark beside a value that is not printed in the plan as it stands (issue 14 §1): 「推定」 or
 * 「読取」, or any source with a note; nothing for a printed value, nor for one entered in LINE or the
 * LIFF app, whose channel and author the page already shows (shared/provenance.ts `showsMark`). The note and
 * what the word means are in its title (hover) and read by screen readers. A function without hooks,
 * like {@link GradeBadge}.
 */
export function ProvenanceMark({ provenance }: { provenance?: Provenance | undefined }) {
  if (!provenance || !showsMark(provenance)) return null;
  const label = PROVENANCE_LABELS[provenance.source];
  const full = `${t.provenanceMark(label, provenance.note)} ${t.provenanceHelp[provenance.source]}`;
  return (
    <span
      className="provenance"
      data-provenance={provenance.source}
      data-note={provenance.note ?? ""}
      title={full}
    >
      <span aria-hidden="true">{label}</span>
      <span className="sr-only">{full}</span>
    </span>
  );
}

export function GradeBadge({
  kind,
  grade,
  scale,
}: {
  kind: "progress" | "achievement";
  grade: GradeView;
  scale: GradeScale;
}) {
  const na = grade.grade === "-";
  const meaning = scale.scale[grade.grade] ?? t.notApplicable;
  const label = kind === "progress" ? t.progress : t.achievement;
  return (
    <span
      className={`grade grade-${na ? "na" : grade.grade.toLowerCase()}`}
      title={`${scale.label} ${fiscalYearCode(grade.fiscalYear)}: ${meaning}`}
      data-kind={kind}
      data-grade={grade.grade}
    >
      {`${label} ${fiscalYearCode(grade.fiscalYear)} `}
      <strong>{na ? t.notApplicable : grade.grade}</strong>
      {ProvenanceMark({ provenance: grade.provenance })}
    </span>
  );
}

/**
 * The latest 進捗状況 and 達成状況 of an initiative.
 *
 * Like {@link WeatherBadge} and {@link GradeBadge}, a function without hooks: the board's cards
 * call these as functions rather than as components, which saves a fiber each on a board of
 * hundreds of cards.
 */
export function LatestGrades({
  grades,
  scales,
}: {
  grades: { progress: GradeView[]; achievement: GradeView[] };
  scales: { progress?: GradeScale; achievement?: GradeScale };
}) {
  const badge = (kind: "progress" | "achievement") => {
    const grade = grades[kind][0];
    const scale = scales[kind];
    return grade && scale ? GradeBadge({ kind, grade, scale }) : null;
  };
  const progress = badge("progress");
  const achievement = badge("achievement");
  return progress || achievement ? (
    <div className="grades">
      {progress}
      {achievement}
    </div>
  ) : (
    <div className="grades muted">{t.noGrade}</div>
  );
}

/**
 * Back to the board from a page opened over it (detail, digest, import): back in history when the
 * page was opened from the board (its filters are in that entry's address), else to the board.
 */
export function BackToBoard() {
  const [, navigate] = useLocation();
  const back = () => {
    if ((history.state as { fromBoard?: boolean } | null)?.fromBoard) history.back();
    else navigate("/");
  };
  return (
    <button type="button" className="back" onClick={back}>
      <span aria-hidden="true">←</span> {t.backToBoard}
    </button>
  );
}
