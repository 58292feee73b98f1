/**
 * The shinchoku Hono app, built from its dependencies. One app serves every runtime: bot/node.ts
 * (Node), bot/worker.ts (Cloudflare Workers) and bot/dev.ts (`npm run dev`).
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isReachable } from "../db/client.ts";
import { ApiError, codeForStatus } from "../shared/api-errors.ts";
import { apiRoutes } from "./api/index.ts";
import type { AppDeps } from "./deps.ts";
import { publicRoutes } from "./public-page.ts";
import { webhookRoutes } from "./webhook.ts";

/**
 * The one error path: an `ApiError` becomes `{ error: { code, message, details? } }` with the status
 * of its code (shared/api-errors.ts). Its details are also spread at the top level, where docs/api.md
 * documented `current`, `warnings` and `issues` before `details` existed. Anything else is logged and
 * answered 500 `internal`.
 */
export function renderError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    return c.json({ ...err.details, ...err.toBody() }, err.status as ContentfulStatusCode);
  }
  if (err instanceof HTTPException) {
    const code = codeForStatus(err.status);
    return c.json({ error: { code, message: err.message } }, err.status);
  }
  console.error(`${c.req.method} ${c.req.path} failed:`, err);
  return c.json({ error: { code: "internal", message: "Internal error." } }, 500);
}

export function createApp(deps: AppDeps) {
  const app = new Hono();

  app.get("/healthz", async (c) => {
    const ok = await isReachable(deps.db);
    return c.json({ status: ok ? "ok" : "database unreachable" }, ok ? 200 : 503);
  });
  app.route("/webhook", webhookRoutes(deps));
  app.route("/api", apiRoutes(deps));
  app.route("/public", publicRoutes(deps));
  app.all("/api/*", () => {
    throw new ApiError("not_found", "No such API route.");
  });

  app.onError(renderError);
  return app;
}

export type App = ReturnType<typeof createApp>;
