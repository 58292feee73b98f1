import { createInterface } from "node:readline/promises";
import { runDoctor } from "../setup/doctor.ts";
import { runSetup, type SetupOptions, type StepStatus } from "../setup/setup.ts";
import { setupText as t } from "../text/cli.ts";
import { formatDoctorReport } from "./doctor.ts";

const MARKS: Record<StepStatus, string> = t.marks;
const STEP_LABELS = t.steps;

/**
 * `npx shinchoku setup [values…] [--plan <dir|xlsx>] [--webhook] [--richmenu] [--invite]`: runs the
 * steps of bot/setup/setup.ts, prints each with ✓ (done), ⚠ (done as far as the API allows; the
 * rest is printed), － (skipped, with what it needs) or ✗ (failed), then the doctor's report unless
 * `--no-doctor`. On a terminal it first asks for the LINE values and the public URL that are neither
 * given nor set (`--no-input`: never asks). Exit code 1 when a step failed, else 0 (the doctor's
 * items do not change it).
 */
export async function setupCommand(opts: SetupOptions & { doctor: boolean; input: boolean }) {
  const { doctor, input, ...options } = opts;
  const prompt =
    input && process.stdin.isTTY && process.stdout.isTTY
      ? createInterface({ input: process.stdin, output: process.stdout })
      : null;
  let result: Awaited<ReturnType<typeof runSetup>>;
  try {
    result = await runSetup(
      prompt ? { ...options, ask: (question) => prompt.question(question) } : options,
      process.env,
    );
  } finally {
    prompt?.close();
  }
  console.log("shinchoku setup");
  for (const step of result.steps) {
    const [first, ...rest] = step.lines;
    console.log(`${MARKS[step.status]} ${STEP_LABELS[step.step]}: ${first ?? ""}`);
    for (const l of rest) console.log(`    ${l}`);
  }
  if (result.steps.length === 0) console.log(t.nothingDone);
  if (doctor && result.steps.every((s) => s.step !== "env" || s.status !== "failed")) {
    console.log(t.doctorHeading);
    console.log(formatDoctorReport(await runDoctor(process.env)));
  }
  process.exitCode = result.ok ? 0 : 1;
}
