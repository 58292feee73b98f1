/**
 * Review periods (issue 14 §2): a plan's cadence drives the periods its reviews (時点, 天気,
 * 今後の方向性) and their report text (narratives) are kept for. Inzai's review is pinned to its
 * seed; bad periods are refused with their row and column; an export imports back the same reviews.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildReportModel } from "../../bot/export/report-model.ts";
import { exportPlanTables } from "../../db/export-plan.ts";
import { loadInitiativeExtras } from "../../db/initiatives.ts";
import { loadPlanView } from "../../db/plans.ts";
import {
  BUNDLED_PLANS_DIR,
  importPlanFolder,
  importPlanSource,
  writePlanFolder,
} from "../../io/plan-files.ts";
import { toCsv } from "../../shared/csv.ts";
import { parseReviewPeriod, reviewPeriodDays } from "../../shared/fiscal-year.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

const SEED = join(import.meta.dirname, "../../../shared/seeds/003_cf76f67bbd145d97.txt");

let t: TestDatabase;
let dir: string;
beforeEach(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "shinchoku-reviews-"));
  cpSync(join(BUNDLED_PLANS_DIR, "inzai"), join(dir, "inzai"), { recursive: true });
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

const inzai = () => join(dir, "inzai");
const edit = (file: string, fn: (text: string) => string) =>
  writeFileSync(join(inzai(), file), fn(readFileSync(join(inzai(), file), "utf8")));

/** Appends a row to Inzai's reviews.csv, by header; a header it lacks is added. */
function addReview(row: Record<string, string>) {
  const file = join(inzai(), "reviews.csv");
  const [header = [], ...body] = parseCsv(readFileSync(file, "utf8")) as string[][];
  for (const h of Object.keys(row)) if (!header.includes(h)) header.push(h);
  const rows = [...body, header.map((h) => row[h] ?? "")].map((r) =>
    header.map((_, i) => r[i] ?? ""),
  );
  writeFileSync(file, toCsv([header, ...rows], { record_delimiter: "\n" }));
}

async function detailOf(db: TestDatabase["db"], plan: string, code: string) {
  const view = await loadPlanView(db, plan);
  const i = view?.initiatives.find((x) => x.code === code);
  if (!i) throw new Error(`${plan} ${code} missing`);
  const extras = await loadInitiativeExtras(db, i.id);
  if (!extras) throw new Error("no extras");
  return { initiative: i, extras };
}

async function importIssues() {
  const result = await importPlanFolder(t.db, inzai());
  if (result.ok) throw new Error("expected problems");
  return result.issues;
}

