/**
 * Provenance of readings (issue 14 §1): the import columns 出典・出典メモ, their errors, the re-import
 * rule (a changed provenance on a target, actual or grade is a new version; on a name, an update),
 * figures entered in LINE as 入力, and the plan export's round trip.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { stringify as stringifyCsv } from "csv-stringify/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordActuals } from "../../db/actuals.ts";
import { exportPlanTables } from "../../db/export-plan.ts";
import { loadInitiativeExtras } from "../../db/initiatives.ts";
import { loadPlanView } from "../../db/plans.ts";
import {
  BUNDLED_PLANS_DIR,
  importPlanFolder,
  importPlanSource,
  writePlanFolder,
} from "../../io/plan-files.ts";
import { parsePlanBundle } from "../../shared/plan-bundle.ts";
import type { IndicatorView, PlanView } from "../../shared/plan-view.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

let t: TestDatabase;
let dir: string;

beforeEach(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "shinchoku-provenance-"));
  cpSync(join(BUNDLED_PLANS_DIR, "tamana"), dir, { recursive: true });
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Rewrites a CSV table row by row (the header first). */
const editTable = (file: string, fn: (rows: string[][]) => string[][]) =>
  writeFileSync(
    join(dir, file),
    stringifyCsv(fn(parseCsv(readFileSync(join(dir, file), "utf8")) as string[][])),
  );
const edit = (file: string, fn: (text: string) => string) =>
  writeFileSync(join(dir, file), fn(readFileSync(join(dir, file), "utf8")));

async function view(db = t.db): Promise<PlanView> {
  const v = await loadPlanView(db, "tamana");
  if (!v) throw new Error("no plan");
  return v;
}
const indicator = (v: PlanView, key: string): IndicatorView => {
  const i = v.initiatives.flatMap((x) => x.indicators).find((x) => x.key === key);
  if (!i) throw new Error(`${key} missing`);
  return i;
};

