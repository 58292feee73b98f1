import { setDigestSettings } from "../../db/digests.ts";
import { configFromEnv } from "../config.ts";
import { buildAppDeps } from "../deps.ts";
import { digestFlexMessage, digestText } from "../digest/flex.ts";
import { buildPlanDigest, parseAudience } from "../digest/send.ts";
import { limitNotices } from "../reminders/notices.ts";
import { digestCommandText as t } from "../text/cli.ts";
import { sendDigestFromOffice } from "../usecases/office-digest.ts";
import { flexToText } from "./chat.ts";
import { fail, operatorFor, withDatabase } from "./db.ts";

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/u;

/**
 * `npx shinchoku digest --plan <id>`: prints the digest and sends nothing.
 * `--send [--to all|org:<課名>|role:<role>|broadcast]`: sends it after a quota check.
 * `--schedule weekly|monthly --day N --time HH:MM [--to …]`: stores the plan's digest schedule.
 */
export async function digestCommand(opts: {
  plan: string;
  send?: boolean;
  to: string;
  schedule?: string;
  day?: string;
  time: string;
}) {
  const audience = parseAudience(opts.to);
  if (!audience) return fail(t.badAudience(opts.to));
  await withDatabase(async (db) => {
    if (opts.schedule) {
      if (opts.schedule !== "weekly" && opts.schedule !== "monthly") return fail(t.badCadence);
      const day = Number(opts.day ?? (opts.schedule === "weekly" ? 1 : 1));
      const maxDay = opts.schedule === "weekly" ? 6 : 28;
      const minDay = opts.schedule === "weekly" ? 0 : 1;
      if (!Number.isInteger(day) || day < minDay || day > maxDay)
        return fail(opts.schedule === "weekly" ? t.badWeekday : t.badDayOfMonth);
      if (!TIME.test(opts.time)) return fail(t.badTime);
      await setDigestSettings(db, opts.plan, {
        enabled: true,
        cadence: opts.schedule,
        day,
        time: opts.time.padStart(5, "0"),
        audience: opts.to,
      });
      const when = opts.schedule === "weekly" ? t.weekly(day) : t.monthly(day);
      console.log(t.scheduled(opts.plan, when, opts.time, opts.to));
      return;
    }
    const deps = buildAppDeps({
      db,
      config: configFromEnv(process.env),
      defer: () => {},
      print: () => {},
    });
    if (!opts.send) {
      const digest = await buildPlanDigest(deps, opts.plan);
      // A cycle stopped by LINE's monthly limit is said first: a digest sent now would be refused too.
      for (const n of await limitNotices(deps, [opts.plan])) console.log(`${n.message}\n`);
      console.log(digestText(digest));
      console.log(t.flexHeading);
      console.log(
        flexToText(digestFlexMessage(digest, { liffId: deps.config.liffId }).contents).join("\n"),
      );
      console.log(t.previewOnly);
      return;
    }
    // The office's send (bot/usecases/office-digest.ts): the same quota check, audited as the operator's.
    const result = await sendDigestFromOffice(deps, operatorFor(opts.plan), {
      to: opts.to,
      confirm: true,
      channel: "cli",
    });
    if (!result.ok) return fail(result.message, 3);
    if (!result.sent) return;
    console.log(t.sent(result.recipients, result.batches, result.remainingAfter));
  });
}
