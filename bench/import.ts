/**
 * Webhook latency while a large plan is imported through the LIFF API (issue 9 §5: "keep webhook
 * p99 under 100 ms while a 20,000-row import runs").
 *
 * The Node server (`npm start`'s bot/node.ts) runs in its own process on a fresh embedded database,
 * with LINE (replies and the LIFF ID-token check) faked in another process. The import is the
 * generated plan of bench/answers.ts written as the import format's files (plan.yaml and CSV, as
 * the LIFF import page sends them): {@link INITIATIVES} initiatives with 2 indicators, 2 targets,
 * 2 actuals and 1 grade each — 20,000 rows in all tables (plus branches and 課). While
 * `POST /api/plans/import` runs, signed text webhooks (plan questions, distinct events) arrive at
 * {@link RATE} per second; each one's latency is timed from this process. Baseline: the same rate
 * for 3 s before the import; the 3 s after its answer are measured too.
 *
 * Two imports on the same server: the new plan, then the same plan again after a member was added,
 * with every 10th initiative's 取組名 changed — a re-import that changes a plan people ask about, after
 * which the server prepares the plan's answers (bot/chat/questions.ts `preparePlanAnswersInSteps`).
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { exportPlanTables } from "../db/export-plan.ts";
import { importPlanBundle } from "../db/import.ts";
import { addMember } from "../db/members.ts";
import { migrateDatabase, openDatabase } from "../db/node.ts";
import { readPlanFolder, writePlanFolder } from "../io/plan-files.ts";
import { toCsv } from "../shared/csv.ts";
import { generatedBundle } from "./answers.ts";
import { startFakeLineProcess } from "./fake-line.ts";
import { startLoopProbe } from "./loop-probe.ts";
import { BENCH_SECRET, freePort, signedTextWebhook, waitForHealth } from "./server.ts";

const SECRET = BENCH_SECRET;
/** 8 rows per initiative: 20,000 rows. */
const INITIATIVES = Number(process.env.BENCH_IMPORT_INITIATIVES ?? 2500);
const RATE = Number(process.env.BENCH_IMPORT_RATE ?? 20);
const ADMIN = "Ubench-admin";
/** How long webhooks are measured after the import answered. */
const AFTER_MS = 3000;
const QUESTIONS = ["ペーパーレス", "窓口", "研修", "時間外勤務", "今日の天気"];
/**
 * `BENCH_PROBE=1`: the server and this process run bench/loop-probe.ts, and each slow webhook is
 * explained by what the two main threads did meanwhile (held event loop, time run, time waiting
 * for a core).
 */
const PROBE = process.env.BENCH_PROBE === "1";

/** One probe tick: wall time (ms), gap since the last tick, main thread's run and run-queue wait (ms). */
type Tick = [number, number, number, number];

function readTicks(file: string): Tick[] {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Tick);
  } catch {
    return [];
  }
}

/**
 * What a process's main thread did while a webhook was under way (`from`–`to`, wall ms): the longest
 * timer gap (the event loop held) split into the time the thread ran, waited for a core and was
 * blocked (neither: a sleep or a lock), and the run and wait summed over the window.
 */
function explain(ticks: Tick[], from: number, to: number): string {
  let worst: Tick | undefined;
  let run = 0;
  let wait = 0;
  for (const tick of ticks) {
    const [t, g, r, w] = tick;
    // A tick covers the `g` ms before `t`.
    if (t < from || t - g > to) continue;
    if (!worst || g > worst[1]) worst = tick;
    run += r;
    wait += w;
  }
  if (!worst) return "no ticks";
  const [, g, r, w] = worst;
  const blocked = Math.max(0, g - r - w);
  return `held ≤${g.toFixed(0)} (ran ${r.toFixed(0)}, waited ${w.toFixed(0)}, blocked ${blocked.toFixed(0)}); in all ran ${run.toFixed(0)}, waited ${wait.toFixed(0)}`;
}

