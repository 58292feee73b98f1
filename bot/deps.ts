/**
 * What the app factory receives: its database, LINE gateway, clock, configuration, and a way to run
 * work after the response (Workers' `waitUntil`; a tracked promise on Node).
 */
import type { Database } from "../db/client.ts";
import type { IdTokenVerifier } from "./auth.ts";
import type { AppConfig } from "./config.ts";
import type { LineGateway } from "./line/gateway.ts";

export interface AppDeps {
  db: Database;
  line: LineGateway;
  config: AppConfig;
  clock: () => Date;
  /** Runs work after the response has been sent; errors must be caught by the caller. */
  defer: (work: Promise<unknown>) => void;
  verifier: IdTokenVerifier;
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
