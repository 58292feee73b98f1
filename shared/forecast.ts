/**
 * Year-end forecasts (issue 13 §1): from an indicator's monthly 実績 readings (速報) of a 年度, the
 * value expected at 年度末 (March), an 80 % prediction interval, and the probability of meeting the
 * 年度's 目標. Pure: no I/O, no clock; the bot and the LIFF app call it on the plan read model
 * (shared/plan-view.ts). The method and its measured error are in docs/forecast.md.
 *
 * Two named methods, picked by what the figure measures ({@link measureOf}):
 *
 * - **pace** (run rate) for a `cumulative` figure — a count or amount reported as the 年度's running
 *   total (研修受講者数, 寄附額, 削減した業務時間): the year starts at 0 on 1 April, each month adds an
 *   independent amount with mean μ and variance σ². μ is estimated as the total so far over the
 *   months elapsed; the year-end is the total so far plus μ for each month left. Prediction variance
 *   for h months left after m elapsed: σ²·(h + h²/m); σ² pooled from the per-month increments.
 * - **trend** (ordinary least squares on the fiscal month) for a `rate` (%) or a `level` (a state read
 *   at the time: 職員数, 保有率): the year-end is the fitted line at March; the classical prediction
 *   interval `ŷ ± t·s·√(1 + 1/n + (x₀ − x̄)²/Sxx)`, n − 2 degrees of freedom. A rate is kept within
 *   0–100 %.
 *
 * Both use the Student t distribution (integer degrees of freedom, exact closed form), so a forecast
 * from three readings is honestly wide. Fewer than {@link MIN_READINGS} readings: no forecast
 * (`too_few`), the surfaces say so instead of guessing. Direction-aware: higher and reach-a-value
 * are met at or above the target, lower at or below (shared/plan-view.ts `meetsTarget`); a
 * reach-a-date indicator has no numeric forecast.
 */
import { linearRegression, mean, sum } from "simple-statistics";
import { findCatalogEntry } from "./catalog.ts";
import { type IndicatorKind, isCumulativeKind } from "./indicator-kinds.ts";
import type { ActualView, IndicatorView } from "./plan-view.ts";

/** What a figure measures, which decides the method. */
export type Measure = "cumulative" | "rate" | "level";

export type ForecastMethod = "pace" | "trend";

/** Readings needed in a 年度 before a forecast is made (three: a trend needs one degree of freedom). */
export const MIN_READINGS = 3;

/** The prediction interval's coverage: 80 %, the inner band of a fan chart. */
export const INTERVAL = 0.8;

/** A reading of a series: `x` the fiscal month (April = 1 … March = 12) or any ordered step. */
export interface SeriesPoint {
  x: number;
  value: number;
}

/** The projection at one step: point forecast and the 80 % interval, and its t scale. */
export interface ProjectedPoint {
  x: number;
  point: number;
  low: number;
  high: number;
  /** Standard error of the prediction (the value's unit). */
  se: number;
}

export interface SeriesProjection {
  method: ForecastMethod;
  df: number;
  points: ProjectedPoint[];
}

export interface ForecastOk {
  status: "ok";
  fiscalYear: number;
  measure: Measure;
  method: ForecastMethod;
  /** Monthly readings used. */
  readings: number;
  /** Period key of the newest reading used (`2024-08`). */
  lastPeriod: string;
  /** The expected value at 年度末, in the indicator's unit. */
  point: number;
  /** Digits after the point to show it with: the most the readings were entered with. */
  decimals: number;
  /** The 80 % prediction interval at 年度末. */
  low: number;
  high: number;
  /** The 年度's target value, or null when none is set. */
  target: number | null;
  /** Digits after the point the target was written with. */
  targetDecimals: number;
  /** Probability (0–1) that the 年度末 value meets the target; null without a target. */
  probability: number | null;
  /** True when the point forecast misses the target (null without one): 「見込みで遅れ」. */
  missesTarget: boolean | null;
  /** From the newest reading to March: period key (`2025-03`) with point and interval, for charts. */
  path: { period: string; point: number; low: number; high: number }[];
}

export type Forecast =
  | ForecastOk
  | {
      status: "too_few";
      fiscalYear: number;
      measure: Measure;
      readings: number;
    }
  | { status: "not_numeric"; fiscalYear: number | null }
  /** The 年度 has its official 実績 (確定): nothing left to forecast. */
  | { status: "closed"; fiscalYear: number };

