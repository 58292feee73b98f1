/**
 * `npm run bench [name …]`: runs the benchmarks (all, or the named ones) and prints their figures.
 * docs/benchmarks.md records the figures with the command and the machine.
 */
import { cpus, totalmem } from "node:os";
import { answersBenchmark } from "./answers.ts";
import { forecastBenchmark } from "./forecast.ts";
import { importBenchmark } from "./import.ts";
import { liffBenchmark } from "./liff.ts";
import { recoveryBenchmark } from "./recovery.ts";
import { remindersBenchmark } from "./reminders.ts";
import { webhookBenchmark } from "./webhook.ts";

const BENCHMARKS: Record<string, () => Promise<string>> = {
  webhook: webhookBenchmark,
  reminders: remindersBenchmark,
  answers: answersBenchmark,
  liff: liffBenchmark,
  import: importBenchmark,
  recovery: recoveryBenchmark,
  forecast: forecastBenchmark,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = wanted.length ? wanted : Object.keys(BENCHMARKS);
const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(
  `# shinchoku benchmarks\n\nmachine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);
for (const name of names) {
  const bench = BENCHMARKS[name];
  if (!bench) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(BENCHMARKS).join(", ")}`);
    process.exitCode = 2;
    continue;
  }
  console.log(await bench());
}
