/**
 * The DX office sends the digest from the LIFF app (issue 11, ダイジェスト): first what the send
 * costs — recipients, messages, this month's LINE messages left — and only with `confirm` the send,
 * with the quota check of `npx shinchoku digest --send` (bot/digest/send.ts).
 */
import type { Channel } from "../../db/schema.ts";
import type { AppDeps } from "../deps.ts";
import { audienceLabel, digestCost, parseAudience, sendDigest } from "../digest/send.ts";
import { useCaseText } from "../text/usecases.ts";
import { audit, type OfficeActor, officeRefusal } from "./office.ts";
import { type Failure, fail } from "./result.ts";

/** This month's allowance as the page shows it; null offline (no access token). */
export type QuotaView = { limit: number | null; used: number; remaining: number | null } | null;

export type DigestSendResult =
  | {
      ok: true;
      sent: false;
      to: string;
      recipients: number;
      messages: number;
      quota: QuotaView;
      remainingAfter: number | null;
    }
  | {
      ok: true;
      sent: true;
      to: string;
      recipients: number;
      batches: number;
      messages: number;
      remainingAfter: number | null;
    }
  | Failure<"forbidden" | "invalid" | "quota_exceeded" | "line_failed">;

const remaining = (q: { limit: number | null; used: number }) =>
  q.limit === null ? null : Math.max(0, q.limit - q.used);

/**
 * Without `confirm`: what sending to `to` (`all`, `org:<課名>`, `role:<role>`, `broadcast`) costs;
 * nothing is sent or written. With `confirm: true`: sends it and writes the audit entry.
 */
export async function sendDigestFromOffice(
  deps: AppDeps,
  actor: OfficeActor,
  input: { to: string; confirm: boolean; channel: Channel },
): Promise<DigestSendResult> {
  const refusal = officeRefusal(actor);
  if (refusal) return refusal;
  const audience = parseAudience(input.to);
  if (!audience) return fail("invalid", useCaseText.office.audience(input.to));
  const to = audienceLabel(audience);
  if (!input.confirm) {
    const cost = await digestCost(deps, actor.planId, audience);
    if (!cost.ok) return costFailure(cost);
    return {
      ok: true,
      sent: false,
      to,
      recipients: audience.kind === "broadcast" ? cost.messages : cost.to.length,
      messages: cost.messages,
      quota: cost.quota ? { ...cost.quota, remaining: remaining(cost.quota) } : null,
      remainingAfter: cost.remainingAfter,
    };
  }
  const result = await sendDigest(deps, actor.planId, audience);
  // A send LINE refused part-way may have reached some: it is written down like one that went out.
  if (result.ok || result.reason === "failed")
    await audit(deps, actor, {
      channel: input.channel,
      action: "digest.send",
      target: to,
      detail: result.ok
        ? { recipients: result.recipients, batches: result.batches, messages: result.messages }
        : { failed: result.message },
    });
  if (!result.ok) return costFailure(result);
  return {
    ok: true,
    sent: true,
    to,
    recipients: result.recipients,
    batches: result.batches,
    messages: result.messages,
    remainingAfter:
      result.quota?.limit != null ? result.quota.limit - result.quota.used - result.messages : null,
  };
}

function costFailure(cost: {
  reason: "no_recipients" | "quota" | "unknown_followers" | "failed";
  message: string;
}): Failure<"invalid" | "quota_exceeded" | "line_failed"> {
  const code = {
    no_recipients: "invalid",
    quota: "quota_exceeded",
    unknown_followers: "line_failed",
    failed: "line_failed",
  } as const;
  return fail(code[cost.reason], cost.message);
}
