/**
 * Request validation for the API routes: `@hono/zod-validator` with one failure path, a thrown
 * `ApiError("invalid")` that bot/app.ts renders like every other error. The schemas' input types
 * flow into the Hono RPC client (liff/src/api.ts), so the LIFF app cannot send a body of another
 * shape without a type error.
 *
 * @see https://hono.dev/docs/guides/validation#zod-validator-middleware
 */
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import { z } from "zod";
import { ApiError } from "../../shared/api-errors.ts";
import { findNul } from "../../shared/nul.ts";
import { apiText } from "../text/api.ts";

/**
 * Validates one part of the request (`json`, `param`, `query`) against a zod schema. Text holding
 * a NUL character is refused first, wherever it is (shared/nul.ts: libSQL would store it cut short).
 */
export const validate = <T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) =>
  // The NUL check runs before the schema; the type stays the schema's, for the RPC client.
  zValidator(target, z.unknown().superRefine(refuseNul).pipe(schema) as unknown as T, (result) => {
    if (!result.success) {
      const problems = result.error.issues.map((i) =>
        i.path.length > 0 ? `${i.path.join(".")} ${i.message}` : i.message,
      );
      throw new ApiError("invalid", apiText.badShape(problems));
    }
  });

function refuseNul(value: unknown, ctx: z.RefinementCtx): void {
  const path = findNul(value);
  if (path) ctx.addIssue({ code: "custom", path, message: apiText.nulCharacter });
}

/** A route parameter that must be a database id: digits only, so `abc` or `1e3` is 400, not 500. */
export const idParam = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/u, apiText.notAnId)
    .transform(Number),
});
