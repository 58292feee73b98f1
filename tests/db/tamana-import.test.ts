/**
 * The Tamana plan as transcribed from seed 004 (第４次玉名市行政改革大綱 実行計画 進行管理報告書, 令和6年12月),
 * loaded into a real libSQL database. Spot figures are pinned to the seed.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPlanView } from "../../db/plans.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder } from "../../io/plan-files.ts";
import { latestActual, type PlanView, targetForYear } from "../../shared/plan-view.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

let t: TestDatabase;
let plan: PlanView;

const initiative = (code: string) => {
  const i = plan.initiatives.find((x) => x.code === code);
  if (!i) throw new Error(`no initiative ${code}`);
  return i;
};
const indicator = (code: string, n = 0) => {
  const ind = initiative(code).indicators[n];
  if (!ind) throw new Error(`no indicator ${n} on ${code}`);
  return ind;
};

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  const view = await loadPlanView(t.db, "tamana");
  if (!view) throw new Error("tamana not loaded");
  plan = view;
});
afterAll(() => t.close());

describe("the Tamana plan (seed 004)", () => {
  it("holds the 3 基本方針, 9 基本施策, 21 取組事項 and 25 指標", () => {
    expect(plan.branches.filter((b) => b.level === 1)).toHaveLength(3);
    expect(plan.branches.filter((b) => b.level === 2)).toHaveLength(9);
    expect(plan.initiatives).toHaveLength(21);
    expect(plan.initiatives.flatMap((i) => i.indicators)).toHaveLength(25);
    expect(plan.levels).toEqual(["基本方針", "基本施策"]);
  });

  it("orders initiatives by their codes ① … ③-1, ③-2 … ⑳", () => {
    expect(plan.initiatives.map((i) => i.code)).toEqual([
      "①",
      "②",
      "③-1",
      "③-2",
      "④",
      "⑤",
      "⑥",
      "⑦",
      "⑧",
      "⑨",
      "⑩",
      "⑪",
      "⑫",
      "⑬",
      "⑭",
      "⑮",
      "⑯",
      "⑰",
      "⑱",
      "⑲",
      "⑳",
    ]);
  });

  it("gives ⑮ its four 担当課 in printed order", () => {
    expect(initiative("⑮").departments).toEqual(["総務課", "情報政策課", "地域振興課", "市民課"]);
    expect(initiative("⑲").departments).toEqual(["総務課"]);
  });

  it("has ① 現年分収納率 R5 目標 98.30% and 実績 98.40%", () => {
    const ind = indicator("①");
    expect(ind.name).toBe("現年分収納率の向上");
    expect(ind.unit).toBe("%");
    expect(targetForYear(ind, 2023)).toMatchObject({ value: 98.3, decimals: 2 });
    expect(ind.actuals.find((a) => a.period === "FY2023")).toMatchObject({
      value: 98.4,
      decimals: 2,
      kind: "official",
    });
    expect(ind.actuals.find((a) => a.period === "FY2022")).toMatchObject({ value: 98.41 });
    expect(targetForYear(ind, 2026)?.value).toBe(98.6);
  });

  it("has ③-1 寄附額 R5 実績 846,354,905円 against a 13億円 target", () => {
    const ind = indicator("③-1");
    expect(ind.unit).toBe("円");
    expect(targetForYear(ind, 2023)).toMatchObject({ value: 1_300_000_000, rawText: "13億円" });
    expect(latestActual(ind)).toMatchObject({ fiscalYear: 2023, value: 846_354_905 });
  });

  it("has ⑬ 時間外勤務 as lower-is-better with R5 実績 311人 against 398人", () => {
    const ind = indicator("⑬");
    expect(ind.direction).toBe("lower");
    expect(targetForYear(ind, 2023)?.value).toBe(398);
    expect(latestActual(ind)?.value).toBe(311);
  });

  it("has ⑲ ペーパーレス化 R5 実績 40% against a 50% target, and no R4 target", () => {
    const ind = indicator("⑲");
    expect(targetForYear(ind, 2023)?.value).toBe(50);
    expect(targetForYear(ind, 2022)).toBeNull();
    expect(latestActual(ind)).toMatchObject({ fiscalYear: 2023, value: 40 });
  });

  it("keeps text-only actuals such as ⑫ 9部41課86係", () => {
    expect(latestActual(indicator("⑫"))).toMatchObject({ value: null, rawText: "9部41課86係" });
  });

  it("has the R4–R5 grades, with the R5 reasons", () => {
    const i = initiative("①");
    expect(i.grades.progress.map((g) => [g.fiscalYear, g.grade])).toEqual([
      [2023, "A"],
      [2022, "A"],
    ]);
    expect(i.grades.achievement.map((g) => [g.fiscalYear, g.grade])).toEqual([
      [2023, "B"],
      [2022, "B"],
    ]);
    expect(i.grades.achievement[0]?.reason).toContain("滞納繰越分の収納率");
    expect(initiative("⑲").grades.achievement[0]).toMatchObject({ fiscalYear: 2023, grade: "B" });
    expect(initiative("⑪").grades.achievement.find((g) => g.fiscalYear === 2022)?.grade).toBe("S");
    expect(initiative("②").grades.achievement[0]?.grade).toBe("-");
  });

  it("changes nothing when imported again", async () => {
    const again = await importPlanFolder(t.db, join(BUNDLED_PLANS_DIR, "tamana"));
    if (!again.ok) throw new Error("invalid");
    expect(again.report.changed).toBe(false);
    expect(again.report.initiatives).toEqual({ created: 0, updated: 0, unchanged: 21 });
    expect(again.report.actuals).toEqual({ created: 0, updated: 0, unchanged: 45 });
    const counts = await t.db.$client.execute(
      "select (select count(*) from initiatives) i, (select count(*) from actuals) a, (select count(*) from targets) t, (select count(*) from grades) g, (select count(*) from narratives) n",
    );
    expect(counts.rows[0]).toMatchObject({ i: 21, a: 45, t: 93, g: 84, n: 146 });
  });
});
