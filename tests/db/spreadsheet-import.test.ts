/**
 * Importing a plan from an Excel workbook and from Shift_JIS CSV files, and refusing a broken
 * workbook with every problem's sheet, row and column while writing nothing.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { templateWorkbook } from "../../bot/cli/template.ts";
import { loadPlanView } from "../../db/plans.ts";
import { TABLE_SHEETS } from "../../shared/import-format.ts";
import { BUNDLED_PLANS_DIR, importPlanSource } from "../../io/plan-files.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

const SHEETS: Record<string, string> = {
  "org_units.csv": "組織",
  "branches.csv": "体系",
  "initiatives.csv": "取組",
  "narratives.csv": "記述",
  "schedule.csv": "工程",
  "indicators.csv": "指標",
  "targets.csv": "目標",
  "actuals.csv": "実績",
  "grades.csv": "評価",
};

let t: TestDatabase;
let dir: string;
beforeEach(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "shinchoku-xlsx-"));
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The Tamana folder as a workbook, the way an office would keep it in Excel. */
async function tamanaWorkbook(edit?: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const src = join(BUNDLED_PLANS_DIR, "tamana");
  const wb = new ExcelJS.Workbook();
  const plan = wb.addWorksheet("計画");
  plan.addRow(["項目", "値"]);
  const meta = parseYaml(readFileSync(join(src, "plan.yaml"), "utf8")) as Record<string, unknown>;
  const flat = (prefix: string, value: unknown) => {
    if (Array.isArray(value)) plan.addRow([prefix, value.join(";")]);
    else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value)) flat(prefix ? `${prefix}.${k}` : k, v);
    else plan.addRow([prefix, String(value)]);
  };
  flat("", meta);
  for (const [file, sheetName] of Object.entries(SHEETS)) {
    const rows = parseCsv(readFileSync(join(src, file), "utf8")) as string[][];
    const sheet = wb.addWorksheet(sheetName);
    for (const r of rows) sheet.addRow(r);
  }
  edit?.(wb);
  const path = join(dir, "tamana.xlsx");
  await wb.xlsx.writeFile(path);
  return path;
}

