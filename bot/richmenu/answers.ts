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
import { dueIndicatorsByOrgUnit } from "../../shared/reminder-plan.ts";
import { howToAnswer, reportText } from "../chat/reports.ts";
import type { AppDeps } from "../deps.ts";
import { digestFlexMessage } from "../digest/flex.ts";
import { buildPlanDigest } from "../digest/send.ts";
import type { Message } from "../line/gateway.ts";
import { periodLabel } from "../reminders/messages.ts";

export const richMenuText = {
  reportNotLead:
    "毎月の実績報告は担当課リーダーの方にお願いしています。計画の状況は「ボード」や「全体の状況」でご覧いただけます。",
  reportNoReminder: "毎月のリマインドが届いたら、そのトークに数値を返信してください（例: 1 40%）。",
  reportHead: (label: string, due: number, done: number) =>
    `【今月の報告】${label}\n未報告 ${due}件／報告済み ${done}件`,
  allDone:
    "すべて報告済みです。ありがとうございました。訂正するときは、同じ番号で送り直してください。",
  digestOfficeOnly: "ダイジェストの確認は DX推進担当の方のメニューです。",
  digestPreviewNote: "いまの時点のダイジェストです（確認のみ。ほかの人には送っていません）。",
  boardSetup:
    "ボードを開くには LIFF アプリの設定が必要です。DX推進担当の方は、LIFF_ID を設定してから「npx shinchoku richmenu deploy」でメニューを更新してください。",
};

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
    (dueIndicatorsByOrgUnit(plan, period, latest.cycle.kind).get(member.orgUnit ?? "") ?? []).map(
      (d) => d.indicatorId,
    ),
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
