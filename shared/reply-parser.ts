/**
 * Reading a department lead's chat reply to a KPI reminder.
 *
 * A reminder lists the due indicators numbered `1.`, `2.` …; the lead answers in the chat in any of
 * these forms (Japanese phones type full-width digits and spaces, `３　４０％`):
 *
 * - `3 40%`, `3: 40%`, `3番 40%`, `3. 40%`, `③ 40%` — item 3 is 40 %;
 * - several such lines at once;
 * - a bare value `40%` when exactly one indicator is due, or after tapping an item's quick reply;
 * - numbers with `,`, the scales 千/万/億, a unit, `約`, and a polite tail (`40%です`).
 *
 * `取消` takes back the last entry; `はい` / `いいえ` answer a confirmation question.
 * Pure functions: no I/O. The rules for units and scales are in shared/numbers.ts.
 */
import { type Figure, normalizeUnit, parseFigure } from "./numbers.ts";

export interface ReplyLine {
  /** 1-based line number in the message. */
  line: number;
  /** The item number written before the value, or null for a bare value. */
  index: number | null;
  /** The value text, normalised (`40%`). */
  value: string;
  /** The line as typed. */
  raw: string;
}

export type ReplyIntent =
  | { kind: "undo" }
  | { kind: "yes" }
  | { kind: "no" }
  /** Lines that look like figures, and lines that do not (`unreadable`). */
  | { kind: "figures"; lines: ReplyLine[]; unreadable: { line: number; raw: string }[] }
  | { kind: "other" };

const UNDO = /^(取消|取り消し|取り消す|取消し|とりけし|キャンセル|取り消して|undo)$/u;
const YES =
  /^(はい|ok|okay|yes|うん|そうです|正しいです|正しい|合っています|あっています|確定)(です)?$/u;
const NO = /^(いいえ|no|違います|ちがいます|違う|ちがう|やり直し|やりなおし|修正)$/u;

// 「約」「およそ」 before, and polite or hedging words after, carry no figure.
const LEADING_WORDS = /^(約|およそ|だいたい|概ね|おおむね)/u;
const TRAILING_WORDS = /(です|でした|になります|になりました|くらい|ぐらい|程度|ほど)?[。.!！]*$/u;

/** `①`–`⑳` at the start of a line mean item 1–20; NFKC would turn `①40%` into `140%`. */
function circledIndex(line: string): string {
  return line.replace(
    /^\s*([\u2460-\u2473])/u,
    (_m, c: string) => `${c.charCodeAt(0) - 0x2460 + 1} `,
  );
}

