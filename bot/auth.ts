/**
 * API authentication: the LIFF app sends `Authorization: Bearer <LIFF ID token>`; the server
 * verifies it with LINE Login's verify endpoint and trusts only the `sub` it returns. Profile data
 * sent by the client is never trusted.
 *
 * @see https://developers.line.biz/en/reference/line-login/#verify-id-token
 */
import { ApiError } from "../shared/api-errors.ts";
import type { LineGateway } from "./line/gateway.ts";
import { apiText } from "./text/api.ts";

export interface VerifiedUser {
  /** LINE userId (`sub` of the ID token). */
  userId: string;
  name: string | null;
}

/** 401 `unauthorized`: no token, or one LINE Login does not verify. */
export class AuthError extends ApiError {
  override readonly name = "AuthError";
  constructor(message: string) {
    super("unauthorized", message);
  }
}

/**
 * One entry of the verifier's per-isolate cache: a verified token (`user`), a token LINE refused
 * (`user: null`, kept briefly), or a client's count of LINE calls in the current window (`calls`).
 */
export interface CacheEntry {
  user: VerifiedUser | null;
  expiresAt: number;
  calls?: number;
}

/** Too many ID tokens to check with LINE from one client (or in all): 429 with `Retry-After`. */
export class TooManyVerifications extends ApiError {
  override readonly name = "TooManyVerifications";
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", apiText.tooManyVerifications);
  }
}

/**
 * How many ID tokens may be sent to LINE to check, per window: per client (its IP address, or
 * `unknown` when the runtime does not say) and in all. Only cache misses count: a verified token is
 * reused for up to 10 minutes, so one user costs about one call per 10 minutes.
 */
export interface VerifyLimits {
  /** Window length in ms (default 60 s). */
  windowMs: number;
  /** LINE calls one client may cause per window (default 30). */
  perClient: number;
  /** LINE calls all clients together may cause per window (default 600). */
  total: number;
  /** How long a token LINE refused is answered 401 without asking LINE again (default 60 s). */
  failureTtlMs: number;
}

export const DEFAULT_VERIFY_LIMITS: VerifyLimits = {
  windowMs: 60_000,
  perClient: 30,
  total: 600,
  failureTtlMs: 60_000,
};

/** Entries kept at most; beyond, the cache starts over (a bound on memory, not a policy). */
const CACHE_LIMIT = 5000;

/**
 * Verifies LIFF ID tokens with LINE Login (`POST /oauth2/v2.1/verify`, through the gateway), caching each verified
 * token until its `exp` (at most 10 minutes) so that a page of API calls costs one verification.
 * A token LINE refused is remembered for `failureTtlMs`, and LINE calls are rate limited per client
 * and in all ({@link VerifyLimits}), so random tokens cannot make the server call LINE without bound.
 */
export class IdTokenVerifier {
  private readonly cache: Map<string, CacheEntry>;
  private readonly limits: VerifyLimits;

  constructor(
    private readonly options: {
      /** LINE Login's verify endpoint goes through the gateway (timeout, logging). */
      line: Pick<LineGateway, "verifyIdToken">;
      loginChannelId: string | null;
      clock: () => Date;
      /** A cache shared across verifier instances (Workers build deps per request). */
      cache?: Map<string, CacheEntry>;
      limits?: Partial<VerifyLimits>;
    },
  ) {
    this.cache = options.cache ?? new Map();
    this.limits = { ...DEFAULT_VERIFY_LIMITS, ...options.limits };
  }

  /**
   * @param client who is asking (an IP address), for the rate limit.
   * @returns the verified user.
   * @throws AuthError (401) when the token is invalid or expired, or when LINE Login is not configured;
   *   ApiError `line_unavailable` (502) when LINE Login cannot be reached.
   * @throws TooManyVerifications (429 `rate_limited`) when the client (or everyone) has sent too many
   *   new tokens.
   */
  async verify(idToken: string, client = "unknown"): Promise<VerifiedUser> {
    const now = this.options.clock().getTime();
    const cached = this.cache.get(`token:${idToken}`);
    if (cached && cached.expiresAt > now) {
      if (cached.user) return cached.user;
      throw new AuthError("ID token is invalid or expired.");
    }
    if (!this.options.loginChannelId) {
      throw new AuthError("LINE_LOGIN_CHANNEL_ID is not configured; ID tokens cannot be verified.");
    }
    // A token counts once per window: the calls a LIFF page makes at once with a fresh token (each
    // a cache miss until the first verification returns) are one user, not an attack.
    const seen = this.cache.get(`seen:${idToken}`);
    if (!seen || seen.expiresAt <= now) {
      this.count(`rate:client:${client}`, this.limits.perClient, now);
      this.count("rate:total", this.limits.total, now);
      this.cache.set(`seen:${idToken}`, { user: null, expiresAt: now + this.limits.windowMs });
    }
    let answer: Awaited<ReturnType<LineGateway["verifyIdToken"]>>;
    try {
      answer = await this.options.line.verifyIdToken(idToken, this.options.loginChannelId);
    } catch (err) {
      throw new ApiError("line_unavailable", `LINE Login could not be reached: ${String(err)}`);
    }
    if (!answer.ok) {
      if (answer.status >= 500 || answer.status === 429)
        throw new ApiError("line_unavailable", `LINE Login answered ${answer.status}.`);
      this.remember(idToken, null, now + this.limits.failureTtlMs);
      throw new AuthError("ID token is invalid or expired.");
    }
    const body = answer.claims;
    if (typeof body.sub !== "string" || body.sub === "")
      throw new AuthError("ID token has no subject.");
    if (body.aud !== undefined && body.aud !== this.options.loginChannelId) {
      throw new AuthError("ID token was issued to another channel.");
    }
    const user = { userId: body.sub, name: typeof body.name === "string" ? body.name : null };
    const exp = typeof body.exp === "number" ? body.exp * 1000 : now;
    const expiresAt = Math.min(exp, now + 10 * 60 * 1000);
    if (expiresAt > now) this.remember(idToken, user, expiresAt);
    return user;
  }

  private remember(idToken: string, user: VerifiedUser | null, expiresAt: number) {
    if (this.cache.size > CACHE_LIMIT) this.cache.clear();
    this.cache.set(`token:${idToken}`, { user, expiresAt });
  }

  /** Counts one LINE call in a fixed window; throws when the window is full. */
  private count(key: string, limit: number, now: number) {
    const entry = this.cache.get(key);
    if (!entry || entry.expiresAt <= now) {
      if (this.cache.size > CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, { user: null, expiresAt: now + this.limits.windowMs, calls: 1 });
      return;
    }
    if ((entry.calls ?? 0) >= limit)
      throw new TooManyVerifications(Math.max(1, Math.ceil((entry.expiresAt - now) / 1000)));
    entry.calls = (entry.calls ?? 0) + 1;
  }
}

/** The prefix of development tokens, accepted only when the app is built with `devAuth`. */
export const DEV_TOKEN_PREFIX = "dev:";

/**
 * The client's address for rate limits: the socket's remote address on Node (`@hono/node-server`
 * passes the request as `env.incoming`), Cloudflare's `cf-connecting-ip` on Workers, else `unknown`.
 * `X-Forwarded-For` is not trusted: any client can write it.
 */
export function clientAddress(c: {
  req: { header(name: string): string | undefined };
  env: unknown;
}) {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  // On Node the socket decides: a client could write a `cf-connecting-ip` header of its own.
  if (incoming) return incoming.socket?.remoteAddress ?? "unknown";
  return c.req.header("cf-connecting-ip") ?? "unknown";
}
