/**
 * Building and sending the status digest.
 *
 * Before any send the quota and its consumption are read from LINE; a send that would exceed what is
 * left this month is refused and nothing is sent. Members are reached by multicast in batches of at
 * most 500 user IDs, each with its own `X-Line-Retry-Key`; broadcast (every friend of the account)
 * only when asked. Every send is in the message log with LINE's request id.
 */

import { lastDigestSnapshot, recordDigest } from "../../db/digests.ts";
import { listMembers, type MemberView } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import { latestCycle } from "../../db/reminders.ts";
import { buildDigest, type DigestContent } from "../../shared/digest.ts";
import { fiscalYearAt } from "../../shared/fiscal-year.ts";
import { rateHeadline } from "../../shared/reporting-rate.ts";
import { isRole, type Role } from "../../shared/roles.ts";
import type { AppDeps } from "../deps.ts";
import { cycleReportingRate } from "../reminders/reporting.ts";
import { digestSendText } from "../text/line.ts";
import { useCaseText } from "../text/usecases.ts";
import { planBudget } from "../usecases/message-allowance.ts";
import { digestFlexMessage } from "./flex.ts";

export type Audience =
  | { kind: "all" }
  | { kind: "org"; department: string }
  | { kind: "role"; role: Role }
  | { kind: "broadcast" };

/** Parses `all`, `org:<課名>`, `role:<lead|office|viewer>`, `broadcast`. */
export function parseAudience(text: string): Audience | null {
  if (text === "all") return { kind: "all" };
  if (text === "broadcast") return { kind: "broadcast" };
  const [kind, value] = [text.slice(0, text.indexOf(":")), text.slice(text.indexOf(":") + 1)];
  if (kind === "org" && value) return { kind: "org", department: value };
  if (kind === "role" && isRole(value)) return { kind: "role", role: value };
  return null;
}

export function audienceLabel(a: Audience): string {
  return a.kind === "all"
    ? "all"
    : a.kind === "broadcast"
      ? "broadcast"
      : a.kind === "org"
        ? `org:${a.department}`
        : `role:${a.role}`;
}

/** The digest of a plan now: counts, behind-target indicators, missing reports, changes since the last one. */
export async function buildPlanDigest(deps: AppDeps, planId: string): Promise<DigestContent> {
  const plan = await loadPlanView(deps.db, planId);
  if (!plan) throw new Error(useCaseText.planNotFound(planId));
  const cycle = await latestCycle(deps.db, planId);
  // One reading of the cycle for both the headline and the missing list; counted per indicator:
  // a 課 that sent 4 of its 10 figures still owes 6 (issue 9).
  const rate = cycle ? await cycleReportingRate(deps, plan, cycle) : null;
  return buildDigest(plan, {
    reportingRate: rate ? rateHeadline(rate) : null,
    missing: (rate?.departments ?? [])
      .filter((o) => o.missing > 0)
      .map((o) => ({ department: o.department, count: o.missing, asked: o.asked })),
    previous: await lastDigestSnapshot(deps.db, planId),
    forecastYear: fiscalYearAt(deps.clock()),
  });
}

function recipients(members: MemberView[], audience: Audience): string[] {
  const chosen = members.filter((m) =>
    audience.kind === "org"
      ? m.department === audience.department
      : audience.kind === "role"
        ? m.role === audience.role
        : true,
  );
  return [...new Set(chosen.map((m) => m.lineUserId))];
}

export type SendDigestResult =
  | {
      ok: true;
      recipients: number;
      batches: number;
      messages: number;
      quota: { limit: number | null; used: number } | null;
    }
  | {
      ok: false;
      reason: "no_recipients" | "quota" | "unknown_followers" | "failed";
      message: string;
    };

/** What a send to an audience costs: who gets it, how many messages, and this month's quota. */
export type DigestCost =
  | {
      ok: true;
      /** The members' LINE userIds (empty for a broadcast). */
      to: string[];
      /** Messages the send counts against the monthly allowance (one per recipient). */
      messages: number;
      quota: { limit: number | null; used: number } | null;
      /** Messages left this month after the send; null without a limit (or offline). */
      remainingAfter: number | null;
    }
  | {
      ok: false;
      reason: "no_recipients" | "quota" | "unknown_followers";
      message: string;
    };

/**
 * What sending the digest to an audience would cost, read from the members and from LINE (the
 * followers count for a broadcast, and the quota); refused when it does not fit this month's quota.
 */
export async function digestCost(
  deps: AppDeps,
  planId: string,
  audience: Audience,
): Promise<DigestCost> {
  let to: string[] = [];
  let needed: number;
  if (audience.kind === "broadcast") {
    const followers = await deps.line.followers(deps.clock());
    if (followers === null && deps.config.channelAccessToken) {
      return {
        ok: false,
        reason: "unknown_followers",
        message: digestSendText.unknownFollowers,
      };
    }
    needed = followers ?? 0;
  } else {
    to = recipients(await listMembers(deps.db, planId), audience);
    if (to.length === 0)
      return {
        ok: false,
        reason: "no_recipients",
        message: digestSendText.noRecipients(audienceLabel(audience)),
      };
    needed = to.length;
  }
  const quota = await deps.line.quota();
  if (quota && quota.limit !== null && quota.used + needed > quota.limit) {
    return {
      ok: false,
      reason: "quota",
      message: digestSendText.overQuota(
        Math.max(0, quota.limit - quota.used),
        needed,
        quota.limit,
        quota.used,
      ),
    };
  }
  // The plan's own monthly budget (`plan set --budget`), counted from the message log.
  const budget = await planBudget(deps, planId);
  if (budget && needed > budget.left) {
    return {
      ok: false,
      reason: "quota",
      message: digestSendText.overBudget(budget.left, needed, budget.budget, budget.used),
    };
  }
  const remainingAfter = quota?.limit != null ? quota.limit - quota.used - needed : null;
  return { ok: true, to, messages: needed, quota, remainingAfter };
}

/**
 * Sends the digest to an audience, after a quota check ({@link digestCost}).
 * @param slot the schedule slot (`2024-W23`), recorded so a schedule sends once per slot.
 */
export async function sendDigest(
  deps: AppDeps,
  planId: string,
  audience: Audience,
  options: { slot?: string | null; digest?: DigestContent } = {},
): Promise<SendDigestResult> {
  const digest = options.digest ?? (await buildPlanDigest(deps, planId));
  const message = digestFlexMessage(digest, { liffId: deps.config.liffId });
  const cost = await digestCost(deps, planId, audience);
  if (!cost.ok) return cost;
  const { to, quota, messages: needed } = cost;
  let batches = 0;
  if (audience.kind === "broadcast") {
    const res = await deps.line.broadcast([message], { retryKey: crypto.randomUUID() });
    if (res.status === "failed")
      return {
        ok: false,
        reason: "failed",
        message: digestSendText.refused(res.error ?? ""),
      };
    batches = 1;
  } else {
    // The gateway splits at 500 user IDs, gives each batch a retry key and retries a 5xx or a timeout.
    const res = await deps.line.multicast(to, [message]);
    if (res.status === "failed") {
      return {
        ok: false,
        reason: "failed",
        message: digestSendText.refusedAfter(res.recipients, res.failure?.error ?? ""),
      };
    }
    batches = res.batches;
  }
  await recordDigest(deps.db, {
    planId,
    snapshot: digest.snapshot,
    audience: audienceLabel(audience),
    recipients: needed,
    slot: options.slot ?? null,
  });
  return { ok: true, recipients: needed, batches, messages: needed, quota };
}
