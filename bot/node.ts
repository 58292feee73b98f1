/**
 * `npm start`: the production server on Node. Serves the webhook, the API and the built LIFF app
 * (liff/dist) on `PORT` (default 8787), with the database named by `DATABASE_URL` (default: the
 * embedded file ./data/shinchoku.db). Run as a program, it first reads `.env` (bot/setup/env-file.ts;
 * variables already in the environment win).
 *
 * Development tokens (`Bearer dev:<userId>`) are never accepted here, whatever the environment says:
 * `devAuth` is hard-wired to false.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { inboxCounts } from "../db/inbox.ts";
import { createApp } from "./app.ts";
import {
  banner,
  createNodeDeps,
  preparePlansInBackground,
  startInboxSweeper,
  startScheduler,
} from "./node-runtime.ts";
import { loadEnvFile } from "./setup/env-file.ts";

const LIFF_DIST = resolve(fileURLToPath(new URL("../liff/dist", import.meta.url)));

/** How long a graceful shutdown waits for events being handled before it exits anyway. */
export const SHUTDOWN_DRAIN_MS = 10_000;

export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const { deps, queue, loaded } = await createNodeDeps({ devAuth: false, env });
  let stopping = false;
  deps.stopping = () => stopping;
  const app = createApp(deps);
  if (!existsSync(resolve(LIFF_DIST, "index.html"))) {
    throw new Error("liff/dist is missing: run `npm run build` first (npm start does it for you).");
  }
  const indexHtml = await readFile(resolve(LIFF_DIST, "index.html"), "utf8");
  app.use("/*", serveStatic({ root: LIFF_DIST }));
  // The LIFF app routes on the client: any other GET is its index page.
  app.get("*", (c) => c.html(indexHtml));
  const port = Number(env.PORT || 8787);
  const server = serve({ fetch: app.fetch, port, hostname: env.HOST || "0.0.0.0" });
  console.info(banner(port, deps.config, loaded));
  const stopScheduler = startScheduler(deps);
  const stopSweeper = await startInboxSweeper(deps);
  preparePlansInBackground(deps);

  /**
   * Graceful shutdown: stop accepting connections, let requests under way finish (their events go
   * to the inbox), finish the events being handled (no new ones start), for at most
   * SHUTDOWN_DRAIN_MS, then exit 0. Events not finished stay in the inbox for the next start.
   */
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second SIGTERM is often the same stop twice (npm forwards the signal its process group
      // also got): keep draining. A second Ctrl-C means "now".
      if (signal === "SIGINT") {
        console.warn("second SIGINT: exiting now; unfinished events stay in the inbox");
        process.exit(130);
      }
      console.info(`${signal} again: already shutting down`);
      return;
    }
    stopping = true;
    console.info(`${signal}: shutting down (waiting at most ${SHUTDOWN_DRAIN_MS / 1000} s)`);
    stopScheduler();
    stopSweeper();
    const closed = new Promise<void>((done) => server.close(() => done()));
    if ("closeIdleConnections" in server) server.closeIdleConnections();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finished = await Promise.race([
      Promise.all([closed, queue.settle()]).then(() => true),
      new Promise<false>((done) => {
        timer = setTimeout(() => done(false), SHUTDOWN_DRAIN_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) {
      console.warn("shutdown: time is up; unfinished events stay in the inbox for the next start");
    }
    try {
      const counts = await inboxCounts(deps.inboxDb);
      console.info(`shutdown: inbox ${JSON.stringify(counts)}`);
    } catch {
      // the database may be what failed; the exit must not depend on it
    }
    deps.db.$client.close();
    if (deps.inboxDb !== deps.db) deps.inboxDb.$client.close();
    process.exit(0);
  };
  process.on("SIGINT", (signal) => void shutdown(signal));
  process.on("SIGTERM", (signal) => void shutdown(signal));
  return { server, deps, queue };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Logged, never fatal: an event's failure is recorded in the inbox, and one stray promise must not
  // take the server (and the events it is handling) down.
  process.on("unhandledRejection", (reason) => {
    console.error("unhandled rejection (the server keeps running):", reason);
  });
  try {
    const loaded = loadEnvFile();
    if (loaded) console.info(`environment: ${loaded}`);
  } catch (err) {
    console.error(`cannot read the env file: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
  startServer().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
