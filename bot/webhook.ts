/**
 * `POST /webhook`: LINE webhook events.
 *
 * 1. The body is limited before it is read ({@link WEBHOOK_BODY_LIMIT}; over it: 413).
 * 2. The signature (`x-line-signature`, HMAC-SHA256 of the raw body with the channel secret, base64)
 *    is checked on the raw bytes, before anything is decoded or parsed; a missing or wrong signature
 *    is 401 and nothing is processed.
 * 3. A signed body that is not a LINE webhook body (not UTF-8, not JSON, not `{ events: [...] }` of
 *    event objects) is 400, and logged.
 * 4. The events are written to the durable inbox (bot/inbox.ts) in one batch, deduplicated by
 *    `webhookEventId` (a redelivery is answered 200 and not handled again), and only then is 200
 *    returned. They are handled afterwards (LINE expects an answer within about 2 s); whatever is
 *    not handled then is picked up from the inbox later.
 *
 * @see https://developers.line.biz/en/reference/messaging-api/#signature-validation
 * @see https://developers.line.biz/en/reference/messaging-api/#request-body
 * @see https://developers.line.biz/en/docs/messaging-api/receiving-messages/#webhook-event-id
 */
import { Buffer } from "node:buffer";
import { validateSignature, type webhook } from "@line/bot-sdk";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { enqueueWebhookEvents } from "../db/inbox.ts";
import { ApiError } from "../shared/api-errors.ts";
import { withoutNul } from "../shared/nul.ts";
import type { AppEnv } from "./deps.ts";
import { drainLanes, toInboxEvent } from "./inbox.ts";

/**
 * The largest webhook body accepted, in bytes (256 KiB). LINE sends a few events per body, each
 * about a kilobyte (a text message is at most 5,000 characters), so real bodies are far below it.
 */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

/** Checks `x-line-signature` against the raw body (its bytes, or the same bytes as a string). */
export function isValidSignature(
  rawBody: string | Uint8Array,
  secret: string,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  try {
    const body = typeof rawBody === "string" ? rawBody : Buffer.from(rawBody);
    return validateSignature(body, secret, signature);
  } catch {
    return false;
  }
}

/**
 * The shape of a webhook body, as far as the transport relies on it; the rest of each event is kept
 * as LINE sent it and read by bot/events.ts.
 * @see https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects
 */
const webhookEventSchema = z.looseObject({
  type: z.string().min(1),
  webhookEventId: z.string().min(1).optional(),
  timestamp: z.number().optional(),
  replyToken: z.string().optional(),
  source: z
    .looseObject({
      type: z.string(),
      userId: z.string().optional(),
      groupId: z.string().optional(),
      roomId: z.string().optional(),
    })
    .optional(),
});
const webhookBodySchema = z.looseObject({
  destination: z.string().optional(),
  events: z.array(webhookEventSchema),
});

/** A signed body that is not a LINE webhook body: logged (LINE itself never sends one), then 400. */
function refuse(code: "invalid" | "invalid_json", reason: string): never {
  console.warn(`webhook: a signed body was refused (400): ${reason}`);
  throw new ApiError(code, `Not a LINE webhook body: ${reason}.`);
}

/** Parses a signed body; throws a 400 {@link ApiError} when it is not a LINE webhook body. */
function parseWebhookBody(bytes: Uint8Array): webhook.CallbackRequest {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return refuse("invalid_json", "the body is not UTF-8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse("invalid_json", "the body is not JSON");
  }
  const parsed = webhookBodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse("invalid", `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  // NUL in LINE's text is dropped, not refused (shared/nul.ts): libSQL would cut the text there.
  return withoutNul(parsed.data) as unknown as webhook.CallbackRequest;
}

export function webhookRoutes() {
  const app = new Hono<AppEnv>();
  app.post(
    "/",
    bodyLimit({
      maxSize: WEBHOOK_BODY_LIMIT,
      onError: () => {
        throw new ApiError("too_large", `The body is over ${WEBHOOK_BODY_LIMIT} bytes.`);
      },
    }),
    async (c) => {
      const { deps } = c.var;
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (!isValidSignature(bytes, deps.config.channelSecret, c.req.header("x-line-signature"))) {
        throw new ApiError("invalid_signature", "x-line-signature does not match the body.");
      }
      const body = parseWebhookBody(bytes);
      // Durable before the 200: a failure here is a 500, and LINE may deliver the body again.
      const { lanes } = await enqueueWebhookEvents(deps.inboxDb, body.events.map(toInboxEvent));
      if (lanes.length > 0) {
        deps.defer(
          drainLanes(deps, lanes, deps.stopping ? { shouldStop: deps.stopping } : {}).catch((err) =>
            console.error("webhook: handling events from the inbox failed:", err),
          ),
        );
      }
      return c.json({});
    },
  );
  return app;
}
