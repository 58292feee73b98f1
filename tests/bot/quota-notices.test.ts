/**
 * When LINE's monthly limit (429) stops a reminder cycle, the office learns of it where it costs
 * nothing: the API the LIFF banner reads, and the next reply to each office member (once per stop).
 * The CLI's side (`remind`'s exit code, the digest preview) is in tests/cli/remind.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runReminderCycle } from "../../bot/reminders/cycle.ts";
import { addMember } from "../../db/members.ts";
import { createTestApp } from "../support/app.ts";
import { deliver, say } from "../support/chat.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";
import { textEvent } from "../support/webhook.ts";

const NOW = new Date("2024-06-10T01:00:00Z");
const SOMU = "Usomu0000000000000000000000000001";
const ZAISEI = "Uzaisei00000000000000000000000001";
const JOHO = "Ujoho000000000000000000000000001";
const OFFICE = "Uoffice0000000000000000000000001";
const OFFICE2 = "Uoffice0000000000000000000000002";
const FAST = { retryDelaysMs: [5, 5], timeoutMs: 2000, concurrency: 1 };

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line, { devAuth: true });
  harness.setNow(NOW);
  const add = (lineUserId: string, role: "lead" | "office", department: string | null) =>
    addMember(t.db, { planId: "tamana", lineUserId, role, department });
  await add(SOMU, "lead", "総務課");
  await add(ZAISEI, "lead", "財政課");
  await add(JOHO, "lead", "情報政策課");
  await add(OFFICE, "office", null);
  await add(OFFICE2, "office", null);
});
afterEach(async () => {
  await line.stop();
  t.close();
});

/** One push goes out, then LINE answers 429 (monthly limit): 1 sent, 2 waiting. */
async function stopAfterOnePush() {
  line.enforceQuota = true;
  line.quota = { type: "limited", value: 1 };
  const report = await runReminderCycle(harness.deps, "tamana", FAST);
  expect(report.status).toBe("stopped");
  return report;
}

const notices = (userId: string) =>
  harness.app.request("/api/plans/tamana/notices", {
    headers: { authorization: `Bearer dev:${userId}` },
  });

describe("LINE's monthly quota, asked before a cycle sends (issue 12 §3)", () => {
  it("sends only what fits and stops with the rest waiting, without a refused push", async () => {
    line.quota = { type: "limited", value: 1 }; // LINE does not refuse here: the cycle must not ask it to
    const report = await runReminderCycle(harness.deps, "tamana", FAST);
    expect(report).toMatchObject({ status: "stopped", sent: 1, pending: 2 });
    expect(report.stopReason).toContain("LINE の月間メッセージ上限（1通）");
    expect(line.sent("/v2/bot/message/push")).toHaveLength(1);
    expect(line.requests.some((r) => r.path === "/v2/bot/message/quota")).toBe(true);
  });

  it("can leave the check to LINE's 429 (checkLineQuota: false), which stops it the same way", async () => {
    line.enforceQuota = true;
    line.quota = { type: "limited", value: 1 };
    const report = await runReminderCycle(harness.deps, "tamana", {
      ...FAST,
      checkLineQuota: false,
    });
    expect(report).toMatchObject({ status: "stopped", sent: 1 });
    expect(report.stopReason).toContain("429");
  });
});

describe("GET /api/plans/:planId/notices", () => {
  it("is empty while no cycle is stopped", async () => {
    const res = await notices(OFFICE);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ notices: [] });
  });

  it("says how many were sent, how many wait and how to resume, and sends nothing to LINE", async () => {
    const report = await stopAfterOnePush();
    const before = line.requests.length;
    const res = await notices(OFFICE);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { notices: Record<string, unknown>[] };
    expect(body.notices).toEqual([
      expect.objectContaining({
        kind: "reminder_limit",
        cycleId: report.cycleId,
        periodLabel: "2024年5月分（速報）",
        sent: 1,
        waiting: 2,
        resume: "npx shinchoku remind --plan tamana",
      }),
    ]);
    expect(body.notices[0]?.message).toContain("送信済み 1件／未送信 2件");
    expect(line.requests.length).toBe(before);
    // No multicast or push told the office: LINE would refuse it with the same 429.
    expect(line.requests.filter((r) => r.path === "/v2/bot/message/multicast")).toEqual([]);
    // Leads see the banner too (the board is theirs as well).
    expect((await notices(SOMU)).status).toBe(200);
  });

  it("answers 403 not_member to someone outside the plan", async () => {
    await stopAfterOnePush();
    const res = await notices("Ustranger000000000000000000000001");
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "not_member" } });
  });

  it("is empty again once the cycle is resumed and done", async () => {
    await stopAfterOnePush();
    line.quota = { type: "none", value: 0 };
    const resumed = await runReminderCycle(harness.deps, "tamana", {
      ...FAST,
      resumeStopped: true,
    });
    expect(resumed.status).toBe("done");
    expect(await (await notices(OFFICE)).json()).toEqual({ notices: [] });
  });
});

describe("the next reply to an office member", () => {
  it("carries the notice once per office member, as one more message of a free reply", async () => {
    await stopAfterOnePush();
    const first = await deliver(harness, line, [textEvent("ヘルプ", OFFICE)]);
    expect(first.length).toBeGreaterThanOrEqual(2);
    const last = first.at(-1)?.text ?? "";
    expect(last).toContain("【リマインド停止中】2024年5月分（速報）");
    expect(last).toContain("送信済み 1件／未送信 2件");
    expect(last).toContain("npx shinchoku remind --plan tamana");
    // Told once: the next reply is the plain answer.
    expect(await say(harness, line, OFFICE, "ヘルプ")).not.toContain("リマインド停止中");
    // Each office member is told once.
    expect(await say(harness, line, OFFICE2, "ヘルプ")).toContain("リマインド停止中");
    // Leads are not the ones to act on it.
    expect(await say(harness, line, SOMU, "ヘルプ")).not.toContain("リマインド停止中");
    // Only replies were used: nothing was pushed or multicast after the stop.
    const counted = line.requests.filter((r) =>
      /^\/v2\/bot\/message\/(push|multicast|broadcast)$/u.test(r.path),
    );
    expect(counted.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it("tells a second stop again after a resume", async () => {
    await stopAfterOnePush();
    expect(await say(harness, line, OFFICE, "ヘルプ")).toContain("送信済み 1件／未送信 2件");
    const again = await runReminderCycle(harness.deps, "tamana", { ...FAST, resumeStopped: true });
    expect(again.status).toBe("stopped");
    expect(await say(harness, line, OFFICE, "ヘルプ")).toContain("送信済み 1件／未送信 2件");
  });
});
