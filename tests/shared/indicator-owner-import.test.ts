/**
 * indicators.csv 担当課 (issue 14 §5): an indicator may name the 課 asked for it, one of its
 * initiative's 担当課; anything else is an error naming the row and the column.
 */
import { describe, expect, it } from "vitest";
import { parsePlanBundle } from "../../shared/plan-bundle.ts";

const files = (indicatorRows: string) => ({
  "plan.yaml": "id: k\nname: 計画\ncity: 市\nperiod: { from: R4, to: R8 }\nlevels: [柱]\n",
  "org_units.csv": "名称\n総務課\n情報政策課\n市民課\n財政課\n",
  "branches.csv": "ID,階層,上位ID,記号,名称\n1,1,,柱1,柱\n",
  "initiatives.csv":
    "コード,取組名,体系ID,担当課\n⑮,行政手続のオンライン化,1,総務課;情報政策課;市民課\n",
  "indicators.csv": `指標ID,コード,指標名,単位,方向,担当課\n${indicatorRows}`,
});

describe("indicators.csv 担当課", () => {
  it("reads the owner 課, empty when the column is empty or absent", () => {
    const result = parsePlanBundle(
      files("⑮-1,⑮,手続数,手続,上昇,情報政策課\n⑮-2,⑮,保有率,%,上昇,市民課\n⑮-3,⑮,件数,件,上昇,\n"),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.bundle.indicators.map((i) => [i.id, i.department])).toEqual([
      ["⑮-1", "情報政策課"],
      ["⑮-2", "市民課"],
      ["⑮-3", null],
    ]);
    const without = parsePlanBundle({
      ...files(""),
      "indicators.csv": "指標ID,コード,指標名,単位,方向\n⑮-1,⑮,手続数,手続,上昇\n",
    });
    if (!without.ok) throw new Error(JSON.stringify(without.issues));
    expect(without.bundle.indicators[0]?.department).toBeNull();
  });

  it("refuses a 課 that is not one of the initiative's 担当課, and one on a plan-level KGI", () => {
    const result = parsePlanBundle(
      files(
        "⑮-1,⑮,手続数,手続,上昇,財政課\n⑮-2,⑮,保有率,%,上昇,市民課\nKGI,,業務量,%,上昇,総務課\n",
      ),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.file, i.row, i.column, i.message])).toEqual([
      [
        "indicators.csv",
        2,
        "F列（担当課）",
        "担当課「財政課」は取組「⑮」の担当課（総務課・情報政策課・市民課）にありません。",
      ],
      [
        "indicators.csv",
        4,
        "F列（担当課）",
        "計画全体の指標（コードが空欄）には担当課を書けません。",
      ],
    ]);
  });
});
