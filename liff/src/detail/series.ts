/**
 * An indicator's figures arranged for its chart and for the table beside it: both are drawn from the
 * same rows, so the table is a faithful text version of the chart.
 */
import type { ActualView, FigureView, IndicatorView } from "../../../shared/plan-view.ts";

export interface YearRow {
  fiscalYear: number;
  target: FigureView | null;
  /** The official 実績 of the year. */
  actual: ActualView | null;
}

export interface IndicatorSeries {
  years: YearRow[];
  /** Monthly and quarterly readings, oldest first. */
  interim: ActualView[];
}

export function indicatorSeries(indicator: IndicatorView, years: number[]): IndicatorSeries {
  return {
    years: years.map((fiscalYear) => ({
      fiscalYear,
      target: indicator.targets.find((x) => x.period === `FY${fiscalYear}`) ?? null,
      actual:
        indicator.actuals.find((a) => a.period === `FY${fiscalYear}` && a.kind === "official") ??
        null,
    })),
    interim: indicator.actuals
      .filter((a) => !(a.kind === "official" && a.period === `FY${a.fiscalYear}`))
      .sort((a, b) => a.period.localeCompare(b.period)),
  };
}

/**
 * Where a period sits on the chart's x axis, in fiscal years: a year's figures in the middle of it,
 * a month at its place from April, a quarter in its middle.
 */
export function periodPosition(figure: { period: string; fiscalYear: number }): number {
  const month = /^\d{4}-(\d{2})$/u.exec(figure.period);
  if (month) return figure.fiscalYear + (((Number(month[1]) + 8) % 12) + 0.5) / 12;
  const quarter = /Q([1-4])$/u.exec(figure.period);
  if (quarter) return figure.fiscalYear + (Number(quarter[1]) - 0.5) / 4;
  return figure.fiscalYear + 0.5;
}
