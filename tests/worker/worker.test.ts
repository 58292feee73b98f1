/**
 * The real Worker entry (bot/worker.ts with wrangler.toml) in workerd, via `wrangler dev --local`,
 * against a real libSQL server (sqld) over HTTP. Only LINE is faked, at the HTTP level.
 */
import { join } from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toInboxEvent } from "../../bot/inbox.ts";
import { securityHeaderValues } from "../../bot/security.ts";
import type { Database } from "../../db/client.ts";
import { enqueueWebhookEvents } from "../../db/inbox.ts";
import { addMember } from "../../db/members.ts";
import { migrateDatabase, openDatabase } from "../../db/node.ts";
import { loadPlanViewUncached, planRevisionBump } from "../../db/plans.ts";
import { setReminderSettings } from "../../db/reminders.ts";
import {
  plans,
  reminderCycles,
  reminderDeliveries,
  webhookEvents,
  webhookInbox,
} from "../../db/schema.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder } from "../../io/plan-files.ts";
import { parsePeriodKey } from "../../shared/fiscal-year.ts";
import { cycleAt, dueIndicatorsByDepartment } from "../../shared/reminder-plan.ts";
import { TEST_ACCESS_TOKEN, TEST_CHANNEL_SECRET } from "../support/app.ts";
import { type FakeLine, type RecordedRequest, startFakeLine } from "../support/fake-line.ts";
import { type Sqld, startSqld } from "../support/sqld.ts";
import { textEvent, webhookBody } from "../support/webhook.ts";
import { startWranglerDev, type WranglerDev } from "../support/wrangler.ts";

const REPLY = "/v2/bot/message/reply";
const PUSH = "/v2/bot/message/push";
/** Pushes one cron run may send (the Worker's `REMINDER_BATCH_SIZE`), small to force batches. */
const BATCH_SIZE = 2;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
const USER = "Uworkertestuser0000000000000000001";

let sqld: Sqld | undefined;
let db: Database | undefined;
let fake: FakeLine | undefined;
let worker: WranglerDev | undefined;

function started<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} is not started`);
  return value;
}

/** POSTs a webhook body to the Worker; `signature` defaults to a valid one. */
async function postWebhook(events: unknown[], signature?: string): Promise<Response> {
  const signed = webhookBody(events, TEST_CHANNEL_SECRET);
  return fetch(`${started(worker, "worker").url}/webhook`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-line-signature": signature ?? signed.signature,
    },
    body: signed.body,
  });
}

function repliesTo(requests: RecordedRequest[], replyToken: string): RecordedRequest[] {
  return requests.filter(
    (r) =>
      r.path === REPLY &&
      r.status < 300 &&
      (r.body as { replyToken?: string }).replyToken === replyToken,
  );
}

/** Waits until the fake LINE got a reply with `replyToken`, and returns the replies with it. */
async function waitForReply(replyToken: string): Promise<RecordedRequest[]> {
  const line = started(fake, "fake LINE");
  try {
    await line.waitFor((requests) => repliesTo(requests, replyToken).length > 0, 15_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}; worker output:\n${worker?.output()}`);
  }
  return repliesTo(line.requests, replyToken);
}

/** Runs the Worker's `scheduled` handler once (`wrangler dev --test-scheduled`) and waits for it. */
async function triggerScheduled(cron: string): Promise<void> {
  const response = await fetch(`${started(worker, "worker").url}/__scheduled?cron=${cron}`);
  const text = await response.text();
  expect(response.status, worker?.output()).toBe(200);
  expect(text).toBe("Ran scheduled event");
}

beforeAll(async () => {
  sqld = await startSqld();
  db = openDatabase(sqld.url);
  await migrateDatabase(db);
  const imported = await importPlanFolder(db, join(BUNDLED_PLANS_DIR, "tamana"));
  if (!imported.ok) throw new Error(`tamana plan is invalid: ${JSON.stringify(imported.issues)}`);

  fake = await startFakeLine();
  worker = await startWranglerDev({
    DATABASE_URL: sqld.url,
    LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: fake.url,
    LINE_DATA_API_BASE_URL: fake.url,
    LINE_LOGIN_CHANNEL_ID: fake.loginChannelId,
    REMINDER_BATCH_SIZE: String(BATCH_SIZE),
  });
}, 180_000);

