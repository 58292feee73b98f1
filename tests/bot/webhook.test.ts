/**
 * The webhook over the real Tamana plan in a real libSQL database, with LINE faked at the HTTP level.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, TEST_CHANNEL_SECRET } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";
import { followEvent, textEvent, webhookBody } from "../support/webhook.ts";

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;
const USER = "U1234567890abcdef1234567890abcdef";

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line);
});
afterAll(async () => {
  await line.stop();
  t.close();
});
beforeEach(() => line.reset());

async function post(events: unknown[], signature?: string) {
  const { body, signature: good } = webhookBody(events, TEST_CHANNEL_SECRET);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== "") headers["x-line-signature"] = signature ?? good;
  const res = await harness.app.request("/webhook", { method: "POST", body, headers });
  await harness.settle();
  return res;
}

function replies() {
  return line
    .sent("/v2/bot/message/reply")
    .map((r) => r.body as { replyToken: string; messages: Record<string, unknown>[] });
}

describe("POST /webhook", () => {
  it("answers 「ペーパーレス」 with ⑲ ペーパーレス化の推進, its 担当課, grades and R5 実績 against 目標", async () => {
    const event = textEvent("ペーパーレス", USER);
    const res = await post([event]);
    expect(res.status).toBe(200);
    const [reply] = replies();
    expect(reply?.replyToken).toBe(event.replyToken);
    const message = reply?.messages[0] as { type: string; altText: string; contents: unknown };
    expect(message.type).toBe("flex");
    expect(message.altText).toContain("⑲ ペーパーレス化の推進（総務課）");
    expect(message.altText).toContain("R5年度 実績 40% / 目標 50%");
    expect(message.altText).toContain("達成状況 R5年度: B");
    expect(message.altText.length).toBeLessThanOrEqual(400);
    const json = JSON.stringify(message.contents);
    expect(json).toContain("ペーパーレス化の推進");
    expect(json).toContain("総務課");
    expect(json).toContain("R5年度 実績 40% / 目標 50%（未達）");
    expect(line.requests.at(-1)?.headers.authorization).toBe("Bearer test-channel-access-token");
  });

  it("treats lower-is-better indicators as met when the actual is below target (⑬)", async () => {
    await post([textEvent("時間外勤務", USER)]);
    const json = JSON.stringify(replies()[0]?.messages[0]);
    expect(json).toContain("R5年度 実績 311人 / 目標 398人（達成）");
  });

  it("shows amounts with separators and the unit (③-1 寄附額)", async () => {
    await post([textEvent("ふるさと納税の推進", USER)]);
    const json = JSON.stringify(replies()[0]?.messages[0]);
    expect(json).toContain("実績 846,354,905円 / 目標 1,300,000,000円（未達）");
  });

  it("reads a text with a NUL character in it without the NUL (libSQL would cut stored text there)", async () => {
    const event = textEvent("ペーパー\u0000レス", USER);
    expect((await post([event])).status).toBe(200);
    const message = replies()[0]?.messages[0] as { altText: string };
    expect(message.altText).toContain("⑲ ペーパーレス化の推進（総務課）");
    const stored = await t.db.$client.execute({
      sql: "select payload from webhook_inbox where webhook_event_id = ?",
      args: [event.webhookEventId],
    });
    expect(JSON.parse(String(stored.rows[0]?.payload)).message.text).toBe("ペーパーレス");
  });

  it("finds two-character words such as 窓口", async () => {
    await post([textEvent("窓口", USER)]);
    expect(JSON.stringify(replies()[0]?.messages[0])).toContain("窓口業務DXの推進");
  });

  it("answers with examples when nothing matches", async () => {
    await post([textEvent("今日の天気", USER)]);
    const message = replies()[0]?.messages[0] as { type: string; text: string };
    expect(message.type).toBe("text");
    expect(message.text).toContain("当てはまる取組が見つかりませんでした");
    expect(message.text).toContain("例:");
  });

  it("greets a new follower and says what to ask", async () => {
    await post([followEvent(USER)]);
    const message = replies()[0]?.messages[0] as { text: string };
    expect(message.text).toContain("友だち追加ありがとうございます");
    expect(message.text).toContain("第４次玉名市行政改革大綱 実行計画");
  });

  it("refuses a wrong signature with 401 and processes nothing", async () => {
    const res = await post([textEvent("ペーパーレス", USER)], "bm90IHRoZSByaWdodCBzaWduYXR1cmU=");
    expect(res.status).toBe(401);
    expect(line.requests).toHaveLength(0);
    const seen = await t.db.$client.execute("select count(*) n from webhook_events");
    const before = Number(seen.rows[0]?.n);
    await post([textEvent("ペーパーレス", USER)], "");
    expect(line.requests).toHaveLength(0);
    const after = await t.db.$client.execute("select count(*) n from webhook_events");
    expect(Number(after.rows[0]?.n)).toBe(before);
  });

  it("answers a redelivered event with 200 and no second reply", async () => {
    const event = textEvent("ペーパーレス", USER, { webhookEventId: "01HREDELIVERY000000000000A" });
    expect((await post([event])).status).toBe(200);
    const redelivered = { ...event, deliveryContext: { isRedelivery: true } };
    expect((await post([redelivered])).status).toBe(200);
    expect(replies()).toHaveLength(1);
  });

  it("answers 200 before slow work finishes", async () => {
    line.latencyMs = 400;
    const { body, signature } = webhookBody([textEvent("ペーパーレス", USER)], TEST_CHANNEL_SECRET);
    const started = performance.now();
    const res = await harness.app.request("/webhook", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-line-signature": signature },
    });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(300);
    await harness.settle();
    expect(replies()).toHaveLength(1);
  });

  it("falls back to a push when the reply token is refused", async () => {
    line.failNext("/v2/bot/message/reply", 400, { body: { message: "Invalid reply token" } });
    await post([textEvent("ペーパーレス", USER)]);
    const push = line.sent("/v2/bot/message/push")[0];
    if (!push) throw new Error("no push was sent");
    expect((push.body as { to: string }).to).toBe(USER);
    expect(push.headers["x-line-retry-key"]).toMatch(/^[0-9a-f-]{36}$/u);
    const log = await t.db.$client.execute(
      "select kind, status, http_status from message_log order by id desc limit 2",
    );
    expect(log.rows.map((r) => [r.kind, r.status])).toEqual([
      ["push", "sent"],
      ["reply", "failed"],
    ]);
  });

  it("logs what it would send when no access token is set (offline mode)", async () => {
    const offline = createTestApp(t.db, null);
    const { body, signature } = webhookBody([textEvent("ペーパーレス", USER)], TEST_CHANNEL_SECRET);
    const res = await offline.app.request("/webhook", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-line-signature": signature },
    });
    expect(res.status).toBe(200);
    await offline.settle();
    expect(line.requests).toHaveLength(0);
    const log = await t.db.$client.execute(
      "select kind, status, payload from message_log order by id desc limit 1",
    );
    expect(log.rows[0]).toMatchObject({ kind: "reply", status: "offline" });
    expect(String(log.rows[0]?.payload)).toContain("ペーパーレス化の推進");
  });
});
