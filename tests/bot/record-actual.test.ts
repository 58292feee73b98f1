/**
 * Recording an actual has one set of rules (bot/usecases/record-actual.ts), whether the lead answers
 * a reminder in LINE or enters the value in the LIFF app: the same 前回 for the plausibility check
 * and the same words for a unit mismatch. Real Tamana plan, real libSQL, LINE faked over HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runReminderCycle } from "../../bot/reminders/cycle.ts";
import { useCaseText } from "../../bot/text/usecases.ts";
import { previousActual } from "../../bot/usecases/record-actual.ts";
import { addMember } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import type { IndicatorView } from "../../shared/plan-view.ts";
import { createTestApp } from "../support/app.ts";
import { say } from "../support/chat.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

const SOMU = "Usomu0000000000000000000000000001";
const FAST = { retryDelaysMs: [5, 5], timeoutMs: 300 };

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;
let indicatorId: number;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line, { devAuth: true });
  await addMember(t.db, { planId: "tamana", lineUserId: SOMU, role: "lead", department: "総務課" });
  const plan = await loadPlanView(t.db, "tamana");
  const ind = plan?.initiatives.find((i) => i.code === "⑲")?.indicators[0];
  if (!ind) throw new Error("no ⑲ indicator");
  indicatorId = ind.id;
});
afterEach(async () => {
  await line.stop();
  t.close();
});

async function liff(path: string, body: unknown) {
  const res = await harness.app.request(path, {
    method: "POST",
    headers: { authorization: `Bearer dev:${SOMU}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: assertions below read the JSON answers field by field
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function paperless(): Promise<IndicatorView> {
  const plan = await loadPlanView(t.db, "tamana");
  const ind = plan?.initiatives.find((i) => i.code === "⑲")?.indicators[0];
  if (!ind) throw new Error("no ⑲ indicator");
  return ind;
}

describe("the 前回 a new value is checked against", () => {
  it("is the latest entered current value of another period, never a withdrawn one", async () => {
    // Tamana's ⑲ has R5 (FY2023) 40% official.
    const may = { kind: "month", fiscalYear: 2024, year: 2024, month: 5 } as const;
    expect((await paperless()).actuals.map((a) => [a.period, a.value])).toEqual([["FY2023", 40]]);
    expect(previousActual(await paperless(), may, "interim")?.value).toBe(40);
    const typo = await liff(`/api/indicators/${indicatorId}/actuals`, {
      period: "2024-05",
      value: "4%",
      baseId: null,
      confirm: true,
    });
    expect(typo.status).toBe(201);
    // For May itself the typo is what is being replaced; for June it is 前回.
    expect(previousActual(await paperless(), may, "interim")?.value).toBe(40);
    const june = { ...may, month: 6 } as const;
    expect(previousActual(await paperless(), june, "interim")?.value).toBe(4);
    await liff(`/api/actuals/${typo.body.recorded.id}/withdraw`, {});
    expect(previousActual(await paperless(), june, "interim")?.value).toBe(40);
  });

  it("lets the LIFF app correct a typo without asking to confirm it against the typo", async () => {
    const typo = await liff(`/api/indicators/${indicatorId}/actuals`, {
      period: "2024-05",
      value: "4%",
      baseId: null,
    });
    expect(typo.status).toBe(422);
    expect(typo.body.warnings).toEqual([{ code: "ten_times", last: 40 }]);
    const confirmed = await liff(`/api/indicators/${indicatorId}/actuals`, {
      period: "2024-05",
      value: "4%",
      baseId: null,
      confirm: true,
    });
    expect(confirmed.status).toBe(201);
    const fixed = await liff(`/api/indicators/${indicatorId}/actuals`, {
      period: "2024-05",
      value: "41%",
      baseId: confirmed.body.recorded.id,
    });
    expect(fixed.status).toBe(201);
  });

  it("lets a LINE reply correct a typo the same way", async () => {
    await runReminderCycle(harness.deps, "tamana", FAST);
    const ask = await say(harness, line, SOMU, "10 4%");
    expect(ask).toContain("前回（40%）の10倍以上の違いがあります");
    expect(await say(harness, line, SOMU, "はい")).toContain("記録しました");
    const fixed = await say(harness, line, SOMU, "10 41%");
    expect(fixed).toContain("記録しました");
    expect(fixed).not.toContain("記録してよいですか");
    expect((await paperless()).actuals.find((a) => a.period === "2024-05")?.value).toBe(41);
  });
});

describe("a value in the wrong unit", () => {
  it("is refused with the same words in LINE and in the LIFF app", async () => {
    await runReminderCycle(harness.deps, "tamana", FAST);
    const words = useCaseText.unitMismatch("%");
    expect(await say(harness, line, SOMU, "10 40人")).toContain(`1行目「10 40人」: ${words}`);
    const res = await liff(`/api/indicators/${indicatorId}/actuals`, {
      period: "2024-05",
      value: "40人",
      baseId: null,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(words);
    expect((await paperless()).actuals.find((a) => a.period === "2024-05")).toBeUndefined();
  });
});

describe("the 年度末 forecast (issue 13)", () => {
  async function reading(period: string, value: string) {
    const res = await liff(`/api/indicators/${indicatorId}/actuals`, {
      period,
      value,
      baseId: null,
      confirm: true,
    });
    expect(res.status).toBe(201);
  }

  it("says it cannot tell yet when the 年度 has fewer than three monthly readings", async () => {
    await reading("2024-04", "30%");
    await runReminderCycle(harness.deps, "tamana", FAST);
    const answer = await say(harness, line, SOMU, "10 33%");
    expect(answer).toContain("2024年5月分（速報）として記録しました。");
    expect(answer).toContain(
      "年度末の見込みは、今年度の月次実績が3か月分そろってからお示しします（いま2か月分）。",
    );
    expect(answer).not.toContain("このペースだと");
  });

  it("gives several values too early to forecast one note, not one each", async () => {
    await runReminderCycle(harness.deps, "tamana", FAST);
    // 9 = ⑮-2 マイナンバーカードの保有率, 10 = ⑲: the 年度's first readings.
    const answer = await say(harness, line, SOMU, "9 75%\n10 41%");
    expect(answer).toContain(
      "年度末の見込みは、今年度の月次実績が3か月分そろってからお示しします（今回の2指標とも、まだそろっていません）。",
    );
    expect(answer).not.toContain("いま1か月分");
  });

  it("follows the confirmation with the pace, the 目標 and the chance of meeting it", async () => {
    // ⑲ ペーパーレス化の割合, R6 target 60%: April 30, June 32, July 35, and May by LINE.
    await reading("2024-04", "30%");
    await reading("2024-06", "32%");
    await reading("2024-07", "35%");
    await runReminderCycle(harness.deps, "tamana", FAST);
    const answer = await say(harness, line, SOMU, "10 33%");
    // OLS on (1,30) (2,33) (3,32) (4,35): slope 1.4 points a month, 45.8% in
    // March; residual s 1.26, prediction se 5.6, P(T(2) ≥ 2.55) = 6%.
    expect(answer).toContain(
      "・ペーパーレス化が可能な庁内会議におけるペーパーレス化の割合: 33%（目標 60%）\n　このペースだと年度末 46%（目標 60%、達成見込み 6%）",
    );
    // 「私の指標」 lists the same outlook after the cards.
    const mine = await say(harness, line, SOMU, "私の指標");
    expect(mine).toContain("【総務課の指標 R6年度末の見込み】");
    // Indicators with no reading this 年度 are left out rather than listed as 0 months.
    expect(mine).not.toContain("いま0か月分");
    expect(mine).toContain(
      "・ペーパーレス化が可能な庁内会議におけるペーパーレス化の割合: このペースだと年度末 46%（目標 60%、達成見込み 6%）",
    );
  });
});
