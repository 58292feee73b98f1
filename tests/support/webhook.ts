/** Building and signing LINE webhook bodies for tests. */
import { createHmac, randomUUID } from "node:crypto";

export function sign(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export function textEvent(
  text: string,
  userId: string,
  options: { webhookEventId?: string; redelivery?: boolean } = {},
) {
  return {
    type: "message",
    mode: "active",
    timestamp: Date.now(),
    webhookEventId: options.webhookEventId ?? randomUUID(),
    deliveryContext: { isRedelivery: options.redelivery ?? false },
    replyToken: randomUUID().replaceAll("-", ""),
    source: { type: "user", userId },
    message: {
      id: String(Math.floor(Math.random() * 1e15)),
      type: "text",
      quoteToken: randomUUID(),
      text,
    },
  };
}

export function followEvent(userId: string) {
  return {
    type: "follow",
    mode: "active",
    timestamp: Date.now(),
    webhookEventId: randomUUID(),
    deliveryContext: { isRedelivery: false },
    replyToken: randomUUID().replaceAll("-", ""),
    source: { type: "user", userId },
    follow: { isUnblocked: false },
  };
}

/** A webhook body with its signature. */
export function webhookBody(events: unknown[], secret: string) {
  const body = JSON.stringify({ destination: "Utestbot", events });
  return { body, signature: sign(body, secret) };
}
