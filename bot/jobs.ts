/**
 * Scheduled work, run by the Worker's cron trigger (bot/worker.ts `scheduled`) and by the Node
 * server's scheduler.
 */
import { pruneWebhookEvents } from "../db/members.ts";
import type { AppDeps } from "./deps.ts";

/** How long processed webhook event ids are kept. LINE redelivers for a limited time only. */
export const WEBHOOK_EVENT_RETENTION_DAYS = 7;

export interface ScheduledReport {
  prunedWebhookEvents: number;
}

/** Runs every job that is due at `now`. */
export async function runScheduledJobs(
  deps: Pick<AppDeps, "db">,
  now: Date,
): Promise<ScheduledReport> {
  const before = new Date(now.getTime() - WEBHOOK_EVENT_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const prunedWebhookEvents = await pruneWebhookEvents(deps.db, before);
  return { prunedWebhookEvents };
}
