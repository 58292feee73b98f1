/**
 * The durable webhook inbox (bot/inbox.ts, db/inbox.ts) and the webhook's input checks, with the
 * real app over a real libSQL file and LINE faked at the HTTP level. What happens when the server
 * process itself is killed is in tests/bot/shutdown.test.ts.
 */
import { Buffer } from "node:buffer";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { API_BODY_LIMIT, IMPORT_BODY_LIMIT } from "../../bot/app.ts";
import { drainInbox, pushRetryKeyFor, toInboxEvent } from "../../bot/inbox.ts";
import { WEBHOOK_BODY_LIMIT } from "../../bot/webhook.ts";
import { enqueueWebhookEvents } from "../../db/inbox.ts";
import { createTestApp, TEST_ACCESS_TOKEN, TEST_CHANNEL_SECRET } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { FakeLine, startFakeLine } from "../support/fake-line.ts";
import { sign, textEvent, webhookBody } from "../support/webhook.ts";

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;
const USER = "Uinbox0000000000000000000000000001";
const REPLY = "/v2/bot/message/reply";
const PUSH = "/v2/bot/message/push";

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line);
});
afterAll(async () => {
  await line.stop();
  t.close();
});
beforeEach(async () => {
  line.reset();
  await t.db.$client.execute("delete from webhook_inbox");
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function postRaw(body: string | Uint8Array, signature?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  headers["x-line-signature"] =
    signature ??
    (typeof body === "string"
      ? sign(body, TEST_CHANNEL_SECRET)
      : sign(Buffer.from(body) as unknown as string, TEST_CHANNEL_SECRET));
  return harness.app.request("/webhook", {
    method: "POST",
    body: body as unknown as BodyInit,
    headers,
  });
}

async function post(events: unknown[]) {
  const { body, signature } = webhookBody(events, TEST_CHANNEL_SECRET);
  return postRaw(body, signature);
}

async function inboxRows() {
  const result = await t.db.$client.execute(
    "select webhook_event_id, status, attempts, answered_by, last_error from webhook_inbox order by id",
  );
  return result.rows.map((r) => ({
    id: String(r.webhook_event_id),
    status: String(r.status),
    attempts: Number(r.attempts),
    answeredBy: r.answered_by === null ? null : String(r.answered_by),
    lastError: r.last_error === null ? null : String(r.last_error),
  }));
}

/** Puts an event in the inbox as if a previous process had acknowledged it and then died. */
async function leftOver(
  event: ReturnType<typeof textEvent>,
  state: { ageSeconds?: number; attempts?: number; answeredBy?: "reply" | "push" } = {},
) {
  await enqueueWebhookEvents(t.db, [toInboxEvent(event as never)]);
  await t.db.$client.execute({
    sql: `update webhook_inbox set created_at = unixepoch() - ?, attempts = ?, answered_by = ?,
          status = case when ? > 0 then 'running' else 'pending' end, lease_until = unixepoch() - 1
          where webhook_event_id = ?`,
    args: [
      state.ageSeconds ?? 0,
      state.attempts ?? 0,
      state.answeredBy ?? null,
      state.attempts ?? 0,
      event.webhookEventId,
    ],
  });
}

describe("the webhook inbox", () => {
  it("has the event in the inbox when the 200 goes out, and marks it done once handled", async () => {
    line.latencyMs = 300;
    const event = textEvent("ペーパーレス", USER);
    const res = await post([event]);
    expect(res.status).toBe(200);
    const [row] = await inboxRows();
    expect(row?.id).toBe(event.webhookEventId);
    expect(["pending", "running"]).toContain(row?.status);
    await harness.settle();
    expect((await inboxRows())[0]).toMatchObject({ status: "done", attempts: 1 });
    expect(line.sent(REPLY)).toHaveLength(1);
  });

  it("does not insert a redelivered event twice, even while the first is still being handled", async () => {
    line.latencyMs = 200;
    const event = textEvent("窓口", USER);
    expect((await post([event])).status).toBe(200);
    const redelivery = { ...event, deliveryContext: { isRedelivery: true } };
    expect((await post([redelivery, redelivery])).status).toBe(200);
    await harness.settle();
    expect(await inboxRows()).toHaveLength(1);
    expect(line.sent(REPLY)).toHaveLength(1);
  });

  it("handles one user's events one at a time, in the order they arrived", async () => {
    const arrivals: number[] = [];
    const timed = await new FakeLine({ onRequest: () => arrivals.push(performance.now()) }).start();
    try {
      timed.latencyMs = 150;
      const app = createTestApp(t.db, timed);
      const events = ["ペーパーレス", "窓口", "研修", "ふるさと納税", "時間外勤務"].map((text) =>
        textEvent(text, USER),
      );
      // Each body is acknowledged before the next is sent, so arrival order is the list's order.
      for (const event of events) {
        const { body, signature } = webhookBody([event], TEST_CHANNEL_SECRET);
        const res = await app.app.request("/webhook", {
          method: "POST",
          body,
          headers: { "content-type": "application/json", "x-line-signature": signature },
        });
        expect(res.status).toBe(200);
      }
      await app.settle();
      const tokens = timed.sent(REPLY).map((r) => (r.body as { replyToken: string }).replyToken);
      expect(tokens).toEqual(events.map((e) => e.replyToken));
      // One at a time: each reply leaves only after LINE answered the one before (150 ms).
      const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] ?? 0));
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(140);
    } finally {
      await timed.stop();
    }
  });

  it("answers an event picked up after its reply token expired by push, with the event's retry key, and logs that it was late", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const event = textEvent("ペーパーレス", USER);
    await leftOver(event, { ageSeconds: 120 });
    const report = await drainInbox(harness.deps);
    expect(report).toEqual({ handled: 1, failed: 0 });
    expect(line.sent(REPLY)).toHaveLength(0);
    const [push] = line.sent(PUSH);
    if (!push) throw new Error("no push was sent");
    expect((push.body as { to: string }).to).toBe(USER);
    expect(push.headers["x-line-retry-key"]).toBe(await pushRetryKeyFor(event.webhookEventId));
    expect(warn.mock.calls.flat().join(" ")).toMatch(/handled late, 1[12]\d s after it arrived/u);
    const log = await t.db.$client.execute(
      "select kind, message_count from message_log order by id desc limit 1",
    );
    expect(log.rows[0]).toMatchObject({ kind: "push", message_count: 1 });
  });

  it("does not answer twice when the interrupted attempt had used the reply token", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    const event = textEvent("ペーパーレス", USER);
    // The killed attempt's reply reached LINE.
    await fetch(`${line.url}${REPLY}`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_ACCESS_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        replyToken: event.replyToken,
        messages: [{ type: "text", text: "x" }],
      }),
    });
    // Picked up late, too: the reply the killed attempt began is not followed by a push.
    await leftOver(event, { attempts: 1, answeredBy: "reply", ageSeconds: 60 });
    expect(await drainInbox(harness.deps)).toEqual({ handled: 1, failed: 0 });
    expect(line.sent(REPLY)).toHaveLength(1);
    expect(line.sent(PUSH)).toHaveLength(0);
    expect((await inboxRows())[0]).toMatchObject({ status: "done", attempts: 2 });
  });

  it("replies when the killed attempt had begun the reply but LINE never got it", async () => {
    const event = textEvent("窓口", USER);
    await leftOver(event, { attempts: 1, answeredBy: "reply" });
    expect(await drainInbox(harness.deps)).toEqual({ handled: 1, failed: 0 });
    expect(line.sent(REPLY).map((r) => (r.body as { replyToken: string }).replyToken)).toEqual([
      event.replyToken,
    ]);
    expect(line.sent(PUSH)).toHaveLength(0);
  });

  it("pushes with the same retry key when the interrupted attempt had started a push, so LINE keeps one copy", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const event = textEvent("ペーパーレス", USER);
    const retryKey = await pushRetryKeyFor(event.webhookEventId);
    await fetch(`${line.url}${PUSH}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TEST_ACCESS_TOKEN}`,
        "content-type": "application/json",
        "x-line-retry-key": retryKey,
      },
      body: JSON.stringify({ to: USER, messages: [{ type: "text", text: "x" }] }),
    });
    await leftOver(event, { attempts: 1, answeredBy: "push" });
    expect(await drainInbox(harness.deps)).toEqual({ handled: 1, failed: 0 });
    expect(line.sent(PUSH)).toHaveLength(1);
    expect(line.requests.filter((r) => r.path === PUSH).map((r) => r.status)).toEqual([200, 409]);
    expect(line.sent(REPLY)).toHaveLength(0);
  });

  it("retries a failing event after a back-off, holds the user's later events until then, and marks it failed after 3 attempts", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    // A message event without its message object makes the handler throw.
    const broken = { ...textEvent("x", USER), message: null };
    const next = textEvent("ペーパーレス", USER);
    expect((await post([broken, next])).status).toBe(200);
    await harness.settle();
    let rows = await inboxRows();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ["pending", 1],
      ["pending", 0],
    ]);
    expect(rows[0]?.lastError).toContain("TypeError");
    expect(line.sent(REPLY)).toHaveLength(0);
    const at = (seconds: number) => () => new Date(Date.now() + seconds * 1000);
    expect(await drainInbox(harness.deps, { now: at(5) })).toEqual({ handled: 0, failed: 0 });
    expect(await drainInbox(harness.deps, { now: at(11) })).toEqual({ handled: 0, failed: 1 });
    expect(await drainInbox(harness.deps, { now: at(11 + 61) })).toEqual({ handled: 1, failed: 1 });
    rows = await inboxRows();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ["failed", 3],
      ["done", 1],
    ]);
    // By then the held event's reply token has expired: it is answered by push.
    expect(line.sent(REPLY)).toHaveLength(0);
    expect(line.sent(PUSH)).toHaveLength(1);
    expect(warn.mock.calls.flat().join(" ")).toContain("handled late");
    expect(error.mock.calls.flat().join(" ")).toContain("giving up");
  });
});

