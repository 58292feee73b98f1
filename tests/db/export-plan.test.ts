/** Export then import gives back the same plan. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportPlanTables, writePlanFolder } from "../../db/export-plan.ts";
import { importPlanSource } from "../../db/plan-files.ts";
import { loadPlanView } from "../../db/plans.ts";
import type { PlanView } from "../../shared/plan-view.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

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
    xs: { period: string; value: number | null; decimals: number; rawText: string | null }[],
  ) => xs.map((x) => [x.period, x.value, x.decimals, x.rawText]);
  return {
    name: plan.name,
    levels: plan.levels,
    columns: plan.boardColumns,
    branches: plan.branches.map((x) => [x.key, x.level, x.code, x.title]),
    kgis: plan.kgis.map((k) => [k.key, k.name, figures(k.targets)]),
    initiatives: plan.initiatives.map((i) => ({
      code: i.code,
      title: i.title,
      departments: i.departments,
      column: i.columnKey,
      weather: i.weather,
      outlook: i.outlook,
      grades: i.grades,
      indicators: i.indicators.map((ind) => [
        ind.key,
        ind.name,
        ind.unit,
        ind.direction,
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
    },
  );
});
