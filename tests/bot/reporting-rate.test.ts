/**
 * The reporting rate (提出率, issue 12 section 1) over the real Tamana plan: a cycle's 提出期限 is
 * fixed N business days after the reminder; a 課 counts as reported only with every figure in,
 * on time or late by when each figure first came in; the digest leads with the headline; `stats`
 * prints the trend.
 *
 * The clock is Monday 2024-06-10 10:00 (Asia/Tokyo); with the default 5 business days the deadline
 * is the end of Monday 2024-06-17.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rateRows, rateTable } from "../../bot/cli/stats.ts";
import { digestText } from "../../bot/digest/flex.ts";
import { buildPlanDigest } from "../../bot/digest/send.ts";
import { runDueReminders, runReminderCycle } from "../../bot/reminders/cycle.ts";
import { reportingHistory } from "../../bot/reminders/reporting.ts";
import { addMember } from "../../db/members.ts";
import { latestCycle, setReminderSettings } from "../../db/reminders.ts";
import { tokyoInstant } from "../../shared/reminder-plan.ts";
import { createTestApp } from "../support/app.ts";
import { say } from "../support/chat.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

const NOW = new Date("2024-06-10T01:00:00Z");
const SOMU = "Usomu0000000000000000000000000001";
const ZAISEI = "Uzaisei00000000000000000000000001";
const JOHO = "Ujoho000000000000000000000000001";
const OFFICE = "Uoffice0000000000000000000000001";
const FAST = { retryDelaysMs: [5, 5], timeoutMs: 2000 };

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
});
afterEach(async () => {
  await line.stop();
  t.close();
});

/** Sets when the figures of a period were entered (the chat writes them at the database's time). */
async function enteredAt(period: string, instant: Date) {
  await t.db.run(
    sql`update actuals set created_at = ${Math.floor(instant.getTime() / 1000)} where period = ${period}`,
  );
}

