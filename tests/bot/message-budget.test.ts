/**
 * The plan's own monthly message budget (issue 12, `plan set --budget N`): counted from the message
 * log per plan, checked before the reminder cycle's pushes, the 課長 escalation, the digest and the
 * approval request. A cycle the budget stops is stopped as LINE's 429 stops it — the rest wait, the
 * office is told in its next reply (free) — and resumes once the budget allows.
 *
 * Real Tamana plan and libSQL, LINE faked over HTTP (its own quota left unlimited here: only the
 * plan's budget limits). The clock is 2024-06-10 10:00 (Asia/Tokyo): the cycle asks for May 2024.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseBudget } from "../../bot/cli/plan.ts";
import { sendDigest } from "../../bot/digest/send.ts";
import { runManagerEscalation, runReminderCycle } from "../../bot/reminders/cycle.ts";
import {
  messageAllowance,
  planBudget,
  tokyoMonthStart,
} from "../../bot/usecases/message-allowance.ts";
import { addMember } from "../../db/members.ts";
import { logMessage, messagesUsedByPlan } from "../../db/message-log.ts";
import { setPlanSettings } from "../../db/plans.ts";
import { latestCycle } from "../../db/reminders.ts";
import { createTestApp } from "../support/app.ts";
import { say } from "../support/chat.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

const NOW = new Date("2024-06-10T01:00:00Z");
const SOMU = "Usomu0000000000000000000000000001";
const ZAISEI = "Uzaisei00000000000000000000000001";
const JOHO = "Ujoho000000000000000000000000001";
const OFFICE = "Uoffice0000000000000000000000001";
const KACHO = "Ukacho000000000000000000000000001";
const FAST = { retryDelaysMs: [5, 5], timeoutMs: 2000, concurrency: 1 };

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  line.quota = { type: "none", value: 0 };
  harness = createTestApp(t.db, line, { devAuth: true });
  harness.setNow(NOW);
  const add = (
    lineUserId: string,
    role: "lead" | "office" | "manager",
    department: string | null,
  ) => addMember(t.db, { planId: "tamana", lineUserId, role, department });
  await add(SOMU, "lead", "総務課");
  await add(ZAISEI, "lead", "財政課");
  await add(JOHO, "lead", "情報政策課");
  await add(OFFICE, "office", null);
  await add(KACHO, "manager", "総務課");
});
afterEach(async () => {
  await line.stop();
  t.close();
});

const pushes = () => line.sent("/v2/bot/message/push").length;

describe("counting the plan's messages", () => {
  it("counts pushes and the plan's share of multicasts this month (JST); not replies, failures or other plans' users", async () => {
    const at = (iso: string) => new Date(iso);
    const entry = (over: Partial<Parameters<typeof logMessage>[1]>) =>
      logMessage(t.db, {
        kind: "push",
        recipients: [SOMU],
        messageCount: 1,
        payload: {},
        status: "sent",
        createdAt: at("2024-06-05T00:00:00Z"),
        ...over,
      });
    await entry({});
    await entry({ status: "offline" });
    await entry({ kind: "multicast", recipients: [ZAISEI, "Ustranger", OFFICE], messageCount: 3 });
    await entry({ kind: "reply", recipients: null });
    await entry({ status: "failed" });
    await entry({ recipients: ["Ustranger"] });
    // 2024-05-31 23:30 JST is May: not this month.
    await entry({ createdAt: at("2024-05-31T14:30:00Z") });
    // 2024-06-01 00:30 JST is June.
    await entry({ createdAt: at("2024-05-31T15:30:00Z") });
    expect(tokyoMonthStart(NOW).toISOString()).toBe("2024-05-31T15:00:00.000Z");
    expect(await messagesUsedByPlan(t.db, "tamana", tokyoMonthStart(NOW))).toBe(5);
  });

  it("has no budget until one is set; `plan set --budget` reads a count or none", async () => {
    expect(await planBudget(harness.deps, "tamana")).toBeNull();
    await setPlanSettings(t.db, "tamana", { messageBudget: 10 });
    expect(await planBudget(harness.deps, "tamana")).toEqual({ budget: 10, used: 0, left: 10 });
    expect(await messageAllowance(harness.deps, "tamana", 11)).toMatchObject({
      ok: false,
      reason: "budget",
      left: 10,
    });
    expect(parseBudget("500")).toBe(500);
    expect(parseBudget("none")).toBe("none");
    expect(parseBudget("-1")).toBeNull();
    expect(parseBudget("10通")).toBeNull();
  });
});

describe("the reminder cycle within the budget", () => {
  it("sends what fits, stops like a 429, tells the office in its next reply, and resumes when the budget allows", async () => {
    await setPlanSettings(t.db, "tamana", { messageBudget: 2 });
    const report = await runReminderCycle(harness.deps, "tamana", FAST);
    expect(report).toMatchObject({ sent: 2, pending: 1, status: "stopped" });
    expect(report.stopReason).toContain("計画の月間メッセージ予算（2通）に達しました");
    expect(pushes()).toBe(2);

    // The scheduler does not resume it; the office hears of it in a free reply.
    const reply = await say(harness, line, OFFICE, "ペーパーレスの進捗は？");
    expect(reply).toContain("この計画の今月のメッセージ予算に達したため止まっています");
    expect(reply).toContain("送信済み 2件／未送信 1件");
    expect(reply).toContain("npx shinchoku plan set --plan tamana --budget");

    await setPlanSettings(t.db, "tamana", { messageBudget: 3 });
    const resumed = await runReminderCycle(harness.deps, "tamana", {
      ...FAST,
      resumeStopped: true,
    });
    expect(resumed).toMatchObject({ sent: 1, pending: 0, status: "done" });
    expect(pushes()).toBe(3);
  });

  it("does not push the 課長 escalation over the budget", async () => {
    await setPlanSettings(t.db, "tamana", { messageBudget: 3 });
    await runReminderCycle(harness.deps, "tamana", FAST);
    const cycle = await latestCycle(t.db, "tamana");
    if (!cycle) throw new Error("no cycle");
    harness.setNow(new Date("2024-06-30T01:00:00Z"));
    const result = await runManagerEscalation(harness.deps, cycle, FAST);
    expect(result).toEqual({ sent: 0, stopped: true });
    expect(
      line.sent("/v2/bot/message/push").map((r) => (r.body as { to: string }).to),
    ).not.toContain(KACHO);
    expect((await latestCycle(t.db, "tamana"))?.stopReason).toContain("計画の月間メッセージ予算");
  });
});

describe("the digest and the approval request within the budget", () => {
  it("refuses a digest that does not fit, and sends one that does", async () => {
    await setPlanSettings(t.db, "tamana", { messageBudget: 4 });
    const refused = await sendDigest(harness.deps, "tamana", { kind: "all" });
    expect(refused).toMatchObject({ ok: false, reason: "quota" });
    expect(refused.ok ? "" : refused.message).toContain("この計画の今月のメッセージ予算の残り 4通");
    expect(line.sent("/v2/bot/message/multicast")).toHaveLength(0);
    await setPlanSettings(t.db, "tamana", { messageBudget: 5 });
    expect(await sendDigest(harness.deps, "tamana", { kind: "all" })).toMatchObject({ ok: true });
  });

  it("does not push the approval request over the budget; the figure still waits", async () => {
    await setPlanSettings(t.db, "tamana", { approval: "required", messageBudget: 0 });
    harness.setNow(new Date("2025-04-10T01:00:00Z"));
    const plan = await harness.app.request("/api/plans/tamana/board", {
      headers: { authorization: `Bearer dev:${SOMU}` },
    });
    const board = (await plan.json()) as {
      initiatives: { code: string; indicators: { id: number }[] }[];
    };
    const indicatorId = board.initiatives.find((i) => i.code === "⑲")?.indicators[0]?.id;
    const res = await harness.app.request(`/api/indicators/${indicatorId}/actuals`, {
      method: "POST",
      headers: { authorization: `Bearer dev:${SOMU}`, "content-type": "application/json" },
      body: JSON.stringify({ period: "R6", value: "70%", baseId: null }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { indicator: { awaiting: { approval: string }[] } };
    expect(body.indicator.awaiting[0]?.approval).toBe("submitted");
    expect(pushes()).toBe(0);
  });
});

describe("the office's settings API", () => {
  const call = (user: string, method: string, body?: unknown) =>
    harness.app.request("/api/plans/tamana/settings", {
      method,
      headers: { authorization: `Bearer dev:${user}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("GET/PUT /api/plans/:planId/settings: office only, validated, audited", async () => {
    const initial = await call(OFFICE, "GET");
    expect(await initial.json()).toEqual({
      approval: "none",
      messageBudget: null,
      budgetUse: null,
      usedThisMonth: 0,
    });
    expect((await call(SOMU, "GET")).status).toBe(403);
    expect((await call(OFFICE, "PUT", { messageBudget: -1 })).status).toBe(400);
    expect((await call(OFFICE, "PUT", {})).status).toBe(400);
    const saved = await call(OFFICE, "PUT", { approval: "required", messageBudget: 100 });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({
      approval: "required",
      messageBudget: 100,
      budgetUse: { used: 0, left: 100 },
      usedThisMonth: 0,
    });
    const audit = await t.db.$client.execute(
      "select action, detail from audit_log where action = 'plan.settings'",
    );
    expect(audit.rows).toHaveLength(1);
    expect(JSON.parse(String(audit.rows[0]?.detail))).toMatchObject({
      before: { approval: "none", messageBudget: null },
      after: { approval: "required", messageBudget: 100 },
    });
    const cleared = await call(OFFICE, "PUT", { messageBudget: null });
    expect(((await cleared.json()) as { messageBudget: unknown }).messageBudget).toBeNull();
  });
});