describe("出典・出典メモ in the import", () => {
  it("reads empty as printed, the Japanese word or the English key, with the note", () => {
    const files = {
      "plan.yaml": readFileSync(join(dir, "plan.yaml"), "utf8"),
      "org_units.csv": "名称\n総務課\n",
      "branches.csv": "ID,階層,名称,上位ID\n1,1,方針,\n1-ア,2,施策,1\n",
      "initiatives.csv":
        "コード,取組名,体系ID,担当課,出典,出典メモ\nA,名前,1-ア,総務課,推定,欄が空\nB,名前2,1-ア,総務課,,\n",
      "schedule.csv": "コード,期間,内容,出典\nA,R5,導入,inferred\n",
      "indicators.csv":
        "指標ID,コード,指標名,方向,単位,出典,出典メモ\nA-1,A,件数,上昇,件,,名前の注\n",
      "targets.csv": "指標ID,期間,値,出典,出典メモ\nA-1,R5,10,読取,3つだけ印刷\n",
      "actuals.csv": "指標ID,期間,値,出典\nA-1,R5,9,入力\n",
      "grades.csv": "コード,年度,種別,評価,出典\nA,R5,進捗状況,A,read\n",
    };
    const result = parsePlanBundle(files);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const b = result.bundle;
    expect(b.initiatives.map((i) => i.provenance)).toEqual([
      { source: "inferred", note: "欄が空" },
      { source: "printed", note: null },
    ]);
    expect(b.schedule[0]?.provenance).toEqual({ source: "inferred", note: null });
    expect(b.indicators[0]?.provenance).toEqual({ source: "printed", note: "名前の注" });
    expect(b.targets[0]?.provenance).toEqual({ source: "read", note: "3つだけ印刷" });
    expect(b.actuals[0]?.provenance).toEqual({ source: "entered", note: null });
    expect(b.grades[0]?.provenance).toEqual({ source: "read", note: null });
  });

  it("refuses an unknown 出典 with its file, row and column, and writes nothing", async () => {
    edit("targets.csv", (s) => s.replace("①-1,R5,98.30,98.30%,,", "①-1,R5,98.30,98.30%,たぶん,"));
    edit("schedule.csv", (s) =>
      s.replace(
        "①,コンビニ納付・キャッシュレス決済の導入,R4,準備,推定",
        "①,コンビニ納付・キャッシュレス決済の導入,R4,準備,想像",
      ),
    );
    const result = await importPlanFolder(t.db, dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const targetRow =
      readFileSync(join(dir, "targets.csv"), "utf8")
        .split("\n")
        .findIndex((l) => l.startsWith("①-1,R5,")) + 1;
    expect(result.issues).toContainEqual({
      file: "targets.csv",
      row: targetRow,
      column: "E列（出典）",
      message: "出典は 印刷・読取・推定・入力 のいずれかです（空欄は印刷）。",
    });
    expect(result.issues).toContainEqual(
      expect.objectContaining({ file: "schedule.csv", row: 2, column: "E列（出典）" }),
    );
    expect(await loadPlanView(t.db, "tamana")).toBeNull();
  });

  it("reports a bad 出典 together with the row's other problems", () => {
    const result = parsePlanBundle({
      "plan.yaml": readFileSync(join(dir, "plan.yaml"), "utf8"),
      "org_units.csv": "名称\n総務課\n",
      "branches.csv": "ID,階層,名称,上位ID\n1,1,方針,\n1-ア,2,施策,1\n",
      "initiatives.csv": "コード,取組名,体系ID,担当課,出典\nA,,1-ア,総務課,想像\n",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.file} ${i.row} ${i.column}`)).toEqual([
      "initiatives.csv 2 B列（取組名）",
      "initiatives.csv 2 E列（出典）",
    ]);
  });
});

describe("re-import", () => {
  it("adds a version when only a target's or a grade's provenance changed, and updates a name's in place", async () => {
    expect((await importPlanFolder(t.db, dir)).ok).toBe(true);
    edit("targets.csv", (s) =>
      s.replace("①-1,R4,98.20,98.20%,,", "①-1,R4,98.20,98.20%,推定,年度の欄が欠けている"),
    );
    editTable("initiatives.csv", (rows) =>
      rows.map((r, i) =>
        i === 0
          ? [...r, "出典", "出典メモ"]
          : r[0] === "①"
            ? [...r, "読取", "名前は一覧から"]
            : [...r, "", ""],
      ),
    );
    writeFileSync(
      join(dir, "grades.csv"),
      "コード,年度,種別,評価,理由,出典,出典メモ\n①,R5,進捗状況,A,,推定,評価の欄が読めない\n",
    );
    const again = await importPlanFolder(t.db, dir);
    if (!again.ok) throw new Error(JSON.stringify(again.issues.slice(0, 3)));
    expect(again.report.targets).toMatchObject({ updated: 1, created: 0 });
    expect(again.report.grades).toMatchObject({ updated: 1, created: 0 });
    expect(again.report.initiatives.updated).toBe(1);
    const v = await view();
    expect(indicator(v, "①-1").targets[0]).toMatchObject({
      period: "FY2022",
      value: 98.2,
      provenance: { source: "inferred", note: "年度の欄が欠けている" },
    });
    const versions = await t.db.$client.execute(
      "select count(*) n from targets t join indicators i on i.id = t.indicator_id where i.key = '①-1' and t.period = 'FY2022'",
    );
    expect(versions.rows[0]?.n).toBe(2);
    const one = v.initiatives.find((i) => i.code === "①");
    expect(one?.titleProvenance).toEqual({ source: "read", note: "名前は一覧から" });
    expect(one?.grades.progress[0]).toMatchObject({
      fiscalYear: 2023,
      grade: "A",
      provenance: { source: "inferred", note: "評価の欄が読めない" },
    });
    // The same files again change nothing.
    const third = await importPlanFolder(t.db, dir);
    expect(third.ok && third.report.changed).toBe(false);
  });
});

describe("entered figures and the plan export", () => {
  it("marks a figure entered in LINE 入力, exports every mark and imports them back", async () => {
    expect((await importPlanFolder(t.db, dir)).ok).toBe(true);
    const before = await view();
    const ind = indicator(before, "①-1");
    await recordActuals(t.db, [
      {
        planId: "tamana",
        indicatorId: ind.id,
        period: { kind: "month", year: 2024, month: 6, fiscalYear: 2024 },
        kind: "interim",
        figure: { value: 41.5, decimals: 1, qualifier: null, decimal: "41.5" },
        rawText: "41.5%",
        channel: "line",
        memberId: null,
      },
    ]);
    const after = await view();
    const entered = indicator(after, "①-1").actuals.find((a) => a.period === "2024-06");
    expect(entered?.provenance).toEqual({ source: "entered", note: null });

    const tables = await exportPlanTables(t.db, "tamana");
    if (!tables) throw new Error("no export");
    expect(tables.tables["actuals.csv"]?.[0]).toEqual([
      "指標ID",
      "期間",
      "値",
      "原文",
      "区分",
      "出典",
      "出典メモ",
    ]);
    expect(tables.tables["actuals.csv"]).toContainEqual([
      "①-1",
      "2024-06",
      "41.5",
      "41.5%",
      "速報",
      "入力",
      "",
    ]);
    const target = tables.tables["targets.csv"]?.find((r) => r[0] === "②-1" && r[1] === "R7");
    expect(target?.slice(4, 5)).toEqual(["推定"]);
    expect(target?.[5]).toContain("「50% 100%」");

    const other = await createTestDatabase();
    try {
      const out = join(dir, "export");
      await writePlanFolder(tables, out);
      const result = await importPlanSource(other.db, out);
      if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
      const copy = await view(other.db);
      expect(
        indicator(copy, "①-1").actuals.find((a) => a.period === "2024-06")?.provenance,
      ).toEqual({ source: "entered", note: null });
      expect(indicator(copy, "②-1").targets.map((x) => x.provenance)).toEqual(
        indicator(after, "②-1").targets.map((x) => x.provenance),
      );
      const schedule = async (db: typeof t.db, v: PlanView) => {
        const id = v.initiatives.find((i) => i.code === "②")?.id ?? -1;
        return (await loadInitiativeExtras(db, id))?.schedule.map((x) => [
          x.periodText,
          x.provenance,
        ]);
      };
      expect(await schedule(other.db, copy)).toEqual(await schedule(t.db, after));
      expect((await schedule(t.db, after))?.[0]?.[1]).toMatchObject({ source: "inferred" });
    } finally {
      other.close();
    }
  });
});
