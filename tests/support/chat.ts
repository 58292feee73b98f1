/** Talking to the app as a LINE user in tests: send signed webhook events, read the replies. */
import { randomUUID } from "node:crypto";
import type { createTestApp } from "./app.ts";
import { TEST_CHANNEL_SECRET } from "./app.ts";
import type { FakeLine } from "./fake-line.ts";
import { followEvent, textEvent, webhookBody } from "./webhook.ts";

type Harness = ReturnType<typeof createTestApp>;

export interface ReplyMessage {
  type: string;
  text?: string;
  altText?: string;
  quickReply?: { items: { action: { label: string; data?: string; text?: string } }[] };
}

/** Posts events, waits for the deferred work, and returns the messages replied to them. */
export async function deliver(
  harness: Harness,
  line: FakeLine,
  events: Record<string, unknown>[],
): Promise<ReplyMessage[]> {
  const before = line.requests.length;
  const { body, signature } = webhookBody(events, TEST_CHANNEL_SECRET);
  const res = await harness.app.request("/webhook", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-line-signature": signature },
  });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
  await harness.settle();
  return line.requests
    .slice(before)
    .filter((r) => r.path === "/v2/bot/message/reply" && r.status < 300)
    .flatMap((r) => (r.body as { messages: ReplyMessage[] }).messages);
}

/** Sends a text as `userId` and returns the reply texts joined. */
export async function say(
  harness: Harness,
  line: FakeLine,
  userId: string,
  text: string,
): Promise<string> {
  const messages = await deliver(harness, line, [textEvent(text, userId)]);
  return messages.map((m) => m.text ?? m.altText ?? "").join("\n---\n");
}

export async function follow(harness: Harness, line: FakeLine, userId: string): Promise<string> {
  const messages = await deliver(harness, line, [followEvent(userId)]);
  return messages.map((m) => m.text ?? "").join("\n");
}

export function postbackEvent(data: string, userId: string) {
  return {
    type: "postback",
    mode: "active",
    timestamp: Date.now(),
    webhookEventId: randomUUID(),
    deliveryContext: { isRedelivery: false },
    replyToken: randomUUID().replaceAll("-", ""),
    source: { type: "user", userId },
    postback: { data },
  };
}

export function unfollowEvent(userId: string) {
  return {
    type: "unfollow",
    mode: "active",
    timestamp: Date.now(),
    webhookEventId: randomUUID(),
    deliveryContext: { isRedelivery: false },
    source: { type: "user", userId },
  };
}
