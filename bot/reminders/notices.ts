/**
 * Telling the office that LINE's monthly limit (429) — or the plan's own monthly message budget
 * (`plan set --budget`, bot/usecases/message-allowance.ts) — stopped a reminder cycle, where it costs nothing
 * and cannot be refused: never by a push or multicast (LINE refuses those with the same 429), but
 * - the LIFF board and office pages, from `GET /api/plans/:planId/notices`;
 * - the next reply to each office member of the plan (replies are free), once per stop;
 * - `npx shinchoku remind` (its exit code and message) and the digest preview.
 * Each says how many reminders were sent, how many wait, and how to resume.
 */
import { findMemberships } from "../../db/members.ts";
import { claimLimitNotice, listStoppedCycles } from "../../db/quota-notices.ts";
import { parsePeriodKey } from "../../shared/fiscal-year.ts";
import type { AppDeps } from "../deps.ts";
import type { Message } from "../line/gateway.ts";
import { limitReachedText, periodLabel } from "../text/line.ts";
import { stoppedByBudget } from "../usecases/message-allowance.ts";

/** One stopped cycle, as the API and the CLI show it. */
export interface LimitNotice {
  kind: "reminder_limit";
  planId: string;
  cycleId: number;
  /** `2024-06`: the month the cycle belongs to. */
  cycleMonth: string;
  /** `2024年5月分（速報）`. */
  periodLabel: string;
  /** Reminders LINE accepted before the stop. */
  sent: number;
  /** Reminders not sent yet; they go out when the cycle is resumed. */
  waiting: number;
  /** The command that resumes the cycle. */
  resume: string;
  /** The whole notice in Japanese, as the banner and the chat show it. */
  message: string;
}

/** LINE takes at most five messages in one reply. */
const REPLY_MESSAGE_LIMIT = 5;

/** The plans' cycles stopped by the monthly limit, oldest first. */
export async function limitNotices(
  deps: Pick<AppDeps, "db">,
  planIds: string[],
): Promise<LimitNotice[]> {
  const stopped = await listStoppedCycles(deps.db, planIds);
  return stopped.flatMap(({ cycle, sent, waiting }) => {
    const period = parsePeriodKey(cycle.period);
    if (!period) return [];
    const input = {
      planId: cycle.planId,
      period,
      kind: cycle.kind,
      sent,
      waiting,
      budget: stoppedByBudget(cycle.stopReason),
    };
    return [
      {
        kind: "reminder_limit" as const,
        planId: cycle.planId,
        cycleId: cycle.id,
        cycleMonth: cycle.cycleMonth,
        periodLabel: periodLabel(period, cycle.kind),
        sent,
        waiting,
        resume: `npx shinchoku remind --plan ${cycle.planId}`,
        message: limitReachedText(input),
      },
    ];
  });
}

/**
 * The reply path's hook: appends to a reply the stops this user has not been told of yet, when they
 * are an office member of the stopped plan. Each stop is told once per member (claimed in the
 * database before it is added). Leaves the reply as it is when it already holds five messages (the
 * notice then rides on a later reply) and when anything goes wrong: a reply must never fail for it.
 *
 * @param messages the reply as built by the chat.
 * @returns the messages to send.
 */
export async function withOfficeNotices(
  deps: Pick<AppDeps, "db" | "clock">,
  lineUserId: string | undefined,
  messages: Message[],
): Promise<Message[]> {
  if (!lineUserId || messages.length === 0 || messages.length >= REPLY_MESSAGE_LIMIT)
    return messages;
  try {
    const office = (await findMemberships(deps.db, lineUserId)).filter((m) => m.role === "office");
    if (office.length === 0) return messages;
    const notices = await limitNotices(
      deps,
      office.map((m) => m.planId),
    );
    const told: string[] = [];
    for (const n of notices) {
      const member = office.find((m) => m.planId === n.planId);
      if (!member) continue;
      if (await claimLimitNotice(deps.db, n.cycleId, member.id, deps.clock())) told.push(n.message);
    }
    if (told.length === 0) return messages;
    return [...messages, { type: "text", text: told.join("\n\n") }];
  } catch (err) {
    console.error("office notice for a reply failed:", err);
    return messages;
  }
}
