/** Export writes 年度 before 令和 as 平成 (H29, H30), and the importer reads them back. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportPlanTables } from "../../db/export-plan.ts";
import { loadPlanView } from "../../db/plans.ts";
import { importPlanSource, writePlanFolder } from "../../io/plan-files.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

const FILES: Record<string, string> = {
  "plan.yaml": [
    "id: heisei",
    "name: 平成から続く計画",
    "city: 試験市",
    "period: { from: H29, to: R1 }",
    "levels: [基本方針]",
    "narrativeLabels: [取組実績]",
    "grades:",
    "  progress:",
    "    label: 進捗状況",
    "    scale: { A: 計画どおり進捗, B: 計画より遅れている }",
  ].join("\n"),
  "org_units.csv": "名称,上位,種別\n総務課,,課\n",
  "branches.csv": "ID,階層,記号,名称,上位ID\n1,1,【1】,行財政運営,\n",
  "initiatives.csv": "コード,取組名,体系ID,担当課\n①,文書管理の電子化,1,総務課\n",
  "narratives.csv":
    "コード,年度,項目,本文\n①,H29,取組実績,検討\n①,H30,取組実績,試行\n①,R1,取組実績,導入\n",
  "indicators.csv": "指標ID,コード,指標名,単位,方向\n①-1,①,電子決裁率,%,上昇\n",
  "targets.csv": "指標ID,期間,値,原文\n①-1,H29,10,10%\n①-1,H30,20,20%\n①-1,R1,30.5,30.5%\n",
  "actuals.csv":
    "指標ID,期間,値,原文,区分\n①-1,H29,12,12%,確定\n①-1,H30Q4,18,18%,速報\n①-1,2019-03,19,19%,速報\n①-1,R1,31.25,31.25%,確定\n",
  "grades.csv":
    "コード,年度,種別,評価,理由\n①,H29,進捗状況,A,\n①,H30,進捗状況,B,遅れ\n①,R1,進捗状況,A,\n",
};

let a: TestDatabase;
let b: TestDatabase;
let dir: string;
beforeEach(async () => {
  a = await createTestDatabase();
  b = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "shinchoku-eras-"));
});
afterEach(() => {
  a.close();
  b.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("plan export across 平成 and 令和", () => {
  it("writes FY2017, FY2018 and FY2019 as H29, H30 and R1, and imports them back unchanged", async () => {
    const src = join(dir, "src");
    mkdirSync(src, { recursive: true });
    for (const [file, text] of Object.entries(FILES)) writeFileSync(join(src, file), text);
    const first = await importPlanSource(a.db, src);
    if (!first.ok) throw new Error(JSON.stringify(first.issues.slice(0, 5)));

    const tables = await exportPlanTables(a.db, "heisei");
    if (!tables) throw new Error("no plan");
    expect(tables.plan.period).toEqual({ from: "H29", to: "R1" });
    const column = (file: string, i: number) => tables.tables[file]?.slice(1).map((r) => r[i]);
    expect(column("grades.csv", 1)?.sort()).toEqual(["H29", "H30", "R1"]);
    expect(column("targets.csv", 1)).toEqual(["H29", "H30", "R1"]);
    expect(column("actuals.csv", 1)?.sort()).toEqual(["2019-03", "H29", "H30Q4", "R1"]);
    expect(column("narratives.csv", 1)?.sort()).toEqual(["H29", "H30", "R1"]);
    expect(column("targets.csv", 2)).toEqual(["10", "20", "30.5"]);

    const out = join(dir, "out");
    await writePlanFolder(tables, out);
    expect(readFileSync(join(out, "plan.yaml"), "utf8")).not.toMatch(/R-|R0/u);
    const second = await importPlanSource(b.db, out);
    if (!second.ok) throw new Error(JSON.stringify(second.issues.slice(0, 5)));
    const [before, after] = [
      await loadPlanView(a.db, "heisei"),
      await loadPlanView(b.db, "heisei"),
    ];
    expect(after?.startFiscalYear).toBe(2017);
    expect(after?.endFiscalYear).toBe(2019);
    const figures = (v: typeof before) =>
      v?.initiatives.flatMap((i) =>
        i.indicators
          .flatMap((ind) => [...ind.targets, ...ind.actuals])
          .map((f) => [f.period, f.value, f.decimals]),
      );
    expect(figures(after)).toEqual(figures(before));
    expect(after?.initiatives[0]?.grades).toEqual(before?.initiatives[0]?.grades);
  });
});
