/**
 * Japanese number forms, as printed in plans and typed in LINE replies.
 *
 * Accepted: full-width digits and signs (NFKC), `,` and `、` separators, decimals, the scale words
 * 千 (10^3), 万 (10^4), 億 (10^8) and 兆 (10^12), also combined (`13億5,000万`), and a unit after the
 * number (`98.40%`, `1,083人`, `13億円`). Source: ../shared/domain.md, "Japanese specifics".
 *
 * Values are handled as decimal strings while scaling, so `1.2万` is exactly `12000` and never
 * `12000.000000000002`.
 */
import { normalizeText } from "./text.ts";

const SCALES: Record<string, number> = { 千: 3, 万: 4, 億: 8, 兆: 12 };

/** A parsed figure: its exact decimal form, its number value, and the text that followed it. */
export interface ParsedNumber {
  /** Canonical decimal string, no exponent, no trailing zeros after the point: `"98.4"`, `"1300000000"`. */
  decimal: string;
  /** `Number(decimal)`. */
  value: number;
  /**
   * Digits after the decimal point as written (`98.40` → 2; 0 after a scale word: `1.2万` → 0),
   * for display as printed. Stored as `actuals.decimals` / `targets.decimals`.
   */
  decimals: number;
  /** What followed the number, normalised: a unit and maybe a qualifier (`%以下`, `人`), or `""`. */
  rest: string;
}

/** Multiplies a decimal string by 10^exp exactly (exp ≥ 0). */
function shiftDecimal(decimal: string, exp: number): string {
  const negative = decimal.startsWith("-");
  const unsigned = negative ? decimal.slice(1) : decimal;
  const [intPart = "0", fracPart = ""] = unsigned.split(".");
  const padded = fracPart.padEnd(exp, "0");
  const digits = `${intPart}${padded.slice(0, exp)}`;
  const frac = padded.slice(exp);
  return canonicalDecimal(`${negative ? "-" : ""}${digits}${frac ? `.${frac}` : ""}`);
}

/** Adds two non-negative decimal strings exactly (used for `13億5000万`). */
function addDecimals(a: string, b: string): string {
  const [ai = "0", af = ""] = a.split(".");
  const [bi = "0", bf = ""] = b.split(".");
  const fracLen = Math.max(af.length, bf.length);
  const total =
    BigInt(`${ai}${af.padEnd(fracLen, "0")}`) + BigInt(`${bi}${bf.padEnd(fracLen, "0")}`);
  const s = total.toString().padStart(fracLen + 1, "0");
  return canonicalDecimal(fracLen ? `${s.slice(0, -fracLen)}.${s.slice(-fracLen)}` : s);
}

/** Strips leading zeros and trailing fractional zeros: `"0098.40"` → `"98.4"`, `"-0"` → `"0"`. */
export function canonicalDecimal(decimal: string): string {
  const negative = decimal.startsWith("-");
  let [intPart = "0", fracPart = ""] = (negative ? decimal.slice(1) : decimal).split(".");
  intPart = intPart.replace(/^0+(?=\d)/u, "");
  fracPart = fracPart.replace(/0+$/u, "");
  const body = fracPart ? `${intPart}.${fracPart}` : intPart;
  return negative && /[1-9]/u.test(body) ? `-${body}` : body;
}

const NUMBER_HEAD = /^([+-]?)(\d{1,3}(?:[,、]\d{3})+|\d+)(?:\.(\d+))?/u;

/**
 * Parses the number at the start of `text`, with scale words, and returns what follows it.
 *
 * @returns the parsed number, or `null` when `text` does not start with a number.
 * @example parseJapaneseNumber("13億円") // { decimal: "1300000000", value: 1.3e9, decimals: 0, rest: "円" }
 * @example parseJapaneseNumber("９８．４０％") // { decimal: "98.4", value: 98.4, decimals: 2, rest: "%" }
 */
export function parseJapaneseNumber(text: string): ParsedNumber | null {
  let t = normalizeText(text).replace(/\s/gu, "");
  let total: string | null = null;
  let sign = "";
  let decimals = 0;
  let lastExp = Number.POSITIVE_INFINITY;
  for (;;) {
    const m = NUMBER_HEAD.exec(t);
    if (!m) break;
    if (total === null) sign = m[1] ?? "";
    else if (m[1]) break;
    const intDigits = (m[2] ?? "0").replace(/[,、]/gu, "");
    const frac = m[3] ?? "";
    const scaleWord = t.charAt(m[0].length);
    const exp = SCALES[scaleWord];
    if (exp === undefined) {
      // A plain number: it ends the figure (`13億5000` reads as 13億 + 5000).
      if (total !== null && lastExp === Number.POSITIVE_INFINITY) break;
      const part = canonicalDecimal(frac ? `${intDigits}.${frac}` : intDigits);
      total = total === null ? part : addDecimals(total, part);
      decimals = frac.length;
      t = t.slice(m[0].length);
      break;
    }
    // Scales must descend: `13億5000万`, never `5万13億`.
    if (exp >= lastExp) break;
    const part = shiftDecimal(frac ? `${intDigits}.${frac}` : intDigits, exp);
    total = total === null ? part : addDecimals(total, part);
    decimals = 0;
    lastExp = exp;
    t = t.slice(m[0].length + 1);
    if (!/^\d/u.test(t)) break;
  }
  if (total === null) return null;
  const decimal = canonicalDecimal(`${sign === "-" ? "-" : ""}${total}`);
  return { decimal, value: Number(decimal), decimals, rest: t };
}

/** Unit spellings that mean the same unit after NFKC (`パーセント` is `%`). */
const UNIT_ALIASES: Record<string, string> = { パーセント: "%", ﾊﾟｰｾﾝﾄ: "%", "%": "%" };

