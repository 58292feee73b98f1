/**
 * API authentication: the LIFF app sends `Authorization: Bearer <LIFF ID token>`; the server
 * verifies it with LINE Login's verify endpoint and trusts only the `sub` it returns. Profile data
 * sent by the client is never trusted.
 *
 * @see https://developers.line.biz/en/reference/line-login/#verify-id-token
 */
import { ApiError } from "../shared/api-errors.ts";

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

export interface CacheEntry {
  user: VerifiedUser;
  expiresAt: number;
}

/**
 * Verifies LIFF ID tokens against `POST {apiBaseUrl}/oauth2/v2.1/verify`, caching each verified
 * token until its `exp` (at most 10 minutes) so that a page of API calls costs one verification.
 */
export class IdTokenVerifier {
  private readonly cache: Map<string, CacheEntry>;

  constructor(
    private readonly options: {
      apiBaseUrl: string;
      loginChannelId: string | null;
      clock: () => Date;
      fetch?: typeof fetch;
      /** A cache shared across verifier instances (Workers build one app per request). */
      cache?: Map<string, CacheEntry>;
    },
  ) {
    this.cache = options.cache ?? new Map();
  }

  /**
   * @returns the verified user.
   * @throws AuthError (401) when the token is invalid or expired, or when LINE Login is not configured;
   *   ApiError `line_unavailable` (502) when LINE Login cannot be reached.
   */
  async verify(idToken: string): Promise<VerifiedUser> {
    const now = this.options.clock().getTime();
    const cached = this.cache.get(idToken);
    if (cached && cached.expiresAt > now) return cached.user;
    if (!this.options.loginChannelId) {
      throw new AuthError("LINE_LOGIN_CHANNEL_ID is not configured; ID tokens cannot be verified.");
    }
    const doFetch = this.options.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(`${this.options.apiBaseUrl}/oauth2/v2.1/verify`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ id_token: idToken, client_id: this.options.loginChannelId }),
      });
    } catch (err) {
      throw new ApiError("line_unavailable", `LINE Login could not be reached: ${String(err)}`);
    }
    if (!res.ok) throw new AuthError("ID token is invalid or expired.");
    const body = (await res.json()) as {
      sub?: unknown;
      name?: unknown;
      exp?: unknown;
      aud?: unknown;
    };
    if (typeof body.sub !== "string" || body.sub === "")
      throw new AuthError("ID token has no subject.");
    if (body.aud !== undefined && body.aud !== this.options.loginChannelId) {
      throw new AuthError("ID token was issued to another channel.");
    }
    const user = { userId: body.sub, name: typeof body.name === "string" ? body.name : null };
    const exp = typeof body.exp === "number" ? body.exp * 1000 : now;
    const expiresAt = Math.min(exp, now + 10 * 60 * 1000);
    if (expiresAt > now) {
      if (this.cache.size > 5000) this.cache.clear();
      this.cache.set(idToken, { user, expiresAt });
    }
    return user;
  }
}

/** The prefix of development tokens, accepted only when the app is built with `devAuth`. */
export const DEV_TOKEN_PREFIX = "dev:";
