/**
 * Sending messages to LINE, and the message log.
 *
 * Every send is written to the message log with LINE's `x-line-request-id`. With no channel access
 * token (offline mode), nothing is sent: the messages go to the log and the console, so the bot can
 * be tried with no LINE channel.
 *
 * @see https://developers.line.biz/en/reference/messaging-api/#send-reply-message
 * @see https://developers.line.biz/en/reference/messaging-api/#send-push-message
 */
import { HTTPFetchError, insight, messagingApi } from "@line/bot-sdk";
import type { Database } from "../../db/client.ts";
import { logMessage, type MessageLogEntry } from "../../db/message-log.ts";

export type Message = messagingApi.Message;

export interface SendResult {
  status: "sent" | "offline" | "failed";
  httpStatus?: number;
  requestId?: string | null;
  error?: string;
  /** LINE answered 409 to a retried `X-Line-Retry-Key`: it had already accepted this send. */
  alreadyAccepted?: boolean;
  /** Worth retrying with the same retry key: a 5xx, a timeout or a network error. */
  retryable?: boolean;
  /** LINE answered 429: the monthly message limit (or a rate limit) is reached. */
  limited?: boolean;
  /** With `deferLog`, the message-log entry the caller must write (in its own batch). */
  logEntry?: MessageLogEntry;
}

export interface SendOptions {
  retryKey?: string;
  timeoutMs?: number;
  /** Return the message-log entry instead of writing it, so a fan-out can write them in batches. */
  deferLog?: boolean;
}

/** How long a send may take before it counts as timed out (and is retried with its retry key). */
export const SEND_TIMEOUT_MS = 10_000;

export interface LineGateway {
  /** Replies with a reply token; falls back to a push to `fallbackTo` when the token is refused. */
  reply(
    replyToken: string,
    messages: Message[],
    options?: { fallbackTo?: string },
  ): Promise<SendResult>;
  /** Pushes to one user. `retryKey` (a UUID) makes a retried push idempotent on LINE's side. */
  push(to: string, messages: Message[], options?: SendOptions): Promise<SendResult>;
  /** Every friend of the account; counted once per friend. */
  broadcast(messages: Message[], options?: SendOptions): Promise<SendResult>;
  /**
   * This month's message allowance and what has been used of it (`limit` null: no limit).
   * @see https://developers.line.biz/en/reference/messaging-api/#get-quota
   */
  quota(): Promise<{ limit: number | null; used: number } | null>;
  /**
   * Friends of the account as of yesterday (LINE Insight), what a broadcast would count; null when
   * LINE has no figure yet or in offline mode.
   * @see https://developers.line.biz/en/reference/messaging-api/#get-number-of-followers
   */
  followers(now: Date): Promise<number | null>;
  /** One message to up to 500 users, counted once per recipient. */
  multicast(to: string[], messages: Message[], options?: SendOptions): Promise<SendResult>;
}

export interface GatewayOptions {
  db: Database;
  channelAccessToken: string | null;
  apiBaseUrl: string;
  /** Where offline messages are printed; defaults to console.info. */
  print?: (line: string) => void;
}

/** LINE's multicast limit: at most 500 user IDs per request. */
export const MULTICAST_LIMIT = 500;

class SendTimeout extends Error {
  override readonly name = "SendTimeout";
}

/** Gives up waiting after `ms`; the request may still complete, which its retry key makes harmless. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeout(`no answer from LINE in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A short human-readable rendering of messages for the console in offline mode. */
export function describeMessages(messages: Message[]): string {
  return messages
    .map((m) => {
      if (m.type === "text") return m.text;
      if (m.type === "flex") return `[Flex] ${m.altText}`;
      return `[${m.type}]`;
    })
    .join("\n");
}

