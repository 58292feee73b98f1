/**
 * The real Worker entry (bot/worker.ts with wrangler.toml) in workerd, via `wrangler dev --local`,
 * against a real libSQL server (sqld) over HTTP. Only LINE is faked, at the HTTP level.
 */
import { join } from "node:path";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { migrateDatabase, openDatabase } from "../../db/node.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder } from "../../db/plan-files.ts";
import { webhookEvents } from "../../db/schema.ts";
import { TEST_ACCESS_TOKEN, TEST_CHANNEL_SECRET } from "../support/app.ts";
import { type FakeLine, type RecordedRequest, startFakeLine } from "../support/fake-line.ts";
import { type Sqld, startSqld } from "../support/sqld.ts";
import { textEvent, webhookBody } from "../support/webhook.ts";
import { startWranglerDev, type WranglerDev } from "../support/wrangler.ts";

const REPLY = "/v2/bot/message/reply";
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

    // `wrangler dev --test-scheduled` runs the Worker's `scheduled` handler for this route.
    const response = await fetch(`${started(worker, "worker").url}/__scheduled?cron=0+0+*+*+*`);
    const text = await response.text();
    expect(response.status, worker?.output()).toBe(200);
    expect(text).toBe("Ran scheduled event");

    const left = await database
      .select({ id: webhookEvents.webhookEventId })
      .from(webhookEvents)
      .where(inArray(webhookEvents.webhookEventId, [old, fresh]));
    expect(left.map((r) => r.id)).toEqual([fresh]);
  });
});
