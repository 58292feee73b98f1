/**
 * The year-end forecast's backtest (shared/forecast.ts, docs/forecast.md): its error on generated
 * series with a known trend and noise, and on the bundled plans' yearly 実績 where a year can be
 * held out. `npx tsx bench/index.ts forecast` prints the tables; tests/shared/forecast.test.ts
 * asserts that the figures stay within the bounds docs/forecast.md states.
 */
import { join } from "node:path";
import { probit } from "simple-statistics";
import { BUNDLED_PLANS_DIR, readPlanFolder } from "../io/plan-files.ts";
import {
  fiscalMonthKey,
  forecastIndicator,
  INTERVAL,
  type Measure,
  MIN_READINGS,
  paceProjection,
  type SeriesPoint,
  trendProjection,
} from "../shared/forecast.ts";
import { parsePlanBundle } from "../shared/plan-bundle.ts";

/** mulberry32: the same seed gives the same series. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (inverse CDF of a uniform, simple-statistics `probit`). */
function normal(rand: () => number): number {
  return probit(Math.min(1 - 1e-12, Math.max(1e-12, rand())));
}

export interface BacktestRow {
  measure: Measure;
  /** Months read before forecasting March (3 = end of June … 11 = end of February). */
  months: number;
  series: number;
  /** Mean absolute percentage error of the point forecast against the true March value. */
  mape: number;
  /** Share of true March values inside the 80 % interval. */
  coverage: number;
}

/**
 * One generated 年度 of monthly readings (fiscal months 1–12) for a measure:
 * - `cumulative`: a running total of monthly amounts N(μ, (cv·μ)²), μ in 10–100, cv in 0.1–0.5;
 * - `rate`: a straight line 20–60 % in April moving −2…+3 points a month, plus N(0, 0.5–2.5 points);
 * - `level`: a straight line 100–1,000 moving ±1 % a month, plus noise of 0.5–3 % of the level.
 */
export function generatedYear(measure: Measure, rand: () => number): number[] {
  const values: number[] = [];
  if (measure === "cumulative") {
    const mu = 10 + rand() * 90;
    const sd = mu * (0.1 + rand() * 0.4);
    let total = 0;
    for (let m = 1; m <= 12; m++) {
      total += Math.max(0, mu + sd * normal(rand));
      values.push(total);
    }
    return values;
  }
  const start = measure === "rate" ? 20 + rand() * 40 : 100 + rand() * 900;
  const slope = measure === "rate" ? -2 + rand() * 5 : start * (-0.01 + rand() * 0.02);
  const noise = measure === "rate" ? 0.5 + rand() * 2 : start * (0.005 + rand() * 0.025);
  for (let m = 1; m <= 12; m++) values.push(start + slope * m + noise * normal(rand));
  return values;
}

/**
 * Backtest on generated series: for each measure and each number of months read (3–11), `series`
 * generated years; the method forecasts March from the months read, and is scored against the
 * generated March value.
 */
export function backtestGenerated(series = 2000, seed = 13): BacktestRow[] {
  const rows: BacktestRow[] = [];
  for (const measure of ["cumulative", "rate", "level"] as const) {
    const rand = random(seed);
    const years = Array.from({ length: series }, () => generatedYear(measure, rand));
    for (let months = MIN_READINGS; months <= 11; months++) {
      let ape = 0;
      let inside = 0;
      for (const year of years) {
        const points: SeriesPoint[] = year
          .slice(0, months)
          .map((value, i) => ({ x: i + 1, value }));
        const projection =
          measure === "cumulative" ? paceProjection(points, [12]) : trendProjection(points, [12]);
        const p = projection?.points[0];
        const truth = year[11] ?? Number.NaN;
        if (!p) throw new Error("a generated year with 3+ months must be forecast");
        ape += Math.abs(p.point - truth) / Math.abs(truth);
        if (truth >= p.low && truth <= p.high) inside++;
      }
      rows.push({ measure, months, series, mape: ape / series, coverage: inside / series });
    }
  }
  return rows;
}

/**
 * The pace method off its assumptions: a running total whose December (fiscal month 9) brings four
 * times the usual month (ふるさと納税's year-end rush), otherwise as {@link generatedYear}. Scored like
 * {@link backtestGenerated}; docs/forecast.md quotes it under Limits.
 */
export function backtestSeasonal(series = 2000, seed = 13): BacktestRow[] {
  const rand = random(seed);
  const years = Array.from({ length: series }, () => {
    const mu = 10 + rand() * 90;
    const sd = mu * (0.1 + rand() * 0.4);
    let total = 0;
    return Array.from({ length: 12 }, (_, i) => {
      total += Math.max(0, (i === 8 ? 4 : 1) * mu + sd * normal(rand));
      return total;
    });
  });
  const rows: BacktestRow[] = [];
  for (const months of [3, 6, 8, 9, 11]) {
    let ape = 0;
    let inside = 0;
    for (const year of years) {
      const points = year.slice(0, months).map((value, i) => ({ x: i + 1, value }));
      const p = paceProjection(points, [12])?.points[0];
      const truth = year[11] ?? Number.NaN;
      if (!p) throw new Error("a generated year with 3+ months must be forecast");
      ape += Math.abs(p.point - truth) / Math.abs(truth);
      if (truth >= p.low && truth <= p.high) inside++;
    }
    rows.push({
      measure: "cumulative",
      months,
      series,
      mape: ape / series,
      coverage: inside / series,
    });
  }
  return rows;
}

