/**
 * The LINE gateway: the only way out to LINE. Every call to the Messaging API (messages, rich menus,
 * channel settings: bot info and the webhook endpoint), its data API (rich menu images) and LINE
 * Insight goes through here, so that one place owns
 * - the timeout, which aborts the request (`AbortController`: a hung connection is closed, so nothing
 *   waits on it after the timeout, and a CLI run can exit);
 * - the retry policy: one loop, one list of delays, and only where a retry is safe — a send with an
 *   `X-Line-Retry-Key` that failed with a 5xx, a timeout or a network error (LINE answers 409 to a
 *   key it already accepted, which counts as sent);
 * - multicast batching (at most 500 user IDs a request, each batch with its own retry key) and bulk
 *   rich menu links (at most 500 a request);
 * - logging: every send is written to the message log with LINE's `x-line-request-id`, and every
 *   failed call is logged with its status and `x-line-request-id`.
 *
 * With no channel access token (offline mode), nothing is sent: the messages go to the log and the
 * console, so the bot can be tried with no LINE channel.
 *
 * The requests are made with `fetch` here rather than with `@line/bot-sdk`'s clients because those
 * call the global `fetch` with no way to pass an `AbortSignal`; the SDK's types are still used.
 *
 * @see https://developers.line.biz/en/reference/messaging-api/#send-reply-message
 * @see https://developers.line.biz/en/reference/messaging-api/#send-push-message
 * @see https://developers.line.biz/en/reference/messaging-api/#retry-api-request
 */
import type { messagingApi } from "@line/bot-sdk";
import type { Database } from "../../db/client.ts";
import { logMessage, type MessageLogEntry } from "../../db/message-log.ts";
import { tokyoIsoDate } from "../../shared/fiscal-year.ts";

export type Message = messagingApi.Message;

export interface SendResult {
  status: "sent" | "offline" | "failed";
  httpStatus?: number;
  requestId?: string | null;
  error?: string;
  /** LINE answered 409 to a retried `X-Line-Retry-Key`: it had already accepted this send. */
  alreadyAccepted?: boolean;
  /** Worth retrying later with the same retry key: a 5xx, a timeout or a network error. */
  retryable?: boolean;
  /** LINE answered 429: the monthly message limit (or a rate limit) is reached. */
  limited?: boolean;
  /** Requests made for this send (1 + retries; 0 offline). */
  attempts?: number;
  /** With `deferLog`, the message-log entries (one per attempt) the caller must write. */
  logEntries?: MessageLogEntry[];
}

/** How a send retries and how long each attempt may take. */
export interface RetryPolicy {
  /** Waits before each retry, in ms; its length is the number of retries. */
  retryDelaysMs: number[];
  /** How long one request may take before it is aborted, in ms. */
  timeoutMs: number;
}

export interface SendOptions extends Partial<RetryPolicy> {
  /** A UUID that makes the send idempotent on LINE's side; without one a send is never retried. */
  retryKey?: string;
  /** Return the message-log entries instead of writing them, so a fan-out can write them in batches. */
  deferLog?: boolean;
}

/** The outcome of a multicast split into batches of at most {@link MULTICAST_LIMIT}. */
export interface MulticastResult {
  status: SendResult["status"];
  /** Batches LINE accepted (or logged, offline). */
  batches: number;
  /** Recipients of the accepted batches. */
  recipients: number;
  /** The batch that failed (the remaining batches were not sent). */
  failure?: SendResult;
}

/** The default policy: two retries, after 0.5 s and 2 s; 10 s per request. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retryDelaysMs: [500, 2000], timeoutMs: 10_000 };

/** LINE's multicast limit: at most 500 user IDs per request. */
export const MULTICAST_LIMIT = 500;
/** LINE's bulk rich menu link limit: at most 500 user IDs per request. */
export const BULK_LINK_LIMIT = 500;

/**
 * A LINE call that did not succeed: `status` is LINE's HTTP status (null for a timeout or a network
 * error), `requestId` its `x-line-request-id`, `body` what it answered.
 */