describe("Inzai's quarterly review (seed 003)", () => {
  it("sits on R7Q2 as of 2025-09-29, the strategy's date, with its 進捗状況 text and 今後の方向性", async () => {
    const seed = readFileSync(SEED, "utf8").split("\n");
    // The strategy is dated 令和7年9月29日 (line 3); its 施策一覧 prints no date of its own.
    expect(seed[2]).toContain("令和7年9月29日");
    // Its 進捗状況 texts report as of late August (A1-4: 「8月末時点。28/60完了。」): inside Q2 (Jul–Sep).
    const a14 = seed.find((l) => l.startsWith("A1\t4\t"));
    expect(a14).toContain("8月末時点。28/60完了。");
    const q2 = reviewPeriodDays(parseReviewPeriod("R7Q2") ?? { kind: "fy", fiscalYear: 0 });
    expect(q2).toEqual({ from: "2025-07-01", to: "2025-09-30" });
    expect("2025-09-29" >= q2.from && "2025-09-29" <= q2.to).toBe(true);

    const result = await importPlanFolder(t.db, inzai());
    if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
    expect(result.report.reviews).toEqual({ created: 32, updated: 0, unchanged: 0 });
    const { initiative, extras } = await detailOf(t.db, "inzai", "A1-4");
    expect(extras.reviews).toEqual([
      {
        period: "FY2025Q2",
        asOf: "2025-09-29",
        weather: null,
        outlook: "継続",
        outlookReason: null,
        provenance: { source: "read", note: expect.stringContaining("令和7年9月29日") },
      },
    ]);
    expect(extras.narratives.find((n) => n.label === "進捗状況")).toMatchObject({
      period: "FY2025Q2",
      fiscalYear: 2025,
      body: expect.stringContaining("28/60完了"),
    });
    expect(extras.narratives.find((n) => n.label === "目的")?.period).toBeNull();
    // The board starts from the latest review: 継続 (the 天気 icon did not survive extraction).
    expect([initiative.outlook, initiative.weather]).toEqual(["継続", null]);
  });

  it("takes a second quarter beside the first; the board's 天気 follows the latest review only with --update-board", async () => {
    await importPlanFolder(t.db, inzai());
    addReview({
      コード: "A1-4",
      期間: "R7Q3",
      時点: "2025-12-26",
      天気: "晴れ",
      今後の方向性: "拡充",
      方向性理由: "改善案の提案が進んだ",
    });
    edit("narratives.csv", (s) => `${s}A1-4,,R7Q3,進捗状況,12月末時点。45/60完了。\n`);
    const again = await importPlanFolder(t.db, inzai());
    if (!again.ok) throw new Error(JSON.stringify(again.issues));
    expect(again.report.reviews).toEqual({ created: 1, updated: 0, unchanged: 32 });
    expect(again.report.boardDifferences).toEqual([
      { code: "A1-4", field: "weather", current: null, imported: "晴れ" },
      {
        code: "A1-4",
        field: "outlook",
        current: "継続",
        imported: "拡充",
        reason: "改善案の提案が進んだ",
      },
    ]);
    const { initiative, extras } = await detailOf(t.db, "inzai", "A1-4");
    expect(initiative.weather).toBeNull();
    expect(extras.reviews.map((r) => [r.period, r.asOf, r.weather])).toEqual([
      ["FY2025Q3", "2025-12-26", "晴れ"],
      ["FY2025Q2", "2025-09-29", null],
    ]);
    expect(extras.narratives.filter((n) => n.label === "進捗状況").map((n) => n.period)).toEqual([
      "FY2025Q2",
      "FY2025Q3",
    ]);

    const applied = await importPlanFolder(t.db, inzai(), { updateBoard: true });
    expect(applied.ok && applied.report.boardUpdated).toBe(true);
    expect((await detailOf(t.db, "inzai", "A1-4")).initiative.weather).toBe("晴れ");
  });
});

describe("migration 0020 on data written before it", () => {
  it("gives every 年度 narrative its 年度 as period, and reads Matsue's biennial as yearly, revised every 2 years", async () => {
    cpSync(join(BUNDLED_PLANS_DIR, "matsue"), join(dir, "matsue"), { recursive: true });
    await importPlanFolder(t.db, join(dir, "matsue"));
    await importPlanFolder(t.db, inzai());
    // As rows were before 0020: no period, and the word biennial.
    await t.db.$client.execute("update narratives set period = null");
    await t.db.$client.execute(
      "update plans set review = 'biennial', revision_years = null where id = 'matsue'",
    );
    const migration = readFileSync(
      join(import.meta.dirname, "../../db/migrations/0020_review_periods.sql"),
      "utf8",
    );
    for (const statement of migration.split("--> statement-breakpoint"))
      if (/^\s*(--[^\n]*\n\s*)*UPDATE/u.test(statement)) await t.db.$client.execute(statement);
    const plans = await t.db.$client.execute(
      "select id, review, revision_years from plans order by id",
    );
    expect(plans.rows.map((r) => [r.id, r.review, r.revision_years])).toEqual([
      ["inzai", "quarterly", null],
      ["matsue", "yearly", 2],
    ]);
    const periods = await t.db.$client.execute(
      "select distinct fiscal_year, period from narratives order by fiscal_year",
    );
    // Inzai's R7Q2 texts come back as their 年度 only: its quarter needs its files (a re-import).
    expect(periods.rows.map((r) => [r.fiscal_year, r.period])).toEqual([
      [null, null],
      [2025, "FY2025"],
    ]);
    const again = await importPlanFolder(t.db, join(dir, "matsue"));
    expect(again.ok && again.report.changed).toBe(false);
  });
});

describe("the 進行管理報告書", () => {
  it("names a quarter's 進捗状況 with its period and 時点", async () => {
    await importPlanFolder(t.db, inzai());
    const model = await buildReportModel(t.db, "inzai", 2025);
    const a14 = model.initiatives.find((i) => i.code === "A1-4");
    expect(a14?.yearNarratives).toEqual([
      {
        label: "進捗状況（R7年度 第2四半期・2025年9月29日時点）",
        body: expect.stringContaining("28/60完了"),
      },
    ]);
  });
});

