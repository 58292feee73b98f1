/**
 * Per-indicator owner 課 (issue 14 §5): an indicator that names its own 担当課 is asked of that 課
 * only, counted under it in the reporting rate, 「未報告」 and the digest, and written only by it
 * (and the DX office); the others of its multi-課 initiative neither get it nor may enter it.
 *
 * Real Tamana plan in libSQL, re-imported with a test fixture for ⑮ (four 担当課): ⑮-1 → 情報政策課,
 * ⑮-2 → 市民課. The source names no 課 per indicator (data/plans/tamana/NOTES.md), so these owners
 * are the test's. LINE is faked at the HTTP level. The clock is 2024-06-10 10:00 (Asia/Tokyo): the
 * June cycle asks for May 2024 (R6年度, 速報).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildPlanDigest } from "../../bot/digest/send.ts";
import { runReminderCycle } from "../../bot/reminders/cycle.ts";
import { reportingHistory } from "../../bot/reminders/reporting.ts";
import { addMember } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import { behindIndicators } from "../../shared/digest.ts";
import { indicatorOwner } from "../../shared/plan-view.ts";
import { callApi, createTestApp } from "../support/app.ts";
import { say } from "../support/chat.ts";
import { createTestDatabase, importWithIndicatorOwners, type TestDatabase } from "../support/db.ts";
import { type FakeLine, type RecordedRequest, startFakeLine } from "../support/fake-line.ts";

const NOW = new Date("2024-06-10T01:00:00Z");
const SOMU = "Usomu0000000000000000000000000001";
const JOHO = "Ujoho000000000000000000000000001";
const SHIMIN = "Ushimin00000000000000000000000001";
const CHIIKI = "Uchiiki00000000000000000000000001";
const OFFICE = "Uoffice0000000000000000000000001";
const FAST = { retryDelaysMs: [5, 5], timeoutMs: 2000 };
const ONLINE = "新規でオンライン化した手続数（累計）";
const MYNUMBER = "市民のマイナンバーカードの保有率";

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  await importWithIndicatorOwners(t.db, "tamana", { "⑮-1": "情報政策課", "⑮-2": "市民課" });
  line = await startFakeLine();
  harness = createTestApp(t.db, line, { devAuth: true });
  harness.setNow(NOW);
  const add = (lineUserId: string, role: "lead" | "office", department: string | null) =>
    addMember(t.db, { planId: "tamana", lineUserId, role, department });
  await add(SOMU, "lead", "総務課");
  await add(JOHO, "lead", "情報政策課");
  await add(SHIMIN, "lead", "市民課");
  await add(CHIIKI, "lead", "地域振興課");
  await add(OFFICE, "office", null);
});
afterEach(async () => {
  await line.stop();
  t.close();
});

const pushText = (userId: string) =>
  line
    .sent("/v2/bot/message/push")
    .filter((r: RecordedRequest) => r.status === 200 && (r.body as { to: string }).to === userId)
    .map((r) => (r.body as { messages: { text: string }[] }).messages[0]?.text ?? "");

async function fifteen() {
  const plan = await loadPlanView(t.db, "tamana");
  const initiative = plan?.initiatives.find((i) => i.code === "⑮");
  const [online, mynumber] = initiative?.indicators ?? [];
  if (!initiative || !online || !mynumber) throw new Error("no ⑮ indicators");
  return { initiative, online, mynumber };
}

describe("the read model", () => {
  it("holds each indicator's own 担当課, and a re-import without the column clears it", async () => {
    const { initiative, online, mynumber } = await fifteen();
    expect(initiative.departments).toEqual(["総務課", "情報政策課", "地域振興課", "市民課"]);
    expect([online.department, mynumber.department]).toEqual(["情報政策課", "市民課"]);
    expect(indicatorOwner(initiative, online)).toBe("情報政策課");

    await importWithIndicatorOwners(t.db, "tamana", {});
    const plain = await fifteen();
    expect([plain.online.department, plain.mynumber.department]).toEqual([null, null]);
    expect(indicatorOwner(plain.initiative, plain.mynumber)).toBe("総務課");
  });
});

describe("reminders ask each 課 only for its own indicators", () => {
  it("splits ⑮ between 情報政策課 and 市民課, and no longer asks 総務課 for it", async () => {
    const report = await runReminderCycle(harness.deps, "tamana", FAST);
    expect(report).toMatchObject({ sent: 4, status: "done" });

    const [somu] = pushText(SOMU);
    expect(somu).toContain("総務課の指標（8件）");
    expect(somu).not.toContain(ONLINE);
    expect(somu).not.toContain(MYNUMBER);

    const [joho] = pushText(JOHO);
    expect(joho).toContain("情報政策課の指標（2件）");
    expect(joho).toContain(`1. ${ONLINE}（単位: 手続）`);
    expect(joho).toContain("2. コンビニ等で交付した証明書の発行割合");
    expect(joho).not.toContain(MYNUMBER);

    const [shimin] = pushText(SHIMIN);
    expect(shimin).toContain("市民課の指標（1件）");
    expect(shimin).toContain(`1. ${MYNUMBER}（単位: %）`);
    expect(shimin).not.toContain(ONLINE);

    // 地域振興課 is a 担当課 of ⑮ and ③-1, but ③-1's indicators are its only ones asked.
    const [chiiki] = pushText(CHIIKI);
    expect(chiiki).toContain("地域振興課の指標（2件）");
    expect(chiiki).not.toContain(ONLINE);
    expect(chiiki).not.toContain(MYNUMBER);
  });

  it("records the 市民課 lead's answer against its own item number", async () => {
    await runReminderCycle(harness.deps, "tamana", FAST);
    expect(await say(harness, line, SHIMIN, "1 74.1%")).toContain("記録しました");
    const { mynumber } = await fifteen();
    expect(mynumber.actuals.find((a) => a.period === "2024-05")).toMatchObject({
      value: 74.1,
      kind: "interim",
      channel: "line",
    });
  });
});

describe("the reporting rate counts each indicator under its owner 課", () => {
  it("gives 情報政策課 1/2 and 市民課 0/1 in the rate, 「未報告」 and the digest", async () => {
    await runReminderCycle(harness.deps, "tamana", FAST);
    expect(await say(harness, line, JOHO, "1 45手続")).toContain("記録しました");

    const [rate] = await reportingHistory(harness.deps, "tamana");
    const by = Object.fromEntries((rate?.departments ?? []).map((o) => [o.department, o]));
    expect(by.総務課).toMatchObject({ asked: 8, missing: 8 });
    expect(by.情報政策課).toMatchObject({ asked: 2, missing: 1, status: "partial" });
    expect(by.市民課).toMatchObject({ asked: 1, missing: 1, status: "none" });

    const answer = await say(harness, line, OFFICE, "未報告");
    expect(answer).toContain("・情報政策課 1/2（未報告 1件");
    expect(answer).toContain("・市民課 0/1（未報告 1件");
    expect(answer).toContain("・総務課 0/8（未報告 8件");

    const digest = await buildPlanDigest(harness.deps, "tamana");
    expect(digest.missing).toEqual(
      expect.arrayContaining([
        { department: "情報政策課", count: 1, asked: 2 },
        { department: "市民課", count: 1, asked: 1 },
      ]),
    );
  });
});

describe("who may enter an owned indicator's figures (LIFF)", () => {
  const post = (user: string, id: number, value: string) =>
    callApi(harness.app, user, "POST", `/api/indicators/${id}/actuals`, {
      period: "2024-05",
      value,
      baseId: null,
    });

  it("lets the owner 課 and the office write, and refuses the initiative's other 担当課", async () => {
    const { mynumber, online } = await fifteen();
    const refused = await post(SOMU, mynumber.id, "74%");
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: "forbidden" });
    expect(refused.body.error.message).toContain("この指標の担当課（市民課）ではないため");
    expect((await post(SHIMIN, online.id, "45手続")).status).toBe(403);
    expect((await post(SHIMIN, mynumber.id, "74%")).status).toBe(201);
    expect((await post(OFFICE, online.id, "45手続")).status).toBe(201);
  });

  it("lets only the owner 課 take an entry back", async () => {
    const { mynumber } = await fifteen();
    const res = await post(SHIMIN, mynumber.id, "74%");
    const id = res.body.indicator.actuals.find(
      (a: { period: string }) => a.period === "2024-05",
    ).id;
    expect((await callApi(harness.app, SOMU, "POST", `/api/actuals/${id}/withdraw`)).status).toBe(
      403,
    );
    expect((await callApi(harness.app, SHIMIN, "POST", `/api/actuals/${id}/withdraw`)).status).toBe(
      200,
    );
  });

  it("shows the 担当課 of each ⑮ indicator on the detail, with the initiative still editable", async () => {
    const { initiative } = await fifteen();
    const { status, body } = await callApi(
      harness.app,
      SOMU,
      "GET",
      `/api/initiatives/${initiative.id}`,
    );
    expect(status).toBe(200);
    expect(body.permission).toEqual({ allowed: true });
    expect(body.initiative.indicators.map((i: { department: string }) => i.department)).toEqual([
      "情報政策課",
      "市民課",
    ]);
  });
});

describe("the digest's behind list", () => {
  it("names the owner 課 of a behind indicator, not the initiative's four", async () => {
    const { online } = await fifteen();
    const res = await callApi(harness.app, OFFICE, "POST", `/api/indicators/${online.id}/actuals`, {
      period: "R6",
      value: "20手続",
      baseId: null,
      confirm: true,
    });
    expect(res.status).toBe(201);
    const plan = await loadPlanView(t.db, "tamana");
    if (!plan) throw new Error("no plan");
    const behind = behindIndicators(plan).find((b) => b.code === "⑮");
    expect(behind).toMatchObject({ indicator: ONLINE, departments: ["情報政策課"] });
  });
});

describe("「私の指標」", () => {
  it("lists ⑮ for the 課 owning one of its indicators, and not for a 担当課 owning none", async () => {
    expect(await say(harness, line, SHIMIN, "私の指標")).toContain("⑮");
    const chiiki = await say(harness, line, CHIIKI, "私の指標");
    expect(chiiki).toContain("③-1");
    expect(chiiki).not.toContain("⑮");
  });
});
