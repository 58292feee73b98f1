/**
 * The production server as a real process (`npm start`, then `node --import tsx bot/node.ts` as
 * the Dockerfile and the systemd unit run it) killed in the middle of a burst of 100 signed events
 * while LINE (the fake, in this process) is slow, then restarted: every event is answered exactly
 * once and recorded once, whatever the kill.
 *
 * The phases run in order on one database: each restart is the next phase's server.
 * - SIGTERM to the process group of `npm start` (what Docker and systemd do): npm and node both get
 *   it; node stops accepting, finishes the events it is handling and exits 0.
 * - SIGKILL to the group: nothing is finished; the restart picks the events up from the inbox.
 * - SIGTERM twice to node: the second does not cut the drain short.
 *
 * After each restart the test sends all 100 events again, as LINE redelivers what it did not see
 * acknowledged; the inbox must not handle the acknowledged ones twice.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushRetryKeyFor } from "../../bot/inbox.ts";
import { inboxDatabaseUrl, migrateDatabase, openDatabase } from "../../db/node.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder } from "../../io/plan-files.ts";
import { TEST_ACCESS_TOKEN, TEST_CHANNEL_SECRET } from "../support/app.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";
import {
  freePort,
  type GroupProcess,
  makeTempDir,
  spawnGroup,
  waitForHttp,
} from "../support/processes.ts";
import { answersPerEvent, sendInUserOrder, textEvent } from "../support/webhook.ts";

const EVENTS = 100;
const USERS = 10;
/** The fake LINE's answer time: long enough that a kill always finds replies in flight. */
const LINE_LATENCY_MS = 150;
const QUESTIONS = ["ペーパーレス", "窓口", "研修", "ふるさと納税", "時間外勤務"];
const REPLY = "/v2/bot/message/reply";
const PUSH = "/v2/bot/message/push";

let line: FakeLine;
let dir: ReturnType<typeof makeTempDir>;
let databaseUrl: string;
const outputs: string[] = [];
let server: { proc: GroupProcess; url: string } | null = null;

type Event = ReturnType<typeof textEvent>;

beforeAll(async () => {
  line = await startFakeLine();
  line.latencyMs = LINE_LATENCY_MS;
  dir = makeTempDir("shinchoku-kill-");
  databaseUrl = `file:${join(dir.path, "server.db")}`;
  // The plan is loaded here so that each start of the server is quick.
  const db = openDatabase(databaseUrl);
  await migrateDatabase(db);
  const imported = await importPlanFolder(db, join(BUNDLED_PLANS_DIR, "tamana"));
  if (!imported.ok) throw new Error("tamana plan is invalid");
  db.$client.close();
}, 120_000);

afterAll(async () => {
  await server?.proc.stop();
  await line?.stop();
  dir?.remove();
  // No unhandled rejection in any run of the server (bot/node.ts logs them instead of dying).
  for (const output of outputs) expect(output).not.toContain("unhandled rejection");
}, 60_000);

/** Starts the server: `npm start` (builds the LIFF app first) or node directly. */
async function start(how: "npm" | "node"): Promise<{ proc: GroupProcess; url: string }> {
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: line.url,
    LINE_DATA_API_BASE_URL: line.url,
    LINE_LOGIN_CHANNEL_ID: line.loginChannelId,
  };
  const proc =
    how === "npm"
      ? spawnGroup("npm", ["start"], { env })
      : spawnGroup(process.execPath, ["--import", "tsx", "bot/node.ts"], { env });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, proc, { timeoutMs: 150_000, accept: (s) => s === 200 });
  return { proc, url };
}

/** Resolves with the exit code and signal of the group leader. */
function exitOf(proc: GroupProcess): Promise<{ code: number | null; signal: string | null }> {
  const { child } = proc;
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((done) => child.once("exit", (code, signal) => done({ code, signal })));
}

function makeEvents(phase: string): Event[] {
  return Array.from({ length: EVENTS }, (_, i) =>
    textEvent(
      QUESTIONS[i % QUESTIONS.length] ?? "窓口",
      `U${phase}${String(i % USERS).padStart(31 - phase.length, "0")}`.slice(0, 33),
    ),
  );
}

/** The inbox rows of these events, read from the inbox file the server uses beside its database. */
async function inboxOf(events: Event[]) {
  const inboxUrl = inboxDatabaseUrl(databaseUrl);
  if (!inboxUrl) throw new Error(`no inbox file for ${databaseUrl}`);
  const db = openDatabase(inboxUrl);
  try {
    const ids = events.map((e) => e.webhookEventId);
    const placeholders = ids.map(() => "?").join(",");
    const inbox = await db.$client.execute({
      sql: `select status, count(*) n from webhook_inbox where webhook_event_id in (${placeholders}) group by status`,
      args: ids,
    });
    const ledger = await db.$client.execute({
      sql: `select count(*) n from webhook_events where webhook_event_id in (${placeholders})`,
      args: ids,
    });
    return {
      byStatus: Object.fromEntries(inbox.rows.map((r) => [String(r.status), Number(r.n)])),
      ledger: Number(ledger.rows[0]?.n),
    };
  } finally {
    db.$client.close();
  }
}

