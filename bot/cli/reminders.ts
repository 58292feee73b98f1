import { getReminderSettings } from "../../db/reminders.ts";
import { isCivilDate } from "../../shared/business-calendar.ts";
import {
  SCHEDULE_RULES,
  type ScheduleInput,
  scheduleProblem,
  tokyoInstant,
} from "../../shared/reminder-plan.ts";
import { DEFAULT_DEADLINE_BUSINESS_DAYS } from "../../shared/reporting-rate.ts";
import { ROLE_LABELS, type Role } from "../../shared/roles.ts";
import type { CycleReport } from "../reminders/cycle.ts";
import { issueInvite } from "../usecases/office-members.ts";
import {
  type MessagesInAdvance,
  runReminders,
  type ScheduleView,
  saveSchedule,
} from "../usecases/office-reminders.ts";
import { upcomingReminderLines } from "./calendar.ts";
import { fail, operatorFor, withDatabase, withDeps } from "./db.ts";

/**
 * `npx shinchoku invite`: the last line of the output is the code. The same use case as the office's
 * メンバー page (bot/usecases/office-members.ts `issueInvite`), audited as the operator's.
 */
export async function inviteCommand(opts: {
  plan: string;
  org?: string;
  role: Role;
  days: string;
}) {
  await withDeps(async (deps) => {
    const result = await issueInvite(deps, operatorFor(opts.plan), {
      role: opts.role,
      orgUnit: opts.org ?? null,
      days: Number(opts.days),
      channel: "cli",
    });
    if (!result.ok) return fail(result.message);
    const until = result.expiresAt.toLocaleString("ja-JP", {
      timeZone: "Asia/Tokyo",
      dateStyle: "medium",
      timeStyle: "short",
    });
    console.log(
      `招待コードを発行しました（${opts.org ? `${opts.org}・` : ""}${ROLE_LABELS[opts.role]}、一回限り、${until} まで有効）。`,
    );
    if (result.addFriendUrl) console.log(`友だち追加: ${result.addFriendUrl}`);
    console.log("このコードを LINE のトークで shinchoku に送ってもらってください:");
    console.log(result.code);
  });
}

function printReport(r: CycleReport) {
  const kind = r.kind === "official" ? "確定実績" : "速報";
  console.log(`計画「${r.planId}」 ${r.cycleMonth} のリマインド（${r.period}・${kind}）`);
  console.log(`  担当課リーダー ${r.leads}人、報告をお願いする人 ${r.leadsWithDue}人`);
  if (r.preview) {
    console.log("  【確認のみ・送信も書き込みもしていません】");
    for (const p of r.preview)
      console.log(`  → ${p.lineUserId}（${p.orgUnit}）\n      ${p.items.join("\n      ")}`);
    return;
  }
  console.log(
    `  送信 ${r.sent}件${r.alreadyAccepted ? `（うち LINE 受付済みの再送 ${r.alreadyAccepted}件）` : ""}、失敗 ${r.failed}件、未送信 ${r.pending}件`,
  );
  if (r.status === "done" && r.sent === 0 && !r.created)
    console.log("  このサイクルは送信済みです。新しく送るものはありません。");
  if (r.stopReason) console.log(`  停止: ${r.stopReason}`);
}

/** What the cycle will use of the month's LINE messages, as `remind --dry-run` prints it. */
function advanceLines(a: MessagesInAdvance, planId: string): string {
  const later = a.followUps + a.managers;
  const lines = [
    `  使う通数: リマインド ${a.now}通（1人1通）、あとで最大 ${later}通（再送 ${a.followUps}・課長へのお知らせ ${a.managers}）`,
  ];
  if (a.quota && a.quota.limit !== null) {
    const left = Math.max(0, a.quota.limit - a.quota.used);
    lines.push(
      `  今月の LINE の残り: ${left}通（上限 ${a.quota.limit}通・使用済み ${a.quota.used}通）`,
    );
    if (left < a.now)
      lines.push(
        `  ⚠ 残りが足りません。このまま送ると ${a.now - left}人に届かず、サイクルは止まります（月が替わるか追加購入のあと npx shinchoku remind で再開）。`,
      );
    else if (left < a.now + later)
      lines.push("  ⚠ 再送や課長へのお知らせの分まで残りが足りないかもしれません。");
  }
  const budget = a.budget;
  if (budget) {
    lines.push(
      `  この計画の今月の予算の残り: ${budget.left}通（予算 ${budget.budget}通・使用済み ${budget.used}通）`,
    );
    if (budget.left < a.now)
      lines.push(
        `  ⚠ 予算が足りません。このまま送ると ${budget.left}人に送ったところでサイクルは止まります（予算を見直す: npx shinchoku plan set --plan ${planId} --budget <通数>、または来月 npx shinchoku remind で再開）。`,
      );
    else if (budget.left < a.now + later)
      lines.push("  ⚠ 再送や課長へのお知らせの分まで予算が足りないかもしれません。");
  }
  return lines.join("\n");
}