describe("the reporting rate of a cycle", () => {
  it("fixes the deadline at the start, and counts a 課 with 4 of 10 figures as not reported", async () => {
    await runReminderCycle(harness.deps, "tamana", FAST);
    const cycle = await latestCycle(t.db, "tamana");
    expect(cycle?.deadlineAt).toEqual(
      new Date(tokyoInstant("2024-06-18", "00:00").getTime() - 1000),
    );
    // The reminder says by when.
    const push = line
      .sent("/v2/bot/message/push")
      .find((r) => (r.body as { to: string }).to === SOMU);
    const body = push?.body as { messages: { text: string }[] } | undefined;
    expect(body?.messages[0]?.text).toContain("6月17日（月）までにこのトークに返信してください");

    expect(await say(harness, line, SOMU, "1 530人\n3 70人\n5 120人\n7 13.5日")).toContain(
      "記録しました",
    );
    await enteredAt("2024-05", tokyoInstant("2024-06-12", "10:00"));
    expect(await say(harness, line, ZAISEI, "1 80%\n2 120件\n3 60,000千円")).toContain(
      "記録しました",
    );
    // 財政課 answered on the 18th, the day after the deadline.
    await t.db.run(
      sql`update actuals set created_at = ${Math.floor(tokyoInstant("2024-06-18", "09:00").getTime() / 1000)}
          where period = '2024-05' and reported_by = (select id from members where line_user_id = ${ZAISEI})`,
    );

    const [rate] = await reportingHistory(harness.deps, "tamana");
    if (!rate) throw new Error("no rate");
    const by = Object.fromEntries(rate.departments.map((o) => [o.department, o]));
    expect(by.総務課).toMatchObject({
      asked: 10,
      onTime: 4,
      late: 0,
      missing: 6,
      status: "partial",
    });
    expect(by.財政課).toMatchObject({
      asked: 3,
      onTime: 0,
      late: 3,
      missing: 0,
      status: "complete_late",
    });
    expect(by.情報政策課?.status).toBe("none");
    expect(rate.units).toEqual({ asked: 3, complete: 1, onTime: 0 });
    const somuLead = rate.leads.find((l) => l.department === "総務課");
    expect(somuLead).toMatchObject({ asked: 10, missing: 6 });

    // The digest leads with the headline; `stats` has the same figures.
    const digest = digestText(await buildPlanDigest(harness.deps, "tamana"));
    expect(digest.split("\n")[1]).toBe("提出率 1/3 課・33%（期限内 0%）");
    const table = rateTable([rate]);
    expect(table).toContain("2024-06（2024年5月分）  提出率 1/3 課・33%（期限内 0%）");
    expect(table).toContain("総務課 4/10  一部未提出");
    expect(table).toContain("財政課 3/3  提出済み（期限後）");
    const rows = rateRows([rate]);
    const joho = rows.find((r) => r.department === "情報政策課");
    expect(rows[0]).toMatchObject({
      department: "全体",
      unitsAsked: 3,
      unitsComplete: 1,
      missing: 6 + (joho?.missing ?? Number.NaN),
    });
  });

  it("keeps an on-time figure on time when it is corrected later, and a withdrawn one counts as missing", async () => {
    await runReminderCycle(harness.deps, "tamana", FAST);
    await say(harness, line, ZAISEI, "1 80%\n2 120件\n3 60,000千円");
    await enteredAt("2024-05", tokyoInstant("2024-06-11", "10:00"));
    // A correction after the deadline: a newer row for the same figure.
    harness.setNow(new Date("2024-06-20T01:00:00Z"));
    await t.db.run(
      sql`insert into actuals (indicator_id, period, fiscal_year, value, decimals, kind, channel, created_at)
          select indicator_id, period, fiscal_year, 81, 0, kind, 'liff', ${Math.floor(tokyoInstant("2024-06-20", "10:00").getTime() / 1000)}
          from actuals where period = '2024-05' order by id limit 1`,
    );
    let [rate] = await reportingHistory(harness.deps, "tamana");
    expect(rate?.departments.find((o) => o.department === "財政課")?.status).toBe(
      "complete_on_time",
    );
    expect(rate?.units).toMatchObject({ complete: 1, onTime: 1 });
    // 取消 of one figure: the 課 is back to partial.
    expect(await say(harness, line, ZAISEI, "取消")).toContain("取り消しました");
    [rate] = await reportingHistory(harness.deps, "tamana");
    const zaisei = rate?.departments.find((o) => o.department === "財政課");
    expect(zaisei?.missing).toBeGreaterThan(0);
    expect(zaisei?.status).toBe("partial");
  });

  it("puts the headline on the board (GET /api/plans/:planId/board)", async () => {
    const app = createTestApp(t.db, line, { devAuth: true }).app;
    const board = async () =>
      (await (
        await app.request("/api/plans/tamana/board", {
          headers: { authorization: `Bearer dev:${SOMU}` },
        })
      ).json()) as { reporting: { period: string; headline: string } | null };
    expect((await board()).reporting).toBeNull();
    await runReminderCycle(harness.deps, "tamana", FAST);
    expect((await board()).reporting).toEqual({
      period: "2024年5月",
      headline: "提出率 0/3 課・0%（期限内 0%）",
    });
  });

  it("uses the plan's own deadline in business days", async () => {
    await setReminderSettings(t.db, "tamana", {
      dayOfMonth: 10,
      time: "09:00",
      periodMode: "previous_month",
      followUpDays: null,
      escalate: false,
      deadlineBusinessDays: 3,
    });
    await runReminderCycle(harness.deps, "tamana", FAST);
    const cycle = await latestCycle(t.db, "tamana");
    // Monday 6/10 + 3 business days = Thursday 6/13, to the end of the day.
    expect(cycle?.deadlineAt).toEqual(
      new Date(tokyoInstant("2024-06-14", "00:00").getTime() - 1000),
    );
  });
});

