/**
 * Handling webhook events from the durable inbox (db/inbox.ts, `webhook_inbox`).
 *
 * The webhook (bot/webhook.ts) writes each signed event to the inbox before it answers 200, then
 * drains the lanes it wrote to. Anything not done by then — the process was killed, an attempt
 * failed, the Worker's `waitUntil` was cut short — is picked up by {@link drainInbox}: on Node at
 * start and every {@link INBOX_SWEEP_INTERVAL_MS}, on Workers by the cron `scheduled` handler.
 *
 * Guarantees (docs/reliability.md, "1. Acknowledged events"):
 * - an acknowledged event is handled until it is done, or failed after {@link INBOX_MAX_ATTEMPTS};
 * - one user's events are handled one at a time, in arrival order (a lane);
 * - an event is answered once: a retried event does not reply twice with a token the interrupted
 *   attempt used, and a push instead of a reply carries a retry key derived from the event id, so
 *   LINE refuses (409) a second copy;
 * - an event whose reply token has expired is answered by push (counted against the monthly
 *   quota) and logged as late.
 *
 * @see https://developers.line.biz/en/docs/messaging-api/receiving-messages/#webhook-event-id
 * @see https://developers.line.biz/en/docs/messaging-api/retrying-api-request/
 */
import type { webhook } from "@line/bot-sdk";
import {
  claimLaneHead,
  type InboxEventInput,
  type InboxRow,
  lanesWithWork,
  markInboxAnswering,
  markInboxDone,
  markInboxFailed,
} from "../db/inbox.ts";
import type { AppDeps } from "./deps.ts";
import { handleEvent } from "./events.ts";
import type { LineGateway, SendResult } from "./line/gateway.ts";

/** How long a claim holds; an event still `running` after this is taken over (its handler died). */
export const INBOX_LEASE_SECONDS = 60;
/** Attempts before an event is marked failed for good. */
export const INBOX_MAX_ATTEMPTS = 3;
/** Back-off before the 2nd and 3rd attempt, in seconds. */
export const INBOX_RETRY_DELAYS_S = [10, 60];
/** How often the Node server looks for events left over (killed handlers, back-offs). */
export const INBOX_SWEEP_INTERVAL_MS = 15_000;
/**
 * After this long a reply token is taken to have expired and the event is answered by push.
 * LINE does not document the lifetime; refusals are reported after about 30 s (docs: domain.md).
 */
export const REPLY_TOKEN_LIFETIME_MS = 25_000;
/** Lanes drained at the same time (each lane is itself one event at a time). */
const LANE_CONCURRENCY = 4;

/** The lane of an event: its user, group or room; an event with no source is a lane of its own. */
export function laneOf(event: webhook.Event, webhookEventId: string): string {
  const source = event.source;
  if (source?.type === "user" && source.userId) return `user:${source.userId}`;
  if (source?.type === "group" && source.groupId) return `group:${source.groupId}`;
  if (source?.type === "room" && source.roomId) return `room:${source.roomId}`;
  return `event:${webhookEventId}`;
}

/** An event as the inbox stores it; an event without `webhookEventId` gets a random one. */
export function toInboxEvent(event: webhook.Event): InboxEventInput {
  const webhookEventId = event.webhookEventId || `local-${crypto.randomUUID()}`;
  return {
    webhookEventId,
    eventType: event.type,
    lane: laneOf(event, webhookEventId),
    payload: event,
  };
}

/**
 * The `X-Line-Retry-Key` of the push that answers an event instead of a reply: a UUID derived from
 * the event id (SHA-256, shaped as a version-8 UUID), so every attempt uses the same key.
 */
