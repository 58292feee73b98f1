/**
 * What the benches that run the real server share: a free port, waiting for `/healthz`, and a signed
 * webhook body with one text message, as LINE sends it.
 */
import type { ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { createServer } from "node:net";

/** The channel secret the benches start the server with. */
export const BENCH_SECRET = "bench-channel-secret";

/** A TCP port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Resolves once `url/healthz` answers 200; throws when the server exits or after 60 s. */
export async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("server exited");
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not start");
}

/**
 * A webhook body with one text message (one of `questions`, at random) from one of 1,000 users, and
 * its `x-line-signature` (HMAC-SHA256 of the body with {@link BENCH_SECRET}, base64).
 */
export function signedTextWebhook(questions: readonly string[]): {
  body: string;
  signature: string;
} {
  const text = questions[Math.floor(Math.random() * questions.length)] ?? "ペーパーレス";
  const body = JSON.stringify({
    destination: "Ubench",
    events: [
      {
        type: "message",
        mode: "active",
        timestamp: Date.now(),
        webhookEventId: randomUUID(),
        deliveryContext: { isRedelivery: false },
        replyToken: randomUUID().replaceAll("-", ""),
        source: { type: "user", userId: `Ubench${Math.floor(Math.random() * 1000)}` },
        message: { id: randomUUID(), type: "text", quoteToken: randomUUID(), text },
      },
    ],
  });
  return { body, signature: createHmac("sha256", BENCH_SECRET).update(body).digest("base64") };
}
