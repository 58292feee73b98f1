/**
 * 未報告 counted per indicator (issue 9, 2): a 課 has reported only when every figure its reminder
 * asked for is in. A 課 that sent 4 of its 10 figures is 「総務課 4/10」 to the office, in the
 * escalation and in the digest, and its lead is followed up with the 6 figures still due.
 *
 * Real Tamana plan in libSQL, LINE faked at the HTTP level. The clock starts at 2024-06-10 10:00
 * (Asia/Tokyo): the June cycle asks for May 2024. 総務課 owes 10 indicators, 財政課 3, 情報政策課 1.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildPlanDigest } from "../../bot/digest/send.ts";
import { runDueReminders } from "../../bot/reminders/cycle.ts";
import { addMember } from "../../db/members.ts";
import { setReminderSettings } from "../../db/reminders.ts";
import { createTestApp } from "../support/app.ts";
import { deliver, postbackEvent, say } from "../support/chat.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, type RecordedRequest, startFakeLine } from "../support/fake-line.ts";

const NOW = new Date("2024-06-10T01:00:00Z");
const FOLLOW_UP = new Date("2024-06-13T02:00:00Z");
const SOMU = "Usomu0000000000000000000000000001";
const SOMU2 = "Usomu0000000000000000000000000002";
const ZAISEI = "Uzaisei00000000000000000000000001";
const JOHO = "Ujoho000000000000000000000000001";
const OFFICE = "Uoffice0000000000000000000000001";
const FAST = { retryDelaysMs: [5, 5], timeoutMs: 300 };

/** Four of 総務課's ten: items 1, 3, 5 and 7 (all counts in 人 or 日). */
const SOMU_FOUR = "1 530人\n3 70人\n5 120人\n7 13.5日";
const SOMU_SIX_NAMES = [
  "人事評価に対する職員の納得度",
  "民間企業等経験者採用数",
  "年次有給休暇の取得日数が５日未満の職員数",
  "新規でオンライン化した手続数",
  "市民のマイナンバーカードの保有率",
  "ペーパーレス化の割合",
];

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line);
  harness.setNow(NOW);
  const add = (lineUserId: string, role: "lead" | "office", department: string | null) =>
    addMember(t.db, { planId: "tamana", lineUserId, role, department });
  await add(SOMU, "lead", "総務課");
  await add(ZAISEI, "lead", "財政課");
  await add(JOHO, "lead", "情報政策課");
  await add(OFFICE, "office", null);
  await setReminderSettings(t.db, "tamana", {
    dayOfMonth: 10,
    time: "09:00",
    periodMode: "previous_month",
    followUpDays: 3,
    escalate: true,
  });
});
afterEach(async () => {
  await line.stop();
  t.close();
});

const pushTo = (userId: string) =>
  line
    .sent("/v2/bot/message/push")
    .filter((r) => r.status === 200 && (r.body as { to: string }).to === userId);
const text = (r: RecordedRequest | undefined) =>
  (r?.body as { messages: { text: string }[] } | undefined)?.messages[0]?.text ?? "";

/** The cycle starts; 総務課 sends 4 of 10, 財政課 all 3, 情報政策課 nothing. */
async function partlyAnswered() {
  await runDueReminders(harness.deps, FAST);
  expect(await say(harness, line, SOMU, SOMU_FOUR)).toContain("記録しました");
  expect(await say(harness, line, ZAISEI, "1 80%\n2 120件\n3 60,000千円")).toContain(
    "記録しました",
  );
}

