/**
 * The HTTP API's error codes: one table, read by the server (bot/app.ts maps every thrown `ApiError`
 * to `{ error: { code, message, details? } }` with the status below), by the LIFF app (its handling
 * branches on these codes) and by docs/api.md (tests/shared/api-errors.test.ts checks that the doc's
 * table lists exactly these rows). Use cases return the same codes in `{ ok: false, code }`.
 *
 * Dependency-free, so that the LIFF bundle can import it.
 */

/** code → HTTP status and what it means (the meaning is the docs/api.md wording). */
export const API_ERRORS = {
  invalid: {
    status: 400,
    meaning: "a body, parameter or value the route does not accept; `message` says which",
  },
  invalid_json: { status: 400, meaning: "a webhook body that is not JSON" },
  unauthorized: {
    status: 401,
    meaning: "no ID token, or one LINE Login does not verify (invalid, expired, other channel)",
  },
  invalid_signature: {
    status: 401,
    meaning: "a webhook whose `x-line-signature` is missing or does not match the body",
  },
  not_member: {
    status: 403,
    meaning: "verified, but not a member of the plan asked for; `message` says how to join",
  },
  forbidden: {
    status: 403,
    meaning: "a member without the right for this action; the reason is in `message`",
  },
  not_found: {
    status: 404,
    meaning: "no such plan, initiative, indicator, actual, catalog entry or route",
  },
  conflict: {
    status: 409,
    meaning:
      "someone saved first (stale `version` or `baseId`, or already withdrawn); nothing is written",
  },
  confirm_required: {
    status: 422,
    meaning: "an implausible value sent without `confirm: true`; `warnings` says why",
  },
  too_large: {
    status: 413,
    meaning: "a body over the route's size limit (webhook 256 KiB, API 1 MiB, plan import 20 MiB)",
  },
  rate_limited: {
    status: 429,
    meaning:
      "too many new ID tokens from one client to check with LINE; wait `Retry-After` seconds",
  },
  quota_exceeded: {
    status: 409,
    meaning:
      "a send that needs more LINE messages than this month's quota has left; nothing is sent",
  },
  internal: { status: 500, meaning: "an unexpected failure (logged on the server)" },
  line_unavailable: { status: 502, meaning: "LINE Login could not be reached to verify a token" },
  line_failed: {
    status: 502,
    meaning: "LINE refused a send or lacked a figure it needs (friends for a broadcast)",
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;
export type ApiErrorStatus = (typeof API_ERRORS)[ApiErrorCode]["status"];

/** Extra data an error carries: the newer state on a conflict, plausibility warnings, import issues. */
export type ApiErrorDetails = Record<string, unknown>;

/** The JSON body of every error answer. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: ApiErrorDetails };
}

export function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === "string" && Object.hasOwn(API_ERRORS, code);
}

/**
 * The code for a status when an answer carries none of its own: an `HTTPException` Hono throws (a
 * malformed JSON body is 400 `invalid`), or a proxy's error page reaching the LIFF app. The first
 * code in the table with that status; otherwise `invalid` for 4xx and `internal` for the rest.
 */
export function codeForStatus(status: number): ApiErrorCode {
  const codes = Object.keys(API_ERRORS) as ApiErrorCode[];
  return (
    codes.find((code) => API_ERRORS[code].status === status) ??
    (status >= 400 && status < 500 ? "invalid" : "internal")
  );
}

/**
 * An error answer of the API. Thrown by route handlers and middleware on the server (bot/app.ts
 * renders it), and by the LIFF client when an answer is not 2xx (liff/src/api.ts builds it from the
 * body). The status always comes from {@link API_ERRORS}, so a code cannot drift from its status.
 */
export class ApiError extends Error {
  override readonly name: string = "ApiError";
  readonly status: number;

  /**
   * @param code one of {@link API_ERRORS}.
   * @param message for people, in Japanese when a person will read it.
   * @param details extra data (`current`, `warnings`, `issues`), sent as `error.details`.
   * @param status only for the LIFF client, which keeps the status it actually got.
   */
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: ApiErrorDetails = {},
    status?: number,
  ) {
    super(message);
    this.status = status ?? API_ERRORS[code].status;
  }

  /** The JSON body for this error. */
  toBody(): ApiErrorBody {
    const hasDetails = Object.keys(this.details).length > 0;
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(hasDetails ? { details: this.details } : {}),
      },
    };
  }
}
