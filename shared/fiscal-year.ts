/**
 * Japanese fiscal years (年度) and the periods figures are reported for.
 *
 * 年度 runs April to March: 令和5年度 = FY2023 = 2023-04-01 .. 2024-03-31, so `R5.3月` (March 2024)
 * belongs to FY R5 and March 2023 to FY R4. 令和 N = 2018 + N, 平成 N = 1988 + N. Quarters are fiscal:
 * Q1 = Apr–Jun … Q4 = Jan–Mar. Calendar dates are taken in Asia/Tokyo.
 * Source: ../shared/domain.md, "Japanese specifics".
 */
import { normalizeText } from "./text.ts";

export type Period =
  | { kind: "fy"; fiscalYear: number }
  | { kind: "quarter"; fiscalYear: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: "month"; fiscalYear: number; year: number; month: number };

const REIWA_OFFSET = 2018;
const HEISEI_OFFSET = 1988;

/**
 * Parses a fiscal year as written in plans: `R5`, `Ｒ５`, `令和5年度`, `令和元年度`, `H30`, `平成30年度`,
 * `FY2023`, `2023年度`.
 *
 * @returns the fiscal year as its starting calendar year (R5 → 2023), or `null` when the text is not
 * a fiscal year.
 */
export function parseFiscalYear(text: string): number | null {
  const t = normalizeText(text).replace(/\s/gu, "").replace(/元/u, "1");
  let m = /^(?:r|令和)(\d{1,2})(?:年度?)?$/u.exec(t);
  if (m) return REIWA_OFFSET + Number(m[1]);
  m = /^(?:h|平成)(\d{1,2})(?:年度?)?$/u.exec(t);
  if (m) return HEISEI_OFFSET + Number(m[1]);
  m = /^(?:fy(\d{4})|(\d{4})年度)$/u.exec(t);
  if (m) return Number(m[1] ?? m[2]);
  return null;
}

/**
 * Parses a reporting period: a fiscal year (`R5`, `FY2023`), a fiscal quarter (`R7Q4`, `FY2025Q4`)
 * or a calendar month (`2023-06`).
 *
 * @returns the period, or `null` when the text is none of these forms.
 */
export function parsePeriod(text: string): Period | null {
  const t = normalizeText(text).replace(/\s/gu, "");
  const month = /^(\d{4})-(\d{1,2})$/u.exec(t);
  if (month) {
    const year = Number(month[1]);
    const m = Number(month[2]);
    if (m < 1 || m > 12) return null;
    return { kind: "month", fiscalYear: m <= 3 ? year - 1 : year, year, month: m };
  }
  const quarter = /^(.+?)q([1-4])$/u.exec(t);
  if (quarter) {
    const fiscalYear = parseFiscalYear(quarter[1] ?? "");
    if (fiscalYear === null) return null;
    return { kind: "quarter", fiscalYear, quarter: Number(quarter[2]) as 1 | 2 | 3 | 4 };
  }
  const fiscalYear = parseFiscalYear(t);
  return fiscalYear === null ? null : { kind: "fy", fiscalYear };
}

/** The canonical key stored in the database: `FY2023`, `FY2023Q4`, `2023-06`. */
export function periodKey(period: Period): string {
  switch (period.kind) {
    case "fy":
      return `FY${period.fiscalYear}`;
    case "quarter":
      return `FY${period.fiscalYear}Q${period.quarter}`;
    case "month":
      return `${period.year}-${String(period.month).padStart(2, "0")}`;
  }
}

/** Parses a canonical key written by {@link periodKey}. */
export function parsePeriodKey(key: string): Period | null {
  return parsePeriod(key);
}

/**
 * The era and era year of a fiscal year: FY2019 (April 2019, still 平成31 on the calendar) is
 * 令和元年度, as city halls number it since the era changed; years before are 平成.
 */
function fiscalEra(fiscalYear: number): { letter: "R" | "H"; name: "令和" | "平成"; year: number } {
  const reiwa = fiscalYear - REIWA_OFFSET;
  if (reiwa >= 1) return { letter: "R", name: "令和", year: reiwa };
  return { letter: "H", name: "平成", year: fiscalYear - HEISEI_OFFSET };
}

