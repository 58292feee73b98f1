import {
  type ChartData,
  Chart as ChartJS,
  type ChartOptions,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { useMemo } from "react";
import { Chart } from "react-chartjs-2";
import { fiscalYearCode, formatFiscalYear, periodKeyText } from "../../../shared/fiscal-year.ts";
import type { ForecastOk } from "../../../shared/forecast.ts";
import { formatFigure } from "../../../shared/numbers.ts";
import type { IndicatorView } from "../../../shared/plan-view.ts";
import { t } from "../text.ts";
import { yAxisFor } from "./chart-axis.ts";
import { type IndicatorSeries, periodPosition } from "./series.ts";

// Only what a line chart on a linear axis needs: the rest of Chart.js stays out of the bundle.
ChartJS.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Filler);
// Canvas text does not inherit CSS: use the page's Japanese fonts.
ChartJS.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
ChartJS.defaults.color = "#5f6b76";

const COLORS = {
  target: "#7b8794",
  actual: "#05a046",
  interim: "#d97706",
  projection: "#d97706",
  band: "rgba(217, 119, 6, 0.15)",
};
const compact = new Intl.NumberFormat("ja-JP", { notation: "compact", maximumFractionDigits: 1 });

type Point = { x: number; y: number; label: string };

/**
 * Thin lines where one 年度 ends and the next begins: the labels sit in the middle of each year, so a
 * May reading is seen to fall early in R6 and not between R5 and R6.
 */
const yearBoundaries = {
  id: "yearBoundaries",
  beforeDatasetsDraw(chart: ChartJS<"line", Point[]>) {
    const x = chart.scales.x;
    if (!x) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.strokeStyle = "#e3e7eb";
    ctx.lineWidth = 1;
    for (let year = Math.ceil(x.min); year <= x.max; year++) {
      const px = Math.round(x.getPixelForValue(year)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
    }
    ctx.restore();
  },
};

/**
 * Target against actual by 年度, with the monthly readings as points where they fall in the year.
 * The x axis is in fiscal years so that a 2024-05 reading sits two months into R6. With a forecast
 * (shared/forecast.ts), a dashed line from the newest reading to March and its 80 % band.
 */
export function IndicatorChart({
  indicator,
  series,
  forecast = null,
}: {
  indicator: IndicatorView;
  series: IndicatorSeries;
  forecast?: ForecastOk | null;
}) {
  const first = series.years[0]?.fiscalYear ?? 0;
  const last = series.years.at(-1)?.fiscalYear ?? first;
  const { data, options } = useMemo(() => {
    const yearly = (pick: "target" | "actual"): Point[] =>
      series.years.flatMap((row) => {
        const f = row[pick];
        return f && f.value !== null
          ? [
              {
                x: row.fiscalYear + 0.5,
                y: f.value,
                label: formatFiscalYear(row.fiscalYear),
              },
            ]
          : [];
      });
    const interim: Point[] = series.interim.flatMap((a) =>
      a.value === null
        ? []
        : [{ x: periodPosition(a), y: a.value, label: periodKeyText(a.period) }],
    );
    const path = (pick: "point" | "low" | "high"): Point[] =>
      (forecast?.path ?? []).map((p) => ({
        x: periodPosition({ period: p.period, fiscalYear: forecast?.fiscalYear ?? 0 }),
        y: p[pick],
        label: `${periodKeyText(p.period)}（${t.projection}）`,
      }));
    const data: ChartData<"line", Point[]> = {
      datasets: [
        {
          label: t.target,
          data: yearly("target"),
          borderColor: COLORS.target,
          backgroundColor: COLORS.target,
          borderDash: [6, 4],
          borderWidth: 2,
          pointRadius: 3,
        },
        {
          label: t.actual,
          data: yearly("actual"),
          borderColor: COLORS.actual,
          backgroundColor: COLORS.actual,
          borderWidth: 3,
          pointRadius: 5,
        },
        {
          label: t.interim,
          data: interim,
          showLine: false,
          borderColor: COLORS.interim,
          backgroundColor: "#fff",
          borderWidth: 2,
          pointRadius: 4,
          pointStyle: "rectRot",
        },
        {
          label: t.projection,
          data: path("point"),
          borderColor: COLORS.projection,
          backgroundColor: COLORS.projection,
          borderDash: [4, 4],
          borderWidth: 2,
          pointRadius: 0,
        },
        {
          label: t.projectionBand,
          data: path("high"),
          borderWidth: 0,
          pointRadius: 0,
          backgroundColor: COLORS.band,
          borderColor: COLORS.band,
          // Filled down to the next dataset, the band's lower edge.
          fill: "+1",
        },
        {
          label: "",
          data: path("low"),
          borderWidth: 0,
          pointRadius: 0,
          backgroundColor: COLORS.band,
          borderColor: COLORS.band,
        },
      ],
    };
    const yAxis = yAxisFor(
      data.datasets.flatMap((d) => d.data.map((p) => p.y)),
      indicator.unit,
    );
    const options: ChartOptions<"line"> = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      plugins: {
        legend: {
          labels: {
            boxWidth: 14,
            boxHeight: 2,
            font: { size: 12 },
            // A series with no figure (no monthly reading yet) is not worth a legend entry.
            // The band's lower edge has no entry of its own (its label is empty).
            filter: (item, chart) =>
              item.text !== "" && (chart.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0,
          },
        },
        tooltip: {
          callbacks: {
            title: (items) => (items[0]?.raw as Point | undefined)?.label ?? "",
            label: (item) =>
              `${item.dataset.label || t.projectionBand}: ${formatFigure(item.parsed.y ?? 0, indicator.unit, item.datasetIndex >= 3 ? (forecast?.decimals ?? undefined) : undefined)}`,
          },
        },
      },
      scales: {
        x: {
          type: "linear",
          min: first,
          max: last + 1,
          afterBuildTicks: (axis) => {
            axis.ticks = series.years.map((row) => ({ value: row.fiscalYear + 0.5 }));
          },
          ticks: {
            callback: (value) => fiscalYearCode(Math.floor(Number(value))),
            font: { size: 12 },
          },
          grid: { display: false },
        },
        y: {
          type: "linear",
          ...yAxis,
          ticks: {
            font: { size: 11 },
            maxTicksLimit: 6,
            callback: (value) => `${compact.format(Number(value))}${indicator.unit ?? ""}`,
          },
        },
      },
    };
    return { data, options };
  }, [series, indicator.unit, first, last, forecast]);

  return (
    <div
      className="chart"
      data-projection={forecast ? String(forecast.point) : undefined}
      data-projection-to={forecast?.path.at(-1)?.period}
    >
      <Chart
        type="line"
        data={data}
        options={options}
        plugins={[yearBoundaries]}
        role="img"
        aria-label={t.chartLabel(indicator.name)}
      />
    </div>
  );
}
