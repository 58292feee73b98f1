/**
 * `npx shinchoku stats --plan <id> [--from YYYY-MM] [--to YYYY-MM] [--format table|csv|json]`: the
 * reporting rate (提出率) of each reminder cycle, overall and per 課, so the trend shows month by
 * month (issue 12, section 1).
 */

import { toCsv } from "../../shared/csv.ts";
import { periodKeyText } from "../../shared/fiscal-year.ts";
import { type CycleRate, percent, rateHeadline } from "../../shared/reporting-rate.ts";
import { configFromEnv } from "../config.ts";
import { buildAppDeps } from "../deps.ts";
import { reportingHistory } from "../reminders/reporting.ts";
import { statsText as t } from "../text/cli.ts";
import { fail, withDatabase } from "./db.ts";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/u;
const FORMATS = ["table", "csv", "json"] as const;
type Format = (typeof FORMATS)[number];

/** One row per cycle and 課, with a 「全体」 row per cycle first: the CSV's shape. */
export function rateRows(rates: CycleRate[]) {
  return rates.flatMap((r) => [
    {
      cycleMonth: r.cycleMonth,
      period: periodKeyText(r.period),
      department: t.overall,
      unitsAsked: r.units.asked,
      unitsComplete: r.units.complete,
      unitsOnTime: r.units.onTime,
      ratePercent: percent(r.units.complete, r.units.asked),
      onTimePercent: percent(r.units.onTime, r.units.asked),
      ...r.indicators,
    },
    ...r.departments.map((o) => ({
      cycleMonth: r.cycleMonth,
      period: periodKeyText(r.period),
      department: o.department,
      unitsAsked: 1,
      unitsComplete: o.status.startsWith("complete") ? 1 : 0,
      unitsOnTime: o.status === "complete_on_time" ? 1 : 0,
      // The same measure as the 「全体」 row (課 with every figure in), for one 課: 0 or 100.
      ratePercent: o.status.startsWith("complete") ? 100 : 0,
      onTimePercent: o.status === "complete_on_time" ? 100 : 0,
      asked: o.asked,
      onTime: o.onTime,
      late: o.late,
      missing: o.missing,
    })),
  ]);
}

/** The CSV's columns, in order: the row's key and its heading. */
const CSV_COLUMNS = Object.entries(t.csvHeaders).map(([key, header]) => ({ key, header }));

const STATUS_TEXT = t.status;

/** The table: one line per cycle, then the latest cycle per 課. */
export function rateTable(rates: CycleRate[]): string {
  if (rates.length === 0) return t.noCycles;
  const lines = rates.map((r) => {
    const headline = rateHeadline(r) ?? t.noneAsked;
    const i = r.indicators;
    return t.cycleLine(
      r.cycleMonth,
      periodKeyText(r.period),
      headline,
      i.asked - i.missing,
      i.asked,
      i.late,
      i.missing,
    );
  });
  const latest = rates[rates.length - 1] as CycleRate;
  lines.push("", t.byDepartment(latest.cycleMonth));
  for (const o of latest.departments) {
    lines.push(
      t.departmentLine(o.department, o.asked - o.missing, o.asked, STATUS_TEXT[o.status], o.late),
    );
  }
  return lines.join("\n");
}

export async function statsCommand(opts: {
  plan: string;
  from?: string;
  to?: string;
  format: string;
}) {
  for (const [flag, value] of [
    ["--from", opts.from],
    ["--to", opts.to],
  ] as const) {
    if (value !== undefined && !MONTH.test(value)) return fail(t.badMonth(flag));
  }
  if (!FORMATS.includes(opts.format as Format)) return fail(t.badFormat);
  await withDatabase(async (db) => {
    const deps = buildAppDeps({ db, config: configFromEnv(process.env), defer: () => {} });
    let rates: CycleRate[];
    try {
      rates = await reportingHistory(deps, opts.plan, { from: opts.from, to: opts.to });
    } catch (err) {
      return fail((err as Error).message);
    }
    const format = opts.format as Format;
    if (format === "json") console.log(JSON.stringify(rates, null, 2));
    else if (format === "csv")
      process.stdout.write(
        toCsv(rateRows(rates), { header: true, columns: CSV_COLUMNS, bom: true }),
      );
    else console.log(rateTable(rates));
  });
}
