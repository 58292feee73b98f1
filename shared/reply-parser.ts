/**
 * Reading a department lead's chat reply to a KPI reminder.
 *
 * A reminder lists the due indicators numbered `1.`, `2.` …; the lead answers in the chat in any of
 * these forms (Japanese phones type full-width digits and spaces, `３　４０％`):
 *
 * - `3 40%`, `3: 40%`, `3番 40%`, `3. 40%`, `③ 40%` — item 3 is 40 %;
 * - several such lines at once, with greetings around them (`お疲れ様です。`);
 * - a bare value `40%` when exactly one indicator is due, or after tapping an item's quick reply;
 * - numbers with `,`, the scales 千/万/億, a unit, `約`, and a polite tail (`40%です`);
 * - accounting negatives (`▲5`, `△5` are −5), kanji numerals (`十六人`, `一万二千`), counters that
 *   mean the indicator's unit (`16名` for 人, `3ヶ所` for 箇所), a note in brackets after the figure
 *   (`40%（速報値）`), the month before it (`11月 40%`: the month is the period, not a value), and the
 *   indicator's name before it (`ペーパーレス化率は40%`).
 *
 * What looks like a figure but is not a level is never recorded: a change (`+5%`, `5ポイント増`,
 * `前月比+3%`), a range (`40〜45%`), two figures with no clear one (`40%か45%`) and a date
 * (`12月5日`) are kept as lines with a `reading`, which resolveReply turns into a problem the bot
 * explains. A leading minus (`-3`, `▲3`) is a negative level, as in Japanese accounts; a plus sign is
 * only ever written for a change.
 *
 * `取消` takes back the last entry; `はい` / `いいえ` answer a confirmation question.
 * Pure functions: no I/O. The rules for units and scales are in shared/numbers.ts; kanji numerals are
 * read by @geolonia/japanese-numeral.
 */
import { kanji2number } from "@geolonia/japanese-numeral";
import type { Period } from "./fiscal-year.ts";
import { type Figure, normalizeUnit, parseFigure } from "./numbers.ts";

/** Why a line that looks like an answer is not a level to record. */
export type LineReading = "change" | "range" | "ambiguous" | "date";

