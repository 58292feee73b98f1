/**
 * `POST /webhook`: LINE webhook events.
 *
 * The signature (`x-line-signature`, HMAC-SHA256 of the raw body with the channel secret, base64) is
 * checked on the raw body before anything is parsed; a missing or wrong signature is 401 and nothing
 * is processed. The 200 is returned at once and the events are handled afterwards (LINE expects an
 * answer within about 2 s). Each `webhookEventId` is handled once: a redelivery is answered 200 and
 * not handled again.
 *
 * @see https://developers.line.biz/en/reference/messaging-api/#signature-validation
 * @see https://developers.line.biz/en/docs/messaging-api/receiving-messages/#webhook-event-id
 */
import { validateSignature, type webhook } from "@line/bot-sdk";
import { Hono } from "hono";
import { ApiError } from "../shared/api-errors.ts";
import type { AppDeps } from "./deps.ts";
import { handleEvent } from "./events.ts";

/** Checks `x-line-signature` against the raw body. */
export function isValidSignature(
  rawBody: string,
  secret: string,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  try {
    return validateSignature(rawBody, secret, signature);
  } catch {
    return false;
  }
}

/**
 * Gives the event loop a turn. The embedded libSQL client answers synchronously behind its
 * promises, so without this a backlog of deferred events runs as one long chain of microtasks and
 * holds back incoming webhook requests (their 200) for tens of milliseconds.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Handles events one by one, so that one failing event does not stop the others. */
async function handleEvents(deps: AppDeps, events: webhook.Event[]): Promise<void> {
  for (const event of events) {
    await yieldToEventLoop();
    try {
      await handleEvent(deps, event);
    } catch (err) {
      console.error(`webhook event ${event.webhookEventId ?? "?"} (${event.type}) failed:`, err);
    }
  }
}

export function webhookRoutes(deps: AppDeps) {
  const app = new Hono();
  app.post("/", async (c) => {
    const raw = await c.req.text();
    if (!isValidSignature(raw, deps.config.channelSecret, c.req.header("x-line-signature"))) {
      throw new ApiError("invalid_signature", "x-line-signature does not match the body.");
    }
    let body: webhook.CallbackRequest;
    try {
      body = JSON.parse(raw) as webhook.CallbackRequest;
    } catch {
      throw new ApiError("invalid_json", "The body is not JSON.");
    }
    const events = Array.isArray(body.events) ? body.events : [];
    if (events.length > 0) deps.defer(handleEvents(deps, events));
    return c.json({});
  });
  return app;
}