describe("review periods on import: every bad period with its row and column", () => {
  it("refuses a period of another cadence, an unreadable period, a bad or early 時点 and a second 時点", async () => {
    edit("reviews.csv", (s) =>
      s
        .replace("A1-1,R7Q2,2025-09-29", "A1-1,R7,2025-09-29")
        .replace("A1-2,R7Q2,2025-09-29", "A1-2,R7Q5,2025-09-29")
        .replace("A1-3,R7Q2,2025-09-29", "A1-3,R7Q2,2025-02-30")
        .replace("A2-1,R7Q2,2025-09-29", "A2-1,R7Q2,2025-06-30"),
    );
    edit("narratives.csv", (s) =>
      s
        .replace("B1-1,,R7Q2,進捗状況", "B1-1,,R7H1,進捗状況")
        .replace("B1-2,,R7Q2,進捗状況", "B1-2,R8,R7Q2,進捗状況"),
    );
    // Rows as the importer counts them: records, the header being row 1 (texts span lines).
    const rowOf = (file: string, prefix: string) =>
      (parseCsv(readFileSync(join(inzai(), file), "utf8")) as string[][]).findIndex((r) =>
        r.join(",").startsWith(prefix),
      ) + 1;
    const issues = await importIssues();
    const at = (file: string, prefix: string, column: string) =>
      issues.find((i) => i.file === file && i.row === rowOf(file, prefix) && i.column === column)
        ?.message;
    expect(at("reviews.csv", "A1-1,", "B列（期間）")).toBe(
      "「R7」は年度ごとの期間ですが、この計画のレビューは四半期ごとです（plan.yaml の review.cadence: quarterly、例: R7Q2）。",
    );
    expect(at("reviews.csv", "A1-2,", "B列（期間）")).toContain("期間として読めません");
    expect(at("reviews.csv", "A1-3,", "C列（時点）")).toBe(
      "「2025-02-30」は日付として読めません（例: 2025-09-29）。",
    );
    expect(at("reviews.csv", "A2-1,", "C列（時点）")).toBe(
      "時点 2025-06-30 は期間 R7Q2（2025-07-01〜2025-09-30）が始まる前です。",
    );
    expect(at("narratives.csv", "B1-1,,R7H1,", "C列（期間）")).toContain("半期ごとの期間ですが");
    expect(at("narratives.csv", "B1-2,R8,R7Q2,", "B列（年度）")).toBe(
      "年度は期間 R7Q2 の年度にしてください（空欄可）。",
    );
  });

  it("refuses a narrative whose 時点 differs from its review's, and a review listed twice", async () => {
    writeFileSync(
      join(inzai(), "narratives.csv"),
      "コード,年度,期間,時点,項目,本文\nA1-4,,R7Q2,2025-09-30,進捗状況,x\nA1-1,,,2025-09-30,目的,y\nA1-2,R7,,2025-09-29,目的,z\n",
    );
    addReview({ コード: "A1-2", 期間: "R7Q2", 時点: "2025-09-29", 今後の方向性: "継続" });
    const issues = await importIssues();
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          file: "narratives.csv",
          row: 2,
          column: "D列（時点）",
          message:
            "同じ取組・期間のレビューの時点（2025-09-29）と違います。一つの期間の時点は一つです。",
        },
        {
          file: "narratives.csv",
          row: 3,
          column: "D列（時点）",
          message: "時点は期間か年度のある行に書いてください。",
        },
        {
          file: "narratives.csv",
          row: 4,
          column: "D列（時点）",
          message: "時点は期間（例: R7Q2）のある行に書いてください。",
        },
        {
          file: "reviews.csv",
          row: 34,
          column: "B列（期間）",
          message: "同じ取組・期間のレビューが二度出てきます。",
        },
      ]),
    );
  });

  it("keeps a yearly plan's narratives per 年度 and refuses a quarter there", async () => {
    cpSync(join(BUNDLED_PLANS_DIR, "tamana"), join(dir, "tamana"), { recursive: true });
    const tamana = join(dir, "tamana");
    const ok = await importPlanFolder(t.db, tamana);
    if (!ok.ok) throw new Error(JSON.stringify(ok.issues.slice(0, 3)));
    const plan = await loadPlanView(t.db, "tamana");
    const first = plan?.initiatives[0];
    const extras = first ? await loadInitiativeExtras(t.db, first.id) : null;
    const yearly = extras?.narratives.filter((n) => n.fiscalYear !== null) ?? [];
    expect(yearly.length).toBeGreaterThan(0);
    for (const n of yearly) expect(n.period).toBe(`FY${n.fiscalYear}`);

    writeFileSync(
      join(tamana, "reviews.csv"),
      `コード,期間,時点,天気\n${first?.code},R6Q2,2024-09-30,晴れ\n`,
    );
    const refused = await importPlanFolder(t.db, tamana);
    expect(refused.ok ? [] : refused.issues).toEqual([
      {
        file: "reviews.csv",
        row: 2,
        column: "B列（期間）",
        message:
          "「R6Q2」は四半期ごとの期間ですが、この計画のレビューは年度ごとです（plan.yaml の review.cadence: yearly、例: R7）。",
      },
    ]);
  });
});

