/** How figures, years, times and 天気 are written on screen. */
import { formatFigure } from "../../shared/numbers.ts";
import type { FigureView } from "../../shared/plan-view.ts";
import type { Channel } from "./api.ts";
import { t } from "./text.ts";

/** R5 for FY2023: the short 令和 form used on cards and charts. */
export function fy(fiscalYear: number): string {
  return fiscalYear >= 2019 ? `R${fiscalYear - 2018}` : `H${fiscalYear - 1988}`;
}

/** `R5年度` */
export function fyLong(fiscalYear: number): string {
  return `${fy(fiscalYear)}年度`;
}

/** The plan's fiscal years, first to last. */
export function planYears(plan: { startFiscalYear: number; endFiscalYear: number }): number[] {
  const years: number[] = [];
  for (let y = plan.startFiscalYear; y <= plan.endFiscalYear; y++) years.push(y);
  return years;
}

/** A figure as entered: `40%`, `1,083人`; the raw text when it is not a number (`KPI設定予定`). */
export function figureText(figure: FigureView | null, unit: string | null): string {
  if (!figure) return t.none;
  if (figure.value === null) return figure.rawText ?? t.none;
  return `${formatFigure(figure.value, unit, figure.decimals)}${figure.qualifier ?? ""}`;
}

/** `2024-05` → `2024年5月`; `FY2023` → `R5年度`; `FY2025Q4` → `R7年度 第4四半期`. */
export function periodText(period: string): string {
  const month = /^(\d{4})-(\d{2})$/u.exec(period);
  if (month) return `${month[1]}年${Number(month[2])}月`;
  const q = /^FY(\d{4})(?:Q([1-4]))?$/u.exec(period);
  if (q) return q[2] ? `${fyLong(Number(q[1]))} 第${q[2]}四半期` : fyLong(Number(q[1]));
  return period;
}

const WEATHER_ICONS: Record<string, string> = { 晴れ: "☀", くもり: "☁", 曇り: "☁", 雨: "☂" };

/** The icon of a 天気 word; plans may name their own, which then show as words only. */
export function weatherIcon(weather: string): string | null {
  return WEATHER_ICONS[weather] ?? null;
}

export function channelLabel(channel: Channel | string): string {
  return t.channels[channel] ?? channel;
}

const dateTime = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** Unix seconds as Tokyo time: `2024/5/31 09:05`. */
export function dateTimeText(unixSeconds: number): string {
  return dateTime.format(new Date(unixSeconds * 1000));
}