export interface ReplyLine {
  /** 1-based line number in the message. */
  line: number;
  /** The item number written before the value, or null for a bare value. */
  index: number | null;
  /** The value text, normalised (`40%`, `-5人`, `16人` for `十六人`). */
  value: string;
  /** The line as typed. */
  raw: string;
  /**
   * Set when the line is an answer but not a level: a change (`+5%`, `5%増`, `前月比+3%`), a range
   * (`40〜45%`), two figures with no clear one (`40%か45%`), or a date (`12月5日`). Never recorded.
   */
  reading?: LineReading;
  /** The month written before the figure (`11月 40%` → 11): the period it is for. */
  month?: number;
  /** A note in brackets after the figure (`40%（速報値）` → `速報値`); the raw text keeps it. */
  note?: string;
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
const TRAILING_WORDS =
  /(です|でした|になります|になりました|となります|となりました|くらい|ぐらい|程度|ほど|です(?:ね|よ))?[。.!！]*$/u;

/**
 * `①`–`⑳` at the start of a line, or after a greeting (`お疲れ様です。①40%`), mean item 1–20; NFKC
 * would turn `①40%` into `140%`.
 */
function circledIndex(line: string): string {
  return line.replace(
    /(^|[。!！、\s])\s*([\u2460-\u2473])/u,
    (_m, before: string, c: string) => `${before}${c.charCodeAt(0) - 0x2460 + 1} `,
  );
}

const INDEXED =
  /^(?:no\.?\s*|#)?(\d{1,2})(?:\s*番\s*[:：、,は]?\s*|\s*[:：)）は]\s*|[.．、,]\s+|\s+)(.+)$/u;
const BARE = /^[+-]?\d/u;

/** `四十`, `集計中`: words in place of a figure. Not a lone unit (`40 %`, `40 人`, `40 千円`). */
function isWordsNotFigure(text: string): boolean {
  // Notes and polite words are not the words meant here: `0 （暫定）`, `40 %でした` are figures.
  const t = text
    .replace(/[(（【[][^()（）【】[\]]*[)）】\]]/gu, "")
    .replace(/\s+/gu, "")
    .replace(TRAILING_WORDS, "")
    .replace(TRAILING_WORDS, "");
  return (
    !/\d/u.test(t) &&
    t.length >= 2 &&
    !/^[千万億]?(円|件|人|名|個|回|台|冊|社|日|時間|箇所|か所|ヶ所|ケ所|カ所|ヵ所|個所|パーセント)$/u.test(
      t,
    )
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

/** A greeting or remark before the figure on the same line (`お疲れ様です。40%です`). */
const GREETING =
  /^(?:(?:いつも)?お(?:疲れ|つかれ)(?:様|さま)です|お世話になっております|お世話になります|こんにちは|こんばんは|おはようございます|失礼します|(?:ご)?報告(?:します|いたします|です)|[^\d。!?]{1,40}[。!])[。!、,\s]*/u;

/** A month (and maybe a year and day) before the figure: `11月 40%`, `2024年11月分は40%`, `11月末時点で40%`. */
const MONTH_PREFIX =
  /^(?:(?:令和|平成|r|h)?\d{1,4}年(?:度)?)?(\d{1,2})月(?:\d{1,2}日)?(?:分|末|度)?(?:時点|現在)?(?:の実績)?(?:で|の|は|が)?[:,、\s]*/u;
/** A line naming the month and nothing else to record: `5月分`, `11月分のご報告です。`, `11月分は来週送ります`. */
const MONTH_REMARK =
  /^(?:(?:令和|平成|r|h)?\d{1,4}年(?:度)?)?\d{1,2}月(?:分|度)?(?:(?:の|は|に|を|です|について)[^\d〇一二三四五六七八九十百千]*|[。.!:]*)$/u;
/** `11/30時点` before the figure: the month is the period. */
const SLASH_DATE_PREFIX = /^(\d{1,2})\/\d{1,2}(?:時点|現在)(?:で|の|は)?[:,、\s]*/u;
/** What a figure starts with: a digit, a sign, an accounting negative or a kanji numeral. */
const FIGURE_START = /^(?:[\d▲△▼+\-±]|マイナス|プラス|約|およそ|[〇零一二三四五六七八九十百千])/u;

/** The indicator's name, or a word for it, and a particle before the figure: `ペーパーレス化率は40%`. */
const LABEL = /^([^\d▲△▼+\-±]{1,30}?)(?:は|が|:|=|\s)\s*/u;
/** The same without a particle, when it is a noun (no kana particles): `実績40%`, `参加者16名`. */
const NOUN_LABEL =
  /^([\p{Script=Han}\p{Script=Katakana}ー・a-z]{1,20}?)(?=[\d▲△▼]|[〇零一二三四五六七八九十百千])/u;

/** Words before a figure that make it a change from an earlier value, not a level. */
const CHANGE_BEFORE =
  /(前月比|前年比|前年度比|前年同月比|前回比|前期比|前月から|前年から|前年度から|前回から|前月より|前年より|前回より|増減|伸び)/u;
/** Words after a figure that make it a change (`5%増`, `3ポイント上昇`, `5%アップ`). */
const CHANGE_AFTER = /の?(増加|減少|増|減|アップ|ダウン|上昇|低下|改善|悪化|up|down)/u;
/** Words that make a figure something other than this period's actual: a target, a forecast. */
const NOT_ACTUAL_WORDS = /(目標|見込|予定|計画|予測|見通し)/u;

const KANJI_RUN = /^([+-]?)([〇零一二三四五六七八九十百千万億兆]+)/u;
/** What may follow a kanji numeral for it to be a figure: a unit or nothing, not a word (`十分`, `一部`). */
const KANJI_WORDS =
  /^(分(?!間)|部|旦|応|緒|度|体|般|方|同|番|つ目|時|日中|面|見|切|層|段|律|気|覧|員|定|致|行|列|品|重|国|州|丁目|葉|里)/u;

/**
 * Reads a kanji numeral at the start of a value (`十六人` → `16人`, `一万二千` → `12000`), leaving
 * words that only start with a numeral alone (`十分です`, `一部`).
 */
function kanjiToDigits(value: string): string {
  const m = KANJI_RUN.exec(value);
  if (!m?.[2]) return value;
  const rest = value.slice(m[0].length);
  // `千円`, `万人` alone are a unit (or a scale and a unit), not a figure.
  if (/^[千万億兆]$/u.test(m[2])) return value;
  // Only a unit may follow (`十六人`, `二人増えました`), never a sentence (`三月に延期`) or a word
  // (`十分`).
  if (KANJI_WORDS.test(rest) || !UNIT_ONLY.test(unitPart(rest.replace(/\s/gu, "")))) return value;
  let n: number;
  try {
    n = kanji2number(m[2]);
  } catch {
    return value;
  }
  return Number.isSafeInteger(n) ? `${m[1] ?? ""}${n}${rest}` : value;
}

/** A number with scale words, as shared/numbers.ts reads it: `8億4,635万`, `1.2万`, `-5`. */
const NUMBER_TOKEN =
  /^[+-]?(?:\d{1,3}(?:[,、]\d{3})+|\d+)(?:\.\d+)?(?:[兆億万千](?:\d{1,3}(?:[,、]\d{3})+|\d+)?(?:\.\d+)?)*/u;
/** What may follow a number in a figure: a unit (`%`, `千円`, `か所`) and a qualifier (`以下`). */
const UNIT_ONLY = /^(?:%|パーセント|か所|ヶ所|つ|[^\d\s\p{Script=Hiragana}、。,!?()〜~]{1,8})?$/u;
const RANGE = /^(?:%|[^\d\s、。,!?]{0,6}?)(?:〜|~|-|ー|―|–|—|から)[+-]?\d/u;
const DATE =
  /^(?:(?:19|20)\d{2}[年/-]\d{1,2}(?!\d)|(?:19|20)\d{2}\.\d{1,2}\.\d{1,2}|\d{1,2}\/\d{1,2}(?!\d)|\d{1,2}月(?:\d{1,2}日?)?(?:分|末)?$|\d{1,2}月\d{1,2}日|(?:令和|平成|r|h)?\d{1,4}年(?:度)?\d{1,2}月)/u;

/** What follows a number, less a change word and its verb (`人増えました` → `人`): the unit. */
function unitPart(tail: string): string {
  return tail
    .replace(CHANGE_AFTER, "")
    .replace(/(しました|しています|した|えました|えています|えた|りました|った)$/u, "");
}

interface ValueReading {
  value: string;
  reading?: LineReading;
  month?: number;
  note?: string;
}

/**
 * Reads the value part of a line (after any item number). Null when it is not a figure at all.
 *
 * @param strict when something before the value was set aside (a greeting), the rest must be a
 * figure and nothing else: `お疲れ様です。5%削減されたため` is a sentence, not a figure.
 */
function readValue(text: string, strict: boolean): ValueReading | null {
  let v = text.trim();
  let note: string | undefined;
  // Notes in brackets and polite words at the end, in any order: `40%（速報値）です`.
  for (let prev = ""; prev !== v; ) {
    prev = v;
    v = v.replace(TRAILING_WORDS, "").trim();
    const m = /[(【[]([^()【】[\]]*)[)】\]]$/u.exec(v);
    if (m && m.index > 0) {
      const inner = m[1]?.trim() ?? "";
      note = note ? `${inner} ${note}` : inner;
      v = v.slice(0, m.index).trim();
    }
  }
  let month: number | undefined;
  let inferred = strict;
  let change = false;
  let notActual = false;
  const takeMonth = () => {
    const m = MONTH_PREFIX.exec(v) ?? SLASH_DATE_PREFIX.exec(v);
    // Only a month before a figure is a period: `12月5日` alone is a date.
    if (!m || !FIGURE_START.test(v.slice(m[0].length))) return;
    month = Number(m[1]);
    v = v.slice(m[0].length);
    inferred = true;
  };
  const takeLabel = () => {
    // `マイナス3%`, `十六人`: the value itself, not a label before it.
    if (FIGURE_START.test(v)) return;
    const m = LABEL.exec(v) ?? NOUN_LABEL.exec(v);
    const label = m?.[1]?.trim();
    if (!m || !label || !FIGURE_START.test(v.slice(m[0].length))) return;
    if (LEADING_WORDS.test(label) && label.length <= 4) return;
    if (CHANGE_BEFORE.test(label)) change = true;
    if (NOT_ACTUAL_WORDS.test(label)) notActual = true;
    v = v.slice(m[0].length);
    inferred = true;
  };
  takeMonth();
  takeLabel();
  if (month === undefined) takeMonth();
  const before = CHANGE_BEFORE.exec(v);
  if (before?.index === 0) {
    change = true;
    v = v.slice(before[0].length).replace(/^(?:で|は|が|:)\s*/u, "");
    inferred = true;
  }
  v = v
    .replace(LEADING_WORDS, "")
    .trim()
    .replace(/^(?:[▲△▼]|マイナス)\s*/u, "-")
    .replace(/^(?:プラス|±)\s*/u, "+");
  v = kanjiToDigits(v);
  const value = cleanValue(v);
  if (!BARE.test(value)) return null;
  const base = { value, ...(month !== undefined ? { month } : {}), ...(note ? { note } : {}) };
  if (DATE.test(value)) return { ...base, reading: "date" };
  // `1 40 2 1083`: two answers on one line; resolveReply says it is not a number, as before.
  if (/\d \d/u.test(value)) return inferred ? null : base;
  const head = NUMBER_TOKEN.exec(value);
  const tail = value.slice(head?.[0].length ?? 0);
  if (RANGE.test(tail)) return { ...base, reading: "range" };
  if (/\d/u.test(tail)) return { ...base, reading: "ambiguous" };
  const unit = unitPart(tail);
  const shaped = UNIT_ONLY.test(unit);
  // `10時に送ります`: a sentence that starts with a number is not a figure.
  if (!shaped && (inferred || /\p{Script=Hiragana}{2}/u.test(unit))) return null;
  if (value.startsWith("+") || change || CHANGE_AFTER.test(tail))
    return { ...base, reading: "change" };
  // `目標 50%`, `40%（見込み）`: a target or a forecast, not this period's actual.
  if (notActual || (note && !/\d/u.test(note) && NOT_ACTUAL_WORDS.test(note)))
    return { ...base, reading: "ambiguous" };
  return base;
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
    // `11月分のご報告です。`: a remark naming the month, like a greeting, carries no figure.
    if (MONTH_REMARK.test(t)) return;
    // The line as typed, then without a greeting before the figure (`お疲れ様です。1 40%`).
    const greeting = GREETING.exec(t);
    const forms = [t];
    if (greeting && greeting[0].length < t.length) forms.push(t.slice(greeting[0].length));
    for (const [k, form] of forms.entries()) {
      const strict = k > 0;
      // Items are numbered from 1: `0 人` is a figure, not item 0.
      const indexed = /^0\D/u.test(form) ? null : INDEXED.exec(form);
      const read = indexed?.[2] ? readValue(indexed[2], strict) : null;
      if (indexed?.[1] && read) {
        lines.push({ line: i + 1, index: Number(indexed[1]), raw, ...read });
        return;
      }
      // `10 集計中`: an item number with something that is not a figure. Keep the item, so the
      // answer says that this item's value could not be read.
      if (
        !strict &&
        indexed?.[2] &&
        isWordsNotFigure(indexed[2]) &&
        /\s|番/u.test(form.slice(indexed[1]?.length ?? 0, (indexed[1]?.length ?? 0) + 2))
      ) {
        lines.push({ line: i + 1, index: Number(indexed[1]), value: cleanValue(indexed[2]), raw });
        return;
      }
      const bare = readValue(form, strict);
      if (bare) {
        lines.push({ line: i + 1, index: null, raw, ...bare });
        return;
      }
    }
    // Greetings around the figures (お疲れ様です。/ よろしくお願いします。) carry no digit: skip them.
    if (/\d/u.test(t)) unreadable.push({ line: i + 1, raw });
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
  | { code: "unreadable"; line: number; raw: string }
  /** A change (`+5%`, `5ポイント増`): the bot asks for the level now. */
  | { code: "change"; line: number; raw: string }
  /** A range (`40〜45%`): one figure is asked for. */
  | { code: "range"; line: number; raw: string }
  /** Two figures with no clear one (`40%か45%`, `目標50%`). */
  | { code: "ambiguous"; line: number; raw: string }
  /** A date (`12月5日`), not a figure. */
  | { code: "date"; line: number; raw: string }
  /** A month before the figure that is not the month asked for (`10月 40%` in November's cycle). */
  | {
      code: "wrong_period";
      line: number;
      raw: string;
      month: number;
      expectedMonth: number | null;
    };

/**
 * Counters that mean the same thing: a lead may write `16名` for an indicator counted in 人, or
 * `3ヶ所` for one in 箇所. Each group is one unit written several ways.
 */
const SAME_COUNTERS: string[][] = [
  ["人", "名"],
  ["箇所", "か所", "ヶ所", "ケ所", "カ所", "ヵ所", "個所", "所"],
  ["個", "つ", "コ"],
  ["日", "日間"],
  ["時間", "h", "hr", "hrs"],
  ["回", "度"],
  ["台"],
  ["冊"],
  ["社"],
  ["件"],
];
/** Units that count things by name (`5手続`): the generic counters 件, 個 and つ count them too. */
const COUNTED_NOUNS =
  /^(手続|手続き|業務|項目|事業|施設|団体|案件|申請|システム|サービス|講座|教室|イベント|校|店舗|事業所)$/u;
const GENERIC_COUNTERS = new Set(["件", "個", "つ"]);

/** Whether `written` (after a figure) means the indicator's `unit`. */
export function sameCounter(written: string, unit: string): boolean {
  const w = normalizeUnit(written);
  const u = normalizeUnit(unit);
  if (w === u) return true;
  if (SAME_COUNTERS.some((g) => g.includes(w) && g.includes(u))) return true;
  return GENERIC_COUNTERS.has(w) && COUNTED_NOUNS.test(u);
}

/** Rewrites a counter after the figure to the indicator's unit when it means the same. */
function alignCounter(value: string, unit: string | null): string {
  if (!unit) return value;
  const m = /^(.*[\d兆億万千])([^\d兆億万千]+?)(以上|以下|未満)?$/u.exec(value);
  if (!m?.[2] || normalizeUnit(m[2]) === normalizeUnit(unit) || !sameCounter(m[2], unit))
    return value;
  return `${m[1]}${unit}${m[3] ?? ""}`;
}

/** Whether a month written before a figure names the period asked for (a 年度 ends in March). */
function monthFits(month: number, period: Period): boolean {
  if (period.kind === "month") return month === period.month;
  if (period.kind === "fy") return month === 3;
  const first = (period.quarter * 3 + 1) % 12 || 12;
  return [0, 1, 2].some((k) => ((first + k - 1) % 12) + 1 === month);
}

const POINTS = /^(ポイント|pt|ﾎﾟｲﾝﾄ|p)$/u;

/**
 * Matches parsed lines to the items of the reminder.
 *
 * @param focus the item a quick reply was tapped for; a bare value goes to it.
 * @param period the period the reminder asked for: a month written before a figure must be its month
 * (or March, the 年度's last, for an official 年度 figure).
 * @returns the values to record and every problem found; the caller records nothing when there is
 * any problem, so that a half-read message is never half-recorded.
 */
export function resolveReply(
  intent: Extract<ReplyIntent, { kind: "figures" }>,
  items: DueItem[],
  focus: number | null = null,
  period: Period | null = null,
): { values: ResolvedValue[]; problems: ReplyProblem[] } {
  const values: ResolvedValue[] = [];
  const problems: ReplyProblem[] = intent.unreadable.map((u) => ({ code: "unreadable", ...u }));
  const seen = new Set<number>();
  const only = items.length === 1 ? items[0] : undefined;
  const focused = focus === null ? undefined : items.find((i) => i.indicatorId === focus);
  for (const l of intent.lines) {
    if (l.reading) {
      problems.push({ code: l.reading, line: l.line, raw: l.raw });
      continue;
    }
    if (l.month !== undefined && period && !monthFits(l.month, period)) {
      problems.push({
        code: "wrong_period",
        line: l.line,
        raw: l.raw,
        month: l.month,
        expectedMonth: period.kind === "month" ? period.month : null,
      });
      continue;
    }
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
    const parsed = parseFigure(alignCounter(cleaned, item.unit), item.unit);
    if (!parsed.ok) {
      // `5ポイント` on a % indicator is a change in percentage points, not a level.
      if (parsed.error.code === "unit_mismatch" && POINTS.test(normalizeUnit(parsed.error.found))) {
        problems.push({ code: "change", line: l.line, raw: l.raw });
        continue;
      }
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