export class LineApiError extends Error {
  override readonly name = "LineApiError";
  constructor(
    readonly status: number | null,
    readonly requestId: string | null,
    readonly body: string,
  ) {
    super(status === null ? body : `${status} ${body}`);
  }
}

/** Rich menu calls; each throws {@link LineApiError} when LINE refuses. */
export interface RichMenuApi {
  /** `POST /v2/bot/richmenu`; returns the new menu's id. */
  create(request: messagingApi.RichMenuRequest): Promise<string>;
  /** Uploads the menu's image to the data API. */
  uploadImage(
    richMenuId: string,
    image: Uint8Array,
    contentType: "image/png" | "image/jpeg",
  ): Promise<void>;
  delete(richMenuId: string): Promise<void>;
  /** The menu an alias points at; null when the alias does not exist. */
  getAlias(aliasId: string): Promise<string | null>;
  createAlias(aliasId: string, richMenuId: string): Promise<void>;
  updateAlias(aliasId: string, richMenuId: string): Promise<void>;
  deleteAlias(aliasId: string): Promise<void>;
  setDefault(richMenuId: string): Promise<void>;
  /**
   * `GET /v2/bot/user/all/richmenu` ("Get default rich menu ID"): the default menu's id, null when
   * the channel has none (LINE answers 404).
   * @see https://developers.line.biz/en/reference/messaging-api/#get-default-rich-menu-id
   */
  getDefault(): Promise<string | null>;
  linkUser(userId: string, richMenuId: string): Promise<void>;
  /**
   * Links users in batches of at most {@link BULK_LINK_LIMIT}; a refused batch is reported, the
   * others are still sent.
   */
  linkUsers(
    userIds: string[],
    richMenuId: string,
  ): Promise<{ requests: number; linked: number; failures: { users: number; error: string }[] }>;
}

/**
 * What LINE tells about the channel's bot (`GET /v2/bot/info`, "Get bot info"): `userId` (U…),
 * `basicId` (`@abc1234d`, the add-friend id), `displayName`, `chatMode` (`chat` | `bot`),
 * `markAsReadMode` (`auto` | `manual`); `premiumId` and `pictureUrl` when set.
 * @see https://developers.line.biz/en/reference/messaging-api/#get-bot-info
 */
export type BotInfo = messagingApi.BotInfoResponse;

/**
 * LINE's answer to a webhook test (`POST /v2/bot/channel/webhook/test`, "Test webhook endpoint"):
 * whether the endpoint answered 200 (`success`), the `statusCode` it answered (0 or negative when no
 * answer was received), LINE's `reason` (e.g. `OK`, `COULD_NOT_CONNECT`, `ERROR_STATUS_CODE`) and `detail`.
 * @see https://developers.line.biz/en/reference/messaging-api/#test-webhook-endpoint
 */
export interface WebhookTestResult {
  success: boolean;
  statusCode: number;
  reason: string;
  detail: string;
  timestamp: string;
}