/** `remind`'s exit code when LINE's monthly limit (429) stopped the cycle. */
export const EXIT_LIMIT_STOPPED = 3;
/** `remind`'s exit code when pushes were attempted and none of them went out. */
export const EXIT_ALL_FAILED = 4;

/**
 * `npx shinchoku remind --plan <id> [--dry-run]`: runs this month's cycle now (and resumes a cycle
 * the monthly limit stopped). Exits 3 when the limit stops it (with how many were sent, how many
 * wait, and how to resume) and 4 when every push of the run failed. It never hangs on LINE: each
 * request is aborted after LINE_TIMEOUT_MS.
 */
export async function remindCommand(opts: { plan: string; dryRun?: boolean }) {
  await withDeps(async (deps) => {
    const result = await runReminders(deps, operatorFor(opts.plan), {
      followUp: false,
      dryRun: opts.dryRun === true,
      channel: "cli",
    });
    if (!result.ok) return fail(result.message);
    if (result.kind !== "cycle") return;
    const { report, notice } = result;
    printReport(report);
    if (result.advance) console.log(advanceLines(result.advance, opts.plan));
    if (report.status === "stopped") {
      if (notice) console.error(notice.message);
      process.exitCode = EXIT_LIMIT_STOPPED;
    } else if (report.failed > 0 && report.sent + report.alreadyAccepted === 0) {
      console.error(
        `送信がすべて失敗しました（${report.failed}件）。LINE の状態を確認して、もう一度 npx shinchoku remind --plan ${opts.plan} を実行してください（送信済みの人には送りません）。`,
      );
      process.exitCode = EXIT_ALL_FAILED;
    }
  });
}

/** The CLI's flag for each schedule setting, named in its error messages. */
const SCHEDULE_FLAGS: Record<keyof ScheduleInput, string> = {
  dayOfMonth: "--day",
  time: "--time",
  followUpDays: "--follow-up-days",
  deadlineBusinessDays: "--deadline-days",
};

/** `npx shinchoku schedule set|show`. */
export const scheduleCommand = {
  async set(opts: {
    plan: string;
    day: string;
    time: string;
    period: string;
    followUpDays?: string;
    deadlineDays?: string;
    escalate?: boolean;
    disable?: boolean;
  }) {
    const day = Number(opts.day);
    const followUpDays = opts.followUpDays === undefined ? null : Number(opts.followUpDays);
    const deadlineBusinessDays = opts.deadlineDays === undefined ? null : Number(opts.deadlineDays);
    const problem = scheduleProblem({
      dayOfMonth: day,
      time: opts.time,
      followUpDays,
      deadlineBusinessDays,
    });
    if (problem) return fail(`${SCHEDULE_FLAGS[problem]} は ${SCHEDULE_RULES[problem]}`);
    await withDeps(async (deps) => {
      const saved = await saveSchedule(deps, operatorFor(opts.plan), {
        deadlineBusinessDays,
        enabled: !opts.disable,
        dayOfMonth: day,
        time: opts.time,
        periodMode: opts.period === "current-month" ? "current_month" : "previous_month",
        followUpDays,
        escalate: opts.escalate === true,
        channel: "cli",
      });
      if (!saved.ok) return fail(saved.message);
      console.log(describe(opts.plan, saved.schedule));
    });
  },
  async show(opts: { plan: string; from?: string }) {
    if (opts.from !== undefined && !isCivilDate(opts.from))
      return fail("--from は YYYY-MM-DD の日付で指定してください。");
    await withDatabase(async (db) => {
      const s = await getReminderSettings(db, opts.plan);
      if (!s) {
        console.log(
          `計画「${opts.plan}」のリマインドはまだ設定されていません（npx shinchoku schedule set）。`,
        );
        return;
      }
      console.log(describe(opts.plan, s));
      const from = opts.from ? tokyoInstant(opts.from, "00:00") : new Date();
      const upcoming = await upcomingReminderLines(db, opts.plan, from);
      if (upcoming) console.log(upcoming.join("\n"));
    });
  },
};

function describe(planId: string, s: ScheduleView): string {
  return [
    `計画「${planId}」のリマインド: ${s.enabled ? "有効" : "停止中"}`,
    `  毎月 ${s.dayOfMonth}日 ${s.time}（日本時間。休日なら次の開庁日）に、${s.periodMode === "previous_month" ? "前月分" : "当月分"}の実績をお願いします（4月は前年度の確定実績）。`,
    `  提出期限: リマインドから${s.deadlineBusinessDays ?? DEFAULT_DEADLINE_BUSINESS_DAYS}開庁日後の終わりまで`,
    `  再送: ${s.followUpDays ? `${s.followUpDays}開庁日後に未報告の人へ1回` : "なし"}、DX推進担当への未報告一覧: ${s.escalate ? "あり" : "なし"}`,
  ].join("\n");
}
