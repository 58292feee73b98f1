/**
 * Answers to the rich menu's postbacks (bot/webhook.ts answerPostback):
 *
 * - `action=report` (今月の報告): the member's current reminder items, what is still due, and how
 *   to answer.
 * - `action=digest-preview` (ダイジェスト, office menu): the digest Flex as it would be sent now;
 *   nothing is sent to anyone else and nothing is recorded.
 * - `action=board-setup` (ボード when LIFF_ID is not set): what the board needs.
 */
import type { MemberView } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import { latestDeliveryFor } from "../../db/reminders.ts";
import { parsePeriodKey } from "../../shared/fiscal-year.ts";
import { dueIndicatorsByDepartment } from "../../shared/reminder-plan.ts";
import { howToAnswer } from "../chat/reports.ts";
import type { AppDeps } from "../deps.ts";
import { digestFlexMessage } from "../digest/flex.ts";
import { buildPlanDigest } from "../digest/send.ts";
import type { Message } from "../line/gateway.ts";
import { periodLabel, reportText, richMenuText } from "../text/line.ts";

/** 今月の報告: the latest reminder's items, how many are still due, and how to answer. */
export async function answerReportMenu(deps: AppDeps, member: MemberView): Promise<Message[]> {
  if (member.role !== "lead") return [{ type: "text", text: richMenuText.reportNotLead }];
  const latest = await latestDeliveryFor(deps.db, member.id);
  const period = latest ? parsePeriodKey(latest.cycle.period) : null;
  const plan = latest ? await loadPlanView(deps.db, member.planId) : null;
  if (!latest || !period || !plan) {
    return [{ type: "text", text: `${reportText.nothingDue}\n${richMenuText.reportNoReminder}` }];
  }
  const stillDue = new Set(
    (
      dueIndicatorsByDepartment(plan, period, latest.cycle.kind).get(member.department ?? "") ?? []
    ).map((d) => d.indicatorId),
  );
  const due = latest.delivery.items.filter((id) => stillDue.has(id)).length;
  const done = latest.delivery.items.length - due;
  const [how] = await howToAnswer(deps, member);
  const head = richMenuText.reportHead(periodLabel(period, latest.cycle.kind), due, done);
  const text = [
    head,
    ...(due === 0 ? [richMenuText.allDone] : []),
    "",
    how?.type === "text" ? how.text : "",
  ]
    .join("\n")
    .trimEnd();
  return [{ type: "text", text }];
}

/** ダイジェスト: the digest Flex of the member's plan, to the office member only. */
export async function answerDigestPreview(deps: AppDeps, member: MemberView): Promise<Message[]> {
  if (member.role !== "office") return [{ type: "text", text: richMenuText.digestOfficeOnly }];
  const digest = await buildPlanDigest(deps, member.planId);
  return [
    { type: "text", text: richMenuText.digestPreviewNote },
    digestFlexMessage(digest, { liffId: deps.config.liffId }),
  ];
}

/** ボード without LIFF_ID. */
export function answerBoardSetup(): Message[] {
  return [{ type: "text", text: richMenuText.boardSetup }];
}