/** Channel settings calls; each throws {@link LineApiError} when LINE refuses (401: bad token). */
export interface ChannelApi {
  /** `GET /v2/bot/info`: the bot behind the access token ({@link BotInfo}). */
  botInfo(): Promise<BotInfo>;
  /**
   * `GET /v2/bot/channel/webhook/endpoint` ("Get webhook endpoint information"): the webhook URL
   * (empty when none is set; a 404 is read the same way) and whether "Use webhook" is on.
   * @see https://developers.line.biz/en/reference/messaging-api/#get-webhook-endpoint-information
   */
  webhookEndpoint(): Promise<{ endpoint: string; active: boolean }>;
  /**
   * `PUT /v2/bot/channel/webhook/endpoint` ("Set webhook endpoint URL"): an HTTPS URL of at most
   * 500 characters; LINE answers 400 to anything else. It does not turn "Use webhook" on.
   * @see https://developers.line.biz/en/reference/messaging-api/#set-webhook-endpoint-url
   */
  setWebhookEndpoint(endpoint: string): Promise<void>;
  /**
   * `POST /v2/bot/channel/webhook/test`: LINE sends a signed webhook with no events to `endpoint`
   * (default: the one set) and reports how it answered ({@link WebhookTestResult}).
   */
  testWebhook(endpoint?: string): Promise<WebhookTestResult>;
}

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
   * One message to any number of users, in batches of at most 500, each with its own retry key,
   * retried like a push; stops at the first batch LINE refuses. Counted once per recipient.
   *
   * @param options.beforeBatch called with each batch and its retry key before it is sent (to write
   *   it down first, so a resumed run reuses the key).
   */
  multicast(
    to: string[],
    messages: Message[],
    options?: Omit<SendOptions, "retryKey" | "deferLog"> & {
      beforeBatch?: (batch: string[], retryKey: string) => Promise<void>;
    },
  ): Promise<MulticastResult>;
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
  /**
   * The bot's own account: its basic ID (`@123abcde`, for the add-friend link) and name. Cached per
   * channel for {@link BOT_INFO_TTL_MS}; null in offline mode.
   * @throws LineApiError when LINE refuses or cannot be reached.
   * @see https://developers.line.biz/en/reference/messaging-api/#get-bot-info
   */
  botInfo(): Promise<BotBasicInfo | null>;
  /** Rich menu calls; null in offline mode. */
  richMenus: RichMenuApi | null;
  /** Channel settings (bot info, webhook endpoint); null in offline mode. */
  channel: ChannelApi | null;
  /**
   * LINE Login's ID token check (`POST /oauth2/v2.1/verify`; needs no access token, so it works
   * in offline mode too). Resolves to LINE's claims, or to the status it refused with.
   * @throws LineApiError with status null when LINE could not be reached or did not answer in time.
   * @see https://developers.line.biz/en/reference/line-login/#verify-id-token
   */
  verifyIdToken(
    idToken: string,
    clientId: string,
  ): Promise<{ ok: true; claims: Record<string, unknown> } | { ok: false; status: number }>;
}

/** What the invite page needs of `GET /v2/bot/info` ({@link BotInfo}): the add-friend id and name. */
export interface BotBasicInfo {
  basicId: string;
  displayName: string | null;
}

/** How long the bot's info is reused before it is asked again (it changes only in the console). */
export const BOT_INFO_TTL_MS = 60 * 60 * 1000;

/**
 * The bot's info by API base URL and token, shared by every gateway of the process (Workers build one
 * per request), so a page of invites asks LINE once.
 */
const botInfoCache = new Map<string, { info: BotBasicInfo; until: number }>();

/** The add-friend link of a bot's basic ID: `https://line.me/R/ti/p/@123abcde`. */
export function addFriendUrl(basicId: string): string {
  return `https://line.me/R/ti/p/${encodeURIComponent(basicId).replace("%40", "@")}`;
}

