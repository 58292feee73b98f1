/**
 * The shinchoku Hono app, built from its dependencies. One app serves every runtime: bot/node.ts
 * (Node), bot/worker.ts (Cloudflare Workers) and bot/dev.ts (`npm run dev`).
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { isReachable } from "../db/client.ts";
import { apiRoutes } from "./api/index.ts";
import type { AppDeps } from "./deps.ts";
import { publicRoutes } from "./public-page.ts";
import { webhookRoutes } from "./webhook.ts";

/** `error.code` for each HTTP status the app answers with (docs/api.md). */
const ERROR_CODES: Record<number, string> = {
  400: "invalid",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
};

export function createApp(deps: AppDeps) {
  const app = new Hono();

  app.get("/healthz", async (c) => {
    const ok = await isReachable(deps.db);
    return c.json({ status: ok ? "ok" : "database unreachable" }, ok ? 200 : 503);
  });
  app.route("/webhook", webhookRoutes(deps));
  app.route("/api", apiRoutes(deps));
  app.route("/public", publicRoutes(deps));
  app.all("/api/*", (c) =>
    c.json({ error: { code: "not_found", message: "No such API route." } }, 404),
  );

  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      const code = ERROR_CODES[err.status] ?? "error";
      return c.json({ error: { code, message: err.message } }, err.status);
    }
    console.error(`${c.req.method} ${c.req.path} failed:`, err);
    return c.json({ error: { code: "internal", message: "Internal error." } }, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
