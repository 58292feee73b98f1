/** Building and signing LINE webhook bodies for tests. */
import { createHmac, randomUUID } from "node:crypto";
import { pushRetryKeyFor } from "../../bot/inbox.ts";

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

type TextEvent = ReturnType<typeof textEvent>;

/**
 * Sends signed webhook bodies of one event each to `<url>/webhook`, each user's events in order (the
 * next once the last is acknowledged), the users side by side. A user's sending stops at the first
 * request that fails (the server is gone). `onAck` runs after each 200.
 * @returns the acknowledged events' `webhookEventId`s.
 */
export async function sendInUserOrder(
  url: string,
  events: TextEvent[],
  secret: string,
  onAck: () => void = () => {},
): Promise<Set<string>> {
  const acked = new Set<string>();
  const byUser = new Map<string, TextEvent[]>();
  for (const e of events) byUser.set(e.source.userId, [...(byUser.get(e.source.userId) ?? []), e]);
  await Promise.all(
    [...byUser.values()].map(async (list) => {
      for (const event of list) {
        const { body, signature } = webhookBody([event], secret);
        try {
          const res = await fetch(`${url}/webhook`, {
            method: "POST",
            body,
            headers: { "content-type": "application/json", "x-line-signature": signature },
            signal: AbortSignal.timeout(10_000),
          });
          await res.arrayBuffer();
          if (res.status !== 200) return;
          acked.add(event.webhookEventId);
          onAck();
        } catch {
          return;
        }
      }
    }),
  );
  return acked;
}

/**
 * How many times LINE accepted an answer to each event: a reply with its reply token, or a push
 * with its retry key (bot/inbox.ts `pushRetryKeyFor`, the late answer of an inbox event).
 */
export async function answersPerEvent(
  line: {
    requests: { path: string; status: number; body: unknown; headers: Record<string, unknown> }[];
  },
  events: TextEvent[],
): Promise<Map<string, number>> {
  const byToken = new Map(events.map((e) => [e.replyToken, e.webhookEventId]));
  const byKey = new Map<string, string>();
  for (const e of events) byKey.set(await pushRetryKeyFor(e.webhookEventId), e.webhookEventId);
  const counts = new Map(events.map((e) => [e.webhookEventId, 0]));
  for (const r of line.requests) {
    if (r.status !== 200) continue;
    let id: string | undefined;
    if (r.path === "/v2/bot/message/reply")
      id = byToken.get((r.body as { replyToken: string }).replyToken);
    if (r.path === "/v2/bot/message/push") id = byKey.get(String(r.headers["x-line-retry-key"]));
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
