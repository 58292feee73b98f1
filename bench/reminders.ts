/**
 * A reminder cycle for many leads against a fake LINE API that answers each push after 50 ms.
 *
 * Reports wall time, pushes sent (which must equal the number of leads with due indicators) and
 * database queries (statements and batches sent to libSQL), per lead and in total, for two sizes,
 * so that it shows whether the query count grows with the number of leads.
 * Target (issue 3): 1,000 leads in under 60 s; query count independent of the number of leads.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import { configFromEnv } from "../bot/config.ts";
import { buildAppDeps } from "../bot/deps.ts";
import { runReminderCycle } from "../bot/reminders/cycle.ts";
import { databaseFromClient } from "../db/client.ts";
import { migrateDatabase, openDatabase } from "../db/node.ts";
import { loadPlanView } from "../db/plans.ts";
import * as s from "../db/schema.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder } from "../io/plan-files.ts";
import { cycleAt, dueIndicatorsByDepartment } from "../shared/reminder-plan.ts";
import { startFakeLineProcess } from "./fake-line.ts";

const LATENCY_MS = 50;
const SIZES = (process.env.BENCH_LEADS ?? "100,1000").split(",").map(Number);
const NOW = new Date("2024-06-10T01:00:00Z");

/** Counts the round trips made through a libSQL client. */
function countingClient(client: Client) {
  const counter = { queries: 0 };
  const proxy = new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if (
        prop === "execute" ||
        prop === "batch" ||
        prop === "executeMultiple" ||
        prop === "migrate"
      ) {
        return (...args: unknown[]) => {
          counter.queries++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  return { client: proxy, counter };
}

async function runOnce(
  leads: number,
  lineUrl: string,
  pushesBefore: number,
  stats: () => Promise<{ pushes: number }>,
) {
  const dir = mkdtempSync(join(tmpdir(), "shinchoku-bench-remind-"));
  try {
    const setup = openDatabase(`file:${join(dir, "bench.db")}`);
    await migrateDatabase(setup);
    const imported = await importPlanFolder(setup, join(BUNDLED_PLANS_DIR, "tamana"));
    if (!imported.ok) throw new Error("tamana invalid");
    const departments = await setup.select().from(s.departments);
    const rows = Array.from({ length: leads }, (_, i) => {
      const org = departments[i % departments.length];
      return {
        planId: "tamana",
        lineUserId: `Ubench${String(i).padStart(27, "0")}`,
        role: "lead" as const,
        departmentId: org?.id ?? null,
      };
    });
    for (let i = 0; i < rows.length; i += 200)
      await setup.insert(s.members).values(rows.slice(i, i + 200));
    const plan = await loadPlanView(setup, "tamana");
    const spec = cycleAt(NOW);
    const due = plan ? dueIndicatorsByDepartment(plan, spec.period, spec.kind) : new Map();
    const orgName = new Map(departments.map((o) => [o.id, o.name]));
    const expected = rows.filter(
      (r) => (due.get(orgName.get(r.departmentId ?? -1) ?? "")?.length ?? 0) > 0,
    ).length;

    const { client, counter } = countingClient(setup.$client);
    const db = databaseFromClient(client);
    const config = configFromEnv({
      LINE_CHANNEL_SECRET: "bench",
      LINE_CHANNEL_ACCESS_TOKEN: "bench",
      LINE_API_BASE_URL: lineUrl,
    });
    const deps = { ...buildAppDeps({ db, config, defer: () => {} }), clock: () => NOW };
    const started = performance.now();
    const report = await runReminderCycle(deps, "tamana");
    const wall = (performance.now() - started) / 1000;
    const pushed = (await stats()).pushes - pushesBefore;
    setup.$client.close();
    return { leads, expected, report, pushed, wall, queries: counter.queries };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function remindersBenchmark(): Promise<string> {
  const line = await startFakeLineProcess({ latencyMs: LATENCY_MS });
  try {
    const rows: string[] = [];
    let verdict = "";
    const queryCounts: number[] = [];
    for (const leads of SIZES) {
      const before = (await line.stats()).pushes;
      const r = await runOnce(leads, line.url, before, () => line.stats());
      queryCounts.push(r.queries);
      rows.push(
        `| ${leads} | ${r.expected} | ${r.report.sent} | ${r.pushed} | ${r.report.failed} | ${r.wall.toFixed(2)} s | ${r.queries} | ${(r.queries / leads).toFixed(3)} |`,
      );
      if (leads === 1000)
        verdict = `1,000 leads in ${r.wall.toFixed(1)} s: ${r.wall < 60 && r.pushed === r.expected ? "met" : "NOT met"}`;
    }
    const growth =
      queryCounts.length > 1
        ? `queries: ${queryCounts.join(" → ")} as leads grow ${SIZES.join(" → ")}`
        : "";
    return [
      "## reminders: one cycle for N leads, fake LINE answering each push after 50 ms",
      "",
      "command: npm run bench reminders   (Tamana plan, leads spread over its 10 課; concurrency 10)",
      "",
      "| leads | leads with due indicators | pushes reported | pushes received by fake LINE | failed | wall time | DB queries | queries per lead |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
      ...rows,
      "",
      `Target: ${verdict}; ${growth}.`,
      "",
    ].join("\n");
  } finally {
    line.stop();
  }
}
