import { type CheckStatus, type DoctorReport, runDoctor } from "../setup/doctor.ts";

const MARKS: Record<CheckStatus, string> = { ok: "✓", warn: "⚠", fail: "✗", skip: "－" };

/** The report as text, one line per item: mark, label, what was found and, after →, the fix. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines = report.checks.map(
    (c) => `${MARKS[c.status]} ${c.label}: ${c.message}${c.fix ? ` → ${c.fix}` : ""}`,
  );
  const { ok, warn, fail, skip } = report.counts;
  const total = report.checks.length;
  const tally = `${total}項目中 ✓${ok} ⚠${warn} ✗${fail} －${skip}`;
  if (report.ok) {
    lines.push(
      warn > 0
        ? `結果: ${tally}。動かせます。⚠ の項目は → のとおり確かめてください。`
        : `結果: ${tally}。すべて確認できました。`,
    );
  } else {
    lines.push(
      `結果: ${tally}。✗ の項目を → のとおり直して、もう一度 npx shinchoku doctor を実行してください。`,
    );
  }
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
    console.log("shinchoku doctor: 本番で動かす準備ができているかを確かめます（何も変更しません）");
    console.log(formatDoctorReport(report));
  }
  process.exitCode = report.ok ? 0 : 1;
}