const INDEXED =
  /^(?:no\.?\s*|#)?(\d{1,2})(?:\s*番\s*[:：、,は]?\s*|\s*[:：)）は]\s*|[.．、,]\s+|\s+)(.+)$/u;
const BARE = /^[+-]?\d/u;

/** `四十`, `集計中`: words in place of a figure. Not a lone unit (`40 %`, `40 人`, `40 千円`). */
function isWordsNotFigure(text: string): boolean {
  const t = text.replace(/\s+/gu, "");
  return (
    !/\d/u.test(t) &&
    t.length >= 2 &&
    !/^([千万億]?円|パーセント|[千万億]?件|[千万億]?人)$/u.test(t)
  );
}

function cleanValue(text: string): string {
  // A space between two digits is kept: `1 40 2 1083` is two answers on one line, not 4,021,083.
  return text
    .replace(LEADING_WORDS, "")
    .replace(TRAILING_WORDS, "")
    .replace(/\s+/gu, " ")
    .replace(/(?<!\d) | (?!\d)/gu, "");
}

/** Classifies a text message from a member who may be answering a reminder. */
export function parseReply(text: string): ReplyIntent {
  const compact = text.normalize("NFKC").trim().toLowerCase().replace(/\s+/gu, "");
  const word = compact.replace(/[。.!！]+$/u, "");
  if (UNDO.test(word)) return { kind: "undo" };
  if (YES.test(word)) return { kind: "yes" };
  if (NO.test(word)) return { kind: "no" };

  const lines: ReplyLine[] = [];
  const unreadable: { line: number; raw: string }[] = [];
  text.split(/\r?\n/u).forEach((rawLine, i) => {
    const raw = rawLine.trim();
    if (!raw) return;
    const t = circledIndex(raw).normalize("NFKC").replace(/\s+/gu, " ").trim().toLowerCase();
    // A question is never an answer, even one that starts with an item number (`2番は累計ですか？`).
    if (t.includes("?")) {
      unreadable.push({ line: i + 1, raw });
      return;
    }
    const indexed = INDEXED.exec(t);
    if (indexed?.[2] && BARE.test(cleanValue(indexed[2]))) {
      lines.push({ line: i + 1, index: Number(indexed[1]), value: cleanValue(indexed[2]), raw });
      return;
    }
    // `10 四十`, `2 集計中`: an item number with something that is not a figure. Keep the item, so
    // the answer says that this item's value could not be read.
    if (
      indexed?.[2] &&
      isWordsNotFigure(indexed[2]) &&
      /\s|番/u.test(t.slice(indexed[1]?.length ?? 0, (indexed[1]?.length ?? 0) + 2))
    ) {
      lines.push({ line: i + 1, index: Number(indexed[1]), value: cleanValue(indexed[2]), raw });
      return;
    }
    const bare = cleanValue(t);
    if (BARE.test(bare)) lines.push({ line: i + 1, index: null, value: bare, raw });
    // Greetings around the figures (お疲れ様です。/ よろしくお願いします。) carry no digit: skip them.
    else if (/\d/u.test(t)) unreadable.push({ line: i + 1, raw });
  });
  if (lines.length === 0) return { kind: "other" };
  return { kind: "figures", lines, unreadable };
}

/** An indicator a reminder asked for, as item `n` of the list. */
export interface DueItem {
  n: number;
  indicatorId: number;
  name: string;
  unit: string | null;
}

export interface ResolvedValue {
  item: DueItem;
  figure: Figure;
  /** The value as typed, for the record. */
  text: string;
}

export type ReplyProblem =
  | { code: "no_index"; line: number; raw: string }
  | { code: "bad_index"; line: number; raw: string; index: number }
  | { code: "not_a_number"; line: number; raw: string }
  | { code: "unit_mismatch"; line: number; raw: string; expected: string; found: string }
  | { code: "duplicate"; line: number; raw: string; index: number }
  | { code: "unreadable"; line: number; raw: string };

/**
 * Matches parsed lines to the items of the reminder.
 *
 * @param focus the item a quick reply was tapped for; a bare value goes to it.
 * @returns the values to record and every problem found; the caller records nothing when there is
 * any problem, so that a half-read message is never half-recorded.
 */
export function resolveReply(
  intent: Extract<ReplyIntent, { kind: "figures" }>,
  items: DueItem[],
  focus: number | null = null,
): { values: ResolvedValue[]; problems: ReplyProblem[] } {
  const values: ResolvedValue[] = [];
  const problems: ReplyProblem[] = intent.unreadable.map((u) => ({ code: "unreadable", ...u }));
  const seen = new Set<number>();
  const only = items.length === 1 ? items[0] : undefined;
  const focused = focus === null ? undefined : items.find((i) => i.indicatorId === focus);
  for (const l of intent.lines) {
    let item: DueItem | undefined;
    let valueText = l.value;
    if (l.index !== null) {
      item = items.find((i) => i.n === l.index);
      // "12 345" is a number, not an item: read it as a bare value when it can only be one. Only a
      // three-digit group may follow, or `9 40%` would become 940 %.
      const fallback = focused ?? only;
      if (!item && fallback && intent.lines.length === 1 && /^\d{3}(?!\d)/u.test(l.value)) {
        item = fallback;
        valueText = l.raw.normalize("NFKC").replace(/\s+/gu, "");
      }
      if (!item) {
        problems.push({ code: "bad_index", line: l.line, raw: l.raw, index: l.index });
        continue;
      }
    } else {
      item = focused ?? only;
      if (!item) {
        problems.push({ code: "no_index", line: l.line, raw: l.raw });
        continue;
      }
    }
    if (seen.has(item.n)) {
      problems.push({ code: "duplicate", line: l.line, raw: l.raw, index: item.n });
      continue;
    }
    seen.add(item.n);
    const cleaned = cleanValue(valueText);
    if (/\d \d/u.test(cleaned)) {
      problems.push({ code: "not_a_number", line: l.line, raw: l.raw });
      continue;
    }
    const parsed = parseFigure(cleaned, item.unit);
    if (!parsed.ok) {
      problems.push(
        parsed.error.code === "unit_mismatch"
          ? {
              code: "unit_mismatch",
              line: l.line,
              raw: l.raw,
              expected: parsed.error.expected,
              found: parsed.error.found,
            }
          : { code: "not_a_number", line: l.line, raw: l.raw },
      );
      continue;
    }
    values.push({ item, figure: parsed.figure, text: l.raw });
  }
  return { values, problems };
}

export type PlausibilityWarning =
  | { code: "over_ceiling"; ceiling: number }
  | { code: "ten_times"; last: number }
  | { code: "negative" };

/**
 * Warnings that make the bot ask for confirmation before recording: a rate above 100 % (100 is the
 * ceiling of a percentage), a value at least ten times larger or smaller than the last one, or a
 * negative count.
 */
export function plausibilityWarnings(
  unit: string | null,
  value: number,
  last: number | null,
): PlausibilityWarning[] {
  const warnings: PlausibilityWarning[] = [];
  if (normalizeUnit(unit ?? "") === "%" && value > 100)
    warnings.push({ code: "over_ceiling", ceiling: 100 });
  if (value < 0) warnings.push({ code: "negative" });
  if (last !== null && last > 0 && value > 0 && (value / last >= 10 || last / value >= 10)) {
    warnings.push({ code: "ten_times", last });
  }
  return warnings;
}
