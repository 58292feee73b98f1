import { type CheckStatus, type DoctorReport, runDoctor } from "../setup/doctor.ts";
import { doctorText as t } from "../text/cli.ts";

const MARKS: Record<CheckStatus, string> = t.marks;

/** The report as text, one line per item: mark, label, what was found and, after →, the fix. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines = report.checks.map(
    (c) => `${MARKS[c.status]} ${c.label}: ${c.message}${c.fix ? ` → ${c.fix}` : ""}`,
  );
  const { ok, warn, fail, skip } = report.counts;
  const total = report.checks.length;
  const tally = t.tally(total, ok, warn, fail, skip);
  if (report.ok) lines.push(warn > 0 ? t.okWithWarnings(tally) : t.allOk(tally));
  else lines.push(t.failed(tally));
  return lines.join("\n");
}

/**
 * `npx shinchoku doctor [--json]`: runs the checks of bot/setup/doctor.ts against `process.env` and
 * prints the report (`--json`: the {@link DoctorReport} object). Exit code 0 when no item failed
 * (warnings allowed), 1 otherwise.
 */
export async function doctorCommand(opts: { json?: boolean }) {
  const report = await runDoctor(process.env);
  if (opts.json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(t.heading);
    console.log(formatDoctorReport(report));
  }
  process.exitCode = report.ok ? 0 : 1;
}