export interface PlanBacktest {
  plan: string;
  /** Indicators with a numeric yearly 実績. */
  indicators: number;
  /** The most yearly 実績 any one indicator has. */
  mostYears: number;
  /** Held-out years the method could forecast (≥ 3 earlier years), and its error on them. */
  heldOut: number;
  mape: number | null;
  coverage: number | null;
  /** For scale: "next year = this year" on every held-out year with one earlier year. */
  naive: { years: number; mape: number | null };
}

/**
 * Backtest on the bundled plans' yearly official 実績: each year with at least {@link MIN_READINGS}
 * earlier years is held out and forecast by the trend method on the years before it (a yearly
 * figure is a level from year to year). The naive "same as last year" forecast is scored alongside.
 */
export async function backtestPlans(): Promise<PlanBacktest[]> {
  const out: PlanBacktest[] = [];
  for (const plan of ["tamana", "matsue", "tottori", "inzai"]) {
    const parsed = parsePlanBundle(await readPlanFolder(join(BUNDLED_PLANS_DIR, plan)));
    if (!parsed.ok) throw new Error(`data/plans/${plan} does not parse`);
    const byIndicator = new Map<string, SeriesPoint[]>();
    for (const a of parsed.bundle.actuals) {
      if (a.kind !== "official" || a.period.kind !== "fy" || !a.figure) continue;
      const list = byIndicator.get(a.indicator) ?? [];
      list.push({ x: a.period.fiscalYear, value: a.figure.value });
      byIndicator.set(a.indicator, list);
    }
    let heldOut = 0;
    let ape = 0;
    let inside = 0;
    let naiveYears = 0;
    let naiveApe = 0;
    let mostYears = 0;
    for (const series of byIndicator.values()) {
      series.sort((a, b) => a.x - b.x);
      mostYears = Math.max(mostYears, series.length);
      for (let i = 1; i < series.length; i++) {
        const truth = series[i];
        const before = series[i - 1];
        if (!truth || !before || truth.value === 0) continue;
        naiveYears++;
        naiveApe += Math.abs(before.value - truth.value) / Math.abs(truth.value);
        if (i < MIN_READINGS) continue;
        const p = trendProjection(series.slice(0, i), [truth.x])?.points[0];
        if (!p) continue;
        heldOut++;
        ape += Math.abs(p.point - truth.value) / Math.abs(truth.value);
        if (truth.value >= p.low && truth.value <= p.high) inside++;
      }
    }
    out.push({
      plan,
      indicators: byIndicator.size,
      mostYears,
      heldOut,
      mape: heldOut ? ape / heldOut : null,
      coverage: heldOut ? inside / heldOut : null,
      naive: { years: naiveYears, mape: naiveYears ? naiveApe / naiveYears : null },
    });
  }
  return out;
}

/**
 * What forecasting costs where it runs for a whole plan (the digest, the board filter): 10,000
 * indicators with 8 monthly readings each, forecast `rounds` times; milliseconds per round.
 */
export function forecastCost(rounds = 5): number[] {
  const rand = random(7);
  const indicators = Array.from({ length: 10_000 }, (_, k) => ({
    name: "指標",
    unit: k % 2 ? "%" : "件",
    catalog: null,
    direction: "higher" as const,
    targets: [figure("FY2024", 2024, 50)],
    actuals: generatedYear(k % 2 ? "rate" : "cumulative", rand)
      .slice(0, 8)
      .map((v, i) => ({
        ...figure(fiscalMonthKey(2024, i + 1), 2024, v),
        kind: "interim" as const,
      })),
  }));
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (const ind of indicators) forecastIndicator(ind);
    times.push(performance.now() - start);
  }
  return times;
}

function figure(period: string, fiscalYear: number, value: number) {
  return {
    id: 0,
    period,
    fiscalYear,
    value,
    decimals: 0,
    qualifier: null,
    rawText: null,
    channel: "line",
    createdAt: 0,
  };
}

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)} %`);

/** The backtest as the Markdown tables docs/forecast.md quotes. */
export async function forecastBenchmark(): Promise<string> {
  const lines = [
    "## forecast backtest",
    "",
    `generated series (2,000 per row, seed 13), ${INTERVAL * 100} % interval:`,
    "",
    "| measure | months read | MAPE | coverage |",
    "| --- | ---: | ---: | ---: |",
    ...backtestGenerated().map(
      (r) => `| ${r.measure} | ${r.months} | ${pct(r.mape)} | ${pct(r.coverage)} |`,
    ),
    "",
    "off the method's assumptions — a running total with a December four times the usual month:",
    "",
    "| months read | MAPE | coverage |",
    "| ---: | ---: | ---: |",
    ...backtestSeasonal().map((r) => `| ${r.months} | ${pct(r.mape)} | ${pct(r.coverage)} |`),
    "",
    "bundled plans, yearly official 実績:",
    "",
    "| plan | indicators with 実績 | most years | held-out years forecast | MAPE | coverage | naive years | naive MAPE |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...(await backtestPlans()).map(
      (p) =>
        `| ${p.plan} | ${p.indicators} | ${p.mostYears} | ${p.heldOut} | ${pct(p.mape)} | ${pct(p.coverage)} | ${p.naive.years} | ${pct(p.naive.mape)} |`,
    ),
    "",
    `cost: 10,000 indicators × 8 monthly readings, ms per round (first is cold): ${forecastCost()
      .map((t) => t.toFixed(0))
      .join(", ")}`,
  ];
  return lines.join("\n");
}