/**
 * A fiscal year as the import format and the column heads write it: `2023` → `R5`, `2018` → `H30`.
 * {@link parseFiscalYear} reads it back.
 */
export function fiscalYearCode(fiscalYear: number): string {
  const era = fiscalEra(fiscalYear);
  return `${era.letter}${era.year}`;
}

/** `2023` → `R5年度` (short) or `令和5年度` (long, with `令和元年度`); before 令和, `H30年度`/`平成30年度`. */
export function formatFiscalYear(fiscalYear: number, style: "short" | "long" = "short"): string {
  if (style === "short") return `${fiscalYearCode(fiscalYear)}年度`;
  const era = fiscalEra(fiscalYear);
  return `${era.name}${era.year === 1 ? "元" : era.year}年度`;
}

/** A period as the import format writes it: `R5`, `R7Q4`, `H30`, `2024-06`; {@link parsePeriod} reads it back. */
export function periodCode(period: Period): string {
  switch (period.kind) {
    case "fy":
      return fiscalYearCode(period.fiscalYear);
    case "quarter":
      return `${fiscalYearCode(period.fiscalYear)}Q${period.quarter}`;
    case "month":
      return periodKey(period);
  }
}

/** A period for people: `R5年度`, `R7年度 第4四半期`, `2023年6月`. */
export function formatPeriod(period: Period): string {
  switch (period.kind) {
    case "fy":
      return formatFiscalYear(period.fiscalYear);
    case "quarter":
      return `${formatFiscalYear(period.fiscalYear)} 第${period.quarter}四半期`;
    case "month":
      return `${period.year}年${period.month}月`;
  }
}

/**
 * A stored period key for people: `2024-05` → `2024年5月`, `FY2023` → `R5年度`, `FY2025Q4` →
 * `R7年度 第4四半期`; a key that is not a period is returned as it is.
 */
export function periodKeyText(key: string): string {
  const period = parsePeriodKey(key);
  return period ? formatPeriod(period) : key;
}

/** A plan's fiscal years, first to last: `{ 2023, 2025 }` → `[2023, 2024, 2025]`. */
export function planFiscalYears(plan: {
  startFiscalYear: number;
  endFiscalYear: number;
}): number[] {
  const years: number[] = [];
  for (let y = plan.startFiscalYear; y <= plan.endFiscalYear; y++) years.push(y);
  return years;
}

/** The fiscal year that contains an instant, with the calendar date taken in Asia/Tokyo. */
export function fiscalYearAt(instant: Date): number {
  const { year, month } = tokyoDate(instant);
  return month <= 3 ? year - 1 : year;
}

/** The calendar date and time of an instant in Asia/Tokyo; `weekday` 0 = Sunday … 6 = Saturday. */
export interface TokyoDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

// Building an Intl.DateTimeFormat costs far more than using one: build each once.
let tokyoParts: Intl.DateTimeFormat | undefined;
let japaneseMonthFormat: Intl.DateTimeFormat | undefined;
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The calendar date, time and weekday of an instant in Asia/Tokyo (by Intl's time zone data). */
export function tokyoDateTime(instant: Date): TokyoDateTime {
  tokyoParts ??= new Intl.DateTimeFormat("en-US", {
    timeZone: "Asia/Tokyo",
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
    weekday: "short",
  });
  const parts: Record<string, string> = {};
  for (const p of tokyoParts.formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ""] ?? 0,
  };
}

/** The calendar year, month (1–12) and day of an instant in Asia/Tokyo. */
export function tokyoDate(instant: Date): { year: number; month: number; day: number } {
  const { year, month, day } = tokyoDateTime(instant);
  return { year, month, day };
}

/** The calendar month of an instant in Asia/Tokyo as a month key: `2024-06`. */
export function tokyoMonthKey(instant: Date): string {
  const { year, month } = tokyoDate(instant);
  return `${year}-${pad2(month)}`;
}

