/**
 * Figures a lead means, read or refused clearly in the chat — never stored otherwise (issue 9, 2):
 * kanji numerals, accounting negatives, counters, notes, the month before the figure and greetings
 * are read; a change, a range, two figures, a date or another month are answered and not recorded.
 *
 * Real Tamana plan in libSQL, LINE faked at the HTTP level. The clock is 2024-06-10 10:00 (Asia/Tokyo):
 * the June cycle asks 総務課 for May 2024 (速報); item 10 is ⑲ ペーパーレス化の割合 (%), item 1 the
 * number of staff (人).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runReminderCycle } from "../../bot/reminders/cycle.ts";
import { addMember } from "../../db/members.ts";
import { createTestApp } from "../support/app.ts";
import { say } from "../support/chat.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

const NOW = new Date("2024-06-10T01:00:00Z");
const SOMU = "Usomu0000000000000000000000000001";
const FAST = { retryDelaysMs: [5, 5], timeoutMs: 300 };

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line);
  harness.setNow(NOW);
  await addMember(t.db, { planId: "tamana", lineUserId: SOMU, role: "lead", department: "総務課" });
  await runReminderCycle(harness.deps, "tamana", FAST);
});
afterEach(async () => {
  await line.stop();
  t.close();
});

/** May 2024's actuals as stored: [indicator name, value, raw text]. */
async function mayActuals() {
  const rows = await t.db.$client.execute(
    "select i.name, a.value, a.raw_text from actuals a join indicators i on i.id = a.indicator_id where a.period = '2024-05' and a.withdrawn_at is null order by a.id",
  );
  return rows.rows.map((r) => [r.name, r.value, r.raw_text]);
}

describe("figures a lead means are read", () => {
  it("reads a greeting, a kanji numeral and a note in brackets, and keeps the text as typed", async () => {
    const reply = await say(harness, line, SOMU, "お疲れ様です。\n10 六十五％（速報値）");
    expect(reply).toContain("ペーパーレス化の割合: 65%");
    expect(await mayActuals()).toEqual([
      [expect.stringContaining("ペーパーレス化の割合"), 65, "10 六十五％（速報値）"],
    ]);
  });

  it("reads 名 for an indicator counted in 人, and the month before the figure as the period", async () => {
    const reply = await say(harness, line, SOMU, "5月分\n1 530名\n10 5月末時点で65%");
    expect(reply).toContain("2024年5月分（速報）として記録しました。");
    expect(reply).toContain("530人");
    expect((await mayActuals()).map((r) => r[1])).toEqual([530, 65]);
  });

  it("reads ▲ as minus and asks before recording a negative count", async () => {
    const reply = await say(harness, line, SOMU, "1 ▲5人");
    expect(reply).toContain("記録してよいですか");
    expect(reply).toContain("マイナスの値です");
    expect(await say(harness, line, SOMU, "はい")).toContain("記録しました");
    expect((await mayActuals()).map((r) => r[1])).toEqual([-5]);
  });
});

describe("what is not a level is refused clearly and never stored", () => {
  it.each([
    ["10 +5%", "いまの値はいくつですか"],
    ["10 5ポイント増", "いまの値はいくつですか"],
    ["前月比+5%", "いまの値はいくつですか"],
    ["10 60〜65%", "幅のある値は記録できません"],
    ["10 60%か65%", "どれを記録するか分かりません"],
    ["10 目標70%", "どれを記録するか分かりません"],
    ["10 6月10日", "日付は実績として記録しません"],
    ["10 4月 65%", "4月の数値は、今回（5月分）の報告としては記録できません"],
  ])("%s", async (text, answer) => {
    const reply = await say(harness, line, SOMU, text);
    expect(reply).toContain(answer);
    expect(reply).toContain("何も記録していません");
    expect(await mayActuals()).toEqual([]);
  });

  it("records nothing of a message when one of its lines is a change", async () => {
    const reply = await say(harness, line, SOMU, "1 530人\n10 +5%");
    expect(reply).toContain("2行目「10 +5%」");
    expect(await mayActuals()).toEqual([]);
  });

  it("does not take 「▲5」 as the reason for being behind target", async () => {
    expect(await say(harness, line, SOMU, "10 45%")).toContain("要因と今後の方策");
    const reply = await say(harness, line, SOMU, "▲5");
    expect(reply).not.toContain("要因を記録しました");
    const reasons = await t.db.$client.execute("select reason from actual_reasons");
    expect(reasons.rows).toEqual([]);
  });
});
