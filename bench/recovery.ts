/**
 * Events recovered after a kill (issue 9 §1 and §5: "`npm run bench` adds … events recovered after
 * a kill"). The production Node server (`node --import tsx bot/node.ts`, as the Dockerfile runs it)
 * gets a burst of signed text events — {@link USERS} users side by side, each user's events one after
 * another as LINE sends them — while LINE (the fake, slow: {@link LINE_LATENCY_MS} ms per answer) holds
 * the replies in flight. Once half the events are acknowledged the whole process group is SIGKILLed:
 * nothing is drained. The server is started again on the same database; LINE redelivers what it had
 * not seen acknowledged (as it does with redelivery on). The bench counts, per event, the answers
 * LINE accepted (a reply with its token or a push with its retry key), and times the recovery.
 *
 * tests/bot/shutdown.test.ts shows the same guarantee with every kind of stop; this measures it at
 * a larger burst and says how long the restart takes to catch up.
 */
import { join } from "node:path";
import { migrateDatabase, openDatabase } from "../db/node.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder } from "../io/plan-files.ts";
import { type FakeLine, startFakeLine } from "../tests/support/fake-line.ts";
import {
  freePort,
  type GroupProcess,
  makeTempDir,
  spawnGroup,
  waitForHttp,
} from "../tests/support/processes.ts";
import { answersPerEvent, sendInUserOrder, textEvent } from "../tests/support/webhook.ts";
import { BENCH_SECRET } from "./server.ts";

const EVENTS = Number(process.env.BENCH_RECOVERY_EVENTS ?? 400);
const USERS = 20;
const LINE_LATENCY_MS = 150;
/** How long to wait for every event to be answered after the restart. */
const CATCH_UP_LIMIT_MS = 120_000;
const QUESTIONS = ["ペーパーレス", "窓口", "研修", "ふるさと納税", "時間外勤務"];

type Event = ReturnType<typeof textEvent>;

async function startServer(
  databaseUrl: string,
  line: FakeLine,
): Promise<{ proc: GroupProcess; url: string }> {
  const port = await freePort();
  const proc = spawnGroup(process.execPath, ["--import", "tsx", "bot/node.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      LINE_CHANNEL_SECRET: BENCH_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: "bench-token",
      LINE_API_BASE_URL: line.url,
      LINE_DATA_API_BASE_URL: line.url,
      LINE_LOGIN_CHANNEL_ID: line.loginChannelId,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, proc, { timeoutMs: 120_000, accept: (s) => s === 200 });
  return { proc, url };
}

/** Polls until every event in `ids` has an answer, or the limit; returns when it happened (ms). */
async function allAnswered(line: FakeLine, events: Event[], ids: Set<string>): Promise<number> {
  const deadline = performance.now() + CATCH_UP_LIMIT_MS;
  while (performance.now() < deadline) {
    const counts = await answersPerEvent(line, events);
    if ([...ids].every((id) => (counts.get(id) ?? 0) >= 1)) return performance.now();
    await new Promise((r) => setTimeout(r, 50));
  }
  return Number.NaN;
}

export async function recoveryBenchmark(): Promise<string> {
  const dir = makeTempDir("shinchoku-bench-recovery-");
  const databaseUrl = `file:${join(dir.path, "server.db")}`;
  const db = openDatabase(databaseUrl);
  await migrateDatabase(db);
  if (!(await importPlanFolder(db, join(BUNDLED_PLANS_DIR, "tamana"))).ok)
    throw new Error("tamana plan is invalid");
  db.$client.close();
  const line = await startFakeLine();
  line.latencyMs = LINE_LATENCY_MS;
  const events = Array.from({ length: EVENTS }, (_, i) =>
    textEvent(
      QUESTIONS[i % QUESTIONS.length] ?? "窓口",
      `Ubench${String(i % USERS).padStart(27, "0")}`,
    ),
  );
  let server: { proc: GroupProcess; url: string } | null = null;
  try {
    server = await startServer(databaseUrl, line);
    const first = server;
    const pid = first.proc.child.pid;
    if (pid === undefined) throw new Error("no pid");
    let acks = 0;
    let killedAt = Number.NaN;
    const exited = new Promise<void>((done) => first.proc.child.once("exit", () => done()));
    const acked = await sendInUserOrder(first.url, events, BENCH_SECRET, () => {
      if (++acks === EVENTS / 2) {
        killedAt = performance.now();
        process.kill(-pid, "SIGKILL");
      }
    });
    await exited;
    await first.proc.stop();
    const beforeKill = await answersPerEvent(line, events);
    const answeredBeforeKill = [...beforeKill.values()].filter((n) => n > 0).length;

    // Restart: the inbox is handled at start; LINE then redelivers everything (it cannot tell what
    // was acknowledged just before the kill), and what was not acknowledged is new to the server.
    server = await startServer(databaseUrl, line);
    const upAt = performance.now();
    const ackedAnsweredAt = await allAnswered(line, events, acked);
    const redelivered = events.map((e) => ({ ...e, deliveryContext: { isRedelivery: true } }));
    const reAcked = await sendInUserOrder(server.url, redelivered, BENCH_SECRET);
    const allAt = await allAnswered(line, events, new Set(events.map((e) => e.webhookEventId)));
    // Anything that would answer twice has had time to.
    await new Promise((r) => setTimeout(r, 2 * LINE_LATENCY_MS + 1000));
    const counts = await answersPerEvent(line, events);
    const ofAcked = [...acked].map((id) => counts.get(id) ?? 0);
    const all = [...counts.values()];
    const n = (list: number[], f: (x: number) => boolean) => list.filter(f).length;
    const s = (ms: number) => (Number.isNaN(ms) ? "—" : `${(ms / 1000).toFixed(2)} s`);
    return [
      "## recovery: events recovered after a kill",
      "",
      `command: npm run bench recovery   (node bot/node.ts; ${EVENTS} text events from ${USERS} users, each user's in order; LINE answers in ${LINE_LATENCY_MS} ms; SIGKILL to the server's process group after ${EVENTS / 2} acknowledgements; restart on the same database; then LINE redelivers all ${EVENTS})`,
      "",
      "| events | count |",
      "| --- | --- |",
      `| sent | ${EVENTS} |`,
      `| acknowledged (200) before the kill | ${acked.size} |`,
      `| answered before the kill | ${answeredBeforeKill} |`,
      `| acknowledged: answered exactly once in the end | ${n(ofAcked, (x) => x === 1)} |`,
      `| acknowledged: answered twice or more / never | ${n(ofAcked, (x) => x > 1)} / ${n(ofAcked, (x) => x === 0)} |`,
      `| redelivered after the restart, acknowledged | ${reAcked.size} |`,
      `| all events: answered exactly once / twice or more / never | ${n(all, (x) => x === 1)} / ${n(all, (x) => x > 1)} / ${n(all, (x) => x === 0)} |`,
      "",
      `kill → server answering /healthz again: ${s(upAt - killedAt)}; → every acknowledged event answered: ${s(ackedAnsweredAt - killedAt)} (${s(ackedAnsweredAt - upAt)} after the restart); → every event answered, redeliveries included: ${s(allAt - killedAt)}`,
      "",
      `Every acknowledged event answered exactly once — ${n(ofAcked, (x) => x === 1) === acked.size ? "yes" : "NO"}.`,
      "",
    ].join("\n");
  } finally {
    await server?.proc.stop();
    await line.stop();
    dir.remove();
  }
}