describe("importing an Excel workbook", () => {
  it("imports the Tamana plan from a workbook like the folder, and again with no change", async () => {
    const path = await tamanaWorkbook();
    const first = await importPlanSource(t.db, path);
    if (!first.ok) throw new Error(JSON.stringify(first.issues.slice(0, 5)));
    expect(first.report.initiatives.created).toBe(21);
    const plan = await loadPlanView(t.db, "tamana");
    const paperless = plan?.initiatives.find((i) => i.code === "⑲")?.indicators[0];
    expect(paperless?.actuals.find((a) => a.period === "FY2023")?.value).toBe(40);
    // The 目標 and 工程 sheets' 出典 columns come through as in the folder (issue 14 §1).
    const two = plan?.initiatives.find((i) => i.code === "②")?.indicators[0];
    expect(two?.targets.map((x) => [x.period, x.provenance?.source])).toEqual([
      ["FY2025", "inferred"],
      ["FY2026", "inferred"],
    ]);
    const again = await importPlanSource(t.db, path);
    expect(again.ok && again.report.changed).toBe(false);
  });

  it("refuses a broken workbook with each problem's sheet, row and column, and writes nothing", async () => {
    const path = await tamanaWorkbook((wb) => {
      const sheet = (name: string) => {
        const ws = wb.getWorksheet(name);
        if (!ws) throw new Error(`no sheet ${name}`);
        return ws;
      };
      sheet("目標").getRow(5).getCell(3).value = "たくさん";
      sheet("取組").getRow(3).getCell(4).value = "宇宙課";
      wb.addWorksheet("メモ").addRow(["関係ないシート"]);
    });
    const result = await importPlanSource(t.db, path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const where = result.issues.map((i) => `${i.file} ${i.row ?? ""} ${i.column ?? ""}`.trim());
    expect(where).toContain("シート「目標」 5 C列（値）");
    expect(where).toContain("シート「取組」 3 D列（担当課）");
    expect(result.issues.some((i) => i.file === "シート「メモ」")).toBe(true);
    const count = await t.db.$client.execute("select count(*) n from plans");
    expect(count.rows[0]?.n).toBe(0);
  });

  it("refuses formula cells without a saved result, naming each cell, and reads formulas that have one", async () => {
    // A workbook written by a program keeps formulas without their cached results: exceljs reads
    // such a cell as no value, which used to import the actual as empty with exit 0.
    const path = await tamanaWorkbook((wb) => {
      const actuals = wb.getWorksheet("実績");
      if (!actuals) throw new Error("no 実績 sheet");
      for (const r of [3, 4, 5]) actuals.getRow(r).getCell(3).value = { formula: `10*${r}` };
      actuals.getRow(6).getCell(3).value = { formula: "1/0", result: { error: "#DIV/0!" } };
    });
    const result = await importPlanSource(t.db, path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const formula = result.issues.filter((i) => /数式/u.test(i.message));
    expect(formula.map((i) => `${i.file} ${i.row} ${i.column}`)).toEqual([
      "シート「実績」 3 C列（値）",
      "シート「実績」 4 C列（値）",
      "シート「実績」 5 C列（値）",
      "シート「実績」 6 C列（値）",
    ]);
    expect(formula[0]?.message).toBe(
      "セル C3 は数式ですが、計算結果が保存されていません。Excel で開いて保存し直してください。",
    );
    expect(formula[3]?.message).toContain("#DIV/0!");
    expect((await t.db.$client.execute("select count(*) n from actuals")).rows[0]?.n).toBe(0);

    // Saved by Excel, the same formulas carry their results and import as figures.
    const saved = await tamanaWorkbook((wb) => {
      const cell = wb.getWorksheet("実績")?.getRow(3).getCell(3);
      if (cell) cell.value = { formula: "49+1", result: 50 };
    });
    const ok = await importPlanSource(t.db, saved);
    if (!ok.ok) throw new Error(JSON.stringify(ok.issues.slice(0, 3)));
    const plan = await loadPlanView(t.db, "tamana");
    expect(
      plan?.initiatives[0]?.indicators[0]?.actuals.find((a) => a.period === "FY2023")?.value,
    ).toBe(50);
  });

  it("reads a percentage cell as Excel shows it", async () => {
    const path = await tamanaWorkbook((wb) => {
      const actuals = wb.getWorksheet("実績");
      const row = actuals?.getRow(3);
      if (row) {
        row.getCell(3).value = 0.9841;
        row.getCell(3).numFmt = "0.00%";
      }
    });
    const result = await importPlanSource(t.db, path);
    if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
    const plan = await loadPlanView(t.db, "tamana");
    const first = plan?.initiatives[0]?.indicators[0];
    // Row 3 of the 実績 sheet is ①-1's R5 actual, now the Excel percentage 0.9841.
    expect(first?.actuals.find((a) => a.period === "FY2023")).toMatchObject({
      value: 98.41,
      decimals: 2,
    });
  });

  it("reads the 指標 sheet's 担当課 (issue 14 §5), and names the cell of one that is not the 取組's", async () => {
    let ownerColumn = "";
    const withOwner = (owner: string) =>
      tamanaWorkbook((wb) => {
        const ws = wb.getWorksheet("指標");
        if (!ws) throw new Error("no 指標");
        const col = ws.getRow(1).cellCount + 1;
        ownerColumn = ws.getColumn(col).letter;
        ws.getRow(1).getCell(col).value = "担当課";
        ws.eachRow((row, n) => {
          if (row.getCell(1).value === "⑮-2") row.getCell(col).value = owner;
          else if (n > 1) row.getCell(col).value = null;
        });
      });
    const good = await importPlanSource(t.db, await withOwner("市民課"));
    if (!good.ok) throw new Error(JSON.stringify(good.issues.slice(0, 5)));
    const plan = await loadPlanView(t.db, "tamana");
    const fifteen = plan?.initiatives.find((i) => i.code === "⑮");
    expect(fifteen?.indicators.map((i) => [i.key, i.department])).toEqual([
      ["⑮-1", null],
      ["⑮-2", "市民課"],
    ]);
    const bad = await importPlanSource(t.db, await withOwner("税務課"));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.map((i) => `${i.file} ${i.row} ${i.column}`)).toEqual([
      `シート「指標」 22 ${ownerColumn}列（担当課）`,
    ]);
  });

  it("writes a template that names every table, with headers the importer accepts", async () => {
    const path = join(dir, "template.xlsx");
    await templateWorkbook().xlsx.writeFile(path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    // Every table of the import format, in its order (shared/import-format.ts), after the notes.
    expect(wb.worksheets.map((w) => w.name)).toEqual(["説明", ...Object.values(TABLE_SHEETS)]);
    const headers = (wb.getWorksheet("指標")?.getRow(1).values ?? []) as unknown[];
    expect(headers).toContain("担当課");
    const result = await importPlanSource(t.db, path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // An empty template lacks the plan's settings and initiatives, and says so in Japanese.
    expect(result.issues.map((i) => i.message)).toContain("「id」がありません。入力してください。");
    expect(result.issues.every((i) => !/column|header/iu.test(i.message))).toBe(true);
    // The template's own example settings (review.cadence: yearly …) are accepted as written.
    expect(result.issues.filter((i) => /review|cadence|周期/u.test(i.message))).toEqual([]);
  });
});

describe("importing CSV written by Excel in Japan", () => {
  it("reads Shift_JIS CSV files, with or without a UTF-8 BOM elsewhere", async () => {
    const folder = join(dir, "sjis");
    cpSync(join(BUNDLED_PLANS_DIR, "tamana"), folder, { recursive: true });
    for (const file of ["org_units.csv", "initiatives.csv", "narratives.csv"]) {
      writeFileSync(
        join(folder, file),
        iconv.encode(
          readFileSync(join(folder, file), "utf8").replaceAll("\n", "\r\n"),
          "Shift_JIS",
        ),
      );
    }
    writeFileSync(
      join(folder, "grades.csv"),
      `\uFEFF${readFileSync(join(folder, "grades.csv"), "utf8")}`,
    );
    const result = await importPlanSource(t.db, folder);
    if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
    expect(result.report.departments.created).toBe(10);
    const plan = await loadPlanView(t.db, "tamana");
    expect(plan?.initiatives.find((i) => i.code === "⑮")?.departments).toEqual([
      "総務課",
      "情報政策課",
      "地域振興課",
      "市民課",
    ]);
  });
});
