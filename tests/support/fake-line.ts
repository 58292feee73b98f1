/**
 * A fake LINE Platform at the HTTP level, on 127.0.0.1: the Messaging API (reply, push, multicast,
 * broadcast, quota), LINE Login's ID token verification, and the data API. It records every request,
 * can be told to fail or be slow, and honours `X-Line-Retry-Key` (a repeated accepted key gets 409,
 * as LINE does).
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

export class FakeLine {
  readonly requests: RecordedRequest[] = [];
  private server: Server | null = null;
  private readonly failures = new Map<string, Failure[]>();
  private readonly idTokens = new Map<string, IdTokenClaims>();
  private readonly acceptedRetryKeys = new Set<string>();
  /** Added to every answer, in milliseconds. */
  latencyMs = 0;
  quota = { type: "limited" as "limited" | "none", value: 200 };
  consumption = 0;
  loginChannelId = "1234567890";

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
    this.latencyMs = 0;
    this.consumption = 0;
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string>; hang?: boolean }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
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
      const payload = body as { messages?: unknown[]; to?: unknown };
      if (!path.endsWith("reply")) {
        const recipients = Array.isArray(payload.to) ? payload.to.length : 1;
        this.consumption += (payload.messages?.length ?? 0) * recipients;
      }
      record(200);
      return {
        status: 200,
        body: path.endsWith("reply") || path.endsWith("push") ? { sentMessages: [] } : {},
      };
    }

    record(200);
    return { status: 200, body: {} };
  }
}

/** Starts a fake LINE on a free loopback port. */
export async function startFakeLine(): Promise<FakeLine> {
  return new FakeLine().start();
}
