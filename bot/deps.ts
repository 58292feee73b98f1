/**
 * What the app factory receives: its database, LINE gateway, clock, configuration, and a way to run
 * work after the response (Workers' `waitUntil`; a tracked promise on Node).
 */
import type { Database } from "../db/client.ts";
import type { ImportReader } from "./api/import-request.ts";
import { type CacheEntry, IdTokenVerifier } from "./auth.ts";
import type { AppConfig } from "./config.ts";
import { createLineGateway, type LineGateway } from "./line/gateway.ts";
import type { LoadedPlan } from "./plan-view-worker.ts";

/**
 * The Hono environment every route runs in: the request's dependencies are `c.var.deps`, set once per
 * request by the app (bot/app.ts). Routes never close over a `deps` of their own, so one app can
 * serve every request of a Workers isolate while each request still gets its own database client.
 */
export type AppEnv = { Variables: { deps: AppDeps } };

export interface AppDeps {
  db: Database;
  /**
   * The webhook inbox's database (db/inbox.ts): on Node with an embedded file, a file of its own
   * beside `db` (db/node.ts `openInboxDatabase`), so that a long write on `db` (a plan import)
   * never holds a webhook's enqueue; elsewhere (Workers/Turso, `:memory:`, tests) `db` itself.
   */
  inboxDb: Database;
  line: LineGateway;
  config: AppConfig;
  clock: () => Date;
  /** Runs work after the response has been sent; errors must be caught by the caller. */
  defer: (work: Promise<unknown>) => void;
  verifier: IdTokenVerifier;
  /**
   * Set by a runtime that shuts down gracefully (Node): once it returns true, deferred inbox work
   * starts no new event (those left wait in the inbox for the next start).
   */
  stopping?: () => boolean;
  /**
   * Reads a plan import's body and, once the route allows it, writes the plan
   * (bot/api/import-request.ts `PendingImport`). The Node server sets a worker-thread reader
   * (bot/import-worker.ts) that also writes on its own connection, so a large plan holds neither
   * other requests nor webhooks; by default (Workers, tests) both run in the request.
   */
  readImport?: ImportReader;
  /**
   * Loads a plan's view and search corpus off the event loop (bot/plan-view-worker.ts), for
   * preparing a large plan's answers in the background (bot/chat/questions.ts
   * `preparePlanAnswersInSteps`). Set by the Node server on a file database; elsewhere the view is
   * loaded in the request.
   */
  loadPlanOffThread?: (planId: string) => Promise<LoadedPlan | null>;
}

/**
 * A `defer` for Node: keeps track of pending work so that tests and graceful shutdown can wait for it.
 */
export function createDeferQueue() {
  const pending = new Set<Promise<unknown>>();
  return {
    defer(work: Promise<unknown>) {
      const tracked = work.finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
    /** Resolves when all deferred work (including work deferred meanwhile) has finished. */
    async settle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

/**
 * Builds the dependencies every runtime shares: the LINE gateway (offline without an access token)
 * and the ID token verifier, both pointed at `config.lineApiBaseUrl`.
 */
export function buildAppDeps(options: {
  db: Database;
  /** The inbox's own database; `db` when not given. */
  inboxDb?: Database;
  config: AppConfig;
  defer: AppDeps["defer"];
  clock?: () => Date;
  /** Verified ID tokens shared across app instances (Workers build deps per request). */
  idTokenCache?: Map<string, CacheEntry>;
  /** Where offline messages are printed (default: the console). */
  print?: (line: string) => void;
}): AppDeps {
  const { db, config } = options;
  const clock = options.clock ?? (() => new Date());
  const line = createLineGateway({
    db,
    channelAccessToken: config.channelAccessToken,
    apiBaseUrl: config.lineApiBaseUrl,
    dataApiBaseUrl: config.lineDataApiBaseUrl,
    retry: { timeoutMs: config.lineTimeoutMs },
    ...(options.print ? { print: options.print } : {}),
  });
  return {
    db,
    inboxDb: options.inboxDb ?? db,
    config,
    clock,
    defer: options.defer,
    line,
    verifier: new IdTokenVerifier({
      line,
      loginChannelId: config.loginChannelId,
      clock: () => new Date(),
      ...(options.idTokenCache ? { cache: options.idTokenCache } : {}),
    }),
  };
}