describe("webhook bodies that are not LINE webhook bodies", () => {
  it.each([
    ["events: [null]", '{"events":[null]}', "invalid"],
    ['events: "x"', '{"events":"x"}', "invalid"],
    ["an array", "[]", "invalid"],
    ["no events", '{"destination":"U1"}', "invalid"],
    ["an event without a type", '{"events":[{"webhookEventId":"x"}]}', "invalid"],
    ["not JSON", "events=1", "invalid_json"],
  ])(
    "answers a validly signed body that is %s with 400, logs it, and stores nothing",
    async (_, body, code) => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const res = await postRaw(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
      expect(warn.mock.calls.flat().join(" ")).toContain("a signed body was refused (400)");
      await harness.settle();
      expect(await inboxRows()).toHaveLength(0);
      expect(line.requests).toHaveLength(0);
    },
  );

  it("checks the signature on the raw bytes: a signed body that is not UTF-8 is 400, not 401", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const bytes = new Uint8Array([
      ...Buffer.from('{"events":[],"x":"'),
      0xff,
      0xfe,
      ...Buffer.from('"}'),
    ]);
    expect((await postRaw(bytes)).status).toBe(400);
    // A signature over the decoded text (with U+FFFD for the bad bytes) does not match the bytes.
    const decoded = new TextDecoder().decode(bytes);
    expect((await postRaw(bytes, sign(decoded, TEST_CHANNEL_SECRET))).status).toBe(401);
  });

  it("accepts LINE's verification body (no events) with 200", async () => {
    expect((await postRaw('{"destination":"Uxxxxxxxx","events":[]}')).status).toBe(200);
  });

  it(`answers 413 to a body over ${WEBHOOK_BODY_LIMIT} bytes, signed or not, without reading it all`, async () => {
    const big = JSON.stringify({ events: [], pad: "x".repeat(WEBHOOK_BODY_LIMIT) });
    expect((await postRaw(big)).status).toBe(413);
    expect((await postRaw(big, "bm90IHNpZ25lZA==")).status).toBe(413);
    // A stream with no length is cut off at the limit too.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 50 * WEBHOOK_BODY_LIMIT) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const res = await harness.app.request("/webhook", {
      method: "POST",
      body: stream,
      headers: { "x-line-signature": "bm90IHNpZ25lZA==" },
      // @ts-expect-error: Node's fetch needs `duplex` for a stream body
      duplex: "half",
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("too_large");
    expect(sent).toBeLessThan(50 * WEBHOOK_BODY_LIMIT);
  });

  it(`answers 413 to an API body over ${API_BODY_LIMIT} bytes, and lets the plan import carry up to ${IMPORT_BODY_LIMIT}`, async () => {
    const pad = "x".repeat(API_BODY_LIMIT);
    const api = await harness.app.request("/api/indicators/1/actuals", {
      method: "POST",
      body: JSON.stringify({ pad }),
      headers: { "content-type": "application/json", authorization: "Bearer x" },
    });
    expect(api.status).toBe(413);
    // Over the API limit but under the import limit: the route itself answers (401 without a token).
    const importing = await harness.app.request("/api/plans/import", {
      method: "POST",
      body: JSON.stringify({ files: {}, pad }),
      headers: { "content-type": "application/json" },
    });
    expect(importing.status).toBe(401);
    const tooBig = await harness.app.request("/api/plans/import", {
      method: "POST",
      body: "x".repeat(IMPORT_BODY_LIMIT + 1),
      headers: { "content-type": "application/json" },
    });
    expect(tooBig.status).toBe(413);
  });
});