describe("review periods round-trip", () => {
  it("an Inzai export with two quarters imports back the same reviews and texts", async () => {
    addReview({
      コード: "B1-3",
      期間: "R7Q3",
      時点: "2025-12-26",
      天気: "くもり",
      今後の方向性: "見直し",
      方向性理由: "電子決裁率が伸び悩む",
      出典: "推定",
      出典メモ: "仮",
    });
    edit("narratives.csv", (s) => `${s}B1-3,,R7Q3,進捗状況,Q3平均 72%\n`);
    const a = await importPlanFolder(t.db, inzai());
    if (!a.ok) throw new Error(JSON.stringify(a.issues));
    const tables = await exportPlanTables(t.db, "inzai");
    if (!tables) throw new Error("no plan");
    expect(tables.plan.review).toEqual({ cadence: "quarterly" });
    await writePlanFolder(tables, join(dir, "export"));
    const b = await createTestDatabase();
    try {
      const result = await importPlanSource(b.db, join(dir, "export"));
      if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
      for (const code of ["B1-3", "A1-4", "B1-5a"]) {
        const [before, after] = [
          await detailOf(t.db, "inzai", code),
          await detailOf(b.db, "inzai", code),
        ];
        expect(after.extras.reviews).toEqual(before.extras.reviews);
        expect(after.extras.narratives).toEqual(before.extras.narratives);
        expect([after.initiative.weather, after.initiative.outlook]).toEqual([
          before.initiative.weather,
          before.initiative.outlook,
        ]);
      }
      expect((await detailOf(b.db, "inzai", "B1-3")).extras.reviews[0]).toMatchObject({
        period: "FY2025Q3",
        weather: "くもり",
        provenance: { source: "inferred", note: "仮" },
      });
      // And the export of the import is the export.
      const again = await exportPlanTables(b.db, "inzai");
      expect(again?.tables["reviews.csv"]).toEqual(tables.tables["reviews.csv"]);
      expect(again?.tables["narratives.csv"]).toEqual(tables.tables["narratives.csv"]);
    } finally {
      b.close();
    }
  });

  it("a half-yearly plan (R7H1, R7H2) round-trips, and Matsue's biennial revision is kept", async () => {
    edit("plan.yaml", (s) =>
      s.replace(/^review: .*$/mu, "review: { cadence: half-yearly, revisionYears: 3 }"),
    );
    writeFileSync(
      join(inzai(), "reviews.csv"),
      [
        "コード,期間,時点,天気,今後の方向性",
        "A1-1,R7H1,2025-09-29,くもり,継続",
        "A1-1,R7H2,2026-03-31,晴れ,完了",
        "",
      ].join("\n"),
    );
    edit("narratives.csv", (s) => s.replaceAll(",R7Q2,", ",R7H1,"));
    const a = await importPlanFolder(t.db, inzai());
    if (!a.ok) throw new Error(JSON.stringify(a.issues.slice(0, 3)));
    const { initiative, extras } = await detailOf(t.db, "inzai", "A1-1");
    expect(extras.reviews.map((r) => r.period)).toEqual(["FY2025H2", "FY2025H1"]);
    expect([initiative.weather, initiative.outlook]).toEqual(["晴れ", "完了"]);
    const tables = await exportPlanTables(t.db, "inzai");
    expect(tables?.plan.review).toEqual({ cadence: "half-yearly", revisionYears: 3 });
    expect(tables?.tables["reviews.csv"]?.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ["A1-1", "R7H1", "2025-09-29"],
      ["A1-1", "R7H2", "2026-03-31"],
    ]);

    cpSync(join(BUNDLED_PLANS_DIR, "matsue"), join(dir, "matsue"), { recursive: true });
    const m = await importPlanFolder(t.db, join(dir, "matsue"));
    if (!m.ok) throw new Error(JSON.stringify(m.issues.slice(0, 3)));
    expect((await exportPlanTables(t.db, "matsue"))?.plan.review).toEqual({
      cadence: "yearly",
      revisionYears: 2,
    });
  });
});
