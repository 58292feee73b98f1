/**
 * A fake LINE Platform at the HTTP level, on 127.0.0.1: the Messaging API (reply, push, multicast,
 * broadcast, quota, rich menus, bot info, the webhook endpoint and its test), LINE Login's ID token
 * verification, and the data API (rich menu images). It records every request,
 * can be told to fail or be slow, honours `X-Line-Retry-Key` (a repeated accepted key gets 409,
 * as LINE does) and accepts each reply token once (a reused one gets 400, as LINE answers).
 *
 * Only LINE is faked; shinchoku's own code runs for real against it.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  rawBody: string;
  /** The body's bytes (binary uploads such as rich menu images). */
  bytes: Buffer;
  /** The status the fake answered with. */
  status: number;
}

interface Failure {
  status: number;
  body?: unknown;
  remaining: number;
  /** Never answer (a timeout) instead of answering with `status`. */
  hang?: boolean;
}

export interface IdTokenClaims {
  sub: string;
  name?: string;
  /** Defaults to the fake's login channel id. */
  aud?: string;
  /** Unix seconds; defaults to an hour from now. */
  exp?: number;
}

/** A rich menu held by the fake, with its uploaded image. */
export interface FakeRichMenu {
  richMenuId: string;
  menu: {
    size: { width: number; height: number };
    selected: boolean;
    name: string;
    chatBarText: string;
    areas: { bounds: { x: number; y: number; width: number; height: number }; action: unknown }[];
  };
  image: { contentType: string; bytes: number; data: Buffer } | null;
}

/** LINE's rich menu image limit. */
const RICH_MENU_IMAGE_LIMIT = 1024 * 1024;

export class FakeLine {
  readonly requests: RecordedRequest[] = [];
  private server: Server | null = null;
  private readonly failures = new Map<string, Failure[]>();
  private readonly idTokens = new Map<string, IdTokenClaims>();
  private readonly acceptedRetryKeys = new Set<string>();
  /** Reply tokens already used: LINE accepts each once (a second use is 400 Invalid reply token). */
  private readonly usedReplyTokens = new Set<string>();
  /** Added to every answer, in milliseconds. */
  latencyMs = 0;
  quota = { type: "limited" as "limited" | "none", value: 200 };
  consumption = 0;
  /**
   * Answer 429 ("You have reached your monthly limit.") to a push, multicast or broadcast that would
   * take `consumption` past a limited `quota`, as LINE does. Off by default, so that fan-out tests
   * and benchmarks are not limited by the default quota.
   */
  enforceQuota = false;
  loginChannelId = "1234567890";
  /** The count of friends `GET /v2/bot/insight/followers` gives; null: LINE has no figure yet. */
  followers: number | null = null;
  /**
   * The channel access token LINE accepts; null (the default) accepts any bearer token. When set,
   * every `/v2/bot/…` request with another token gets 401, as LINE answers a revoked or mistyped
   * token.
   */
  accessToken: string | null = null;
  /** `GET /v2/bot/info`'s answer. */
  botInfo = {
    userId: "Ufakebot000000000000000000000000",
    basicId: "@123abcde",
    displayName: "shinchoku テスト",
    chatMode: "bot",
    markAsReadMode: "auto",
  };
  /**
   * The webhook settings (`GET`/`PUT /v2/bot/channel/webhook/endpoint`), kept across
   * {@link reset}: the URL (empty = none) and "Use webhook" (only the console turns it on).
   */
  webhook = { endpoint: "", active: false };
  /**
   * What `POST /v2/bot/channel/webhook/test` reports (LINE's fields); the default is an endpoint
   * that answered 200.
   */
  webhookTestResult = { success: true, statusCode: 200, reason: "OK", detail: "200" };
  /**
   * Rich menu state, kept across {@link reset} (as LINE keeps it): menus by id, aliases (alias id →
   * menu id), the default menu, and per-user links (user id → menu id).
   */
  readonly richMenus = new Map<string, FakeRichMenu>();
  readonly richMenuAliases = new Map<string, string>();
  defaultRichMenuId: string | null = null;
  readonly userRichMenus = new Map<string, string>();

