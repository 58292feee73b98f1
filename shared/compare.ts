/**
 * The same common indicator across cities (issue 13 §2, docs/compare.md): one series per city's
 * indicator, from this deployment's plans (their current, counted figures) and from reference series
 * imported from other cities' open data (shared/reference-csv.ts). Both come in as the same rows, so
 * a plan here and a plan on another server are read by one rule. Pure: no I/O.
 */
import { parsePeriodKey } from "./fiscal-year.ts";
import type { IndicatorView, PlanView } from "./plan-view.ts";
import type { ReferenceKind, ReferenceRow } from "./reference-csv.ts";

/** A figure row of either origin, with where it comes from. */
export interface CompareRow extends ReferenceRow {
  origin: "plan" | "reference";
  /** The plan id (origin `plan`) or the reference source's label. */
  source: string;
}

export interface CompareFigure {
  /** Canonical period key (`FY2023`, `2024-06`) and its 年度. */
  period: string;
  fiscalYear: number;
  value: number | null;
  decimals: number;
  printed: string | null;
  kind: ReferenceKind;
}

export interface CompareSeries {
  origin: "plan" | "reference";
  source: string;
  city: string;
  cityCode: string | null;
  planName: string | null;
  /** The city's own name and definition of the indicator. */
  indicatorName: string | null;
  baseline: string | null;
  targetText: string | null;
  unit: string | null;
  /** The actual (確定 or 速報) of the latest period; a 確定 wins over a 速報 of the same period. */
  latest: CompareFigure | null;
  /** The target of the latest actual's 年度, else the last target. */
  target: CompareFigure | null;
  /**
   * By 年度, oldest first: the 確定 yearly actual, else the latest reading of that year; the target;
   * and the digits after the point the actual was entered with (else the target's).
   */
  trend: { fiscalYear: number; actual: number | null; target: number | null; decimals: number }[];
  /**
   * For an entry compared per resident (catalog `perCapita`): the latest value and the target per
   * 1,000 residents, from the plan's population; null when the population is not known.
   */
  perThousand?: {
    latest: number | null;
    target: number | null;
    population: number;
    asOf: string;
  } | null;
}

/**
 * A series' latest value and target per 1,000 residents (人口千人当たり), rounded to 2 decimals.
 * @param population the city's population (plan.yaml `population.value`), a positive integer
 */
export function perThousandResidents(
  series: Pick<CompareSeries, "latest" | "target">,
  population: { value: number; asOf: string },
): NonNullable<CompareSeries["perThousand"]> {
  const per = (v: number | null | undefined) =>
    v === null || v === undefined ? null : Math.round((v / population.value) * 1000 * 100) / 100;
  return {
    latest: per(series.latest?.value),
    target: per(series.target?.value),
    population: population.value,
    asOf: population.asOf,
  };
}

/** The month a period ends, as a sortable number (`FY2023` → March 2024). */
function endMonth(period: string): number {
  const p = parsePeriodKey(period);
  if (!p) return 0;
  if (p.kind === "fy") return (p.fiscalYear + 1) * 12 + 3;
  if (p.kind === "quarter") return p.fiscalYear * 12 + 3 + p.quarter * 3;
  return p.year * 12 + p.month;
}

const figure = (r: ReferenceRow): CompareFigure => ({
  period: r.period,
  fiscalYear: r.fiscalYear,
  value: r.value,
  decimals: r.decimals,
  printed: r.printed,
  kind: r.kind,
});

/** Later period first; of the same period, a 確定 before a 速報. */
const newest = (a: ReferenceRow, b: ReferenceRow) =>
  endMonth(b.period) - endMonth(a.period) ||
  (a.kind === "official" ? 0 : 1) - (b.kind === "official" ? 0 : 1);

/** One series of one city's indicator. */
function seriesOf(rows: CompareRow[]): CompareSeries {
  const first = rows[0] as CompareRow;
  const actuals = rows.filter((r) => r.kind !== "target" && r.value !== null).sort(newest);
  const targets = rows
    .filter((r) => r.kind === "target" && r.value !== null)
    .sort((a, b) => a.fiscalYear - b.fiscalYear || endMonth(a.period) - endMonth(b.period));
  const latest = actuals[0] ?? null;
  const target =
    (latest && targets.find((t) => t.fiscalYear === latest.fiscalYear)) ?? targets.at(-1) ?? null;
  const years = [...new Set([...actuals, ...targets].map((r) => r.fiscalYear))].sort();
  const trend = years.map((fiscalYear) => {
    const ofYear = actuals.filter((r) => r.fiscalYear === fiscalYear);
    const yearly = ofYear.find((r) => r.kind === "official" && r.period === `FY${fiscalYear}`);
    const actual = yearly ?? ofYear[0];
    const t = targets.filter((r) => r.fiscalYear === fiscalYear).at(-1);
    return {
      fiscalYear,
      actual: actual?.value ?? null,
      target: t?.value ?? null,
      /** Digits after the point of the actual as entered (else of the target). */
      decimals: actual?.decimals ?? t?.decimals ?? 0,
    };
  });
  return {
    origin: first.origin,
    source: first.source,
    city: first.city,
    cityCode: first.cityCode,
    planName: first.planName,
    indicatorName: first.indicatorName,
    baseline: first.baseline,
    targetText: first.targetText,
    unit: first.unit,
    latest: latest ? figure(latest) : null,
    target: target ? figure(target) : null,
    trend,
  };
}

/**
 * Groups rows into one series per origin, source, city and indicator; this deployment's plans
 * first, then the reference series, each by city.
 */
export function compareSeries(rows: CompareRow[]): CompareSeries[] {
  const groups = new Map<string, CompareRow[]>();
  for (const r of rows) {
    const key = JSON.stringify([r.origin, r.source, r.city, r.planName, r.indicatorName]);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()]
    .map(seriesOf)
    .sort(
      (a, b) =>
        (a.origin === "plan" ? 0 : 1) - (b.origin === "plan" ? 0 : 1) ||
        a.city.localeCompare(b.city, "ja") ||
        a.source.localeCompare(b.source),
    );
}

/**
 * The rows of a plan's indicators that name `catalog`: the plan's current targets and actuals as the
 * plan view holds them (an actual awaiting approval is not in it, shared/approval.ts).
 */
export function planCompareRows(view: PlanView, catalog: string): CompareRow[] {
  const indicators: IndicatorView[] = [
    ...view.kgis,
    ...view.initiatives.flatMap((i) => i.indicators),
  ].filter((ind) => ind.catalog === catalog);
  return indicators.flatMap((ind) =>
    [
      ...ind.targets.map((f) => ({ f, kind: "target" as const })),
      ...ind.actuals.map((f) => ({ f, kind: f.kind })),
    ].map(({ f, kind }) => ({
      origin: "plan" as const,
      source: view.id,
      cityCode: null,
      city: view.city,
      planName: view.name,
      catalog,
      indicatorName: ind.name,
      baseline: ind.baseline ?? null,
      targetText: ind.targetText ?? null,
      unit: ind.unit ?? null,
      period: f.period,
      fiscalYear: f.fiscalYear,
      kind,
      value: f.value,
      decimals: f.decimals,
      printed: f.rawText,
    })),
  );
}