describe("a 課 that sent some of its figures is not counted as reported", () => {
  it("shows the office 「総務課 4/10」 when asked 「未報告」", async () => {
    await partlyAnswered();
    const answer = await say(harness, line, OFFICE, "未報告");
    expect(answer).toContain("【未報告】2024-06");
    expect(answer).toContain("・総務課 4/10（未報告 6件");
    expect(answer).toContain("・情報政策課 0/1（未報告 1件");
    expect(answer).toContain("人事評価に対する職員の納得度");
    expect(answer).not.toContain("財政課");
  });

  it("follows up the lead with only the figures still due, and escalates 「総務課 4/10」", async () => {
    await partlyAnswered();
    harness.setNow(FOLLOW_UP);
    await runDueReminders(harness.deps, FAST);

    expect(pushTo(SOMU)).toHaveLength(2);
    const followUp = text(pushTo(SOMU)[1]);
    expect(followUp).toContain("【再送・実績報告のお願い】");
    for (const name of SOMU_SIX_NAMES) expect(followUp).toContain(name);
    expect(followUp).not.toContain("次年度4月1日時点の職員数");
    expect(followUp).not.toContain("職員の年次有給休暇平均取得日数");
    expect(followUp).toContain("6. ");
    expect(followUp).not.toContain("7. ");
    expect(pushTo(JOHO)).toHaveLength(2);
    expect(pushTo(ZAISEI)).toHaveLength(1);

    const escalation = line.sent("/v2/bot/message/multicast");
    expect(escalation).toHaveLength(1);
    expect(escalation[0]?.body).toMatchObject({ to: [OFFICE] });
    const message = text(escalation[0]);
    expect(message).toContain("・総務課 4/10（未報告の指標 6件）");
    expect(message).toContain("・情報政策課 0/1（未報告の指標 1件）");
    expect(message).not.toContain("財政課");
  });

  it("answers the follow-up by its own numbering, and the 課 is reported once all are in", async () => {
    await partlyAnswered();
    harness.setNow(FOLLOW_UP);
    await runDueReminders(harness.deps, FAST);
    // The follow-up lists the six still due as 1–6.
    const reply = await say(harness, line, SOMU, "1 70%\n2 1人\n3 10人\n4 12手続\n5 80%\n6 65%");
    expect(reply).toContain("記録しました");
    expect(await say(harness, line, OFFICE, "未報告")).not.toContain("総務課");
    const digest = await buildPlanDigest(harness.deps, "tamana");
    expect(digest.missing).toEqual([{ department: "情報政策課", count: 1, asked: 1 }]);
  });

  it("counts figures entered by another lead of the same 課, and a withdrawn one as missing again", async () => {
    await addMember(t.db, {
      planId: "tamana",
      lineUserId: SOMU2,
      role: "lead",
      department: "総務課",
    });
    await partlyAnswered();
    expect(await say(harness, line, SOMU2, "2 70%\n4 1人\n6 10人\n8 12手続\n9 80%")).toContain(
      "記録しました",
    );
    let answer = await say(harness, line, OFFICE, "未報告");
    expect(answer).toContain("・総務課 9/10（未報告 1件");
    expect(answer).toContain("ペーパーレス化の割合");
    expect(await say(harness, line, SOMU2, "10 65%")).toContain("記録しました");
    answer = await say(harness, line, OFFICE, "未報告");
    expect(answer).not.toContain("総務課");
    expect(await say(harness, line, SOMU2, "取消")).toContain("取り消しました");
    answer = await say(harness, line, OFFICE, "未報告");
    expect(answer).toContain("・総務課 9/10（未報告 1件");

    harness.setNow(FOLLOW_UP);
    await runDueReminders(harness.deps, FAST);
    // Both leads of 総務課 still owe the one figure, and only that one is asked again.
    for (const lead of [SOMU, SOMU2]) {
      const followUp = text(pushTo(lead)[1]);
      expect(followUp).toContain("ペーパーレス化の割合");
      expect(followUp).toContain("1. ");
      expect(followUp).not.toContain("2. ");
    }
  });

  it("lists 「総務課 4/10」 among the digest's missing reports", async () => {
    await partlyAnswered();
    const digest = await buildPlanDigest(harness.deps, "tamana");
    expect(digest.missing).toEqual([
      { department: "総務課", count: 6, asked: 10 },
      { department: "情報政策課", count: 1, asked: 1 },
    ]);
    // The office's rich menu ダイジェスト shows the digest Flex as it would be sent now.
    const preview = await deliver(harness, line, [postbackEvent("action=digest-preview", OFFICE)]);
    expect(JSON.stringify(preview)).toContain("総務課 4/10（未報告 6件）");
  });
});
