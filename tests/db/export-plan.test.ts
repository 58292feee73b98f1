/** Export then import gives back the same plan. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportPlanTables } from "../../db/export-plan.ts";
import { loadPlanView } from "../../db/plans.ts";
import { importPlanSource, writePlanFolder } from "../../io/plan-files.ts";
import type { PlanView } from "../../shared/plan-view.ts";
import { createTestDatabase, importWithIndicatorOwners, type TestDatabase } from "../support/db.ts";

let a: TestDatabase;
let b: TestDatabase;
let dir: string;
beforeEach(async () => {
  a = await createTestDatabase({ plans: ["tamana", "matsue", "tottori", "inzai"] });
  b = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "shinchoku-export-"));
});
afterEach(() => {
  a.close();
  b.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a plan means, without database ids and timestamps. */
function essence(plan: PlanView) {
  const figures = (
    xs: {
      period: string;
      value: number | null;
      decimals: number;
      rawText: string | null;
      provenance?: unknown;
    }[],
  ) => xs.map((x) => [x.period, x.value, x.decimals, x.rawText, x.provenance]);
  return {
    name: plan.name,
    levels: plan.levels,
    governance: plan.governance,
    columns: plan.boardColumns,
    branches: plan.branches.map((x) => [x.key, x.level, x.code, x.title, x.vision, x.states]),
    kgis: plan.kgis.map((k) => [k.key, k.name, k.provenance, figures(k.targets)]),
    initiatives: plan.initiatives.map((i) => ({
      code: i.code,
      title: i.title,
      titleProvenance: i.titleProvenance,
      departments: i.departments,
      column: i.columnKey,
      weather: i.weather,
      outlook: i.outlook,
      grades: i.grades,
      indicators: i.indicators.map((ind) => [
        ind.key,
        ind.name,
        ind.provenance,
        ind.unit,
        ind.direction,
        ind.department,
        ind.baseline,
        ind.targetText,
        figures(ind.targets),
        figures(ind.actuals),
      ]),
    })),
  };
}

describe("export in the import format", () => {
  it.each(["tamana", "matsue", "tottori", "inzai"])(
    "gives back the same %s plan when imported again",
    async (id) => {
      const tables = await exportPlanTables(a.db, id);
      if (!tables) throw new Error("no plan");
      await writePlanFolder(tables, join(dir, id));
      const result = await importPlanSource(b.db, join(dir, id));
      if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 5)));
      const [before, after] = [await loadPlanView(a.db, id), await loadPlanView(b.db, id)];
      if (!before || !after) throw new Error("missing view");
      expect(essence(after)).toEqual(essence(before));
      const narratives = async (t: TestDatabase) =>
        (
          await t.db.$client.execute(
            `select count(*) n from narratives n join initiatives i on i.id = n.initiative_id where i.plan_id = '${id}'`,
          )
        ).rows[0]?.n;
      expect(await narratives(b)).toBe(await narratives(a));
      // 再掲: with 体系ID, the top-level branches an initiative serves (Matsue's 3つの柱).
      const crossListings = async (t: TestDatabase) =>
        (
          await t.db.$client.execute(
            `select i.code, b.key from initiative_cross_listings c join initiatives i on i.id = c.initiative_id
              join branches b on b.id = c.branch_id where i.plan_id = '${id}' order by i.code, b.key`,
          )
        ).rows.map((r) => `${r.code} ${r.key}`);
      expect(await crossListings(b)).toEqual(await crossListings(a));
      if (id === "matsue") expect(await crossListings(b)).toHaveLength(12);
      // Inzai's roadmaps (plan.yaml governance.roadmaps) travel with its 推進体制: essence compares them.
      if (id === "inzai") {
        expect(after.governance.roadmaps.map((r) => [r.title, r.rows.length])).toEqual([
          ["長期ロードマップ", 6],
          ["中期ロードマップ", 3],
        ]);
        expect(after.governance.roles).toHaveLength(4);
      }
    },
  );
});

