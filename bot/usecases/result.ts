/**
 * The shape every use case answers with: `{ ok: true, ...what happened }` or
 * `{ ok: false, code, message, ...details }`. `code` is a domain error code (a string literal the
 * transports map to an HTTP status or a chat reply); `message` is Japanese text a user may be shown
 * as is. Use cases never throw for a user's mistake; they throw only for bugs and outages.
 */
import { ApiError, type ApiErrorCode, type ApiErrorDetails } from "../../shared/api-errors.ts";

export type Failure<C extends string, D extends object = object> = {
  ok: false;
  code: C;
  message: string;
} & D;

/** A failure with its code, message and details. */
export function fail<C extends string, D extends object = object>(
  code: C,
  message: string,
  details?: D,
): Failure<C, D> {
  return { ok: false, code, message, ...(details ?? ({} as D)) };
}

/**
 * The API error code a use case's failure is answered with (shared/api-errors.ts): the use cases'
 * finer codes (a unit mismatch, a period outside the plan) are all `invalid` to a client, which
 * shows `message`.
 */
const API_CODES: Record<string, ApiErrorCode> = {
  not_found: "not_found",
  forbidden: "forbidden",
  not_member: "not_member",
  conflict: "conflict",
  already_withdrawn: "conflict",
  already_decided: "conflict",
  confirm_required: "confirm_required",
  quota_exceeded: "quota_exceeded",
  line_failed: "line_failed",
};

/**
 * The {@link ApiError} for a failure, with the details it carries (`current`, `warnings` …).
 * `details` picks what the API documents; a failure's other fields stay on the server.
 */
export function toApiError(failure: Failure<string>, details: ApiErrorDetails = {}): ApiError {
  return new ApiError(API_CODES[failure.code] ?? "invalid", failure.message, details);
}