/** The calendar date of an instant in Asia/Tokyo, ISO 8601: `2024-06-03`. */
export function tokyoIsoDate(instant: Date): string {
  const { year, month, day } = tokyoDate(instant);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** `HH:MM` (as in reminder and digest settings) → minutes since midnight. */
export function clockMinutes(time: string): number {
  const [h = 0, m = 0] = time.split(":").map(Number);
  return h * 60 + m;
}

/**
 * The month of an instant on the Japanese calendar in Asia/Tokyo, as printed on a report's cover:
 * `令和6年12月`, `令和元年5月`, `平成31年4月` (the era changes on 2019-05-01).
 */
export function japaneseMonth(instant: Date): string {
  japaneseMonthFormat ??= new Intl.DateTimeFormat("ja-JP-u-ca-japanese", {
    timeZone: "Asia/Tokyo",
    era: "long",
    year: "numeric",
    month: "long",
  });
  return japaneseMonthFormat.format(instant);
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * How often a plan reviews its initiatives (plan.yaml `review.cadence`): the grain of the periods its
 * reviews — 天気, 今後の方向性 and the report text (narratives) — are kept for. Inzai reviews each
 * quarter (四半期レビュー, seed 003); the other plans once a 年度.
 */
export const REVIEW_CADENCES = ["yearly", "half-yearly", "quarterly", "monthly"] as const;
export type ReviewCadence = (typeof REVIEW_CADENCES)[number];

/** Each cadence for people, and how one of its periods is written (for messages). */
export const REVIEW_CADENCE_TEXT: Record<ReviewCadence, { label: string; example: string }> = {
  yearly: { label: "年度ごと", example: "R7" },
  "half-yearly": { label: "半期ごと", example: "R7H1" },
  quarterly: { label: "四半期ごと", example: "R7Q2" },
  monthly: { label: "月ごと", example: "2025-08" },
};

/**
 * A review period: any {@link Period}, or a fiscal half-year (上期 = Apr–Sep, 下期 = Oct–Mar), which
 * only reviews use — figures are reported per 年度, quarter or month and {@link parsePeriod} keeps
 * refusing halves.
 */
export type ReviewPeriod = Period | { kind: "half"; fiscalYear: number; half: 1 | 2 };

const CADENCE_OF_KIND = {
  fy: "yearly",
  half: "half-yearly",
  quarter: "quarterly",
  month: "monthly",
} as const satisfies Record<ReviewPeriod["kind"], ReviewCadence>;

/**
 * Parses a review period: whatever {@link parsePeriod} reads, or a fiscal half-year `R7H1`,
 * `FY2025H2`, `令和7年度H1`.
 *
 * @returns the period, or `null` when the text is none of these forms.
 */
export function parseReviewPeriod(text: string): ReviewPeriod | null {
  const t = normalizeText(text).replace(/\s/gu, "");
  const half = /^(.+?)h([12])$/u.exec(t);
  if (half) {
    const fiscalYear = parseFiscalYear(half[1] ?? "");
    if (fiscalYear === null) return null;
    return { kind: "half", fiscalYear, half: Number(half[2]) as 1 | 2 };
  }
  return parsePeriod(t);
}

/** The cadence whose periods a review period is: R7Q2 → `quarterly`, R7 → `yearly`. */
export function reviewPeriodCadence(period: ReviewPeriod): ReviewCadence {
  return CADENCE_OF_KIND[period.kind];
}

/** The canonical key stored in the database: {@link periodKey}, or `FY2025H1` for a half-year. */
export function reviewPeriodKey(period: ReviewPeriod): string {
  return period.kind === "half" ? `FY${period.fiscalYear}H${period.half}` : periodKey(period);
}

/** A review period as the import format writes it: `R7Q2`, `R7H1`, `R7`, `2025-08`. */
export function reviewPeriodCode(period: ReviewPeriod): string {
  return period.kind === "half"
    ? `${fiscalYearCode(period.fiscalYear)}H${period.half}`
    : periodCode(period);
}

/** A review period for people: `R7年度 第2四半期`, `R7年度 上期`, `R7年度`, `2025年8月`. */
export function formatReviewPeriod(period: ReviewPeriod): string {
  return period.kind === "half"
    ? `${formatFiscalYear(period.fiscalYear)} ${period.half === 1 ? "上期" : "下期"}`
    : formatPeriod(period);
}

/** A stored review period key for people ({@link formatReviewPeriod}); other text as it is. */
export function reviewPeriodKeyText(key: string): string {
  const period = parseReviewPeriod(key);
  return period ? formatReviewPeriod(period) : key;
}

/**
 * The first and last civil day of a review period, `YYYY-MM-DD`: R7Q2 → 2025-07-01 .. 2025-09-30,
 * R7H2 → 2025-10-01 .. 2026-03-31, 2025-08 → 2025-08-01 .. 2025-08-31.
 */
export function reviewPeriodDays(period: ReviewPeriod): { from: string; to: string } {
  // Months counted from April of the fiscal year: 0 = April … 11 = March.
  const [first, count] =
    period.kind === "fy"
      ? [0, 12]
      : period.kind === "half"
        ? [(period.half - 1) * 6, 6]
        : period.kind === "quarter"
          ? [(period.quarter - 1) * 3, 3]
          : [(period.month + 8) % 12, 1];
  const start = new Date(Date.UTC(period.fiscalYear, 3 + first, 1));
  const end = new Date(Date.UTC(period.fiscalYear, 3 + first + count, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/**
 * The review period of a cadence that contains an instant, its calendar date taken in Asia/Tokyo:
 * 2025-10-05 (JST) is R7Q3 quarterly, R7H2 half-yearly, R7 yearly and 2025-10 monthly. The period a
 * review entered today belongs to (the LIFF app's 天気 and 今後の方向性, bot/usecases/update-initiative.ts).
 */
export function reviewPeriodAt(cadence: ReviewCadence, instant: Date): ReviewPeriod {
  const { year, month } = tokyoDate(instant);
  const fiscalYear = month <= 3 ? year - 1 : year;
  // Months counted from April of the fiscal year: 0 = April … 11 = March.
  const index = (month + 8) % 12;
  switch (cadence) {
    case "yearly":
      return { kind: "fy", fiscalYear };
    case "half-yearly":
      return { kind: "half", fiscalYear, half: index < 6 ? 1 : 2 };
    case "quarterly":
      return { kind: "quarter", fiscalYear, quarter: (Math.floor(index / 3) + 1) as 1 | 2 | 3 | 4 };
    case "monthly":
      return { kind: "month", fiscalYear, year, month };
  }
}

/**
 * Orders review period keys latest first: by the period's first day, then the shorter period first
 * (a 年度's R7Q4 review before the R7 year-end text that starts in April). Keys that are no period
 * go last, in text order.
 */
export function compareReviewPeriodKeysDesc(a: string, b: string): number {
  const pa = parseReviewPeriod(a);
  const pb = parseReviewPeriod(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b);
  const da = reviewPeriodDays(pa);
  const db = reviewPeriodDays(pb);
  if (da.to !== db.to) return da.to < db.to ? 1 : -1;
  return da.from < db.from ? 1 : da.from > db.from ? -1 : 0;
}

/**
 * Reads a civil date as the import format writes it, `YYYY-MM-DD` (full-width digits and `/`
 * accepted): `2025-09-29`. `null` when it is not a date of the calendar (2025-02-30).
 */
export function parseIsoDate(text: string): string | null {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/u.exec(normalizeText(text).trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return null;
  return `${y}-${pad2(mo)}-${pad2(d)}`;
}

/** A civil date for people: `2025-09-29` → `2025年9月29日`. */
export function formatIsoDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * A schedule's period (工程): one period, a range of fiscal years (`R6～R8`), or open-ended from a
 * fiscal year (`R10年度以降`).
 */
export type SchedulePeriod =
  | { kind: "period"; period: Period }
  | { kind: "range"; from: number; to: number }
  | { kind: "open"; from: number };

/** Parses a schedule period; `null` when it is not one of the forms of {@link SchedulePeriod}. */
export function parseSchedulePeriod(text: string): SchedulePeriod | null {
  const t = normalizeText(text).replace(/\s/gu, "");
  const open = /^(.+?)以降$/u.exec(t);
  if (open) {
    const from = parseFiscalYear(open[1] ?? "");
    return from === null ? null : { kind: "open", from };
  }
  const range = /^(.+?)[~〜-](.+)$/u.exec(t);
  if (range && !/^\d{4}-\d{1,2}$/u.test(t)) {
    const from = parseFiscalYear(range[1] ?? "");
    const to = parseFiscalYear(range[2] ?? "");
    if (from === null || to === null || to < from) return null;
    return { kind: "range", from, to };
  }
  const period = parsePeriod(t);
  return period === null ? null : { kind: "period", period };
}
