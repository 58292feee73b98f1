/**
 * What `npm start` and `npm run dev` share on Node: open and migrate the database, load the Tamana
 * plan into an empty database, and build the app's dependencies from the environment.
 */
import { join } from "node:path";
import { Cron } from "croner";
import type { Database } from "../db/client.ts";
import { importPlanBundle } from "../db/import.ts";
import { releaseInboxClaims } from "../db/inbox.ts";
import {
  DEFAULT_DATABASE_URL,
  gateWrites,
  openDatabaseFromEnv,
  openInboxDatabase,
} from "../db/node.ts";
import { hasAnyPlan, listPlans } from "../db/plans.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder } from "../io/plan-files.ts";
import { formatImportIssue } from "../shared/import-format.ts";
import { preparePlanAnswersInSteps } from "./chat/questions.ts";
import { type AppConfig, configFromEnv } from "./config.ts";
import { type AppDeps, buildAppDeps, createDeferQueue } from "./deps.ts";
import { backgroundThread } from "./background-thread.ts";
import { importReaderInWorker } from "./import-worker.ts";
import { drainInbox, INBOX_SWEEP_INTERVAL_MS } from "./inbox.ts";
import { runScheduledJobs } from "./jobs.ts";
import { planLoaderInWorker } from "./plan-view-worker.ts";

/** The plan loaded into an empty database on first start. */
export const FIRST_PLAN = "tamana";

/** Imports the bundled Tamana plan when the database holds no plan yet. */
export async function loadFirstPlan(db: Database): Promise<boolean> {
  if (await hasAnyPlan(db)) return false;
  const result = await importPlanFolder(db, join(BUNDLED_PLANS_DIR, FIRST_PLAN));
  if (!result.ok) {
    throw new Error(
      `The bundled ${FIRST_PLAN} plan is invalid:\n${result.issues.map(formatImportIssue).join("\n")}`,
    );
  }
  return true;
}

export async function createNodeDeps(options: { devAuth: boolean; env?: NodeJS.ProcessEnv }) {
  const env = options.env ?? process.env;
  const config: AppConfig = configFromEnv(env, { devAuth: options.devAuth });
  const url = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const db = await openDatabaseFromEnv(env);
  // The webhook inbox in a file of its own beside an embedded database, and the server's writes to
  // the main file held while the import's thread writes it: neither waits in SQLite's busy handler,
  // which would hold the event loop (issue 9 §5, docs/reliability.md §5).
  const inboxDb = await openInboxDatabase(url, db);
  const gate = db.$client.protocol === "file" ? gateWrites(db) : null;
  const loadPlanOffThread =
    db.$client.protocol === "file"
      ? planLoaderInWorker({
          url,
          ...(env.DATABASE_AUTH_TOKEN ? { authToken: env.DATABASE_AUTH_TOKEN } : {}),
        })
      : null;
  // The thread that reads imports and loads plan views starts now, not on the first import: its
  // start is seconds of CPU that an import would otherwise spend beside the webhooks
  // (bot/background-thread.ts).
  backgroundThread.warm();
  const loaded = await loadFirstPlan(db);
  const queue = createDeferQueue();
  const deps: AppDeps = {
    ...buildAppDeps({ db, inboxDb, config, defer: queue.defer }),
    // Plan imports are read and written in a worker thread, on its own connection (issue 9 §5).
    readImport: importReaderInWorker(
      {
        url,
        ...(env.DATABASE_AUTH_TOKEN ? { authToken: env.DATABASE_AUTH_TOKEN } : {}),
      },
      (bundle, dryRun) => importPlanBundle(db, bundle, { dryRun }),
      gate ? (work) => gate.hold(work) : undefined,
    ),
    // Large plans' answers are prepared with their view loaded in a worker thread.
    ...(loadPlanOffThread ? { loadPlanOffThread } : {}),
  };
  return { deps, queue, loaded };
}

/**
 * Prepares the answers to questions (plan view, search index, digest) for every plan, in the
 * background (`defer`), so that the first question after a start does not pay for it. Changes made
 * by this process are prepared after they are made (bot/events.ts, the import API); changes made
 * elsewhere (the CLI) are prepared by the first question that sees them.
 */
export function preparePlansInBackground(deps: AppDeps): void {
  deps.defer(
    listPlans(deps.db)
      .then(async (plans) => {
        for (const p of plans) await preparePlanAnswersInSteps(deps, p.id);
      })
      .catch((err) => console.error("preparing plan answers failed:", err)),
  );
}

/**
 * Runs the scheduled jobs every 5 minutes (croner), one run at a time.
 * @returns a function that stops the scheduler.
 */
export function startScheduler(deps: AppDeps): () => void {
  const job = new Cron("*/5 * * * *", { protect: true, timezone: "Asia/Tokyo" }, async () => {
    try {
      const report = await runScheduledJobs(deps);
      for (const r of report.reminders) {
        if (r.sent || r.failed || r.stopReason) {
          console.info(
            `reminders ${r.planId} ${r.cycleMonth}: sent ${r.sent}, failed ${r.failed}, pending ${r.pending}${r.stopReason ? `, stopped: ${r.stopReason}` : ""}`,
          );
        }
      }
    } catch (err) {
      console.error("scheduled jobs failed:", err);
    }
  });
  return () => job.stop();
}

/**
 * Picks up webhook events left in the inbox: now (events a killed or crashed previous run had
 * acknowledged) and every {@link INBOX_SWEEP_INTERVAL_MS} (retries after a back-off). One sweep at
 * a time; each runs through `defer`, so that a graceful shutdown waits for it.
 *
 * On the embedded (`file:`) database this server is the only event handler, so claims still held
 * at start are its previous run's and are released at once instead of waiting for their lease.
 * @returns a function that stops the sweeps (a sweep under way finishes its current events).
 */
export async function startInboxSweeper(deps: AppDeps): Promise<() => void> {
  if (deps.inboxDb.$client.protocol === "file") {
    const released = await releaseInboxClaims(deps.inboxDb);
    if (released)
      console.info(`inbox: ${released} event(s) cut off by the last stop will be handled again`);
  }
  let running = false;
  let stopped = false;
  const sweep = () => {
    if (running || stopped || deps.stopping?.()) return;
    running = true;
    const started = Date.now();
    const work = drainInbox(deps, deps.stopping ? { shouldStop: deps.stopping } : {})
      .then((report) => {
        if (report.handled || report.failed) {
          console.info(
            `inbox: handled ${report.handled} waiting event(s), ${report.failed} failed, in ${Date.now() - started} ms`,
          );
        }
      })
      .catch((err) => console.error("inbox: sweep failed:", err))
      .finally(() => {
        running = false;
      });
    deps.defer(work);
  };
  sweep();
  const timer = setInterval(sweep, INBOX_SWEEP_INTERVAL_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** A start-up banner: where to open, and which mode LINE is in. */
export function banner(port: number, config: AppConfig, loaded: boolean): string {
  return [
    `shinchoku listening on http://localhost:${port}`,
    loaded ? `  loaded the ${FIRST_PLAN} plan into the empty database` : null,
    config.channelAccessToken
      ? `  LINE: sending to ${config.lineApiBaseUrl}`
      : "  LINE: offline mode (no LINE_CHANNEL_ACCESS_TOKEN): replies go to the message log and this console",
    config.devAuth ? "  development mode: ?as=<userId> and Bearer dev:<userId> are accepted" : null,
  ]
    .filter(Boolean)
    .join("\n");
}