  constructor(private readonly options: { onRequest?: (request: RecordedRequest) => void } = {}) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error("fake LINE is not started");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers, hang }) => {
        if (hang) return; // the client times out
        const send = () => {
          res.writeHead(status, {
            "content-type": "application/json",
            "x-line-request-id": randomUUID(),
            ...headers,
          });
          res.end(JSON.stringify(body));
        };
        if (this.latencyMs > 0) setTimeout(send, this.latencyMs);
        else send();
      });
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((done) => this.server?.listen(port, "127.0.0.1", done));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((done) => this.server?.close(done));
    this.server = null;
  }

  /** Issues an ID token the verify endpoint will accept (or reject, if `exp` is in the past). */
  issueIdToken(claims: IdTokenClaims): string {
    const token = `fake-id-token.${randomUUID()}`;
    this.idTokens.set(token, claims);
    return token;
  }

  /**
   * The next `times` requests to `path` answer `status`; with `hang`, LINE takes the request (its
   * retry key counts as accepted) and never answers, so the client times out.
   */
  failNext(
    path: string,
    status: number,
    options: { times?: number; body?: unknown; hang?: boolean } = {},
  ): void {
    const list = this.failures.get(path) ?? [];
    list.push({
      status,
      body: options.body,
      remaining: options.times ?? 1,
      ...(options.hang ? { hang: true } : {}),
    });
    this.failures.set(path, list);
  }

  /** How many ID tokens were sent to LINE Login's verify endpoint (accepted or not). */
  verifyCalls(): number {
    return this.requests.filter((r) => r.path === "/oauth2/v2.1/verify").length;
  }

  /** Recorded requests to a path, e.g. `/v2/bot/message/reply`. */
  sent(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path && r.status >= 200 && r.status < 300);
  }

  /** Messages successfully sent by reply, push or multicast, flattened. */
  messages(): { path: string; to: unknown; message: Record<string, unknown> }[] {
    return this.requests
      .filter(
        (r) =>
          r.status < 300 && /^\/v2\/bot\/message\/(reply|push|multicast|broadcast)$/u.test(r.path),
      )
      .flatMap((r) => {
        const body = r.body as { to?: unknown; messages?: Record<string, unknown>[] };
        return (body.messages ?? []).map((message) => ({ path: r.path, to: body.to, message }));
      });
  }

  /** Waits until `predicate` holds for the recorded requests, or throws after `timeoutMs`. */
  async waitFor(
    predicate: (requests: RecordedRequest[]) => boolean,
    timeoutMs = 5000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.requests)) {
      if (Date.now() > deadline) throw new Error(`fake LINE: condition not met in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  reset(): void {
    this.requests.length = 0;
    this.failures.clear();
    this.acceptedRetryKeys.clear();
    this.usedReplyTokens.clear();
    this.latencyMs = 0;
    this.consumption = 0;
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string>; hang?: boolean }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const rawBody = bytes.toString("utf8");
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    let body: unknown = rawBody;
    const type = req.headers["content-type"] ?? "";
    if (type.includes("application/json") && rawBody) body = JSON.parse(rawBody);
    else if (type.includes("application/x-www-form-urlencoded"))
      body = Object.fromEntries(new URLSearchParams(rawBody));
    if (path === "/__fake/stats") {
      const ok = (p: string) => this.requests.filter((r) => r.path === p && r.status < 300).length;
      return {
        status: 200,
        body: {
          requests: this.requests.length,
          replies: ok("/v2/bot/message/reply"),
          pushes: ok("/v2/bot/message/push"),
          pushRecipients: new Set(
            this.requests
              .filter((r) => r.path === "/v2/bot/message/push" && r.status === 200)
              .map((r) => (r.body as { to: string }).to),
          ).size,
        },
      };
    }
    const record = (status: number) => {
      const recorded = {
        method: req.method ?? "GET",
        path,
        headers: req.headers,
        body,
        rawBody,
        bytes,
        status,
      };
      this.requests.push(recorded);
      this.options.onRequest?.(recorded);
    };

    const failure = this.failures.get(path)?.find((f) => f.remaining > 0);
    if (failure?.hang) {
      // LINE took the request but its answer never arrives: the send happened, the client times out.
      failure.remaining--;
      const retryKey = req.headers["x-line-retry-key"];
      if (typeof retryKey === "string") this.acceptedRetryKeys.add(retryKey);
      record(0);
      return { status: 0, body: {}, hang: true };
    }
    if (failure) {
      failure.remaining--;
      record(failure.status);
      return {
        status: failure.status,
        body: failure.body ?? { message: "fake failure" },
        ...(failure.hang ? { hang: true } : {}),
      };
    }

    if (path.startsWith("/v2/bot/") && this.accessToken !== null) {
      if (req.headers.authorization !== `Bearer ${this.accessToken}`) {
        record(401);
        return {
          status: 401,
          body: {
            message:
              "Authentication failed. Confirm that the access token in the authorization header is valid.",
          },
        };
      }
    }

    if (path === "/oauth2/v2.1/verify" && req.method === "POST") {
      const form = body as { id_token?: string; client_id?: string };
      const claims = form.id_token ? this.idTokens.get(form.id_token) : undefined;
      const now = Math.floor(Date.now() / 1000);
      if (!claims || (claims.exp !== undefined && claims.exp < now)) {
        record(400);
        return {
          status: 400,
          body: {
            error: "invalid_request",
            error_description: claims ? "IdToken expired." : "Invalid IdToken.",
          },
        };
      }
      const aud = claims.aud ?? this.loginChannelId;
      if (form.client_id !== aud) {
        record(400);
        return {
          status: 400,
          body: { error: "invalid_request", error_description: "Invalid IdToken Audience." },
        };
      }
      record(200);
      return {
        status: 200,
        body: {
          iss: "https://access.line.me",
          sub: claims.sub,
          aud,
          exp: claims.exp ?? now + 3600,
          iat: now,
          name: claims.name ?? "テスト",
        },
      };
    }

    if (path === "/v2/bot/info" || path.startsWith("/v2/bot/channel/webhook/")) {
      if (!req.headers.authorization?.startsWith("Bearer ")) {
        record(401);
        return { status: 401, body: { message: "Authentication failed." } };
      }
      const answer = this.channelApi(req.method ?? "GET", path, body);
      record(answer.status);
      return answer;
    }
    if (path === "/v2/bot/insight/followers" && req.method === "GET") {
      record(200);
      const body =
        this.followers === null
          ? { status: "unready" }
          : { status: "ready", followers: this.followers };
      return { status: 200, body };
    }

    if (path === "/v2/bot/message/quota" && req.method === "GET") {
      record(200);
      return { status: 200, body: this.quota };
    }
    if (path === "/v2/bot/message/quota/consumption" && req.method === "GET") {
      record(200);
      return { status: 200, body: { totalUsage: this.consumption } };
    }

    if (
      /^\/v2\/bot\/message\/(reply|push|multicast|broadcast)$/u.test(path) &&
      req.method === "POST"
    ) {
      const auth = req.headers.authorization;
      if (!auth?.startsWith("Bearer ")) {
        record(401);
        return { status: 401, body: { message: "Authentication failed." } };
      }
      const retryKey = req.headers["x-line-retry-key"];
      if (typeof retryKey === "string") {
        if (this.acceptedRetryKeys.has(retryKey)) {
          record(409);
          return { status: 409, body: { message: "The retry key is already accepted" } };
        }
        this.acceptedRetryKeys.add(retryKey);
      }
      const payload = body as { messages?: unknown[]; to?: unknown; replyToken?: unknown };
      if (path.endsWith("reply") && typeof payload.replyToken === "string") {
        if (this.usedReplyTokens.has(payload.replyToken)) {
          record(400);
          return { status: 400, body: { message: "Invalid reply token" } };
        }
        this.usedReplyTokens.add(payload.replyToken);
      }
      if (!path.endsWith("reply")) {
        const recipients = Array.isArray(payload.to) ? payload.to.length : 1;
        const cost = (payload.messages?.length ?? 0) * recipients;
        if (
          this.enforceQuota &&
          this.quota.type === "limited" &&
          this.consumption + cost > this.quota.value
        ) {
          if (typeof retryKey === "string") this.acceptedRetryKeys.delete(retryKey);
          record(429);
          return { status: 429, body: { message: "You have reached your monthly limit." } };
        }
        this.consumption += cost;
      }
      record(200);
      return {
        status: 200,
        body: path.endsWith("reply") || path.endsWith("push") ? { sentMessages: [] } : {},
      };
    }

    if (path.startsWith("/v2/bot/richmenu") || /^\/v2\/bot\/user\/[^/]+\/richmenu/u.test(path)) {
      if (!req.headers.authorization?.startsWith("Bearer ")) {
        record(401);
        return { status: 401, body: { message: "Authentication failed." } };
      }
      const answer = this.richMenuApi(req.method ?? "GET", path, body, bytes, type);
      record(answer.status);
      return answer;
    }

    record(200);
    return { status: 200, body: {} };
  }

  /**
   * Bot info and the webhook endpoint, with LINE's checks: an endpoint must be an HTTPS URL of at
   * most 500 characters; a test needs an endpoint (given or set).
   * @see https://developers.line.biz/en/reference/messaging-api/#get-bot-info
   * @see https://developers.line.biz/en/reference/messaging-api/#set-webhook-endpoint-url
   * @see https://developers.line.biz/en/reference/messaging-api/#test-webhook-endpoint
   */
  private channelApi(
    method: string,
    path: string,
    body: unknown,
  ): { status: number; body: unknown } {
    const valid = (url: unknown) =>
      typeof url === "string" && url.startsWith("https://") && url.length <= 500;
    if (path === "/v2/bot/info" && method === "GET") return { status: 200, body: this.botInfo };
    if (path === "/v2/bot/channel/webhook/endpoint" && method === "GET")
      return { status: 200, body: this.webhook };
    if (path === "/v2/bot/channel/webhook/endpoint" && method === "PUT") {
      const endpoint = (body as { endpoint?: unknown })?.endpoint;
      if (!valid(endpoint))
        return { status: 400, body: { message: "Invalid webhook endpoint URL" } };
      this.webhook = { ...this.webhook, endpoint: endpoint as string };
      return { status: 200, body: {} };
    }
    if (path === "/v2/bot/channel/webhook/test" && method === "POST") {
      const endpoint = (body as { endpoint?: unknown })?.endpoint ?? this.webhook.endpoint;
      if (!valid(endpoint))
        return { status: 400, body: { message: "Invalid webhook endpoint URL" } };
      return {
        status: 200,
        body: { ...this.webhookTestResult, timestamp: new Date().toISOString() },
      };
    }
    return { status: 404, body: { message: "Not found" } };
  }

  /**
   * The rich menu endpoints, with LINE's checks: the menu object's size and areas, one image per
   * menu (PNG or JPEG, the menu's size, under 1 MB), alias ids that exist or not, ≤ 500 user IDs
   * per bulk link.
   * @see https://developers.line.biz/en/reference/messaging-api/#rich-menu
   */
  private richMenuApi(
    method: string,
    path: string,
    body: unknown,
    bytes: Buffer,
    contentType: string,
  ): { status: number; body: unknown } {
    const notFound = { status: 404, body: { message: "Not found" } };
    const bad = (message: string) => ({ status: 400, body: { message } });
    const ok = (status = 200, answer: unknown = {}) => ({ status, body: answer });
    const content = path.match(/^\/v2\/bot\/richmenu\/(richmenu-[0-9a-f]+)\/content$/u);
    const one = path.match(/^\/v2\/bot\/richmenu\/(richmenu-[0-9a-f]+)$/u);
    const alias = path.match(/^\/v2\/bot\/richmenu\/alias\/([^/]+)$/u);
    const byDefault = path.match(/^\/v2\/bot\/user\/all\/richmenu\/([^/]+)$/u);
    const user = path.match(/^\/v2\/bot\/user\/([^/]+)\/richmenu\/([^/]+)$/u);

    if (path === "/v2/bot/richmenu" && method === "POST") {
      const menu = body as FakeRichMenu["menu"];
      const { width, height } = menu?.size ?? { width: 0, height: 0 };
      if (width < 800 || width > 2500 || height < 250 || width / height < 1.45)
        return bad("invalid size");
      if (!menu.chatBarText || [...menu.chatBarText].length > 14)
        return bad("chatBarText must be 1 to 14 characters");
      if (!Array.isArray(menu.areas) || menu.areas.length < 1 || menu.areas.length > 20)
        return bad("areas must be 1 to 20");
      for (const a of menu.areas) {
        const b = a.bounds;
        if (!b || b.x < 0 || b.y < 0 || b.x + b.width > width || b.y + b.height > height)
          return bad("an area is outside the menu");
      }
      const richMenuId = `richmenu-${randomUUID().replaceAll("-", "")}`;
      this.richMenus.set(richMenuId, { richMenuId, menu, image: null });
      return ok(200, { richMenuId });
    }
    if (content && method === "POST") {
      const menu = this.richMenus.get(content[1] ?? "");
      if (!menu) return notFound;
      if (menu.image) return bad("An image has already been uploaded to the richmenu");
      if (contentType !== "image/png" && contentType !== "image/jpeg")
        return { status: 415, body: { message: "Unsupported Media Type" } };
      if (bytes.length > RICH_MENU_IMAGE_LIMIT)
        return { status: 413, body: { message: "Too large" } };
      menu.image = { contentType, bytes: bytes.length, data: bytes };
      return ok();
    }
    if (one && method === "DELETE") {
      const id = one[1] ?? "";
      if (!this.richMenus.delete(id)) return notFound;
      if (this.defaultRichMenuId === id) this.defaultRichMenuId = null;
      for (const [userId, menuId] of this.userRichMenus)
        if (menuId === id) this.userRichMenus.delete(userId);
      return ok();
    }
    if (path === "/v2/bot/richmenu/alias" && method === "POST") {
      const { richMenuAliasId, richMenuId } = body as {
        richMenuAliasId: string;
        richMenuId: string;
      };
      if (this.richMenuAliases.has(richMenuAliasId)) return bad("conflict richmenu alias id");
      if (!this.richMenus.has(richMenuId)) return bad("richmenu not found");
      this.richMenuAliases.set(richMenuAliasId, richMenuId);
      return ok();
    }
    if (alias) {
      const aliasId = decodeURIComponent(alias[1] ?? "");
      const current = this.richMenuAliases.get(aliasId);
      if (method === "GET")
        return current ? ok(200, { richMenuAliasId: aliasId, richMenuId: current }) : notFound;
      if (method === "POST") {
        if (!current) return notFound;
        const { richMenuId } = body as { richMenuId: string };
        if (!this.richMenus.has(richMenuId)) return bad("richmenu not found");
        this.richMenuAliases.set(aliasId, richMenuId);
        return ok();
      }
      if (method === "DELETE") return this.richMenuAliases.delete(aliasId) ? ok() : notFound;
    }
    if (path === "/v2/bot/richmenu/bulk/link" && method === "POST") {
      const { richMenuId, userIds } = body as { richMenuId: string; userIds: string[] };
      if (!Array.isArray(userIds) || userIds.length < 1 || userIds.length > 500)
        return bad("userIds must be 1 to 500");
      if (!this.richMenus.has(richMenuId)) return bad("richmenu not found");
      for (const user of userIds) this.userRichMenus.set(user, richMenuId);
      return ok(202);
    }
    if (path === "/v2/bot/user/all/richmenu" && method === "GET") {
      return this.defaultRichMenuId
        ? ok(200, { richMenuId: this.defaultRichMenuId })
        : { status: 404, body: { message: "no default richmenu" } };
    }
    if (byDefault && method === "POST") {
      const id = byDefault[1] ?? "";
      if (!this.richMenus.has(id)) return notFound;
      this.defaultRichMenuId = id;
      return ok();
    }
    if (user && method === "POST") {
      const id = user[2] ?? "";
      if (!this.richMenus.has(id)) return notFound;
      this.userRichMenus.set(decodeURIComponent(user[1] ?? ""), id);
      return ok();
    }
    return notFound;
  }
}

/** Starts a fake LINE on a free loopback port. */
export async function startFakeLine(): Promise<FakeLine> {
  return new FakeLine().start();
}
