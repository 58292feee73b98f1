/**
 * Monthly KPI reminders over the real Tamana plan in a real libSQL database, with LINE faked at the
 * HTTP level: onboarding by invite code, one push per lead per cycle, answers in the chat, history.
 *
 * The clock is 2024-06-10 10:00 (Asia/Tokyo): the June cycle asks for May 2024 (R6年度, 速報).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LineGateway } from "../../bot/line/gateway.ts";
import { runDueReminders, runReminderCycle } from "../../bot/reminders/cycle.ts";
import { limitNotices } from "../../bot/reminders/notices.ts";
import { addClosedDay } from "../../db/calendar.ts";
import { createInvite, formatInviteCode } from "../../db/invites.ts";
import { addMember, listMembers } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import { setReminderSettings } from "../../db/reminders.ts";
import { createTestApp } from "../support/app.ts";
import { deliver, follow, postbackEvent, say, unfollowEvent } from "../support/chat.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, type RecordedRequest, startFakeLine } from "../support/fake-line.ts";
import { textEvent } from "../support/webhook.ts";

const NOW = new Date("2024-06-10T01:00:00Z");
const SOMU = "Usomu0000000000000000000000000001";
const ZAISEI = "Uzaisei00000000000000000000000001";
const JOHO = "Ujoho000000000000000000000000001";
const TOSHI = "Utoshi00000000000000000000000001";
const OFFICE = "Uoffice0000000000000000000000001";
const VIEWER = "Uviewer0000000000000000000000001";
// The timeout leaves room for a busy machine: a push that merely took long must not count as lost.
const FAST = { retryDelaysMs: [5, 5], timeoutMs: 2000 };

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line);
  harness.setNow(NOW);
});
afterEach(async () => {
  await line.stop();
  t.close();
});

async function addTeam() {
  const add = (lineUserId: string, role: "lead" | "office" | "viewer", department: string | null) =>
    addMember(t.db, { planId: "tamana", lineUserId, role, department });
  await add(SOMU, "lead", "総務課");
  await add(ZAISEI, "lead", "財政課");
  await add(JOHO, "lead", "情報政策課");
  await add(TOSHI, "lead", "都市整備課");
  await add(OFFICE, "office", null);
  await add(VIEWER, "viewer", null);
}

const pushes = (requests: RecordedRequest[] = line.requests) =>
  requests.filter((r) => r.path === "/v2/bot/message/push" && r.status === 200);
const pushTo = (userId: string) => pushes().filter((r) => (r.body as { to: string }).to === userId);
const pushText = (r: RecordedRequest) =>
  (r.body as { messages: { text: string }[] }).messages[0]?.text ?? "";

async function paperless() {
  const plan = await loadPlanView(t.db, "tamana");
  const ind = plan?.initiatives.find((i) => i.code === "⑲")?.indicators[0];
  if (!ind) throw new Error("no ⑲ indicator");
  return ind;
}

describe("onboarding by invite code", () => {
  it("greets a new follower with how to join", async () => {
    expect(await follow(harness, line, SOMU)).toContain("招待コード");
  });

  it("links a user who sends a valid code, naming the 課 and the role", async () => {
    const { code } = await createInvite(t.db, {
      planId: "tamana",
      department: "総務課",
      role: "lead",
      now: NOW,
    });
    // Typed on a phone: full-width, lower case, with the hyphen.
    const typed = formatInviteCode(code)
      .toLowerCase()
      .normalize("NFKC")
      .replace(/[a-z0-9-]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const reply = await say(harness, line, SOMU, typed);
    expect(reply).toContain("総務課の担当課リーダーとして登録しました");
    expect(await listMembers(t.db, "tamana")).toEqual([
      expect.objectContaining({ lineUserId: SOMU, role: "lead", department: "総務課" }),
    ]);
  });

  it("refuses a wrong, spent or expired code and links nothing", async () => {
    expect(await say(harness, line, SOMU, "ABCD-EFGH")).toContain("見つかりません");
    const { code } = await createInvite(t.db, {
      planId: "tamana",
      department: "財政課",
      role: "lead",
      now: NOW,
    });
    await say(harness, line, ZAISEI, code);
    expect(await say(harness, line, SOMU, code)).toContain("すでに使われています");
    const short = await createInvite(t.db, {
      planId: "tamana",
      department: "総務課",
      role: "lead",
      now: NOW,
      days: 1,
    });
    harness.setNow(new Date(NOW.getTime() + 2 * 86_400_000));
    expect(await say(harness, line, SOMU, short.code)).toContain("有効期限が切れています");
    expect((await listMembers(t.db, "tamana")).map((m) => m.lineUserId)).toEqual([ZAISEI]);
  });

  it("deactivates a member who blocks the account, and keeps their figures", async () => {
    await addTeam();
    await runReminderCycle(harness.deps, "tamana", FAST);
    await say(harness, line, SOMU, "10 62%");
    await deliver(harness, line, [unfollowEvent(SOMU)]);
    expect((await listMembers(t.db, "tamana")).map((m) => m.lineUserId)).not.toContain(SOMU);
    const ind = await paperless();
    expect(ind.actuals.find((a) => a.period === "2024-05")?.value).toBe(62);
  });
});

describe("a reminder cycle", () => {
  it("pushes exactly one reminder to each lead with something due, listing their 課's indicators", async () => {
    await addTeam();
    const report = await runReminderCycle(harness.deps, "tamana", FAST);
    expect(report).toMatchObject({
      cycleMonth: "2024-06",
      period: "2024-05",
      kind: "interim",
      sent: 3,
      failed: 0,
      pending: 0,
      status: "done",
    });
    expect(pushes()).toHaveLength(3);
    for (const user of [SOMU, ZAISEI, JOHO]) expect(pushTo(user)).toHaveLength(1);
    for (const user of [TOSHI, OFFICE, VIEWER]) expect(pushTo(user)).toHaveLength(0);

    const [somu] = pushTo(SOMU);
    if (!somu) throw new Error("no push to 総務課");
    const text = pushText(somu);
    expect(text).toMatch(/^【実績報告のお願い】2024年5月分（速報）/u);
    expect(text).toContain("総務課の指標（10件）");
    expect(text).toContain(
      "10. ペーパーレス化が可能な庁内会議におけるペーパーレス化の割合（単位: %）",
    );
    expect(text).toContain("R6年度目標 60%／前回 40%");
    expect(text).toContain("1. 次年度4月1日時点の職員数");
    expect(text).not.toContain("部課係数"); // ⑫ has no unit: it cannot be answered with a number
    const quick = (somu.body as { messages: { quickReply: { items: unknown[] } }[] }).messages[0]
      ?.quickReply.items;
    expect(quick).toHaveLength(11);
    const keys = pushes().map((r) => r.headers["x-line-retry-key"]);
    expect(new Set(keys).size).toBe(3);
    for (const k of keys)
      expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u);
  });

  it("sends nothing new when the same cycle runs again", async () => {
    await addTeam();
    await runReminderCycle(harness.deps, "tamana", FAST);
    const again = await runReminderCycle(harness.deps, "tamana", FAST);
    expect(again).toMatchObject({ sent: 0, status: "done", created: false });
    expect(pushes()).toHaveLength(3);
  });

  it("asks for the official 実績 of the finished 年度 in the first cycle after it ends", async () => {
    await addTeam();
    harness.setNow(new Date("2025-04-07T01:00:00Z"));
    const report = await runReminderCycle(harness.deps, "tamana", FAST);
    expect(report).toMatchObject({ period: "FY2024", kind: "official" });
    expect(pushText(pushTo(SOMU)[0] as RecordedRequest)).toContain("R6年度の確定実績");
  });

  it("shows who would get what in a dry run, and sends and writes nothing", async () => {
    await addTeam();
    const report = await runReminderCycle(harness.deps, "tamana", { ...FAST, dryRun: true });
    expect(report.preview?.map((p) => p.department).sort()).toEqual([
      "情報政策課",
      "総務課",
      "財政課",
    ]);
    expect(line.requests).toHaveLength(0);
    const cycles = await t.db.$client.execute("select count(*) n from reminder_cycles");
    expect(cycles.rows[0]?.n).toBe(0);
  });

  it("starts from the scheduler on the plan's day and time (Asia/Tokyo)", async () => {
    await addTeam();
    await setReminderSettings(t.db, "tamana", {
      dayOfMonth: 10,
      time: "10:30",
      periodMode: "previous_month",
      followUpDays: null,
      escalate: false,
    });
    await runDueReminders(harness.deps, FAST); // 10:00 JST: not yet
    expect(pushes()).toHaveLength(0);
    harness.setNow(new Date("2024-06-10T01:30:00Z"));
    await runDueReminders(harness.deps, FAST);
    expect(pushes()).toHaveLength(3);
    harness.setNow(new Date("2024-06-11T01:30:00Z"));
    await runDueReminders(harness.deps, FAST);
    expect(pushes()).toHaveLength(3);
  });

  it("moves a cycle off weekends, holidays, 年末年始 and the plan's own closed days (business calendar)", async () => {
    await addTeam();
    await setReminderSettings(t.db, "tamana", {
      dayOfMonth: 28,
      time: "09:00",
      periodMode: "previous_month",
      followUpDays: null,
      escalate: false,
    });
    // 2024-12-28 is a Saturday, 12/29–1/3 年末年始, 1/4–5 a weekend: December's cycle is on 1/6.
    harness.setNow(new Date("2024-12-28T01:00:00Z"));
    await runDueReminders(harness.deps, FAST);
    harness.setNow(new Date("2025-01-05T01:00:00Z"));
    await runDueReminders(harness.deps, FAST);
    expect(pushes()).toHaveLength(0);
    harness.setNow(new Date("2025-01-06T00:30:00Z"));
    await runDueReminders(harness.deps, FAST);
    expect(pushes()).toHaveLength(3);
    // Still December's cycle: it asks for November, and January's own cycle has not started.
    expect(pushText(pushTo(SOMU)[0] as RecordedRequest)).toMatch(
      /^【実績報告のお願い】2024年11月分/u,
    );
    // A plan's own closed day moves January's cycle (1/28) to the next business day.
    await addClosedDay(t.db, "tamana", { date: "2025-01-28", name: "市の休日" });
    harness.setNow(new Date("2025-01-28T01:00:00Z"));
    await runDueReminders(harness.deps, FAST);
    expect(pushes()).toHaveLength(3);
    harness.setNow(new Date("2025-01-29T01:00:00Z"));
    await runDueReminders(harness.deps, FAST);
    expect(pushes()).toHaveLength(6);
    expect(pushText(pushTo(SOMU)[1] as RecordedRequest)).toMatch(
      /^【実績報告のお願い】2024年12月分/u,
    );
  });

  it("follows up once with those who have not answered, and tells the office who they are", async () => {
    await addTeam();
    await setReminderSettings(t.db, "tamana", {
      dayOfMonth: 10,
      time: "09:00",
      periodMode: "previous_month",
      followUpDays: 3,
      escalate: true,
    });
    await runDueReminders(harness.deps, FAST);
    expect(await say(harness, line, ZAISEI, "1 80%\n2 120件\n3 60,000千円")).toContain(
      "記録しました",
    );
    harness.setNow(new Date("2024-06-13T02:00:00Z"));
    await runDueReminders(harness.deps, FAST);
    expect(pushTo(SOMU)).toHaveLength(2);
    expect(pushTo(ZAISEI)).toHaveLength(1);
    expect(pushText(pushTo(SOMU)[1] as RecordedRequest)).toContain("【再送・実績報告のお願い】");
    const escalation = line.sent("/v2/bot/message/multicast");
    expect(escalation).toHaveLength(1);
    expect(escalation[0]?.body).toMatchObject({ to: [OFFICE] });
    const body = escalation[0]?.body as { messages: { text: string }[] } | undefined;
    const text = body?.messages[0]?.text ?? "";
    expect(text).toContain("総務課");
    expect(text).toContain("情報政策課");
    expect(text).not.toContain("財政課");
    await runDueReminders(harness.deps, FAST);
    expect(pushTo(SOMU)).toHaveLength(2);
  });
});

describe("answering a reminder in the chat", () => {
  beforeEach(async () => {
    await addTeam();
    await runReminderCycle(harness.deps, "tamana", FAST);
  });

  it("records a figure with a confirmation naming indicator, value, period and target; the board shows it with history", async () => {
    const reply = await say(harness, line, SOMU, "１０　６５％");
    expect(reply).toContain("2024年5月分（速報）として記録しました。");
    expect(reply).toContain(
      "・ペーパーレス化が可能な庁内会議におけるペーパーレス化の割合: 65%（目標 60%）",
    );
    const correction = await say(harness, line, SOMU, "10 66%");
    expect(correction).toContain("66%");

    const token = line.issueIdToken({ sub: SOMU });
    const res = await harness.app.request("/api/plans/tamana/board", {
      headers: { authorization: `Bearer ${token}` },
    });
    const board = (await res.json()) as {
      initiatives: {
        code: string;
        indicators: {
          actuals: { period: string; value: number; kind: string; channel: string }[];
        }[];
      }[];
    };
    const actuals = board.initiatives.find((i) => i.code === "⑲")?.indicators[0]?.actuals ?? [];
    expect(actuals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ period: "FY2023", value: 40, kind: "official" }),
        expect.objectContaining({ period: "2024-05", value: 66, kind: "interim", channel: "line" }),
      ]),
    );
    const history = await t.db.$client.execute(
      "select a.value, a.channel, m.line_user_id who from actuals a join members m on m.id = a.reported_by where a.period = '2024-05' order by a.id",
    );
    expect(history.rows.map((r) => [r.value, r.channel, r.who])).toEqual([
      [65, "line", SOMU],
      [66, "line", SOMU],
    ]);
  });

  it("records several lines at once", async () => {
    const reply = await say(harness, line, SOMU, "1 530人\n5 120人\n7 13.5日");
    expect(reply).toContain("次年度4月1日時点の職員数: 530人");
    expect(reply).toContain("月45時間以上の時間外勤務をした職員の延べ人数: 120人");
    expect(reply).toContain("職員の年次有給休暇平均取得日数: 13.5日");
  });

  it("takes a bare value after a quick reply is tapped", async () => {
    const push = pushTo(SOMU)[0] as RecordedRequest;
    const item = (
      push.body as { messages: { quickReply: { items: { action: { data: string } }[] } }[] }
    ).messages[0]?.quickReply.items[9];
    const focus = await deliver(harness, line, [postbackEvent(item?.action.data ?? "", SOMU)]);
    expect(focus[0]?.text).toContain("ペーパーレス化の割合」の数値を送ってください（単位: %）");
    expect(await say(harness, line, SOMU, "61%")).toContain("ペーパーレス化の割合: 61%");
  });

  it("asks for the reason when the value is behind target, and stores it", async () => {
    const reply = await say(harness, line, SOMU, "10 45%");
    expect(reply).toContain("目標を下回っています");
    expect(reply).toContain("要因と今後の方策");
    expect(await say(harness, line, SOMU, "紙の資料を求める会議がまだ残っています")).toContain(
      "要因を記録しました",
    );
    const reasons = await t.db.$client.execute("select reason, channel from actual_reasons");
    expect(reasons.rows).toEqual([
      expect.objectContaining({
        reason: "紙の資料を求める会議がまだ残っています",
        channel: "line",
      }),
    ]);
  });

  it("treats lower-is-better indicators by direction (⑬ 時間外勤務: fewer is better)", async () => {
    const reply = await say(harness, line, SOMU, "5 300人");
    expect(reply).not.toContain("目標を下回っています");
  });

  it("asks for confirmation before recording an implausible value", async () => {
    const ask = await say(harness, line, SOMU, "10 650%");
    expect(ask).toContain("記録してよいですか");
    expect(ask).toContain("100%を超えています");
    expect(await say(harness, line, SOMU, "いいえ")).toContain("記録しませんでした");
    expect((await paperless()).actuals.find((a) => a.period === "2024-05")).toBeUndefined();
    await say(harness, line, SOMU, "10 400人".replace("人", "%"));
    expect(await say(harness, line, SOMU, "はい")).toContain("記録しました");
    expect((await paperless()).actuals.find((a) => a.period === "2024-05")?.value).toBe(400);
  });

  it("takes back the last entry with 取消 and keeps it in the history", async () => {
    await say(harness, line, SOMU, "10 65%");
    expect(await say(harness, line, SOMU, "取消")).toContain("取り消しました");
    expect((await paperless()).actuals.find((a) => a.period === "2024-05")).toBeUndefined();
    const rows = await t.db.$client.execute(
      "select value, withdrawn_at is not null withdrawn from actuals where period = '2024-05'",
    );
    expect(rows.rows).toEqual([expect.objectContaining({ value: 65, withdrawn: 1 })]);
    expect(await say(harness, line, SOMU, "取消")).toContain("取り消せる報告はありません");
  });

  it("explains how to answer when a reply is not a figure, and records nothing", async () => {
    const reply = await say(harness, line, SOMU, "10 集計中");
    expect(reply).toContain("数値として読めません");
    expect(reply).toContain("何も記録していません");
    expect(reply).toContain("「番号 数値」");
    const half = await say(harness, line, SOMU, "10 65%\n11 3人");
    expect(half).toContain("11番の指標はありません");
    expect((await paperless()).actuals.find((a) => a.period === "2024-05")).toBeUndefined();
  });

  it("lets an unlinked user record nothing", async () => {
    expect(await say(harness, line, "Ustranger000000000000000000000001", "10 65%")).toContain(
      "招待コード",
    );
    expect((await paperless()).actuals.find((a) => a.period === "2024-05")).toBeUndefined();
  });

  it("records a redelivered reply once", async () => {
    const event = textEvent("10 65%", SOMU, { webhookEventId: "01REDELIVEREDREPLY0000000A" });
    await deliver(harness, line, [event]);
    await deliver(harness, line, [{ ...event, deliveryContext: { isRedelivery: true } }]);
    const rows = await t.db.$client.execute(
      "select count(*) n from actuals where period = '2024-05'",
    );
    expect(rows.rows[0]?.n).toBe(1);
  });
});

describe("LINE failures during a cycle", () => {
  beforeEach(addTeam);

  it("retries a 5xx with the same retry key", async () => {
    line.failNext("/v2/bot/message/push", 500, { times: 2 });
    const report = await runReminderCycle(harness.deps, "tamana", { ...FAST, concurrency: 1 });
    expect(report).toMatchObject({ sent: 3, failed: 0, status: "done" });
    const all = line.requests.filter((r) => r.path === "/v2/bot/message/push");
    expect(all).toHaveLength(5);
    const first = all[0]?.headers["x-line-retry-key"];
    expect(all.slice(0, 3).map((r) => r.headers["x-line-retry-key"])).toEqual([
      first,
      first,
      first,
    ]);
    expect(all.slice(0, 3).map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it("retries a timeout with the same retry key; LINE's 409 for the accepted key counts as sent", async () => {
    // LINE took the first push but its answer was lost.
    line.failNext("/v2/bot/message/push", 200, { hang: true });
    const report = await runReminderCycle(harness.deps, "tamana", { ...FAST, concurrency: 1 });
    expect(report).toMatchObject({ sent: 2, alreadyAccepted: 1, pending: 0, status: "done" });
    const all = line.requests.filter((r) => r.path === "/v2/bot/message/push");
    expect(all.map((r) => r.status)).toEqual([0, 409, 200, 200]);
    expect(all[1]?.headers["x-line-retry-key"]).toBe(all[0]?.headers["x-line-retry-key"]);
  });

  it("does not retry other 4xx: the push is marked failed and the cycle goes on", async () => {
    line.failNext("/v2/bot/message/push", 400, {
      body: { message: "The property, 'to', in the request body is invalid" },
    });
    const report = await runReminderCycle(harness.deps, "tamana", { ...FAST, concurrency: 1 });
    expect(report).toMatchObject({ sent: 2, failed: 1, status: "done" });
    expect(line.requests.filter((r) => r.path === "/v2/bot/message/push")).toHaveLength(3);
  });

  it("stops the cycle on 429 (monthly limit), tells the office without a push, and sends nothing more until resumed", async () => {
    line.failNext("/v2/bot/message/push", 429, {
      times: 5,
      body: { message: "You have reached your monthly limit." },
    });
    const report = await runReminderCycle(harness.deps, "tamana", { ...FAST, concurrency: 1 });
    expect(report.status).toBe("stopped");
    expect(report.stopReason).toContain("429");
    expect(line.requests.filter((r) => r.path === "/v2/bot/message/push")).toHaveLength(1);
    // LINE refuses any push or multicast with the same 429: the office is told where it is free
    // (tests/bot/quota-notices.test.ts), never by a message that counts against the limit.
    expect(line.requests.filter((r) => r.path === "/v2/bot/message/multicast")).toEqual([]);
    const [notice] = await limitNotices(harness.deps, ["tamana"]);
    expect(notice).toMatchObject({ cycleId: report.cycleId, sent: 0, waiting: 3 });
    expect(notice?.message).toContain("メッセージ上限");
    await setReminderSettings(t.db, "tamana", {
      dayOfMonth: 1,
      time: "00:00",
      periodMode: "previous_month",
      followUpDays: null,
      escalate: false,
    });
    await runDueReminders(harness.deps, FAST);
    expect(line.requests.filter((r) => r.path === "/v2/bot/message/push")).toHaveLength(1);
    line.reset();
    const resumed = await runReminderCycle(harness.deps, "tamana", {
      ...FAST,
      resumeStopped: true,
    });
    expect(resumed).toMatchObject({ sent: 3, status: "done" });
  });

  it("resumes after a crash without pushing anyone twice", async () => {
    // LINE accepts the first two pushes, then the process dies before it records them as sent.
    const real = harness.deps.line;
    let calls = 0;
    const crashing: LineGateway = {
      ...real,
      async push(to, messages, options) {
        const result = await real.push(to, messages, options);
        if (++calls === 2) throw new Error("process killed");
        return result;
      },
    };
    await expect(
      runReminderCycle({ ...harness.deps, line: crashing }, "tamana", { ...FAST, concurrency: 1 }),
    ).rejects.toThrow("process killed");
    expect(pushes()).toHaveLength(2);
    const resumed = await runReminderCycle(harness.deps, "tamana", FAST);
    expect(resumed.status).toBe("done");
    expect(resumed.sent + resumed.alreadyAccepted).toBe(3);
    expect(pushes()).toHaveLength(3);
    for (const user of [SOMU, ZAISEI, JOHO]) expect(pushTo(user)).toHaveLength(1);
    expect(line.requests.filter((r) => r.status === 409)).toHaveLength(2);
  });
});