/** Units that count or add up over a 年度 (a figure in them is reported as the running total). */
const ADDITIVE_UNITS = new Set([
  "人",
  "件",
  "回",
  "社",
  "本",
  "手続",
  "業務",
  "時間",
  "日",
  "円",
  "千円",
  "万円",
  "億円",
  "個",
  "団体",
  "名",
  "枚",
  "台",
]);

/**
 * What an indicator's figure measures: the catalog entry's `measure` when the indicator is a
 * common indicator (import column 共通指標, shared/catalog.ts); then the indicator's 種類 when it is
 * not a plain level (累計, 効果額 → `cumulative`; 増減, 削減 → `level`); otherwise read from its
 * unit and name:
 * - `rate`: unit `%`, or a name ending in 率/割合;
 * - `level`: a state at a point in time — the name says 時点, 累計 (since the plan began, not within
 *   the 年度), 保有, 平均, 残高 or 在籍;
 * - `cumulative`: otherwise, a count, amount or time unit (人, 件, 円, 時間, 手続 …);
 * - `level`: anything else.
 * {@link forecastIndicator} also treats a `cumulative` series that goes down as a `level`: a running
 * total cannot fall.
 */
export function measureOf(
  indicator: Pick<IndicatorView, "unit" | "name" | "catalog"> & { kind?: IndicatorKind },
): Measure {
  const declared = indicator.catalog ? findCatalogEntry(indicator.catalog) : null;
  if (declared) return declared.measure;
  // The plan's own 種類 (shared/indicator-kinds.ts), when it says more than a level: a running total
  // or an amount of money in the year is summed over the months; a change or a reduction is a level.
  const kind = indicator.kind ?? "level";
  if (kind !== "level")
    return isCumulativeKind(kind) || kind === "effect_yearly" ? "cumulative" : "level";
  const unit = (indicator.unit ?? "").normalize("NFKC").trim();
  if (unit === "%" || /(率|割合)$/u.test(indicator.name)) return "rate";
  if (/時点|累計|保有|平均|残高|在籍/u.test(indicator.name)) return "level";
  if (ADDITIVE_UNITS.has(unit)) return "cumulative";
  return "level";
}

/**
 * The fiscal month of a canonical month period key (shared/fiscal-year.ts `periodKey`): `2024-04` →
 * FY2024 month 1, `2025-03` → FY2024 month 12; null for other keys (`FY2024`, `FY2024Q1`).
 */
export function fiscalMonth(periodKey: string): { fiscalYear: number; month: number } | null {
  const m = /^(\d{4})-(\d{2})$/u.exec(periodKey);
  const month = Number(m?.[2]);
  if (!m || !(month >= 1 && month <= 12)) return null;
  const year = Number(m[1]);
  return { fiscalYear: month <= 3 ? year - 1 : year, month: ((month + 8) % 12) + 1 };
}

/** The month period key of a fiscal month: (2024, 12) → `2025-03`. */
export function fiscalMonthKey(fiscalYear: number, month: number): string {
  const calendarMonth = ((month + 2) % 12) + 1;
  const year = calendarMonth <= 3 ? fiscalYear + 1 : fiscalYear;
  return `${year}-${String(calendarMonth).padStart(2, "0")}`;
}

/**
 * P(|T| ≤ t) for Student's t with integer `df` ≥ 1: the exact finite series of Abramowitz & Stegun
 * 26.7.3 (odd df) and 26.7.4 (even df). simple-statistics 7.8.8 has no t distribution function.
 */
function tCentral(t: number, df: number): number {
  const theta = Math.atan(Math.abs(t) / Math.sqrt(df));
  const c2 = Math.cos(theta) ** 2;
  const s = Math.sin(theta);
  if (df % 2 === 1) {
    let term = Math.cos(theta);
    let series = df > 1 ? term : 0;
    for (let k = 3; k <= df - 2; k += 2) {
      term *= ((k - 1) / k) * c2;
      series += term;
    }
    return (2 / Math.PI) * (theta + s * series);
  }
  let term = 1;
  let series = 1;
  for (let k = 2; k <= df - 2; k += 2) {
    term *= ((k - 1) / k) * c2;
    series += term;
  }
  return s * series;
}

/** The Student t cumulative distribution function P(T ≤ t), integer `df` ≥ 1. */
export function tCdf(t: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`df must be a positive integer: ${df}`);
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const a = tCentral(t, df);
  return t >= 0 ? 0.5 + a / 2 : 0.5 - a / 2;
}

