/**
 * The Japanese business calendar of a city hall: which days the bot may pick for a reminder, a
 * follow-up or a digest, and why a day was skipped.
 *
 * A day is closed when it is a Saturday or Sunday, a national holiday (国民の祝日, 振替休日 and 国民の
 * 休日 included), a day of 年末年始 (12/29–1/3 by default, the 閉庁日 of most city halls under their
 * 休日条例; configurable per plan), or one of the plan's own closed days (e.g. 市の休日).
 *
 * The holidays come from @holiday-jp/holiday_jp (the holiday-jp project's data set, published from
 * the Cabinet Office's 国民の祝日 list and updated by the package; nothing is kept by hand here).
 *
 * Dates are civil dates in Asia/Tokyo as ISO strings, `2027-01-04`: a calendar question has no time
 * of day, and strings compare in date order.
 */
import holidays from "@holiday-jp/holiday_jp/lib/holidays.js";

/** A civil date, `YYYY-MM-DD`. */
export type CivilDate = string;

/** The inclusive 年末年始 range as `MM-DD` days, crossing the new year: `{ from: "12-29", to: "01-03" }`. */
export interface YearEndRange {
  from: string;
  to: string;
}

/** The default 年末年始: 12月29日から1月3日まで (地方自治法 4条の2 に基づく各市の休日条例の例). */
export const DEFAULT_YEAR_END: YearEndRange = { from: "12-29", to: "01-03" };

/** A plan's business calendar. */
export interface BusinessCalendar {
  /** 年末年始; null when the plan keeps no such closure. */
  yearEnd: YearEndRange | null;
  /** The plan's own closed days, date → name (「市の休日」, 「開庁日変更」 …). */
  closedDays: ReadonlyMap<CivilDate, string>;
}

/** The calendar of a plan that set nothing: weekends, national holidays and 12/29–1/3. */
export const DEFAULT_CALENDAR: BusinessCalendar = {
  yearEnd: DEFAULT_YEAR_END,
  closedDays: new Map(),
};

/** Why a day is closed; `label` is the Japanese wording used in explanations. */
export type ClosedReason =
  | { kind: "saturday" | "sunday"; label: string }
  | { kind: "holiday"; name: string; label: string }
  | { kind: "year_end"; label: string }
  | { kind: "plan"; name: string; label: string };

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/u;
const ISO_DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/u;
const WEEKDAY_LABELS = ["日", "月", "火", "水", "木", "金", "土"] as const;

/**
 * Parses a 年末年始 range as typed in settings and the CLI: `12-29..01-03`, or `none` for no closure.
 * @returns the range, null for `none`, or undefined when the text is neither.
 */
export function parseYearEnd(text: string): YearEndRange | null | undefined {
  const t = text.trim();
  if (t === "none" || t === "なし") return null;
  const m = /^(\d{2}-\d{2})\.\.(\d{2}-\d{2})$/u.exec(t);
  if (!m?.[1] || !m[2] || !MONTH_DAY.test(m[1]) || !MONTH_DAY.test(m[2])) return undefined;
  return { from: m[1], to: m[2] };
}

/** Whether `text` is a real civil date `YYYY-MM-DD` (2027-02-30 is not). */
export function isCivilDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]);
}

function toUtc(date: CivilDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(d: Date): CivilDate {
  return d.toISOString().slice(0, 10);
}

/** The civil date `days` calendar days after `date` (negative: before). */
export function addDays(date: CivilDate, days: number): CivilDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: CivilDate): number {
  return toUtc(date).getUTCDay();
}

/** The civil date of a year, month (1–12) and day. */
export function civilDate(year: number, month: number, day: number): CivilDate {
  return fromUtc(new Date(Date.UTC(year, month - 1, day)));
}

function inYearEnd(date: CivilDate, range: YearEndRange): boolean {
  const md = date.slice(5);
  // The range crosses the new year when from > to (12-29..01-03); otherwise it lies within a year.
  return range.from <= range.to
    ? md >= range.from && md <= range.to
    : md >= range.from || md <= range.to;
}

/** The national holiday on `date` (元日, 振替休日, 国民の休日 …), or null. */
export function nationalHoliday(date: CivilDate): string | null {
  return (holidays as Record<string, { name: string } | undefined>)[date]?.name ?? null;
}

/** Why `date` is closed, or null on a business day. A plan's own closed day names itself first. */
export function closedReason(date: CivilDate, calendar: BusinessCalendar): ClosedReason | null {
  const own = calendar.closedDays.get(date);
  if (own !== undefined) return { kind: "plan", name: own, label: own };
  const holiday = nationalHoliday(date);
  if (holiday) return { kind: "holiday", name: holiday, label: "祝日" };
  if (calendar.yearEnd && inYearEnd(date, calendar.yearEnd))
    return { kind: "year_end", label: "年末年始の休み" };
  const weekday = weekdayOf(date);
  if (weekday === 6) return { kind: "saturday", label: "土曜日" };
  if (weekday === 0) return { kind: "sunday", label: "日曜日" };
  return null;
}

/** Whether `date` is a business day (開庁日) of the calendar. */
export function isBusinessDay(date: CivilDate, calendar: BusinessCalendar): boolean {
  return closedReason(date, calendar) === null;
}

/** A scheduled day and where the calendar moved it. */
export interface BusinessDayMove {
  /** The day the setting names. */
  scheduled: CivilDate;
  /** The business day used: `scheduled` itself, or the next business day after it. */
  date: CivilDate;
  /** Why `scheduled` was skipped; null when it was not. */
  reason: ClosedReason | null;
}

/** The first business day on or after `date`. The longest closure (年末年始 + a weekend) is short. */
export function nextBusinessDay(date: CivilDate, calendar: BusinessCalendar): BusinessDayMove {
  const reason = closedReason(date, calendar);
  let d = date;
  // A year of closed days would be a misconfiguration; stop rather than loop for ever.
  for (let i = 0; i < 366 && !isBusinessDay(d, calendar); i++) d = addDays(d, 1);
  return { scheduled: date, date: d, reason };
}

/**
 * The business day `count` business days after `date` (`count` ≥ 0; 0 → the next business day on
 * or after `date`). A follow-up "3 business days after" a Friday reminder is on Wednesday.
 */
export function addBusinessDays(
  date: CivilDate,
  count: number,
  calendar: BusinessCalendar,
): CivilDate {
  let d = nextBusinessDay(date, calendar).date;
  for (let i = 0; i < count; i++) d = nextBusinessDay(addDays(d, 1), calendar).date;
  return d;
}

/** The weekday of a date as one kanji: `月`. */
export function weekdayLabel(date: CivilDate): string {
  return WEEKDAY_LABELS[weekdayOf(date)] ?? "";
}

/** `2027-01-04（月）`: a date with its weekday, as the CLI and messages print it. */
export function formatCivilDate(date: CivilDate): string {
  return `${date}（${weekdayLabel(date)}）`;
}

/** `1月1日`. */
export function monthDayLabel(date: CivilDate): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/**
 * Explains a move in Japanese, as issue 12 words it: 「1月1日は祝日のため（元日）」,
 * 「6月1日は市の休日のため」, 「12月29日は年末年始の休みのため」. Null when the day was not moved.
 */
export function explainMove(move: BusinessDayMove): string | null {
  if (!move.reason) return null;
  const name = move.reason.kind === "holiday" ? `（${move.reason.name}）` : "";
  return `${monthDayLabel(move.scheduled)}は${move.reason.label}のため${name}`;
}
