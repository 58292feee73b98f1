/**
 * What `npm start` and `npm run dev` share on Node: open and migrate the database, load the Tamana
 * plan into an empty database, and build the app's dependencies from the environment.
 */
import { join } from "node:path";
import { Cron } from "croner";
import type { Database } from "../db/client.ts";
import { openDatabaseFromEnv } from "../db/node.ts";
import { hasAnyPlan } from "../db/plans.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder } from "../io/plan-files.ts";
import { formatImportIssue } from "../shared/plan-bundle.ts";
import { type AppConfig, configFromEnv } from "./config.ts";
import { type AppDeps, buildAppDeps, createDeferQueue } from "./deps.ts";
import { runScheduledJobs } from "./jobs.ts";

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
  const db = await openDatabaseFromEnv(env);
  const loaded = await loadFirstPlan(db);
  const queue = createDeferQueue();
  const deps = buildAppDeps({ db, config, defer: queue.defer });
  return { deps, queue, loaded };
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
