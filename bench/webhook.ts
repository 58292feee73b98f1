/**
 * Signed text webhooks against the Node server (`npm start`'s bot/node.ts, in its own process) on
 * loopback, with the Tamana plan loaded and LINE replies going to a fake LINE server.
 *
 * Load: a fixed rate of 200 requests/s for 20 s (autocannon), each a distinct signed event asking
 * a plan question, so every request does the full work: signature check, dedupe insert, plan load,
 * search, Flex build, reply over HTTP. Target (issue 2): p99 under 50 ms at 200 requests/s.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { type FakeLineProcess, startFakeLineProcess } from "./fake-line.ts";
import { BENCH_SECRET, freePort, signedTextWebhook, waitForHealth } from "./server.ts";

const SECRET = BENCH_SECRET;
const RATE = Number(process.env.BENCH_RATE ?? 200);
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
/**
 * autocannon's fixed rate fires every connection at once, so N connections send bursts of N
 * requests: 10 is the steady case, 20 a burstier one.
 */
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "10,20").split(",").map(Number);
const QUESTIONS = [
  "ペーパーレス",
  "窓口",
  "ふるさと納税",
  "⑲",
  "研修",
  "時間外勤務",
  "オンライン化",
  "今日の天気",
];

async function replyCount(line: FakeLineProcess): Promise<number> {
  return (await line.stats()).replies;
}

export async function webhookBenchmark(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "shinchoku-bench-"));
  const line = await startFakeLineProcess();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it exits (to find hot spots).
  const profile = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF]
    : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "bot/node.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${join(dir, "bench.db")}`,
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: "bench-token",
      LINE_API_BASE_URL: line.url,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitForHealth(url, child);
    // Warm up at the full rate: JIT, SQLite page cache, connection pools.
    await autocannon({
      url: `${url}/webhook`,
      connections: 10,
      duration: 5,
      overallRate: RATE,
      requests: [request()],
    });
    const rows: string[] = [];
    let verdict = "";
    for (const connections of CONNECTIONS) {
      await new Promise((r) => setTimeout(r, 1000));
      const repliesBefore = await replyCount(line);
      const result = await autocannon({
        url: `${url}/webhook`,
        connections,
        duration: DURATION,
        overallRate: RATE,
        requests: [request()],
      });
      // Let deferred replies drain before counting them.
      let replies = 0;
      for (let i = 0; i < 50; i++) {
        replies = (await replyCount(line)) - repliesBefore;
        if (replies >= result.requests.total) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const met = result.latency.p99 < 50 && result.requests.average >= RATE * 0.95;
      verdict += `${connections} connections: target ${met ? "met" : "NOT met"}. `;
      rows.push(
        `| ${connections} | ${result.requests.total} | ${result.requests.average.toFixed(1)} | ${result.latency.p50} | ${result.latency.p90} | ${result.latency.p99} | ${result.latency.max} | ${result.non2xx}/${result.errors}/${result.timeouts} | ${replies} |`,
      );
    }
    return [
      "## webhook: signed text webhooks → Node server (Tamana plan)",
      "",
      `command: npm run bench webhook   (${RATE} requests/s for ${DURATION} s per row, loopback; latency in ms)`,
      "",
      "| connections | requests | requests/s | p50 | p90 | p99 | max | non-2xx/errors/timeouts | replies at fake LINE |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...rows,
      "",
      `Target p99 < 50 ms at 200 requests/s — ${verdict.trim()}`,
      "",
    ].join("\n");
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    if (child.exitCode === null) child.kill("SIGKILL");
    line.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function request(): autocannon.Request {
  return {
    method: "POST",
    path: "/webhook",
    setupRequest: (req) => {
      const { body, signature } = signedTextWebhook(QUESTIONS);
      return {
        ...req,
        body,
        headers: { "content-type": "application/json", "x-line-signature": signature },
      };
    },
  };
}
