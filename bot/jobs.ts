/**
 * Scheduled work, run by the Worker's cron trigger (bot/worker.ts `scheduled`) and by the Node
 * server's scheduler (croner): reminder cycles and their follow-ups, and housekeeping.
 */
import { pruneWebhookInbox } from "../db/inbox.ts";
import { pruneWebhookEvents } from "../db/members.ts";
import type { AppDeps } from "./deps.ts";
import { runDueDigests } from "./digest/schedule.ts";
import { type CycleOptions, type CycleReport, runDueReminders } from "./reminders/cycle.ts";

/** How long processed webhook event ids are kept. LINE redelivers for a limited time only. */
export const WEBHOOK_EVENT_RETENTION_DAYS = 7;

export interface ScheduledReport {
  prunedWebhookEvents: number;
  /** Finished inbox rows removed (kept as long as the dedupe ledger). */
  prunedInboxEvents: number;
  reminders: CycleReport[];
  digests: Awaited<ReturnType<typeof runDueDigests>>;
}

/**
 * Runs every job that is due at `deps.clock()`.
 * @param options.maxPushes the push budget of this run (Workers: stay within the subrequest limit).
 */
export async function runScheduledJobs(
  deps: AppDeps,
  options: CycleOptions = {},
): Promise<ScheduledReport> {
  const now = deps.clock();
  const reminders = await runDueReminders(deps, options);
  const digests = await runDueDigests(deps);
  const before = new Date(now.getTime() - WEBHOOK_EVENT_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const prunedWebhookEvents = await pruneWebhookEvents(deps.inboxDb, before);
  const prunedInboxEvents = await pruneWebhookInbox(deps.inboxDb, before);
  return { prunedWebhookEvents, prunedInboxEvents, reminders, digests };
}
