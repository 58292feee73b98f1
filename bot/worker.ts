/**
 * The Cloudflare Workers entry: `fetch` serves the webhook and the API (the LIFF app is served by
 * Workers static assets, wrangler.toml `[assets]`), `scheduled` runs the cron jobs.
 *
 * The database is libSQL over HTTP (`@libsql/client/web`): Turso in production, a local `sqld` in
 * tests. Nothing reads `env` at module scope: the app is built once per isolate and each request's
 * dependencies from that request's `env` (see `app`); the cron handler builds its own per run. `Env` is generated from wrangler.toml and .dev.vars.example by
 * `npx wrangler types` (worker-configuration.d.ts; tests/worker/env-types.test.ts fails when it is
 * out of date).
 */
import { createClient } from "@libsql/client/web";
import type { ExecutionContext } from "hono";
import { databaseFromClient } from "../db/client.ts";
import { createApp } from "./app.ts";
import type { CacheEntry } from "./auth.ts";
import { configFromEnv } from "./config.ts";
import { type AppDeps, buildAppDeps } from "./deps.ts";
import { drainInbox } from "./inbox.ts";
import { runScheduledJobs } from "./jobs.ts";

/** The parts of the Workers execution context used here. */
interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

interface ScheduledEvent {
  scheduledTime: number;
  cron: string;
}

/**
 * Pushes per cron run. A push is one subrequest (its message-log entry is written with the batch),
 * a retried push at most two (one retry on Workers), a run needs about a dozen queries, and LINE's
 * quota is asked before sending (two requests): 17 stays within the free plan's 50 subrequests per
 * invocation. See docs/reminders.md.
 */
const DEFAULT_BATCH = 17;
const WORKER_RETRY_DELAYS_MS = [1000];
/**
 * Inbox events one cron run may handle. An event costs about a dozen subrequests (database
 * statements over HTTP and one or two LINE calls), and the reminders need their share of the free
 * plan's 50; a backlog larger than this is worked off over the next runs.
 */
const INBOX_EVENTS_PER_RUN = 2;

// Verified ID tokens, kept per isolate so that a page of API calls costs one LINE verification.
const idTokenCache = new Map<string, CacheEntry>();

function buildDeps(env: Env, ctx: WorkerContext): AppDeps {
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
  if (!env.LINE_CHANNEL_SECRET) throw new Error("LINE_CHANNEL_SECRET is not set");
  const config = configFromEnv(env as unknown as Record<string, string | undefined>);
  const db = databaseFromClient(
    createClient({
      url: env.DATABASE_URL,
      ...(env.DATABASE_AUTH_TOKEN ? { authToken: env.DATABASE_AUTH_TOKEN } : {}),
    }),
  );
  return buildAppDeps({ db, config, defer: (work) => ctx.waitUntil(work), idTokenCache });
}

/**
 * The app, built once per isolate. Each request's dependencies (its own database client and
 * caches) are built from that request's `env` and execution context: Workers refuse a promise or an
 * I/O object made in one request and settled in another, so nothing that holds one is shared.
 * Only the ID-token cache (plain values) lives across requests.
 */
const app = createApp<Env>((c) => buildDeps(c.env, c.executionCtx));

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    return app.fetch(request, env, ctx);
  },
  async scheduled(event: ScheduledEvent, env: Env, ctx: WorkerContext): Promise<void> {
    const deps = { ...buildDeps(env, ctx), clock: () => new Date(event.scheduledTime) };
    const configured = Number.parseInt(env.REMINDER_BATCH_SIZE ?? "", 10);
    const maxPushes = Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_BATCH;
    // Webhook events whose `waitUntil` was cut short (or that wait for a retry) come first: a user
    // is waiting for each. Real time, not the cron's: leases and reply-token age are wall-clock.
    const inbox = await drainInbox(deps, { maxEvents: INBOX_EVENTS_PER_RUN });
    const report = await runScheduledJobs(deps, {
      maxPushes,
      retryDelaysMs: WORKER_RETRY_DELAYS_MS,
    });
    console.info(`scheduled ${event.cron}: ${JSON.stringify({ inbox, ...report })}`);
  },
};