describe("after the deadline (課長 escalation)", () => {
  it("tells each 課長 once what their 課 still owes, and nothing to a 課 with everything in", async () => {
    const SOMU_CHIEF = "Usomuchief00000000000000000000001";
    const ZAISEI_CHIEF = "Uzaiseichief000000000000000000001";
    await addMember(t.db, {
      planId: "tamana",
      lineUserId: SOMU_CHIEF,
      role: "manager",
      department: "総務課",
    });
    await addMember(t.db, {
      planId: "tamana",
      lineUserId: ZAISEI_CHIEF,
      role: "manager",
      department: "財政課",
    });
    await setReminderSettings(t.db, "tamana", {
      dayOfMonth: 10,
      time: "09:00",
      periodMode: "previous_month",
      followUpDays: null,
      escalate: false,
    });
    await runDueReminders(harness.deps, FAST);
    // 課長 are not asked for figures.
    const pushedTo = () =>
      line.sent("/v2/bot/message/push").map((r) => (r.body as { to: string }).to);
    expect(pushedTo()).not.toContain(SOMU_CHIEF);
    await say(harness, line, SOMU, "1 530人\n3 70人\n5 120人\n7 13.5日");
    await say(harness, line, ZAISEI, "1 80%\n2 120件\n3 60,000千円");
    // The last day of the deadline: nothing yet.
    harness.setNow(tokyoInstant("2024-06-17", "23:00"));
    await runDueReminders(harness.deps, FAST);
    expect(pushedTo()).not.toContain(SOMU_CHIEF);
    harness.setNow(tokyoInstant("2024-06-18", "09:00"));
    await runDueReminders(harness.deps, FAST);
    await runDueReminders(harness.deps, FAST);
    const toChief = line
      .sent("/v2/bot/message/push")
      .filter((r) => (r.body as { to: string }).to === SOMU_CHIEF);
    expect(toChief).toHaveLength(1);
    const body = toChief[0]?.body as { messages: { text: string }[] } | undefined;
    const text = body?.messages[0]?.text ?? "";
    expect(text).toContain("【提出期限を過ぎた実績】2024年5月分");
    expect(text).toContain(
      "総務課の指標 10件のうち 6件の実績が、提出期限（6月17日（月））を過ぎても",
    );
    expect(text).toContain("ペーパーレス化の割合");
    expect(pushedTo()).not.toContain(ZAISEI_CHIEF);
  });
});

describe("npx shinchoku stats", () => {
  const run = promisify(execFile);
  it("prints the rate per cycle as a table, CSV and JSON, and refuses a malformed month", async () => {
    await runReminderCycle(harness.deps, "tamana", FAST);
    const stats = async (...args: string[]) => {
      try {
        const r = await run(
          process.execPath,
          [resolve("bin/shinchoku.js"), "stats", "--plan", "tamana", ...args],
          {
            env: { ...process.env, DATABASE_URL: t.url },
            timeout: 120_000,
          },
        );
        return { code: 0, ...r };
      } catch (err) {
        return err as { code: number; stdout: string; stderr: string };
      }
    };
    const table = await stats();
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("提出率 0/3 課・0%（期限内 0%）");
    const csv = await stats("--format", "csv");
    expect(csv.stdout.replace(/^\uFEFF/u, "").split("\n")[0]).toBe(
      "サイクル,対象期間,担当課,依頼した課,提出済みの課,期限内に提出した課,提出率(%),期限内率(%),依頼した指標,期限内,期限後,未提出",
    );
    expect(csv.stdout).toContain("2024-06,2024年5月,全体,3,0,0,0,0");
    const json = JSON.parse((await stats("--format", "json")).stdout) as { units: unknown }[];
    expect(json[0]?.units).toEqual({ asked: 3, complete: 0, onTime: 0 });
    const bad = await stats("--from", "2024/04");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("YYYY-MM");
  }, 120_000);
});
