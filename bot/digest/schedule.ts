/** The digest schedule: weekly or monthly per plan, at a time in Asia/Tokyo, once per slot. */

import { loadBusinessCalendars } from "../../db/calendar.ts";
import { digestSentForSlot, listDigestSettings } from "../../db/digests.ts";
import {
  addDays,
  type BusinessCalendar,
  type BusinessDayMove,
  type CivilDate,
  civilDate,
  DEFAULT_CALENDAR,
  nextBusinessDay,
  weekdayOf,
} from "../../shared/business-calendar.ts";
import { tokyoIsoDate } from "../../shared/fiscal-year.ts";
import { tokyoInstant } from "../../shared/reminder-plan.ts";
import type { AppDeps } from "../deps.ts";
import { parseAudience, type SendDigestResult, sendDigest } from "./send.ts";

/** One digest send: its slot (`2024-W23` or `2024-06`), the day it falls on, and when it is due. */
export interface DigestSlot {
  slot: string;
  /** The setting's day in the slot, and the business day used (possibly in the next slot). */
  move: BusinessDayMove;
  at: Date;
}

/** The ISO week of a civil date, `2024-W23`: the Thursday of its week decides the year. */
function isoWeekKey(date: CivilDate): string {
  const monday = addDays(date, -((weekdayOf(date) + 6) % 7));
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const firstMonday = addDays(civilDate(year, 1, 4), -((weekdayOf(civilDate(year, 1, 4)) + 6) % 7));
  const week = 1 + Math.round((Date.parse(monday) - Date.parse(firstMonday)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, "0")}`;
}

function slotOf(date: CivilDate, cadence: "weekly" | "monthly"): string {
  return cadence === "monthly" ? date.slice(0, 7) : isoWeekKey(date);
}

/** The setting's day in the slot that holds `date`: day `day` of its month, or weekday `day` (0 = Sunday) of its week. */
function scheduledDay(date: CivilDate, cadence: "weekly" | "monthly", day: number): CivilDate {
  if (cadence === "monthly") return `${date.slice(0, 8)}${String(day).padStart(2, "0")}`;
  const monday = addDays(date, -((weekdayOf(date) + 6) % 7));
  return addDays(monday, (day + 6) % 7);
}

/**
 * The digest slots due at `now`, oldest first. A slot's send day is the setting's day moved to the
 * next business day (土日・祝日・年末年始・計画の休日); when that lands in the next slot, the slot is
 * still sent there, under its own key (each slot once).
 */
export function dueDigestSlots(
  now: Date,
  cadence: "weekly" | "monthly",
  day: number,
  time: string,
  calendar: BusinessCalendar = DEFAULT_CALENDAR,
): DigestSlot[] {
  const today = tokyoIsoDate(now);
  const previousDay =
    cadence === "monthly" ? addDays(`${today.slice(0, 8)}01`, -1) : addDays(today, -7);
  const current = slotOf(today, cadence);
  const out: DigestSlot[] = [];
  for (const [i, inSlot] of [previousDay, today].entries()) {
    const move = nextBusinessDay(scheduledDay(inSlot, cadence, day), calendar);
    const at = tokyoInstant(move.date, time);
    if (now < at) continue;
    if (i === 0 && slotOf(move.date, cadence) !== current) continue;
    out.push({ slot: slotOf(inSlot, cadence), move, at });
  }
  return out;
}

/** The slot `now` is in and whether its send time (moved to a business day) has come. */
export function digestSlot(
  now: Date,
  cadence: "weekly" | "monthly",
  day: number,
  time: string,
  calendar: BusinessCalendar = DEFAULT_CALENDAR,
): { slot: string; due: boolean } {
  const slot = slotOf(tokyoIsoDate(now), cadence);
  return {
    slot,
    due: dueDigestSlots(now, cadence, day, time, calendar).some((s) => s.slot === slot),
  };
}

/** Sends every plan's scheduled digest that is due and not sent yet in its slot. */
export async function runDueDigests(
  deps: AppDeps,
): Promise<{ planId: string; slot: string; result: SendDigestResult }[]> {
  const out = [];
  const settingsList = await listDigestSettings(deps.db);
  const calendars = await loadBusinessCalendars(
    deps.db,
    settingsList.map((s) => s.planId),
  );
  for (const settings of settingsList) {
    const calendar = calendars.get(settings.planId) ?? DEFAULT_CALENDAR;
    const due = dueDigestSlots(
      deps.clock(),
      settings.cadence,
      settings.day,
      settings.time,
      calendar,
    );
    for (const { slot } of due) {
      if (await digestSentForSlot(deps.db, settings.planId, slot)) continue;
      const audience = parseAudience(settings.audience) ?? { kind: "all" as const };
      out.push({
        planId: settings.planId,
        slot,
        result: await sendDigest(deps, settings.planId, audience, { slot }),
      });
    }
  }
  return out;
}
