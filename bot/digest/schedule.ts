/** The digest schedule: weekly or monthly per plan, at a time in Asia/Tokyo, once per slot. */
import { digestSentForSlot, listDigestSettings } from "../../db/digests.ts";
import { clockMinutes, tokyoDateTime, tokyoMonthKey } from "../../shared/fiscal-year.ts";
import type { AppDeps } from "../deps.ts";
import { parseAudience, type SendDigestResult, sendDigest } from "./send.ts";

/**
 * The slot `now` is in and whether its send time has come: weekly slots are ISO weeks (`2024-W23`),
 * sent on `day` (0 = Sunday) at `time`; monthly slots are months (`2024-06`), sent on day `day`.
 */
export function digestSlot(
  now: Date,
  cadence: "weekly" | "monthly",
  day: number,
  time: string,
): { slot: string; due: boolean } {
  const tokyo = tokyoDateTime(now);
  const minutes = tokyo.hour * 60 + tokyo.minute;
  const sendAt = clockMinutes(time);
  if (cadence === "monthly") {
    const slot = tokyoMonthKey(now);
    return { slot, due: tokyo.day > day || (tokyo.day === day && minutes >= sendAt) };
  }
  // ISO week: the Thursday of the week decides the year.
  const weekday = (tokyo.weekday + 6) % 7; // Monday 0
  const thursday = new Date(Date.UTC(tokyo.year, tokyo.month - 1, tokyo.day - weekday + 3));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week =
    1 +
    Math.round(
      ((thursday.getTime() - firstThursday.getTime()) / 86_400_000 -
        3 +
        ((firstThursday.getUTCDay() + 6) % 7)) /
        7,
    );
  const slot = `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
  const target = (day + 6) % 7; // the configured weekday, Monday 0
  return { slot, due: weekday > target || (weekday === target && minutes >= sendAt) };
}

/** Sends every plan's scheduled digest that is due and not sent yet in its slot. */
export async function runDueDigests(
  deps: AppDeps,
): Promise<{ planId: string; slot: string; result: SendDigestResult }[]> {
  const out = [];
  for (const settings of await listDigestSettings(deps.db)) {
    const { slot, due } = digestSlot(deps.clock(), settings.cadence, settings.day, settings.time);
    if (!due || (await digestSentForSlot(deps.db, settings.planId, slot))) continue;
    const audience = parseAudience(settings.audience) ?? { kind: "all" as const };
    out.push({
      planId: settings.planId,
      slot,
      result: await sendDigest(deps, settings.planId, audience, { slot }),
    });
  }
  return out;
}