export async function pushRetryKeyFor(webhookEventId: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`shinchoku:${webhookEventId}`)),
  );
  const bytes = digest.slice(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The gateway one inbox event is handled with: its `reply` knows the event's history. How it starts
 * to answer is written to the inbox before each send, so that a retry after a kill can tell.
 * - An earlier attempt had begun a reply: reply again with the token. LINE refusing it means the
 *   token was used — almost surely by that attempt, killed while LINE answered — so the user has the
 *   answer and it is not sent twice. (The kill would have to fall between the note and the send for
 *   the answer to be lost; sending twice would be the likelier harm.)
 * - An earlier attempt had begun a push: push again with the same retry key (LINE answers 409 if the
 *   first one went out).
 * - The reply token has expired (a late event): push instead, and log that it was late.
 * - Otherwise reply; a refused token falls back to a push, as the gateway's own fallback does, but
 *   with the event's retry key.
 */
function gatewayFor(deps: AppDeps, row: InboxRow, now: Date): LineGateway {
  const base = deps.line;
  const ageMs = now.getTime() - row.receivedAt.getTime();
  return {
    ...base,
    async reply(replyToken, messages, options): Promise<SendResult> {
      const to = options?.fallbackTo;
      const push = async (): Promise<SendResult> => {
        if (!to) {
          console.warn(`webhook event ${row.webhookEventId}: no user to push the answer to`);
          return { status: "failed", error: "no user to push to" };
        }
        await markInboxAnswering(deps.inboxDb, row.id, "push");
        return base.push(to, messages, { retryKey: await pushRetryKeyFor(row.webhookEventId) });
      };
      if (row.answeredBy === "push") return push();
      if (row.answeredBy === "reply") {
        const result = await base.reply(replyToken, messages);
        if (result.status === "failed" && result.httpStatus === 400) {
          console.warn(
            `webhook event ${row.webhookEventId}: reply token refused on attempt ${row.attempts}; the interrupted attempt used it, so not answering twice`,
          );
        }
        return result;
      }
      if (ageMs > REPLY_TOKEN_LIFETIME_MS) {
        console.warn(
          `webhook event ${row.webhookEventId} (${row.eventType}) handled late, ${Math.round(ageMs / 1000)} s after it arrived: answering by push`,
        );
        return push();
      }
      await markInboxAnswering(deps.inboxDb, row.id, "reply");
      const result = await base.reply(replyToken, messages);
      if (result.status === "failed" && result.httpStatus === 400) return push();
      return result;
    },
  };
}

/** Handles one claimed event and records the outcome. */
async function handleRow(deps: AppDeps, row: InboxRow, now: () => Date): Promise<boolean> {
  try {
    const event = row.payload as webhook.Event;
    await handleEvent({ ...deps, line: gatewayFor(deps, row, now()) }, event, {
      webhookEventId: row.webhookEventId,
      attempt: row.attempts,
    });
    await markInboxDone(deps.inboxDb, row.id, now());
    return true;
  } catch (err) {
    const delay = INBOX_RETRY_DELAYS_S[row.attempts - 1];
    const retryAt =
      row.attempts < INBOX_MAX_ATTEMPTS && delay !== undefined
        ? new Date(now().getTime() + delay * 1000)
        : null;
    console.error(
      `webhook event ${row.webhookEventId} (${row.eventType}) failed on attempt ${row.attempts}${retryAt ? `; retrying after ${delay} s` : "; giving up"}:`,
      err,
    );
    await markInboxFailed(
      deps.inboxDb,
      row.id,
      String(err instanceof Error ? err.stack : err),
      retryAt,
    );
    return false;
  }
}

export interface DrainOptions {
  /** Checked before each event: once true, no new event is started (graceful shutdown). */
  shouldStop?: () => boolean;
  /** At most this many events in this call (Workers: stay within the subrequest limit). */
  maxEvents?: number;
  /** The wall clock (leases, back-off, reply-token age); defaults to the real time. */
  now?: () => Date;
}

export interface DrainReport {
  handled: number;
  failed: number;
}

/** Gives the event loop a turn, so that a long drain does not hold back incoming requests. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Handles the claimable events of `lanes`, each lane in order, a few lanes at a time. A lane stops
 * at an event another handler holds (that handler goes on with the lane) or one waiting for a retry.
 */
export async function drainLanes(
  deps: AppDeps,
  lanes: string[],
  options: DrainOptions = {},
): Promise<DrainReport> {
  const now = options.now ?? (() => new Date());
  const report: DrainReport = { handled: 0, failed: 0 };
  let budget = options.maxEvents ?? Number.POSITIVE_INFINITY;
  const queue = [...lanes];
  const worker = async () => {
    for (let lane = queue.shift(); lane !== undefined; lane = queue.shift()) {
      while (budget > 0 && !options.shouldStop?.()) {
        await yieldToEventLoop();
        const row = await claimLaneHead(deps.inboxDb, lane, now(), INBOX_LEASE_SECONDS);
        if (!row) break;
        budget--;
        if (await handleRow(deps, row, now)) report.handled++;
        else report.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LANE_CONCURRENCY, lanes.length) }, worker));
  return report;
}

/** Handles every event that is waiting: left over by a killed process, or due for a retry. */
export async function drainInbox(deps: AppDeps, options: DrainOptions = {}): Promise<DrainReport> {
  const now = options.now ?? (() => new Date());
  const lanes = await lanesWithWork(deps.inboxDb, now());
  return drainLanes(deps, lanes, options);
}
