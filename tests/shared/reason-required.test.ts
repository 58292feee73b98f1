/**
 * plan.yaml's `reasonRequired` is enforced on import (issue 14 §7): a grade that needs a reason and
 * has an empty 理由 is an error naming its row and column; 「-」 says the source prints none.
 */
import { describe, expect, it } from "vitest";
import { parsePlanBundle } from "../../shared/plan-bundle.ts";

const files = (gradeRows: string) => ({
  "plan.yaml": [
    "id: k",
    "name: 計画",
    "city: 市",
    "period: { from: R4, to: R8 }",
    "levels: [柱]",
    "grades:",
    "  progress:",
    "    label: 進捗状況",
    "    scale: { S: 計画以上, A: 計画どおり, B: 遅れ, C: 未着手 }",
    "    reasonRequired: [S, B, C]",
    "",
  ].join("\n"),
  "org_units.csv": "名称\n総務課\n",
  "branches.csv": "ID,階層,上位ID,記号,名称\n1,1,,柱1,柱\n",
  "initiatives.csv": "コード,取組名,体系ID,担当課\n①,取組,1,総務課\n②,取組2,1,総務課\n",
  "grades.csv": `コード,年度,種別,評価,理由\n${gradeRows}`,
});

describe("reasonRequired", () => {
  it("refuses a B without a reason, naming the row and the 理由 column, and keeps nothing", () => {
    const result = parsePlanBundle(files("①,R5,進捗状況,A,\n②,R5,進捗状況,B,\n"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ file: "grades.csv", row: 3, column: "E列（理由）" });
    expect(result.issues[0]?.message).toContain("「-」");
  });

  it("takes a reason, or 「-」 (full-width too) when the source prints none", () => {
    const result = parsePlanBundle(
      files(
        "①,R5,進捗状況,B,LINE での発信ができていないため。\n②,R4,進捗状況,C,－\n②,R5,進捗状況,S,-\n",
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.bundle.grades.map((g) => [g.grade, g.reason])).toEqual([
      ["B", "LINE での発信ができていないため。"],
      ["C", null],
      ["S", null],
    ]);
  });

  it("asks nothing of a grade the plan does not list", () => {
    const result = parsePlanBundle(files("①,R5,進捗状況,A,\n"));
    expect(result.ok).toBe(true);
  });
});
