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
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import type { Database } from "../../db/client.ts";
import { logMessage } from "../../db/message-log.ts";

export type Message = messagingApi.Message;

export interface SendResult {
  status: "sent" | "offline" | "failed";
  httpStatus?: number;
  requestId?: string | null;
  error?: string;
}

export interface LineGateway {
  /** Replies with a reply token; falls back to a push to `fallbackTo` when the token is refused. */
  reply(
    replyToken: string,
    messages: Message[],
    options?: { fallbackTo?: string },
  ): Promise<SendResult>;
  /** Pushes to one user. `retryKey` (a UUID) makes a retried push idempotent on LINE's side. */
  push(to: string, messages: Message[], options?: { retryKey?: string }): Promise<SendResult>;
}

export interface GatewayOptions {
  db: Database;
  channelAccessToken: string | null;
  apiBaseUrl: string;
  /** Where offline messages are printed; defaults to console.info. */
  print?: (line: string) => void;
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
  const client = options.channelAccessToken
    ? new messagingApi.MessagingApiClient({
        channelAccessToken: options.channelAccessToken,
        baseURL: options.apiBaseUrl,
      })
    : null;

  async function send(
    kind: "reply" | "push",
    recipients: string[] | null,
    messages: Message[],
    call: (c: messagingApi.MessagingApiClient) => Promise<{ httpResponse: Response }>,
    retryKey: string | null,
  ): Promise<SendResult> {
    const base = {
      kind,
      recipients,
      messageCount: kind === "reply" ? 0 : messages.length,
      payload: messages,
      retryKey,
    };
    if (!client) {
      print(
        `[LINE offline ${kind}${recipients ? ` → ${recipients.join(",")}` : ""}]\n${describeMessages(messages)}`,
      );
      await logMessage(db, { ...base, status: "offline" });
      return { status: "offline" };
    }
    try {
      const { httpResponse } = await call(client);
      const requestId = httpResponse.headers.get("x-line-request-id");
      await logMessage(db, {
        ...base,
        status: "sent",
        httpStatus: httpResponse.status,
        lineRequestId: requestId,
      });
      return { status: "sent", httpStatus: httpResponse.status, requestId };
    } catch (err) {
      const httpStatus = err instanceof HTTPFetchError ? err.status : undefined;
      const requestId = err instanceof HTTPFetchError ? err.headers.get("x-line-request-id") : null;
      const error = err instanceof HTTPFetchError ? `${err.status} ${err.body}` : String(err);
      console.error(
        `LINE ${kind} failed: status=${httpStatus ?? "-"} x-line-request-id=${requestId ?? "-"} ${error}`,
      );
      await logMessage(db, {
        ...base,
        status: "failed",
        httpStatus: httpStatus ?? null,
        lineRequestId: requestId,
        error,
      });
      return { status: "failed", ...(httpStatus ? { httpStatus } : {}), requestId, error };
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
      );
    },
  };
  return gateway;
}