/** The generated plan as the import format's files (plan.yaml and CSV text by file name). */
async function importFiles(dir: string): Promise<{ files: Record<string, string>; rows: number }> {
  const db = openDatabase(`file:${join(dir, "source.db")}`);
  await migrateDatabase(db);
  await importPlanBundle(db, generatedBundle(INITIATIVES));
  const tables = await exportPlanTables(db, "big");
  db.$client.close();
  if (!tables) throw new Error("the generated plan was not exported");
  const rows = Object.values(tables.tables).reduce((n, t) => n + Math.max(t.length - 1, 0), 0);
  await writePlanFolder(tables, join(dir, "files"));
  return { files: await readPlanFolder(join(dir, "files")), rows };
}

/**
 * The server process's resident memory, now and at its peak since it started (Linux `VmRSS`,
 * `VmHWM` in /proc; worker threads are in the same process), in MiB; null elsewhere.
 */
function serverMemory(pid: number | undefined): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "mu").exec(status)?.[1]);
    return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

/**
 * CPU time the server process has used (all its threads: main, background thread, GC, libuv), in
 * ms, from Linux's /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms); NaN elsewhere. Unlike
 * latency, it hardly depends on how busy the machine is.
 */
function serverCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime are fields 14 and 15 of the line; the split drops the first two.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface Timed {
  sentAt: number;
  ms: number;
  status: number;
}