/**
 * After a restart: LINE redelivers all events; then every event is answered exactly once (also
 * after a further wait), the inbox holds each once and done, and each user's answers came in the
 * order of their events.
 */
async function expectEachAnsweredOnce(url: string, events: Event[]): Promise<void> {
  const redelivered = events.map((e) => ({ ...e, deliveryContext: { isRedelivery: true } }));
  expect((await sendInUserOrder(url, redelivered, TEST_CHANNEL_SECRET)).size).toBe(EVENTS);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const counts = await answersPerEvent(line, events);
    if ([...counts.values()].every((n) => n >= 1)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  // Anything that would answer twice has had time to do so.
  await new Promise((r) => setTimeout(r, 2 * LINE_LATENCY_MS + 1000));
  const counts = await answersPerEvent(line, events);
  const wrong = [...counts.entries()].filter(([, n]) => n !== 1);
  expect(wrong, `events not answered exactly once: ${JSON.stringify(wrong)}`).toEqual([]);
  expect(await inboxOf(events)).toEqual({ byStatus: { done: EVENTS }, ledger: EVENTS });

  // Per user, answers in event order.
  const index = new Map(events.map((e, i) => [e.replyToken, i]));
  const keyIndex = new Map<string, number>();
  for (const [i, e] of events.entries()) keyIndex.set(await pushRetryKeyFor(e.webhookEventId), i);
  const seen = new Map<string, number>();
  for (const r of line.requests) {
    if (r.status !== 200) continue;
    const i =
      r.path === REPLY
        ? index.get((r.body as { replyToken: string }).replyToken)
        : r.path === PUSH
          ? keyIndex.get(String(r.headers["x-line-retry-key"]))
          : undefined;
    if (i === undefined) continue;
    const user = events[i]?.source.userId ?? "";
    expect(i, `answers to ${user} out of order`).toBeGreaterThan(seen.get(user) ?? -1);
    seen.set(user, i);
  }
}

/** Sends the burst and, once `killAfter` events are acknowledged, runs `kill`. */
async function burstAndKill(
  target: { proc: GroupProcess; url: string },
  events: Event[],
  kill: (pid: number) => void,
): Promise<Set<string>> {
  const pid = target.proc.child.pid;
  if (pid === undefined) throw new Error("no pid");
  let acks = 0;
  let killed = false;
  const acked = await sendInUserOrder(target.url, events, TEST_CHANNEL_SECRET, () => {
    acks++;
    if (!killed && acks >= EVENTS / 2) {
      killed = true;
      kill(pid);
    }
  });
  expect(killed).toBe(true);
  return acked;
}

describe("an acknowledged webhook event is never lost (a real server, killed mid-burst)", () => {
  it("SIGTERM to the process group of `npm start`: node drains and exits 0; after a restart each event is answered once", async () => {
    const first = await start("npm");
    server = first;
    const events = makeEvents("term");
    const acked = await burstAndKill(first, events, (pid) => process.kill(-pid, "SIGTERM"));
    const exit = await exitOf(first.proc);
    outputs.push(first.proc.output());
    expect(exit, first.proc.output()).toEqual({ code: 0, signal: null });
    expect(first.proc.output()).toContain("SIGTERM: shutting down");
    expect(acked.size).toBeGreaterThanOrEqual(EVENTS / 2);
    await first.proc.stop();

    server = await start("node");
    await expectEachAnsweredOnce(server.url, events);
  }, 400_000);

  it("SIGKILL to the process group: after a restart each acknowledged event is answered once", async () => {
    if (!server) throw new Error("no server from the previous phase");
    const current = server;
    const events = makeEvents("kill");
    await burstAndKill(current, events, (pid) => process.kill(-pid, "SIGKILL"));
    expect(await exitOf(current.proc)).toEqual({ code: null, signal: "SIGKILL" });
    outputs.push(current.proc.output());
    await current.proc.stop();

    server = await start("node");
    await expectEachAnsweredOnce(server.url, events);
  }, 300_000);

  it("SIGTERM twice: the second does not cut the drain short; exit 0, and each event answered once after a restart", async () => {
    if (!server) throw new Error("no server from the previous phase");
    const current = server;
    const events = makeEvents("twice");
    await burstAndKill(current, events, (pid) => {
      process.kill(pid, "SIGTERM");
      setTimeout(() => {
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          // already gone
        }
      }, 50);
    });
    expect(await exitOf(current.proc)).toEqual({ code: 0, signal: null });
    outputs.push(current.proc.output());
    await current.proc.stop();

    server = await start("node");
    await expectEachAnsweredOnce(server.url, events);
    const last = server;
    last.proc.child.kill("SIGTERM");
    expect(await exitOf(last.proc)).toEqual({ code: 0, signal: null });
    outputs.push(last.proc.output());
    await last.proc.stop();
    server = null;
  }, 300_000);
});
