/**
 * The shinchoku Hono app, built from its dependencies. One app serves every runtime: bot/node.ts
 * (Node), bot/worker.ts (Cloudflare Workers) and bot/dev.ts (`npm run dev`).
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isReachable } from "../db/health.ts";
import { ApiError, codeForStatus } from "../shared/api-errors.ts";
import { apiRoutes } from "./api/index.ts";
import { WEBHOOK_PATH } from "./config.ts";
import type { AppDeps, AppEnv } from "./deps.ts";
import { publicRoutes } from "./public-page.tsx";
import { securityHeaders } from "./security.ts";
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

/** The largest API request body, in bytes (1 MiB): every API body is a small JSON object. */
export const API_BODY_LIMIT = 1024 * 1024;
/**
 * The largest plan import body (`POST /api/plans/import`), in bytes (20 MiB): the tables of a plan
 * with 20,000 rows take about 6 MB as JSON.
 */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError("too_large", `The body is over ${maxSize} bytes.`);
    },
  });
}

/**
 * Where a request's dependencies come from: one `AppDeps` for every request (Node, `npm run dev`,
 * tests), or a function of the request (Workers, where the database client must belong to the request
 * that uses it: workerd refuses an I/O object or promise made in one request and settled in another).
 */
export type DepsSource<B extends object = object> =
  | AppDeps
  | ((c: Context<AppEnv & { Bindings: B }>) => AppDeps);

/**
 * Builds the app once; `deps` is resolved per request into `c.var.deps`. On Workers the app is built
 * once per isolate (bot/worker.ts) and each request gets its own client and caches.
 */
export function createApp<B extends object = object>(deps: DepsSource<B>) {
  const resolve = typeof deps === "function" ? deps : () => deps;
  const app = new Hono<AppEnv & { Bindings: B }>();
  app.use("*", async (c, next) => {
    c.set("deps", resolve(c));
    await next();
  });
  // Before every route, so that pages, the API, the webhook and (on Node) the LIFF files all get them.
  app.use("*", securityHeaders());

  app.get("/healthz", async (c) => {
    const ok = await isReachable(c.var.deps.db);
    return c.json({ status: ok ? "ok" : "database unreachable" }, ok ? 200 : 503);
  });
  app.route(WEBHOOK_PATH, webhookRoutes());
  // Bodies are limited before they are read (413 `too_large`); the plan import carries whole tables.
  const apiLimit = limitBody(API_BODY_LIMIT);
  const importLimit = limitBody(IMPORT_BODY_LIMIT);
  app.use("/api/*", (c, next) =>
    c.req.path === "/api/plans/import" ? importLimit(c, next) : apiLimit(c, next),
  );
  app.route("/api", apiRoutes());
  app.route("/public", publicRoutes());
  app.all("/api/*", () => {
    throw new ApiError("not_found", "No such API route.");
  });

  app.onError(renderError);
  return app;
}

export type App = ReturnType<typeof createApp>;
