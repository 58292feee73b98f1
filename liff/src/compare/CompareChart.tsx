import {
  type ChartData,
  Chart as ChartJS,
  type ChartOptions,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { useMemo } from "react";
import { Chart } from "react-chartjs-2";
import type { CompareSeries } from "../../../shared/compare.ts";
import { fiscalYearCode, formatFiscalYear } from "../../../shared/fiscal-year.ts";
import { formatFigure } from "../../../shared/numbers.ts";
import { t } from "../text.ts";

ChartJS.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

type Point = { x: number; y: number };

/**
 * One city's small line: its actual by 年度 (the 確定 value, else the year's latest reading) and its
 * target, dashed. The figures are also in the text beside it; the canvas is labelled for screen
 * readers with what it shows.
 */
export function CompareChart({ series }: { series: CompareSeries }) {
  const { data, options } = useMemo(() => {
    const pick = (k: "actual" | "target"): Point[] =>
      series.trend.flatMap((r) => (r[k] === null ? [] : [{ x: r.fiscalYear, y: r[k] as number }]));
    const data: ChartData<"line", Point[]> = {
      datasets: [
        {
          label: t.actual,
          data: pick("actual"),
          borderColor: "#05a046",
          backgroundColor: "#05a046",
          borderWidth: 2,
          pointRadius: 3,
        },
        {
          label: t.target,
          data: pick("target"),
          borderColor: "#7b8794",
          backgroundColor: "#7b8794",
          borderDash: [6, 4],
          borderWidth: 2,
          pointRadius: 3,
        },
      ],
    };
    const options: ChartOptions<"line"> = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: {
          type: "linear",
          ticks: { stepSize: 1, callback: (v) => fiscalYearCode(Number(v)) },
        },
        y: { type: "linear", ticks: { maxTicksLimit: 4 } },
      },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            title: (items) => formatFiscalYear(Number(items[0]?.parsed.x)),
            label: (item) =>
              `${item.dataset.label}: ${formatFigure(Number(item.parsed.y), series.unit)}`,
          },
        },
      },
    };
    return { data, options };
  }, [series]);
  return (
    <div className="compare-chart" data-testid="compare-chart">
      <Chart
        type="line"
        data={data}
        options={options}
        role="img"
        aria-label={t.compareTrendLabel(series.city)}
      />
    </div>
  );
}
