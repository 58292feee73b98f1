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

/** `2023` → `R5年度`; years before 令和 use 平成 (`2018` → `H30年度`). */
export function formatFiscalYear(fiscalYear: number, style: "short" | "long" = "short"): string {
  const reiwa = fiscalYear - REIWA_OFFSET;
  if (reiwa >= 1)
    return style === "short" ? `R${reiwa}年度` : `令和${reiwa === 1 ? "元" : reiwa}年度`;
  const heisei = fiscalYear - HEISEI_OFFSET;
  return style === "short" ? `H${heisei}年度` : `平成${heisei}年度`;
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

/** The fiscal year that contains an instant, with the calendar date taken in Asia/Tokyo. */
export function fiscalYearAt(instant: Date): number {
  const { year, month } = tokyoDate(instant);
  return month <= 3 ? year - 1 : year;
}

/** The calendar year, month (1–12) and day of an instant in Asia/Tokyo (UTC+9, no DST). */
export function tokyoDate(instant: Date): { year: number; month: number; day: number } {
  const shifted = new Date(instant.getTime() + 9 * 60 * 60 * 1000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
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