/** Normalises a unit for comparison: NFKC, aliases folded (`％` → `%`, `パーセント` → `%`). */
export function normalizeUnit(unit: string): string {
  const u = normalizeText(unit).replace(/\s/gu, "");
  return UNIT_ALIASES[u] ?? u;
}

/** A figure whose unit has been checked against the indicator's unit. */
export interface Figure {
  decimal: string;
  value: number;
  /** Digits after the decimal point as written (see {@link ParsedNumber.decimals}). */
  decimals: number;
  /** `以上`, `以下` or `未満` when it followed the unit (`60%以下`). */
  qualifier: "以上" | "以下" | "未満" | null;
}

export type FigureError =
  | { code: "not_a_number" }
  | { code: "unit_mismatch"; expected: string; found: string };

/**
 * Parses a figure in a given unit. A scale word may combine with the unit: for unit `円`, `13億円`
 * is 1,300,000,000; for unit `千円`, `225,229千円` is 225,229 (the unit includes the 千).
 *
 * @param text the figure as typed or printed.
 * @param unit the indicator's unit (`%`, `人`, `千円` …); `""` or `null` for a unit-less number.
 * @returns the figure, or an error saying why it is not one.
 */
export function parseFigure(
  text: string,
  unit: string | null,
): { ok: true; figure: Figure } | { ok: false; error: FigureError } {
  const expected = normalizeUnit(unit ?? "");
  const compact = normalizeText(text).replace(/\s/gu, "");
  // When the unit itself starts with a scale word (千円), read `225,229千円` as 225,229 in that unit.
  const unitHasScale = expected !== "" && SCALES[expected.charAt(0)] !== undefined;
  let parsed: ParsedNumber | null;
  if (unitHasScale && compact.endsWith(expected)) {
    parsed = parseJapaneseNumber(compact.slice(0, -expected.length));
    if (parsed && parsed.rest === "") parsed = { ...parsed, rest: expected };
  } else {
    parsed = parseJapaneseNumber(compact);
  }
  if (!parsed) return { ok: false, error: { code: "not_a_number" } };
  let rest = parsed.rest;
  let qualifier: Figure["qualifier"] = null;
  const q = /(以上|以下|未満)$/u.exec(rest);
  if (q) {
    qualifier = q[1] as Figure["qualifier"];
    rest = rest.slice(0, -q[0].length);
  }
  const found = normalizeUnit(rest);
  if (found !== "" && found !== expected) {
    return { ok: false, error: { code: "unit_mismatch", expected: unit ?? "", found: rest } };
  }
  return {
    ok: true,
    figure: { decimal: parsed.decimal, value: parsed.value, decimals: parsed.decimals, qualifier },
  };
}

/**
 * Formats a value with its unit for people: thousands separators, the decimals given, and the unit
 * after it (`98.40%`, `1,083人`, `846,354,905円`). Without `decimals`, an integer shows none and a
 * fraction up to 4 digits. The one home of figures as people read them (LINE, LIFF, reports).
 *
 * @param value the number in the indicator's unit.
 * @param unit the indicator's unit, written after the number; `null` for none.
 * @param decimals digits after the point as entered (`98.40` → 2; stored as `decimals`).
 */
export function formatFigure(value: number, unit: string | null, decimals?: number): string {
  const digits = decimals ?? (Number.isInteger(value) ? 0 : undefined);
  return `${numberFormat(digits).format(value)}${unit ?? ""}`;
}

/** The parts of a stored or parsed figure that its printed form needs. */
export interface FigureParts {
  value: number;
  /** Digits after the point as entered; omitted or `null`: as {@link formatFigure} decides. */
  decimals?: number | null;
  /** `以上`, `以下` or `未満` after the unit (`60%以下`), or `null`. */
  qualifier?: string | null;
}

/**
 * A figure as entered, for people: {@link formatFigure} and the qualifier after the unit
 * (`98.40%`, `60%以下`, `1,083人`).
 */
export function formatFigureWithQualifier(figure: FigureParts, unit: string | null): string {
  return `${formatFigure(figure.value, unit, figure.decimals ?? undefined)}${figure.qualifier ?? ""}`;
}

/**
 * A stored figure (a target or an actual) for reading in the chat and the LIFF app: the figure with
 * its qualifier; the text as printed when it has no value (`KPI設定予定`); `none` when neither.
 */
export function showFigure(
  figure: Omit<FigureParts, "value"> & { value: number | null; rawText: string | null },
  unit: string | null,
  none = "—",
): string {
  if (figure.value === null) return figure.rawText ?? none;
  return formatFigureWithQualifier({ ...figure, value: figure.value }, unit);
}

/**
 * A value as a plain number for machine-readable exports (open data CSV, the plan export): no
 * thousands separators, no unit, `.` as the decimal point, the decimals as entered (`98.40`,
 * `1300000000`, `-2.5`); `""` for no value. Source: docs/exports.md (`値`).
 *
 * @param decimals digits after the point, clamped to 0–20 (what `toFixed` allows).
 */
export function plainFigure(value: number | null, decimals: number): string {
  if (value === null || !Number.isFinite(value)) return "";
  const digits = Math.min(Math.max(decimals, 0), 20);
  if (Math.abs(value) >= 1e21) return String(value);
  return value.toFixed(digits);
}

// Building an Intl.NumberFormat costs far more than using one: keep one per decimals setting.
const formats = new Map<number | undefined, Intl.NumberFormat>();
function numberFormat(digits: number | undefined): Intl.NumberFormat {
  let f = formats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat("ja-JP", {
      minimumFractionDigits: digits ?? 0,
      maximumFractionDigits: digits ?? 4,
    });
    formats.set(digits, f);
  }
  return f;
}