/** Creates the gateway: real sends with a token, offline logging without one. */
export function createLineGateway(options: GatewayOptions): LineGateway {
  const { db } = options;
  const print = options.print ?? ((line: string) => console.info(line));
  const insightClient = options.channelAccessToken
    ? new insight.InsightClient({
        channelAccessToken: options.channelAccessToken,
        baseURL: options.apiBaseUrl,
      })
    : null;
  const client = options.channelAccessToken
    ? new messagingApi.MessagingApiClient({
        channelAccessToken: options.channelAccessToken,
        baseURL: options.apiBaseUrl,
      })
    : null;

  async function send(
    kind: "reply" | "push" | "multicast" | "broadcast",
    recipients: string[] | null,
    messages: Message[],
    call: (c: messagingApi.MessagingApiClient) => Promise<{ httpResponse: Response }>,
    retryKey: string | null,
    timeoutMs = SEND_TIMEOUT_MS,
    deferLog = false,
  ): Promise<SendResult> {
    const base = {
      kind,
      recipients,
      // Replies are free; push and multicast count once per message and recipient.
      messageCount: kind === "reply" ? 0 : messages.length * (recipients?.length ?? 1),
      payload: messages,
      retryKey,
    };
    let logEntry: MessageLogEntry | undefined;
    const log = async (entry: MessageLogEntry) => {
      if (deferLog) logEntry = entry;
      else await logMessage(db, entry);
    };
    if (!client) {
      print(
        `[LINE offline ${kind}${recipients ? ` → ${recipients.join(",")}` : ""}]\n${describeMessages(messages)}`,
      );
      await log({ ...base, status: "offline" });
      return { status: "offline", logEntry };
    }
    try {
      const { httpResponse } = await withTimeout(call(client), timeoutMs);
      const requestId = httpResponse.headers.get("x-line-request-id");
      await log({
        ...base,
        status: "sent",
        httpStatus: httpResponse.status,
        lineRequestId: requestId,
      });
      return { status: "sent", httpStatus: httpResponse.status, requestId, logEntry };
    } catch (err) {
      const httpStatus = err instanceof HTTPFetchError ? err.status : undefined;
      const requestId = err instanceof HTTPFetchError ? err.headers.get("x-line-request-id") : null;
      const error = err instanceof HTTPFetchError ? `${err.status} ${err.body}` : String(err);
      if (httpStatus === 409 && retryKey) {
        // The retry key was accepted before (a retried or resumed send): it went out once.
        await log({
          ...base,
          messageCount: 0,
          status: "sent",
          httpStatus,
          lineRequestId: requestId,
          error,
        });
        return { status: "sent", httpStatus, requestId, alreadyAccepted: true, logEntry };
      }
      console.error(
        `LINE ${kind} failed: status=${httpStatus ?? "-"} x-line-request-id=${requestId ?? "-"} ${error}`,
      );
      await log({
        ...base,
        status: "failed",
        httpStatus: httpStatus ?? null,
        lineRequestId: requestId,
        error,
      });
      return {
        status: "failed",
        ...(httpStatus ? { httpStatus } : {}),
        requestId,
        error,
        retryable: httpStatus === undefined || httpStatus >= 500,
        limited: httpStatus === 429,
        logEntry,
      };
    }
  }

  const gateway: LineGateway = {
    async reply(replyToken, messages, opts) {
      const result = await send(
        "reply",
        opts?.fallbackTo ? [opts.fallbackTo] : null,
        messages,
        (c) => c.replyMessageWithHttpInfo({ replyToken, messages }),
        null,
      );
      // Reply tokens are single-use and expire quickly; a refused token falls back to a push.
      if (result.status === "failed" && result.httpStatus === 400 && opts?.fallbackTo) {
        return gateway.push(opts.fallbackTo, messages, { retryKey: crypto.randomUUID() });
      }
      return result;
    },
    push(to, messages, opts) {
      return send(
        "push",
        [to],
        messages,
        (c) => c.pushMessageWithHttpInfo({ to, messages }, opts?.retryKey),
        opts?.retryKey ?? null,
        opts?.timeoutMs,
        opts?.deferLog,
      );
    },
    broadcast(messages, opts) {
      return send(
        "broadcast",
        null,
        messages,
        (c) => c.broadcastWithHttpInfo({ messages }, opts?.retryKey),
        opts?.retryKey ?? null,
        opts?.timeoutMs,
        opts?.deferLog,
      );
    },
    async followers(now) {
      if (!insightClient) return null;
      const yesterday = new Date(now.getTime() + 9 * 3_600_000 - 86_400_000)
        .toISOString()
        .slice(0, 10)
        .replaceAll("-", "");
      const res = await insightClient.getNumberOfFollowers(yesterday);
      return res.status === "ready" && typeof res.followers === "number" ? res.followers : null;
    },
    async quota() {
      if (!client) return null;
      const [quota, consumption] = await Promise.all([
        client.getMessageQuota(),
        client.getMessageQuotaConsumption(),
      ]);
      return {
        limit: quota.type === "limited" ? (quota.value ?? 0) : null,
        used: consumption.totalUsage,
      };
    },
    multicast(to, messages, opts) {
      if (to.length > MULTICAST_LIMIT)
        throw new Error(`multicast to ${to.length} users: at most ${MULTICAST_LIMIT}`);
      return send(
        "multicast",
        to,
        messages,
        (c) => c.multicastWithHttpInfo({ to, messages }, opts?.retryKey),
        opts?.retryKey ?? null,
        opts?.timeoutMs,
        opts?.deferLog,
      );
    },
  };
  return gateway;
}