describe("indicators.csv 担当課 (issue 14 §5)", () => {
  it("exports each indicator's own 担当課 and reads it back", async () => {
    await importWithIndicatorOwners(a.db, "tamana", { "⑮-1": "情報政策課", "⑮-2": "市民課" });
    const tables = await exportPlanTables(a.db, "tamana");
    if (!tables) throw new Error("no plan");
    const [header = [], ...rows] = tables.tables["indicators.csv"] ?? [];
    const col = header.indexOf("担当課");
    expect(rows.filter((r) => r[col]).map((r) => [r[0], r[col]])).toEqual([
      ["⑮-1", "情報政策課"],
      ["⑮-2", "市民課"],
    ]);
    await writePlanFolder(tables, join(dir, "tamana"));
    const result = await importPlanSource(b.db, join(dir, "tamana"));
    if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 5)));
    const [before, after] = [
      await loadPlanView(a.db, "tamana"),
      await loadPlanView(b.db, "tamana"),
    ];
    if (!before || !after) throw new Error("missing view");
    expect(essence(after)).toEqual(essence(before));
  });
});

describe("CSV that cannot hurt (issue 9 point 5)", () => {
  it("guards formula-like cells in the plan export and the open data, keeps -5 a number, and reads the export back unchanged", async () => {
    const { readFileSync } = await import("node:fs");
    const { parse } = await import("csv-parse/sync");
    const { openDataCsv, openDataRows } = await import("../../bot/export/opendata.ts");
    const c = a.db.$client;
    await c.execute(
      `update initiatives set title = '=HYPERLINK("http://evil.example","開く")' where plan_id = 'tamana' and code = '⑲'`,
    );
    await c.execute(
      `update indicators set name = '@SUM(1+1)', unit = '+人' where id = (select min(id) from indicators where plan_id = 'tamana' and initiative_id is not null)`,
    );
    // A figure of -5 whose printed text is "-5%": the value stays a number, the text is guarded.
    await c.execute(
      `update actuals set value = -5, decimals = 0, raw_text = '-5%' where id = (select min(a.id) from actuals a join indicators i on i.id = a.indicator_id where i.plan_id = 'tamana')`,
    );
    await c.execute(
      `update narratives set body = '=cmd|'' /C calc''!A0' where id = (select min(n.id) from narratives n join initiatives i on i.id = n.initiative_id where i.plan_id = 'tamana')`,
    );
    await c.execute("update plans set revision = revision + 1 where id = 'tamana'");
    const tables = await exportPlanTables(a.db, "tamana");
    if (!tables) throw new Error("no plan");
    await writePlanFolder(tables, join(dir, "tamana"));
    const cells = (file: string) =>
      (parse(readFileSync(join(dir, "tamana", file), "utf8")) as string[][]).flat();
    expect(cells("initiatives.csv")).toContain(`'=HYPERLINK("http://evil.example","開く")`);
    expect(cells("indicators.csv")).toEqual(expect.arrayContaining(["'@SUM(1+1)", "'+人"]));
    expect(cells("actuals.csv")).toEqual(expect.arrayContaining(["-5", "'-5%"]));
    expect(cells("narratives.csv")).toContain("'=cmd|' /C calc'!A0");
    const risky = /^[=+\-@\t\r]/u;
    for (const file of Object.keys(tables.tables))
      for (const cell of cells(file)) if (risky.test(cell)) expect(cell).toMatch(/^-\d+(\.\d+)?$/u);

    const result = await importPlanSource(b.db, join(dir, "tamana"));
    if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 5)));
    const [before, after] = [
      await loadPlanView(a.db, "tamana"),
      await loadPlanView(b.db, "tamana"),
    ];
    if (!before || !after) throw new Error("missing view");
    expect(essence(after)).toEqual(essence(before));
    expect(JSON.stringify(essence(after))).toContain("=HYPERLINK");
    const body = await b.db.$client.execute("select body from narratives where body like '%calc%'");
    expect(body.rows[0]?.body).toBe("=cmd|' /C calc'!A0");

    const open = parse(openDataCsv(openDataRows(before, null)), { bom: true }) as string[][];
    const flat = open.flat();
    expect(flat).toContain(`'=HYPERLINK("http://evil.example","開く")`);
    expect(flat).toContain("'@SUM(1+1)");
    expect(flat).toContain("-5");
    for (const cell of flat) if (risky.test(cell)) expect(cell).toMatch(/^-\d+(\.\d+)?$/u);
  });
});
