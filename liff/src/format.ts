/** How figures, years, times and 天気 are written on screen. */
import { showFigure } from "../../shared/numbers.ts";
import type { FigureView } from "../../shared/plan-view.ts";
import type { Channel } from "./api.ts";
import { t } from "./text.ts";

/** A figure as entered: `40%`, `1,083人`; the raw text when it is not a number (`KPI設定予定`). */
export function figureText(figure: FigureView | null, unit: string | null): string {
  return figure ? showFigure(figure, unit, t.none) : t.none;
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