export interface GatewayOptions {
  /**
   * Where every send is written down (the message log); null writes nothing, for callers that send
   * nothing (`npx shinchoku doctor`).
   */
  db: Database | null;
  channelAccessToken: string | null;
  /** The Messaging API, e.g. `https://api.line.me`. */
  apiBaseUrl: string;
  /** The data API (rich menu images), e.g. `https://api-data.line.me`; defaults to `apiBaseUrl`. */
  dataApiBaseUrl?: string;
  /** The retry policy of every send; a send may override it. */
  retry?: Partial<RetryPolicy>;
  /** Where offline messages are printed; defaults to console.info. */
  print?: (line: string) => void;
  /** Where a failed call is reported (one line, with status and request id); defaults to console.error. */
  logError?: (line: string) => void;
  /** For tests: the `fetch` to use. */
  fetch?: typeof fetch;
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface LineCall {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  /** A JSON body, a form, or raw bytes with their content type. */
  json?: unknown;
  form?: Record<string, string>;
  bytes?: { data: Uint8Array; contentType: string };
  retryKey?: string | null;
  data?: boolean;
  timeoutMs: number;
}

interface LineAnswer {
  status: number;
  requestId: string | null;
  body: unknown;
}

/** Creates the gateway: real calls with a token, offline logging without one. */
export function createLineGateway(options: GatewayOptions): LineGateway {
  const { db, channelAccessToken: token } = options;
  const print = options.print ?? ((line: string) => console.info(line));
  const logError = options.logError ?? ((line: string) => console.error(line));
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const dataApiBaseUrl = options.dataApiBaseUrl ?? options.apiBaseUrl;

  /**
   * One request, aborted after `timeoutMs` (the body is read within the same time).
   * @throws LineApiError for a non-2xx answer, a timeout (status null) or a network error.
   */
  async function call(req: LineCall): Promise<LineAnswer> {
    const url = `${req.data ? dataApiBaseUrl : options.apiBaseUrl}${req.path}`;
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (req.retryKey) headers["x-line-retry-key"] = req.retryKey;
    let body: BodyInit | undefined;
    if (req.bytes) {
      headers["content-type"] = req.bytes.contentType;
      body = new Blob([new Uint8Array(req.bytes.data)], { type: req.bytes.contentType });
    } else if (req.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(req.form).toString();
    } else if (req.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.json);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), req.timeoutMs);
    let requestId: string | null = null;
    try {
      const res = await doFetch(url, {
        method: req.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: controller.signal,
      });
      requestId = res.headers.get("x-line-request-id");
      const text = await res.text();
      if (!res.ok) throw new LineApiError(res.status, requestId, text);
      let parsed: unknown = {};
      if (text) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      return { status: res.status, requestId, body: parsed };
    } catch (err) {
      if (err instanceof LineApiError) throw err;
      if (controller.signal.aborted)
        throw new LineApiError(null, requestId, `no answer from LINE in ${req.timeoutMs} ms`);
      throw new LineApiError(null, requestId, `LINE could not be reached: ${String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A call that logs its failure (status and request id) before passing it on. */
  async function callLogged(what: string, req: LineCall): Promise<LineAnswer> {
    try {
      return await call(req);
    } catch (err) {
      if (err instanceof LineApiError) logFailure(what, err);
      throw err;
    }
  }

  function logFailure(what: string, err: LineApiError) {
    logError(
      `LINE ${what} failed: status=${err.status ?? "-"} x-line-request-id=${err.requestId ?? "-"} ${err.body}`,
    );
  }

  /**
   * One send (reply, push, multicast batch, broadcast) with the retry policy: a send with a retry
   * key is retried on a 5xx, a timeout or a network error, with the same key.
   */
  async function send(
    kind: "reply" | "push" | "multicast" | "broadcast",
    recipients: string[] | null,
    messages: Message[],
    body: unknown,
    opts: SendOptions,
  ): Promise<SendResult> {
    const retryKey = opts.retryKey ?? null;
    const delays = retryKey ? (opts.retryDelaysMs ?? policy.retryDelaysMs) : [];
    const timeoutMs = opts.timeoutMs ?? policy.timeoutMs;
    const base = {
      kind,
      recipients,
      // Replies are free; push and multicast count once per message and recipient.
      messageCount: kind === "reply" ? 0 : messages.length * (recipients?.length ?? 1),
      payload: messages,
      retryKey,
    };
    const logEntries: MessageLogEntry[] = [];
    const log = async (entry: MessageLogEntry) => {
      if (opts.deferLog) logEntries.push(entry);
      else if (db) await logMessage(db, entry);
    };
    const deferred = () => (opts.deferLog ? { logEntries } : {});
    if (!token) {
      print(
        `[LINE offline ${kind}${recipients ? ` → ${recipients.join(",")}` : ""}]\n${describeMessages(messages)}`,
      );
      await log({ ...base, status: "offline" });
      return { status: "offline", attempts: 0, ...deferred() };
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await call({
          method: "POST",
          path: `/v2/bot/message/${kind}`,
          json: body,
          retryKey,
          timeoutMs,
        });
        await log({
          ...base,
          status: "sent",
          httpStatus: answer.status,
          lineRequestId: answer.requestId,
        });
        return {
          status: "sent",
          httpStatus: answer.status,
          requestId: answer.requestId,
          attempts: attempt,
          ...deferred(),
        };
      } catch (err) {
        const e = err instanceof LineApiError ? err : new LineApiError(null, null, String(err));
        const error = e.message;
        if (e.status === 409 && retryKey) {
          // The retry key was accepted before (a retried or resumed send): it went out once.
          await log({
            ...base,
            messageCount: 0,
            status: "sent",
            httpStatus: 409,
            lineRequestId: e.requestId,
            error,
          });
          return {
            status: "sent",
            httpStatus: 409,
            requestId: e.requestId,
            alreadyAccepted: true,
            attempts: attempt,
            ...deferred(),
          };
        }
        logFailure(kind, e);
        await log({
          ...base,
          status: "failed",
          httpStatus: e.status,
          lineRequestId: e.requestId,
          error,
        });
        const retryable = e.status === null || e.status >= 500;
        const delay = delays[attempt - 1];
        if (retryable && delay !== undefined) {
          await sleep(delay);
          continue;
        }
        return {
          status: "failed",
          ...(e.status !== null ? { httpStatus: e.status } : {}),
          requestId: e.requestId,
          error,
          retryable,
          limited: e.status === 429,
          attempts: attempt,
          ...deferred(),
        };
      }
    }
  }

  const richMenus: RichMenuApi | null = token
    ? {
        async create(request) {
          const answer = await callLogged("rich menu create", {
            method: "POST",
            path: "/v2/bot/richmenu",
            json: request,
            timeoutMs: policy.timeoutMs,
          });
          return (answer.body as { richMenuId: string }).richMenuId;
        },
        async uploadImage(richMenuId, image, contentType) {
          await callLogged("rich menu image upload", {
            method: "POST",
            path: `/v2/bot/richmenu/${encodeURIComponent(richMenuId)}/content`,
            bytes: { data: image, contentType },
            data: true,
            // Images are up to 1 MB: give the upload more time than a message.
            timeoutMs: policy.timeoutMs * 3,
          });
        },
        async delete(richMenuId) {
          await callLogged("rich menu delete", {
            method: "DELETE",
            path: `/v2/bot/richmenu/${encodeURIComponent(richMenuId)}`,
            timeoutMs: policy.timeoutMs,
          });
        },
        async getAlias(aliasId) {
          try {
            const answer = await call({
              method: "GET",
              path: `/v2/bot/richmenu/alias/${encodeURIComponent(aliasId)}`,
              timeoutMs: policy.timeoutMs,
            });
            return (answer.body as { richMenuId: string }).richMenuId;
          } catch (err) {
            if (err instanceof LineApiError && err.status === 404) return null;
            if (err instanceof LineApiError) logFailure("rich menu alias get", err);
            throw err;
          }
        },
        async createAlias(aliasId, richMenuId) {
          await callLogged("rich menu alias create", {
            method: "POST",
            path: "/v2/bot/richmenu/alias",
            json: { richMenuAliasId: aliasId, richMenuId },
            timeoutMs: policy.timeoutMs,
          });
        },
        async updateAlias(aliasId, richMenuId) {
          await callLogged("rich menu alias update", {
            method: "POST",
            path: `/v2/bot/richmenu/alias/${encodeURIComponent(aliasId)}`,
            json: { richMenuId },
            timeoutMs: policy.timeoutMs,
          });
        },
        async deleteAlias(aliasId) {
          await callLogged("rich menu alias delete", {
            method: "DELETE",
            path: `/v2/bot/richmenu/alias/${encodeURIComponent(aliasId)}`,
            timeoutMs: policy.timeoutMs,
          });
        },
        async setDefault(richMenuId) {
          await callLogged("default rich menu", {
            method: "POST",
            path: `/v2/bot/user/all/richmenu/${encodeURIComponent(richMenuId)}`,
            timeoutMs: policy.timeoutMs,
          });
        },
        async getDefault() {
          try {
            const answer = await call({
              method: "GET",
              path: "/v2/bot/user/all/richmenu",
              timeoutMs: policy.timeoutMs,
            });
            return (answer.body as { richMenuId?: string }).richMenuId ?? null;
          } catch (err) {
            if (err instanceof LineApiError && err.status === 404) return null;
            if (err instanceof LineApiError) logFailure("default rich menu get", err);
            throw err;
          }
        },
        async linkUser(userId, richMenuId) {
          await callLogged("rich menu link", {
            method: "POST",
            path: `/v2/bot/user/${encodeURIComponent(userId)}/richmenu/${encodeURIComponent(richMenuId)}`,
            timeoutMs: policy.timeoutMs,
          });
        },
        async linkUsers(userIds, richMenuId) {
          const report = {
            requests: 0,
            linked: 0,
            failures: [] as { users: number; error: string }[],
          };
          for (let i = 0; i < userIds.length; i += BULK_LINK_LIMIT) {
            const batch = userIds.slice(i, i + BULK_LINK_LIMIT);
            report.requests++;
            try {
              await callLogged("rich menu bulk link", {
                method: "POST",
                path: "/v2/bot/richmenu/bulk/link",
                json: { richMenuId, userIds: batch },
                timeoutMs: policy.timeoutMs,
              });
              report.linked += batch.length;
            } catch (err) {
              report.failures.push({ users: batch.length, error: lineErrorText(err) });
            }
          }
          return report;
        },
      }
    : null;

  const channel: ChannelApi | null = token
    ? {
        async botInfo() {
          const answer = await callLogged("bot info", {
            method: "GET",
            path: "/v2/bot/info",
            timeoutMs: policy.timeoutMs,
          });
          return answer.body as BotInfo;
        },
        async webhookEndpoint() {
          try {
            const answer = await call({
              method: "GET",
              path: "/v2/bot/channel/webhook/endpoint",
              timeoutMs: policy.timeoutMs,
            });
            const body = answer.body as { endpoint?: string; active?: boolean };
            return { endpoint: body.endpoint ?? "", active: body.active === true };
          } catch (err) {
            // Read as "none set", should LINE answer 404 for a channel that never had one.
            if (err instanceof LineApiError && err.status === 404)
              return { endpoint: "", active: false };
            if (err instanceof LineApiError) logFailure("webhook endpoint get", err);
            throw err;
          }
        },
        async setWebhookEndpoint(endpoint) {
          await callLogged("webhook endpoint set", {
            method: "PUT",
            path: "/v2/bot/channel/webhook/endpoint",
            json: { endpoint },
            timeoutMs: policy.timeoutMs,
          });
        },
        async testWebhook(endpoint) {
          const answer = await callLogged("webhook test", {
            method: "POST",
            path: "/v2/bot/channel/webhook/test",
            json: endpoint ? { endpoint } : {},
            // LINE waits for the endpoint's answer before it answers.
            timeoutMs: policy.timeoutMs * 2,
          });
          const body = answer.body as Partial<WebhookTestResult>;
          return {
            success: body.success === true,
            statusCode: body.statusCode ?? 0,
            reason: body.reason ?? "",
            detail: body.detail ?? "",
            timestamp: String(body.timestamp ?? ""),
          };
        },
      }
    : null;

  const gateway: LineGateway = {
    async reply(replyToken, messages, opts) {
      const result = await send(
        "reply",
        opts?.fallbackTo ? [opts.fallbackTo] : null,
        messages,
        { replyToken, messages },
        {},
      );
      // Reply tokens are single-use and expire quickly; a refused token falls back to a push.
      if (result.status === "failed" && result.httpStatus === 400 && opts?.fallbackTo) {
        return gateway.push(opts.fallbackTo, messages, { retryKey: crypto.randomUUID() });
      }
      return result;
    },
    push(to, messages, opts = {}) {
      return send("push", [to], messages, { to, messages }, opts);
    },
    broadcast(messages, opts = {}) {
      return send("broadcast", null, messages, { messages }, opts);
    },
    async multicast(to, messages, opts = {}) {
      const { beforeBatch, ...sendOptions } = opts;
      const result: MulticastResult = {
        status: token ? "sent" : "offline",
        batches: 0,
        recipients: 0,
      };
      for (let i = 0; i < to.length; i += MULTICAST_LIMIT) {
        const batch = to.slice(i, i + MULTICAST_LIMIT);
        const retryKey = crypto.randomUUID();
        await beforeBatch?.(batch, retryKey);
        const res = await send(
          "multicast",
          batch,
          messages,
          { to: batch, messages },
          {
            ...sendOptions,
            retryKey,
          },
        );
        if (res.status === "failed") return { ...result, status: "failed", failure: res };
        result.batches++;
        result.recipients += batch.length;
      }
      return result;
    },
    async followers(now) {
      if (!token) return null;
      // LINE's insight API takes the Tokyo date as yyyyMMdd.
      const yesterday = tokyoIsoDate(new Date(now.getTime() - 86_400_000)).replaceAll("-", "");
      const answer = await callLogged("followers", {
        method: "GET",
        path: `/v2/bot/insight/followers?date=${yesterday}`,
        timeoutMs: policy.timeoutMs,
      });
      const res = answer.body as { status?: string; followers?: unknown };
      return res.status === "ready" && typeof res.followers === "number" ? res.followers : null;
    },
    async quota() {
      if (!token) return null;
      const [quota, consumption] = await Promise.all([
        callLogged("quota", {
          method: "GET",
          path: "/v2/bot/message/quota",
          timeoutMs: policy.timeoutMs,
        }),
        callLogged("quota consumption", {
          method: "GET",
          path: "/v2/bot/message/quota/consumption",
          timeoutMs: policy.timeoutMs,
        }),
      ]);
      const q = quota.body as { type?: string; value?: number };
      return {
        limit: q.type === "limited" ? (q.value ?? 0) : null,
        used: (consumption.body as { totalUsage?: number }).totalUsage ?? 0,
      };
    },
    async botInfo() {
      if (!token || !channel) return null;
      const key = `${options.apiBaseUrl}\n${token}`;
      const cached = botInfoCache.get(key);
      if (cached && cached.until > Date.now()) return cached.info;
      const body = (await channel.botInfo()) as { basicId?: unknown; displayName?: unknown };
      if (typeof body.basicId !== "string") return null;
      const info = {
        basicId: body.basicId,
        displayName: typeof body.displayName === "string" ? body.displayName : null,
      };
      botInfoCache.set(key, { info, until: Date.now() + BOT_INFO_TTL_MS });
      return info;
    },
    richMenus,
    channel,
    async verifyIdToken(idToken, clientId) {
      try {
        const answer = await call({
          method: "POST",
          path: "/oauth2/v2.1/verify",
          form: { id_token: idToken, client_id: clientId },
          timeoutMs: policy.timeoutMs,
        });
        return { ok: true, claims: answer.body as Record<string, unknown> };
      } catch (err) {
        if (err instanceof LineApiError) {
          // A refused token is the client's mistake, not a failure worth a log line.
          if (err.status !== null && err.status < 500 && err.status !== 429)
            return { ok: false, status: err.status };
          logFailure("ID token verify", err);
          if (err.status !== null) return { ok: false, status: err.status };
        }
        throw err;
      }
    },
  };
  return gateway;
}

/** A LINE error as one line: status and body (the form the CLI prints). */
export function lineErrorText(err: unknown): string {
  return err instanceof LineApiError ? err.message : String(err);
}