/** The Student t quantile: the t with P(T ≤ t) = p (bisection on {@link tCdf}, to 1e-10). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must lie in (0, 1): ${p}`);
  let lo = -1e6;
  let hi = 1e6;
  for (let i = 0; i < 200 && hi - lo > 1e-10; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const factors = new Map<number, number>();

/** The two-sided t factor of the {@link INTERVAL} interval for `df`, computed once per df. */
function intervalFactor(df: number): number {
  let t = factors.get(df);
  if (t === undefined) {
    t = tQuantile(0.5 + INTERVAL / 2, df);
    factors.set(df, t);
  }
  return t;
}

/**
 * The **trend** method: OLS on (x, value), predicted at each `at` with the classical prediction
 * interval (n − 2 degrees of freedom). Needs 3 readings with at least 2 distinct x.
 * @returns null when the readings are too few.
 */
export function trendProjection(points: SeriesPoint[], at: number[]): SeriesProjection | null {
  const n = points.length;
  const xs = points.map((p) => p.x);
  if (n < MIN_READINGS || new Set(xs).size < 2) return null;
  const { m, b } = linearRegression(points.map((p) => [p.x, p.value]));
  const xBar = mean(xs);
  const sxx = sum(xs.map((x) => (x - xBar) ** 2));
  const df = n - 2;
  const s = Math.sqrt(sum(points.map((p) => (p.value - (m * p.x + b)) ** 2)) / df);
  const t = intervalFactor(df);
  return {
    method: "trend",
    df,
    points: at.map((x) => {
      const point = m * x + b;
      const se = s * Math.sqrt(1 + 1 / n + (x - xBar) ** 2 / sxx);
      return { x, point, se, low: point - t * se, high: point + t * se };
    }),
  };
}

/**
 * The **pace** method for a running total that starts at 0 before x = 1: the mean monthly amount
 * μ = total / months so far; at month x the expected total is total + μ·(x − last); variance
 * σ²·(h + h²/m) with h = x − last and m = last. σ² is pooled from the increments between readings
 * (a gap of g months has variance g·σ²), with n − 1 degrees of freedom. Needs 3 readings.
 * @returns null when the readings are too few.
 */
export function paceProjection(points: SeriesPoint[], at: number[]): SeriesProjection | null {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const last = sorted.at(-1);
  if (sorted.length < MIN_READINGS || !last || last.x <= 0) return null;
  const mu = last.value / last.x;
  let ss = 0;
  let prev = { x: 0, value: 0 };
  for (const p of sorted) {
    const g = p.x - prev.x;
    if (g > 0) ss += (p.value - prev.value - mu * g) ** 2 / g;
    prev = p;
  }
  const df = sorted.length - 1;
  const sigma2 = ss / df;
  const t = intervalFactor(df);
  return {
    method: "pace",
    df,
    points: at.map((x) => {
      const h = Math.max(0, x - last.x);
      const point = last.value + mu * h;
      const se = Math.sqrt(sigma2 * (h + (h * h) / last.x));
      // A running total never falls below what has been counted.
      return { x, point, se, low: Math.max(last.value, point - t * se), high: point + t * se };
    }),
  };
}

/** Probability that a value forecast as `point` ± t(df)·`se` meets `target` in `direction`. */
export function probabilityOfMeeting(
  direction: IndicatorView["direction"],
  target: number,
  p: { point: number; se: number },
  df: number,
): number {
  if (p.se === 0) {
    const meets = direction === "lower" ? p.point <= target : p.point >= target;
    return meets ? 1 : 0;
  }
  const below = tCdf((target - p.point) / p.se, df);
  return direction === "lower" ? below : 1 - below;
}

/**
 * The year-end forecast of an indicator for a 年度, from its current monthly readings (interim
 * actuals with a value, period `YYYY-MM`, latest version, withdrawn ones excluded — as the read
 * model holds them).
 * @param fiscalYear the 年度 (`2024` = R6); default the 年度 of the newest monthly reading.
 * @returns `not_numeric` for a reach-a-date indicator or one with no monthly reading; `closed` when
 * the 年度's official 実績 is in; `too_few`
 * with fewer than {@link MIN_READINGS} readings in the 年度; else the forecast (values in the
 * indicator's unit, probability 0–1).
 */
