/**
 * What an indicator's figures measure (issue 14 §4). The plans print several kinds of indicator
 * under the same 「指標・目標値」 box, and reading them all as a level misstates progress:
 *
 * - `level` 水準: the value in the period (a rate, a count in the year). The default.
 * - `change` 増減: the change from a base year's value (「令和2年度比 +5ポイント」).
 * - `reduction` 削減: how much was reduced from the base (Tottori 221040-1 「5％減（令和2年度測定値比）」,
 *   223050-1 「395台削減」, seed 002 lines 173–237 and 522–578). The figure is the reduction, so a
 *   larger figure is better although the thing counted goes down.
 * - `cumulative` 累計: a running total over the plan period; the target is the total by its 年度.
 * - `effect_yearly` 効果額（年額）: money saved or earned in each year.
 * - `effect_total` 効果額（期間合計）: money over the whole plan period (Tottori's [効果額] lines are
 *   「改革の目標（5年間分）」, seed 002: a 5-year total, not an R6 figure).
 *
 * Cumulative kinds are compared by their running total: the yearly actuals from the plan's first
 * 年度 through the one asked, against that 年度's target. Pure: no I/O.
 */

export const INDICATOR_KINDS = [
  "level",
  "change",
  "reduction",
  "cumulative",
  "effect_yearly",
  "effect_total",
] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** The import format's word for each kind (indicators.csv 「種類」), also what people read. */
export const INDICATOR_KIND_LABELS: Record<IndicatorKind, string> = {
  level: "水準",
  change: "増減",
  reduction: "削減",
  cumulative: "累計",
  effect_yearly: "効果額（年額）",
  effect_total: "効果額（期間合計）",
};

const KIND_BY_WORD: Record<string, IndicatorKind> = Object.fromEntries([
  ...INDICATOR_KINDS.map((k) => [k, k] as const),
  ...INDICATOR_KINDS.map((k) => [INDICATOR_KIND_LABELS[k], k] as const),
  ["効果額(年額)", "effect_yearly"],
  ["効果額(期間合計)", "effect_total"],
  ["増減量", "change"],
  ["削減量", "reduction"],
]);

/** Reads 「種類」 (a Japanese word or the English key); null when it is neither. */
export function parseIndicatorKind(text: string): IndicatorKind | null {
  return KIND_BY_WORD[text.normalize("NFKC").trim()] ?? null;
}

/** Whether the kind's figures add up over the plan period (compared by their running total). */
export function isCumulativeKind(kind: IndicatorKind): boolean {
  return kind === "cumulative" || kind === "effect_total";
}

/** What an indicator carries about its kind: the kind, and the base it is measured from. */
export interface KindedIndicator {
  kind: IndicatorKind;
  /** 年度 of the base value (the 「令和2年度比」 of a change or reduction), or null. */
  baseFiscalYear: number | null;
  /** The base value itself in the indicator's unit, or null when the plan does not print one. */
  baseValue: number | null;
}

/**
 * A short note on how to read the indicator's figures, for people: 「削減量・令和2年度比」,
 * 「計画期間の累計」; null for a plain level.
 * @param yearLabel formats a 年度 (shared/fiscal-year.ts `formatFiscalYear` with "long")
 */
export function kindNote(
  indicator: KindedIndicator,
  yearLabel: (fiscalYear: number) => string,
): string | null {
  const base =
    indicator.baseFiscalYear !== null ? `${yearLabel(indicator.baseFiscalYear)}比` : null;
  switch (indicator.kind) {
    case "level":
      return null;
    case "change":
      return ["基準からの増減", base].filter(Boolean).join("・");
    case "reduction":
      return ["削減量", base].filter(Boolean).join("・");
    case "cumulative":
      return "計画期間の累計";
    case "effect_yearly":
      return "効果額（年額）";
    case "effect_total":
      return "効果額（計画期間の合計）";
  }
}

/**
 * The value to compare with a 年度's target. For a cumulative kind, the running total: each
 * earlier 年度's figure plus `current` (this 年度's figure so far: its 確定 total, or a month's
 * reading of the total to date); null when `current` is null. Otherwise `current` itself.
 * @param earlier the figures of earlier 年度 (one per 年度; nulls are skipped)
 */
export function comparableValue(
  kind: IndicatorKind,
  current: number | null,
  earlier: readonly (number | null)[],
): number | null {
  if (current === null || !isCumulativeKind(kind)) return current;
  return earlier.reduce<number>((sum, v) => sum + (v ?? 0), current);
}