afterAll(async () => {
  // Each step runs even when an earlier one failed, so that no process is left running.
  const results = await Promise.allSettled([
    worker?.stop(),
    fake?.stop(),
    (async () => {
      db?.$client.close();
      await sqld?.stop();
    })(),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}, 60_000);

beforeEach(() => {
  fake?.reset();
});

describe("the Worker in workerd, with libSQL over HTTP", () => {
  it("answers GET /healthz with 200 when the database is reachable", async () => {
    const response = await fetch(`${started(worker, "worker").url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("serves the LIFF pages (static assets, no Worker) with the security headers the Worker and the Node server send (the build's _headers)", async () => {
    const url = started(worker, "worker").url;
    const expected = await securityHeaderValues();
    const index = await fetch(`${url}/`);
    const html = await index.text();
    const script = /src="(\/assets\/[^"]+\.js)"/u.exec(html)?.[1];
    expect(script).toBeDefined();
    // The index page, a client-side route (the SPA fallback), a script, and the Worker's own answer.
    for (const path of ["/", "/initiatives/1", script ?? "", "/healthz"]) {
      const res = await fetch(`${url}${path}`);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      for (const [name, value] of Object.entries(expected))
        expect({ path, name, value: res.headers.get(name) }).toEqual({ path, name, value });
    }
    expect(index.headers.get("content-security-policy")).toContain("script-src 'self'");
    // The file itself is not served: the path falls back to the index page.
    expect(await (await fetch(`${url}/_headers`)).text()).toBe(html);
  });

  it("answers a signed text webhook at once and replies with the matching initiative", async () => {
    const event = textEvent("ペーパーレス", USER);
    const response = await postWebhook([event]);
    expect(response.status).toBe(200);

    const replies = await waitForReply(event.replyToken);
    expect(replies).toHaveLength(1);
    const [reply] = replies as [RecordedRequest];
    expect(reply.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
    const { messages } = reply.body as { messages: { type: string; altText?: string }[] };
    expect(messages).toHaveLength(1);
    expect(messages[0]?.type).toBe("flex");
    expect(messages[0]?.altText).toContain("ペーパーレス");
    const sent = JSON.stringify(messages);
    for (const text of ["⑲", "ペーパーレス化の推進", "総務課", "40%", "50%"]) {
      expect(sent).toContain(text);
    }
  });

  it("refuses a webhook with a wrong signature with 401 and sends nothing to LINE", async () => {
    const line = started(fake, "fake LINE");
    const forged = textEvent("ペーパーレス", USER);
    const response = await postWebhook([forged], "d3Jvbmctc2lnbmF0dXJl");
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_signature" } });

    // A valid webhook sent afterwards is answered; by then the forged one would have been too.
    const marker = textEvent("窓口", USER);
    expect((await postWebhook([marker])).status).toBe(200);
    await waitForReply(marker.replyToken);
    expect(repliesTo(line.requests, forged.replyToken)).toHaveLength(0);
    expect(line.requests).toEqual(repliesTo(line.requests, marker.replyToken));
  });

  it("handles a redelivered webhookEventId once: one reply in all", async () => {
    const line = started(fake, "fake LINE");
    const event = textEvent("ペーパーレス", USER);
    expect((await postWebhook([event])).status).toBe(200);
    await waitForReply(event.replyToken);

    // LINE redelivers the same event (same id) in a later request. Events of one request are handled
    // in order, so once the marker after it is answered, the redelivery has been handled too.
    const redelivery = { ...event, deliveryContext: { isRedelivery: true } };
    const marker = textEvent("窓口", USER);
    expect((await postWebhook([redelivery, marker])).status).toBe(200);
    await waitForReply(marker.replyToken);

    expect(repliesTo(line.requests, event.replyToken)).toHaveLength(1);
    expect(line.sent(REPLY)).toHaveLength(2);
  });

  it("runs the scheduled handler in workerd: old webhook event ids are pruned, fresh ones kept", async () => {
    const database = started(db, "database");
    const day = 24 * 60 * 60 * 1000;
    const old = `worker-test-old-${Date.now()}`;
    const fresh = `worker-test-fresh-${Date.now()}`;
    await database.insert(webhookEvents).values([
      { webhookEventId: old, eventType: "message", receivedAt: new Date(Date.now() - 30 * day) },
      { webhookEventId: fresh, eventType: "message", receivedAt: new Date() },
    ]);

    await triggerScheduled("0+0+*+*+*");

    const left = await database
      .select({ id: webhookEvents.webhookEventId })
      .from(webhookEvents)
      .where(inArray(webhookEvents.webhookEventId, [old, fresh]));
    expect(left.map((r) => r.id)).toEqual([fresh]);
  });

  it("keeps acknowledged events in the inbox: the webhook's row is done once answered, and the cron handles an event left over", async () => {
    const database = started(db, "database");
    const event = textEvent("ペーパーレス", USER);
    expect((await postWebhook([event])).status).toBe(200);
    await waitForReply(event.replyToken);
    const status = async (id: string) =>
      (
        await database
          .select({ status: webhookInbox.status })
          .from(webhookInbox)
          .where(eq(webhookInbox.webhookEventId, id))
      )[0]?.status;
    for (let i = 0; i < 50 && (await status(event.webhookEventId)) !== "done"; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await status(event.webhookEventId)).toBe("done");

    // Acknowledged, then the isolate's waitUntil was cut short: only the inbox has it.
    const left = textEvent("窓口", USER);
    await enqueueWebhookEvents(database, [toInboxEvent(left as never)]);
    await triggerScheduled("0+0+*+*+*");
    expect(await waitForReply(left.replyToken)).toHaveLength(1);
    expect(await status(left.webhookEventId)).toBe("done");
  });

  // Last: the reminder settings it enables would make the scheduled runs of other tests push too.
  it("runs the month's reminder cycle from the cron in batches of REMINDER_BATCH_SIZE: one push per lead with indicators due, none twice", async () => {
    const database = started(db, "database");
    const line = started(fake, "fake LINE");
    const planId = "tamana";
    // The Worker's clock is the event's time, now: the cycle asks for the month before this one.
    const spec = cycleAt(new Date());
    // The plan runs R4–R8; once the period asked for is later, extend it here so that
    // indicators are still due.
    const [plan] = await database
      .select({ endFiscalYear: plans.endFiscalYear })
      .from(plans)
      .where(eq(plans.id, planId));
    if (plan && plan.endFiscalYear < spec.period.fiscalYear) {
      await database.batch([
        database
          .update(plans)
          .set({ endFiscalYear: spec.period.fiscalYear })
          .where(eq(plans.id, planId)),
        planRevisionBump(database, planId),
      ]);
    }
    // Day 1 at 00:00: the cycle is due whatever the day of the month.
    await setReminderSettings(database, planId, {
      enabled: true,
      dayOfMonth: 1,
      time: "00:00",
      periodMode: "previous_month",
      followUpDays: null,
      escalate: false,
    });
    const owners = [
      "総務課",
      "財政課",
      "税務課",
      "地域振興課",
      "企画経営課",
      "情報政策課",
      "商工政策課",
    ];
    const leadOf = new Map<string, string>();
    for (const [n, department] of owners.entries()) {
      const lineUserId = `Uworkertestlead${String(n).padStart(19, "0")}`;
      await addMember(database, { planId, lineUserId, role: "lead", department });
      leadOf.set(lineUserId, department);
    }
    // 都市整備課 is the first 担当課 of no initiative with indicators: nothing is asked of it.
    const idle = "Uworkertestleadidle0000000000000000";
    await addMember(database, { planId, lineUserId: idle, role: "lead", department: "都市整備課" });
    const view = await loadPlanViewUncached(database, planId);
    if (!view) throw new Error("tamana plan is missing");
    const dueNow = dueIndicatorsByDepartment(view, spec.period, spec.kind);
    for (const department of owners)
      expect(dueNow.get(department)?.length, department).toBeGreaterThan(0);
    expect(dueNow.has("都市整備課")).toBe(false);

    // Each run sends at most BATCH_SIZE pushes and leaves the cycle `sending` until the last.
    const pushes = () => line.requests.filter((r) => r.path === PUSH);
    const cycleRow = async () => {
      const rows = await database
        .select()
        .from(reminderCycles)
        .where(eq(reminderCycles.planId, planId));
      expect(rows).toHaveLength(1);
      return rows[0] as typeof reminderCycles.$inferSelect;
    };
    const sentPerRun: number[] = [];
    const statusPerRun: string[] = [];
    for (let run = 0; run < owners.length && pushes().length < owners.length; run++) {
      const before = pushes().length;
      await triggerScheduled("*/10+*+*+*+*");
      sentPerRun.push(pushes().length - before);
      statusPerRun.push((await cycleRow()).status);
    }
    const runs = Math.ceil(owners.length / BATCH_SIZE);
    expect(sentPerRun).toEqual(
      Array.from({ length: runs }, (_, i) => Math.min(BATCH_SIZE, owners.length - i * BATCH_SIZE)),
    );
    expect(statusPerRun).toEqual([...Array(runs - 1).fill("sending"), "done"]);

    // Once done, a further run sends nothing.
    await triggerScheduled("*/10+*+*+*+*");
    const all = pushes();
    expect(all).toHaveLength(owners.length);
    expect(all.map((r) => r.status)).toEqual(owners.map(() => 200));
    // Besides the pushes, only LINE's quota is read: once per run that sends (issue 12 §3).
    const others = line.requests.filter((r) => r.path !== PUSH);
    expect(new Set(others.map((r) => `${r.method} ${r.path}`))).toEqual(
      new Set(["GET /v2/bot/message/quota", "GET /v2/bot/message/quota/consumption"]),
    );
    expect(others.length).toBe(2 * runs);

    const cycle = await cycleRow();
    expect(cycle.status).toBe("done");
    expect(cycle.completedAt).not.toBeNull();
    expect([spec.cycleMonth, cycleAt(new Date()).cycleMonth]).toContain(cycle.cycleMonth);
    const period = parsePeriodKey(cycle.period);
    if (!period) throw new Error(`cycle period ${cycle.period} does not parse`);
    const due = dueIndicatorsByDepartment(view, period, cycle.kind);

    // One push per lead with something due, each with its own retry key, listing what its 課 owes.
    const recipients = all.map((r) => (r.body as { to: string }).to);
    expect([...recipients].sort()).toEqual([...leadOf.keys()].sort());
    expect(recipients).not.toContain(idle);
    const retryKeys = all.map((r) => r.headers["x-line-retry-key"]);
    for (const key of retryKeys) expect(key).toMatch(UUID);
    expect(new Set(retryKeys).size).toBe(all.length);
    for (const push of all) {
      const { to, messages } = push.body as {
        to: string;
        messages: { type: string; text: string; quickReply?: { items: unknown[] } }[];
      };
      const department = leadOf.get(to) ?? "";
      const items = due.get(department) ?? [];
      expect(messages).toHaveLength(1);
      const [message] = messages as [(typeof messages)[number]];
      expect(message.type).toBe("text");
      expect(message.text.startsWith("【実績報告のお願い】"), message.text).toBe(true);
      expect(message.text).toContain(department);
      const numbered = message.text.split("\n").filter((l) => /^\d+\. /u.test(l));
      expect(numbered.map((l) => l.split(". ")[0])).toEqual(items.map((_, i) => String(i + 1)));
      expect(numbered[0]).toBe(`1. ${items[0]?.name}（単位: ${items[0]?.unit}）`);
      // One quick reply per item (at most 12), and 報告の仕方.
      expect(message.quickReply?.items).toHaveLength(Math.min(items.length, 12) + 1);
    }

    // Every delivery was written with the retry key it was sent with, and is sent once.
    const deliveries = await database
      .select()
      .from(reminderDeliveries)
      .where(eq(reminderDeliveries.cycleId, cycle.id));
    expect(deliveries).toHaveLength(owners.length);
    for (const d of deliveries) {
      expect(d).toMatchObject({ kind: "reminder", status: "sent", attempts: 1, httpStatus: 200 });
    }
    expect(deliveries.map((d) => d.retryKey).sort()).toEqual([...retryKeys].sort());
  });
});

describe("optimistic checks decided by the database (several isolates on sqld)", () => {
  const OFFICE = "Uworkertestoffice000000000000000001";
  const CONCURRENT = 20;

  /** Sends `CONCURRENT` requests at once, all built before the first is sent. */
  async function together(send: (i: number) => Promise<Response>) {
    const responses = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => send(i)));
    return Promise.all(
      responses.map(async (r) => {
        const text = await r.text();
        try {
          return { status: r.status, body: JSON.parse(text) as unknown };
        } catch {
          throw new Error(`${r.status} ${text.slice(0, 500)}\n${worker?.output().slice(-3000)}`);
        }
      }),
    );
  }

  async function api(token: string, method: string, path: string, body: unknown) {
    return fetch(`${started(worker, "worker").url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  it("20 concurrent PATCHes with one version: exactly one 200 and 19 × 409, one version bump", async () => {
    const database = started(db, "database");
    await addMember(database, { planId: "tamana", lineUserId: OFFICE, role: "office" }).catch(
      () => {},
    );
    const token = started(fake, "fake LINE").issueIdToken({ sub: OFFICE });
    const view = await loadPlanViewUncached(database, "tamana");
    const initiative = view?.initiatives.find((i) => i.code === "⑲");
    if (!initiative) throw new Error("no ⑲");
    const [before] = await database.$client
      .execute({ sql: "select version from initiatives where id = ?", args: [initiative.id] })
      .then((r) => r.rows);
    const version = Number(before?.version);
    const results = await together((i) =>
      api(token, "PATCH", `/api/initiatives/${initiative.id}`, {
        version,
        weather: i % 2 === 0 ? "雨" : "晴れ",
        comment: `同時更新 ${i}`,
      }),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, worker?.output()).toEqual([
      200,
      ...Array.from({ length: CONCURRENT - 1 }, () => 409),
    ]);
    for (const r of results.filter((x) => x.status === 409))
      expect((r.body as { error: { code: string } }).error.code).toBe("conflict");
    const [after] = await database.$client
      .execute({ sql: "select version from initiatives where id = ?", args: [initiative.id] })
      .then((r) => r.rows);
    expect(Number(after?.version)).toBe(version + 1);
    // Only the winner's comment was written (a losing request adds nothing).
    const comments = await database.$client.execute({
      sql: "select count(*) n from comments where initiative_id = ? and body like '同時更新 %'",
      args: [initiative.id],
    });
    expect(Number(comments.rows[0]?.n)).toBe(1);
  }, 120_000);

  it("20 concurrent actual corrections with one baseId: exactly one 201 and 19 × 409, one row", async () => {
    const database = started(db, "database");
    await addMember(database, { planId: "tamana", lineUserId: OFFICE, role: "office" }).catch(
      () => {},
    );
    const token = started(fake, "fake LINE").issueIdToken({ sub: OFFICE });
    const view = await loadPlanViewUncached(database, "tamana");
    const indicator = view?.initiatives.find((i) => i.code === "⑲")?.indicators[0];
    if (!indicator) throw new Error("⑲ has no indicator");
    const count = async () =>
      Number(
        (
          await database.$client.execute({
            sql: "select count(*) n from actuals where indicator_id = ? and period = '2024-07' and kind = 'interim'",
            args: [indicator.id],
          })
        ).rows[0]?.n,
      );
    expect(await count()).toBe(0);
    const correct = async (baseId: number | null) =>
      together((i) =>
        api(token, "POST", `/api/indicators/${indicator.id}/actuals`, {
          period: "2024-07",
          kind: "interim",
          value: `${41 + (i % 5)}%`,
          baseId,
          confirm: true,
        }),
      );
    // First entry for the period: everyone saw none (baseId null).
    const first = await correct(null);
    expect(first.map((r) => r.status).sort(), worker?.output()).toEqual([
      201,
      ...Array.from({ length: CONCURRENT - 1 }, () => 409),
    ]);
    expect(await count()).toBe(1);
    // A correction of that entry: again one wins.
    const winner = first.find((r) => r.status === 201)?.body as { recorded: { id: number } };
    const second = await correct(winner.recorded.id);
    expect(second.map((r) => r.status).sort(), worker?.output()).toEqual([
      201,
      ...Array.from({ length: CONCURRENT - 1 }, () => 409),
    ]);
    expect(await count()).toBe(2);
  }, 120_000);
});