export function forecastIndicator(
  indicator: Pick<IndicatorView, "unit" | "name" | "catalog" | "direction" | "actuals" | "targets">,
  fiscalYear?: number,
): Forecast {
  // A plain loop: this runs for every indicator of a plan in the digest (flatMap and spreads cost
  // several times as much on 10,000 indicators).
  const monthly: {
    fiscalYear: number;
    month: number;
    period: string;
    value: number;
    decimals: number;
  }[] = [];
  for (const a of indicator.actuals) {
    if (a.kind !== "interim" || a.value === null) continue;
    const fm = fiscalMonth(a.period);
    if (fm)
      monthly.push({
        fiscalYear: fm.fiscalYear,
        month: fm.month,
        period: a.period,
        value: a.value,
        decimals: a.decimals,
      });
  }
  const year =
    fiscalYear ?? (monthly.length ? Math.max(...monthly.map((m) => m.fiscalYear)) : null);
  if (year === null || indicator.direction === "date")
    return { status: "not_numeric", fiscalYear: year };
  if (
    indicator.actuals.some(
      (a) => a.kind === "official" && a.period === `FY${year}` && a.value !== null,
    )
  )
    return { status: "closed", fiscalYear: year };
  const readings = monthly.filter((m) => m.fiscalYear === year).sort((a, b) => a.month - b.month);
  let measure = measureOf(indicator);
  if (
    measure === "cumulative" &&
    readings.some((r, i) => i > 0 && r.value < (readings[i - 1]?.value ?? 0))
  )
    measure = "level";
  const last = readings.at(-1);
  if (readings.length < MIN_READINGS || !last)
    return { status: "too_few", fiscalYear: year, measure, readings: readings.length };
  const at: number[] = [];
  for (let x = last.month; x <= 12; x++) at.push(x);
  const points = readings.map((r) => ({ x: r.month, value: r.value }));
  const projection =
    measure === "cumulative" ? paceProjection(points, at) : trendProjection(points, at);
  if (!projection)
    return { status: "too_few", fiscalYear: year, measure, readings: readings.length };
  const clamp = (v: number) => (measure === "rate" ? Math.min(100, Math.max(0, v)) : v);
  const path = projection.points.map((p) => ({
    period: fiscalMonthKey(year, p.x),
    point: clamp(p.point),
    low: clamp(p.low),
    high: clamp(p.high),
  }));
  const end = projection.points.at(-1);
  const endPath = path.at(-1);
  if (!end || !endPath)
    return { status: "too_few", fiscalYear: year, measure, readings: readings.length };
  const targetFigure = indicator.targets.find((t) => t.period === `FY${year}`) ?? null;
  const target = targetFigure?.value ?? null;
  const probability =
    target === null ? null : probabilityOfMeeting(indicator.direction, target, end, projection.df);
  const meets =
    target === null
      ? null
      : indicator.direction === "lower"
        ? endPath.point <= target
        : endPath.point >= target;
  return {
    status: "ok",
    fiscalYear: year,
    measure,
    method: projection.method,
    readings: readings.length,
    lastPeriod: last.period,
    point: endPath.point,
    decimals: Math.max(...readings.map((r) => r.decimals)),
    low: endPath.low,
    high: endPath.high,
    target,
    targetDecimals: targetFigure?.decimals ?? 0,
    probability,
    missesTarget: meets === null ? null : !meets,
    path,
  };
}

/**
 * The indicator as it reads once a monthly value is recorded: its interim actual of `period` (a
 * month key, `2024-08`) replaced by, or joined with, this value. For answering a report from the
 * view read before the write (bot/usecases/record-actual.ts).
 */
export function withReading<T extends Pick<IndicatorView, "actuals">>(
  indicator: T,
  reading: { id: number; period: string; fiscalYear: number; value: number; decimals: number },
): T {
  const others = indicator.actuals.filter(
    (a) => !(a.kind === "interim" && a.period === reading.period),
  );
  const added: ActualView = {
    ...reading,
    kind: "interim",
    qualifier: null,
    rawText: null,
    channel: "line",
    createdAt: 0,
  };
  return { ...indicator, actuals: [...others, added] };
}

/** Whether an indicator is forecast to miss its 年度 target (「見込みで遅れ」). */
export function forecastToMiss(
  forecast: Forecast,
): forecast is ForecastOk & { missesTarget: true } {
  return forecast.status === "ok" && forecast.missesTarget === true;
}