/** Sends webhooks at {@link RATE} per second until `stop()` is called; resolves with their timings. */
function webhookLoad(url: string) {
  const timings: Promise<Timed>[] = [];
  const interval = setInterval(() => {
    const { body, signature } = signedTextWebhook(QUESTIONS);
    const sentAt = performance.now();
    timings.push(
      fetch(`${url}/webhook`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-line-signature": signature },
        signal: AbortSignal.timeout(60_000),
      })
        .then(async (res) => {
          await res.arrayBuffer();
          return { sentAt, ms: performance.now() - sentAt, status: res.status };
        })
        .catch(() => ({ sentAt, ms: performance.now() - sentAt, status: 0 })),
    );
  }, 1000 / RATE);
  return {
    async stop(): Promise<Timed[]> {
      clearInterval(interval);
      return Promise.all(timings);
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

function row(label: string, timings: Timed[]): string {
  const ms = timings.map((t) => t.ms).sort((a, b) => a - b);
  const bad = new Map<number, number>();
  for (const t of timings) if (t.status !== 200) bad.set(t.status, (bad.get(t.status) ?? 0) + 1);
  // Status 0: no answer (the connection failed or the 60 s timeout passed).
  const badText = bad.size ? [...bad].map(([status, n]) => `${n} × ${status}`).join(", ") : "0";
  const f = (n: number) => n.toFixed(1);
  return `| ${label} | ${timings.length} | ${f(percentile(ms, 50))} | ${f(percentile(ms, 90))} | ${f(percentile(ms, 99))} | ${f(ms.at(-1) ?? Number.NaN)} | ${badText} |`;
}

/** The generated plan's files with every 10th initiative's 取組名 changed: a re-import that changes the plan. */
function changedFiles(files: Record<string, string>): Record<string, string> {
  const rows = parseCsv(files["initiatives.csv"] ?? "", { bom: true }) as string[][];
  const [header = [], ...body] = rows;
  const title = header.indexOf("取組名");
  const changed = body.map((r, n) =>
    n % 10 === 0 ? r.map((cell, c) => (c === title ? `${cell}（改訂）` : cell)) : r,
  );
  return { ...files, "initiatives.csv": toCsv([header, ...changed]) };
}

/**
 * One import through `POST /api/plans/import` under the webhook load: the table of webhook
 * latencies before, during and after it.
 */
async function measureImport(
  url: string,
  pid: number | undefined,
  token: string,
  body: string,
  title: string,
  probe?: { server: string; client: string; flush: () => void },
): Promise<{ lines: string[]; p99: number }> {
  // Warm up for 3 s (JIT, page cache), then measure the idle baseline at the same rate.
  const warmUp = webhookLoad(url);
  await new Promise((r) => setTimeout(r, 3000));
  await warmUp.stop();
  await new Promise((r) => setTimeout(r, 1000));
  const idle = webhookLoad(url);
  await new Promise((r) => setTimeout(r, 3000));
  const baseline = await idle.stop();

  const memoryBefore = serverMemory(pid);
  const load = webhookLoad(url);
  await new Promise((r) => setTimeout(r, 200));
  const cpuBefore = serverCpuMs(pid);
  const started = performance.now();
  const res = await fetch(`${url}/api/plans/import`, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
  const answer = (await res.json()) as {
    report?: { initiatives?: { created: number; updated: number } };
  };
  const ended = performance.now();
  const importCpu = serverCpuMs(pid) - cpuBefore;
  // The server prepares a changed plan's answers (plan view, search index) after answering, so the
  // webhooks of the next seconds are measured too.
  await new Promise((r) => setTimeout(r, AFTER_MS));
  const all = await load.stop();
  const memoryAfter = serverMemory(pid);
  if (res.status !== 200)
    throw new Error(`import answered ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`);
  // A webhook is "during the import" when it was sent before the import answered and answered
  // after the import began.
  const during = all.filter((t) => t.sentAt < ended && t.sentAt + t.ms > started);
  // The server's Server-Timing splits the import: reading the body (a worker thread on Node) and
  // writing the plan (one transaction). A webhook belongs to the phase it was sent in.
  const timing = res.headers.get("server-timing") ?? "";
  const writeMs = Number(/write;dur=([\d.]+)/u.exec(timing)?.[1] ?? Number.NaN);
  const parseMs = Number(/parse;dur=([\d.]+)/u.exec(timing)?.[1] ?? Number.NaN);
  const writeStart = ended - writeMs;
  const reading = during.filter((t) => t.sentAt < writeStart);
  const writing = during.filter((t) => t.sentAt >= writeStart);
  const after = all.filter((t) => t.sentAt >= ended);
  const p99 = percentile(
    during.map((t) => t.ms).sort((a, b) => a - b),
    99,
  );
  const p99After = percentile(
    after.map((t) => t.ms).sort((a, b) => a - b),
    99,
  );
  const initiatives = answer.report?.initiatives;
  const explained: string[] = [];
  if (probe) {
    probe.flush();
    // The server appends every second; wait for its last ticks.
    await new Promise((r) => setTimeout(r, 1200));
    const server = readTicks(probe.server);
    const client = readTicks(probe.client);
    const wall = (t: number) => performance.timeOrigin + t;
    const phase = (t: Timed) =>
      t.sentAt < started
        ? "before"
        : t.sentAt < writeStart
          ? "read"
          : t.sentAt < ended
            ? "write"
            : "after";
    const slow = all.filter((t) => t.ms >= 100 && t.sentAt + t.ms > started - 200);
    explained.push(
      `Webhooks over 100 ms (${slow.length}), with what each process's main thread did meanwhile (ms; import began at 0, reading until ${(writeStart - started).toFixed(0)}, answered at ${(ended - started).toFixed(0)}):`,
      "",
      "| sent at | phase | ms | server: loop held, ran, waited for a core | bench: same |",
      "| --- | --- | --- | --- | --- |",
      ...slow.map(
        (t) =>
          `| ${(t.sentAt - started).toFixed(0)} | ${phase(t)} | ${t.ms.toFixed(0)} | ${explain(server, wall(t.sentAt), wall(t.sentAt + t.ms))} | ${explain(client, wall(t.sentAt), wall(t.sentAt + t.ms))} |`,
      ),
      "",
      `whole import (0–${(ended - started).toFixed(0)}): server ${explain(server, wall(started), wall(ended))}; bench ${explain(client, wall(started), wall(ended))}`,
      "",
    );
  }
  return {
    p99: Math.max(p99, p99After),
    lines: [
      `### ${title}`,
      "",
      `initiatives created ${initiatives?.created ?? "?"}, updated ${initiatives?.updated ?? "?"}; import took ${((ended - started) / 1000).toFixed(2)} s (POST /api/plans/import, until its answer); server-timing: reading ${(parseMs / 1000).toFixed(2)} s, writing ${(writeMs / 1000).toFixed(2)} s`,
      "",
      `server CPU (all threads) from the request to the answer: ${(importCpu / 1000).toFixed(2)} s, webhooks included`,
      "",
      memoryBefore && memoryAfter
        ? `server memory (RSS; peak since start): before the import ${memoryBefore.rss.toFixed(0)} MiB (peak ${memoryBefore.peak.toFixed(0)}), ${AFTER_MS / 1000} s after it ${memoryAfter.rss.toFixed(0)} MiB (peak ${memoryAfter.peak.toFixed(0)})`
        : "server memory: not measured (no /proc)",
      "",
      "| webhooks | count | p50 | p90 | p99 | max | non-200 |",
      "| --- | --- | --- | --- | --- | --- | --- |",
      row("idle (3 s before)", baseline),
      row("during the import", during),
      row("… sent while the body was read", reading),
      row("… sent while the plan was written", writing),
      row(`after the import's answer (${AFTER_MS / 1000} s)`, after),
      "",
      `Target p99 < 100 ms during the import and after it — ${p99 < 100 && p99After < 100 ? "met" : "NOT met"} (during ${p99.toFixed(1)}, after ${p99After.toFixed(1)}).`,
      "",
      ...explained,
    ],
  };
}

export async function importBenchmark(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "shinchoku-bench-import-"));
  const { files, rows } = await importFiles(dir);
  const body = JSON.stringify({ files });
  const reimportBody = JSON.stringify({ files: changedFiles(files) });
  const line = await startFakeLineProcess({ idTokensFor: [ADMIN] });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const databaseUrl = `file:${join(dir, "bench.db")}`;
  const probe = PROBE
    ? {
        server: join(dir, "probe-server.jsonl"),
        client: join(dir, "probe-bench.jsonl"),
        flush: startLoopProbe(join(dir, "probe-bench.jsonl")),
      }
    : undefined;
  const probeArgs = probe ? ["--import", "./bench/loop-probe.ts"] : [];
  const child = spawn(process.execPath, ["--import", "tsx", ...probeArgs, "bot/node.ts"], {
    env: {
      ...process.env,
      ...(probe ? { BENCH_LOOP_PROBE: probe.server } : {}),
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: "bench-token",
      LINE_API_BASE_URL: line.url,
      LINE_LOGIN_CHANNEL_ID: "1234567890",
      ADMIN_LINE_USER_IDS: ADMIN,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitForHealth(url, child);
    const token = line.idTokens[ADMIN];
    if (!token) throw new Error("the fake LINE issued no ID token");
    const created = await measureImport(url, child.pid, token, body, "1. a new plan", probe);
    // The plan gets a member (from this process, on the server's file, as the CLI would), so a
    // re-import that changes it is a plan people ask about: the server prepares its answers.
    const db = openDatabase(databaseUrl);
    await addMember(db, { planId: "big", lineUserId: "Ubench-office", role: "office" });
    db.$client.close();
    const reimported = await measureImport(
      url,
      child.pid,
      token,
      reimportBody,
      "2. the same plan again, with a member and 250 initiatives' 取組名 changed",
      probe,
    );
    return [
      "## import: webhook latency while a 20,000-row plan is imported through the LIFF API",
      "",
      `command: npm run bench import   (Node server in its own process; ${rows.toLocaleString("en")} rows in ${Object.keys(files).length} files, ${(body.length / 2 ** 20).toFixed(1)} MiB of JSON, ${INITIATIVES.toLocaleString("en")} initiatives; webhooks at ${RATE}/s; latency in ms)`,
      "",
      ...created.lines,
      ...reimported.lines,
    ].join("\n");
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    if (child.exitCode === null) child.kill("SIGKILL");
    line.stop();
    if (probe) {
      probe.flush();
      const kept = mkdtempSync(join(tmpdir(), "shinchoku-probe-"));
      for (const f of [probe.server, probe.client]) copyFileSync(f, join(kept, basename(f)));
      console.error(`probe ticks kept in ${kept}`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
