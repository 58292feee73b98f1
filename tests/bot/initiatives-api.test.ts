/**
 * The LIFF app's writes, over the real Tamana plan: who may change what, the plan's rules, optimistic
 * versions, and actuals entered with the LINE path's rules and history.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addMember } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import { callApi, createTestApp } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

const SOMU = "Usomu-lead";
const ZAISEI = "Uzaisei-lead";
const OFFICE = "Uoffice";
const VIEWER = "Uviewer";
/** An operator listed in ADMIN_LINE_USER_IDS: may create plans through the API. */
const ADMIN = "Uadmin";

let t: TestDatabase;
let harness: ReturnType<typeof createTestApp>;
let paperlessId: number;
let indicatorId: number;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  harness = createTestApp(t.db, null, { devAuth: true, adminUserIds: [ADMIN] });
  await addMember(t.db, { planId: "tamana", lineUserId: SOMU, role: "lead", department: "総務課" });
  await addMember(t.db, {
    planId: "tamana",
    lineUserId: ZAISEI,
    role: "lead",
    department: "財政課",
  });
  await addMember(t.db, { planId: "tamana", lineUserId: OFFICE, role: "office" });
  await addMember(t.db, { planId: "tamana", lineUserId: VIEWER, role: "viewer" });
  const plan = await loadPlanView(t.db, "tamana");
  const paperless = plan?.initiatives.find((i) => i.code === "⑲");
  if (!paperless?.indicators[0]) throw new Error("no ⑲");
  paperlessId = paperless.id;
  indicatorId = paperless.indicators[0].id;
});
afterEach(() => t.close());

const call = (user: string, method: string, path: string, body?: unknown) =>
  callApi(harness.app, user, method, path, body);

describe("GET /api/initiatives/:id", () => {
  it("gives the path, narratives, schedule, grades with reasons, and the caller's permission", async () => {
    const { status, body } = await call(SOMU, "GET", `/api/initiatives/${paperlessId}`);
    expect(status).toBe(200);
    expect(body.initiative).toMatchObject({
      code: "⑲",
      title: "ペーパーレス化の推進",
      departments: ["総務課"],
    });
    expect(body.path.map((p: { label: string; code: string }) => `${p.label} ${p.code}`)).toEqual([
      "基本方針 【3】",
      "基本施策 イ",
    ]);
    // Tamana lists each 取組 once (no 再掲).
    expect(body.crossListings).toEqual([]);
    expect(body.narratives.some((n: { label: string }) => n.label === "現状・課題")).toBe(true);
    expect(body.schedule.length).toBeGreaterThan(0);
    expect(
      body.grades.find(
        (g: { fiscalYear: number; kind: string }) =>
          g.fiscalYear === 2023 && g.kind === "achievement",
      ),
    ).toMatchObject({ grade: "B" });
    expect(body.permission).toEqual({ allowed: true });
    const other = await call(ZAISEI, "GET", `/api/initiatives/${paperlessId}`);
    expect(other.body.permission.allowed).toBe(false);
    expect(other.body.permission.reason).toContain("総務課");
  });
});

describe("PATCH /api/initiatives/:id", () => {
  it("lets the owning lead set 天気, a grade with its reason and the column, and records the history", async () => {
    const res = await call(SOMU, "PATCH", `/api/initiatives/${paperlessId}`, {
      version: 1,
      weather: "くもり",
      column: "review",
      grade: {
        fiscalYear: 2024,
        kind: "progress",
        grade: "B",
        reason: "会議室の大型モニター整備が遅れたため。R7に前倒しで整備します。",
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.initiative).toMatchObject({
      weather: "くもり",
      columnKey: "review",
      version: 2,
    });
    expect(res.body.initiative.grades.progress[0]).toMatchObject({ fiscalYear: 2024, grade: "B" });
    const detail = await call(OFFICE, "GET", `/api/initiatives/${paperlessId}`);
    expect(
      detail.body.events.map((e: { field: string; to: string }) => [e.field, e.to]).sort(),
    ).toEqual([
      ["column", "review"],
      ["weather", "くもり"],
    ]);
    expect(detail.body.grades[0]).toMatchObject({ grade: "B", channel: "liff", who: "総務課" });
  });

  it("requires the reason for S and for B/C (Tamana's rule) and writes nothing without it", async () => {
    const res = await call(SOMU, "PATCH", `/api/initiatives/${paperlessId}`, {
      version: 1,
      grade: { fiscalYear: 2024, kind: "achievement", grade: "C" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("理由が必要です");
    const ok = await call(SOMU, "PATCH", `/api/initiatives/${paperlessId}`, {
      version: 1,
      grade: { fiscalYear: 2024, kind: "achievement", grade: "A" },
    });
    expect(ok.status).toBe(200);
  });

  it("refuses a lead of another 課 and a viewer with 403 and the reason", async () => {
    const other = await call(ZAISEI, "PATCH", `/api/initiatives/${paperlessId}`, {
      version: 1,
      weather: "晴れ",
    });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain("担当課（総務課）ではない");
    const viewer = await call(VIEWER, "PATCH", `/api/initiatives/${paperlessId}`, {
      version: 1,
      weather: "晴れ",
    });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.message).toContain("閲覧者");
    const office = await call(OFFICE, "PATCH", `/api/initiatives/${paperlessId}`, {
      version: 1,
      weather: "晴れ",
    });
    expect(office.status).toBe(200);
  });

  it("answers a stale version with 409 and the newer state, and writes nothing", async () => {
    await call(SOMU, "PATCH", `/api/initiatives/${paperlessId}`, { version: 1, weather: "晴れ" });
    const stale = await call(OFFICE, "PATCH", `/api/initiatives/${paperlessId}`, {
      version: 1,
      weather: "雨",
      grade: { fiscalYear: 2024, kind: "progress", grade: "A" },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ weather: "晴れ", version: 2 });
    const grades = await t.db.$client.execute(
      "select count(*) n from grades where channel = 'liff'",
    );
    expect(grades.rows[0]?.n).toBe(0);
  });

  it("refuses values the plan does not have", async () => {
    expect(
      (
        await call(SOMU, "PATCH", `/api/initiatives/${paperlessId}`, {
          version: 1,
          column: "nowhere",
        })
      ).status,
    ).toBe(400);
    expect(
      (await call(SOMU, "PATCH", `/api/initiatives/${paperlessId}`, { version: 1, weather: "雪" }))
        .status,
    ).toBe(400);
    expect(
      (
        await call(SOMU, "PATCH", `/api/initiatives/${paperlessId}`, {
          version: 1,
          outlook: { value: "拡充", reason: null },
        })
      ).status,
    ).toBe(400);
  });

  it("adds comments to the timeline", async () => {
    await call(SOMU, "PATCH", `/api/initiatives/${paperlessId}`, {
      version: 1,
      comment: "11月の部長会議から完全ペーパーレスです。",
    });
    const detail = await call(VIEWER, "GET", `/api/initiatives/${paperlessId}`);
    expect(detail.body.comments[0]).toMatchObject({
      body: "11月の部長会議から完全ペーパーレスです。",
      who: "総務課",
    });
  });
});

describe("POST /api/indicators/:id/actuals", () => {
  it("records an actual with channel liff, and a correction keeps the earlier version", async () => {
    const first = await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "2024-05",
      value: "５５％",
      baseId: null,
    });
    expect(first.status).toBe(201);
    expect(first.body.behindTarget).toBe(true);
    const current = first.body.indicator.actuals.find(
      (a: { period: string }) => a.period === "2024-05",
    );
    expect(current).toMatchObject({ value: 55, kind: "interim", channel: "liff" });
    const second = await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "2024-05",
      value: 62,
      baseId: current.id,
    });
    expect(second.status).toBe(201);
    const history = second.body.indicator.history.filter(
      (v: { period: string }) => v.period === "2024-05",
    );
    expect(history.map((v: { value: number }) => v.value)).toEqual([62, 55]);
  });

  it("answers 409 when someone recorded the same period first", async () => {
    await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "2024-05",
      value: "55%",
      baseId: null,
    });
    const stale = await call(OFFICE, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "2024-05",
      value: "57%",
      baseId: null,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ value: 55 });
  });

  it("asks to confirm an implausible value, and refuses a wrong unit or a non-number", async () => {
    const over = await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "R6",
      value: "150%",
      baseId: null,
    });
    expect(over.status).toBe(422);
    expect(over.body.warnings).toEqual([{ code: "over_ceiling", ceiling: 100 }]);
    const confirmed = await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "R6",
      value: "150%",
      baseId: null,
      confirm: true,
    });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.recorded).toMatchObject({ period: "FY2024", kind: "official" });
    expect(
      (
        await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
          period: "2024-06",
          value: "40人",
          baseId: null,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
          period: "2024-06",
          value: "たくさん",
          baseId: null,
        })
      ).status,
    ).toBe(400);
  });

  it("takes an entry back (取消) and keeps it in the history, with its reason", async () => {
    const first = await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "2024-05",
      value: "45%",
      baseId: null,
      reason: "会議室の機器が未整備",
    });
    const id = first.body.indicator.actuals.find(
      (a: { period: string }) => a.period === "2024-05",
    ).id;
    expect(first.body.indicator.history[0]).toMatchObject({
      value: 45,
      reason: "会議室の機器が未整備",
    });
    expect((await call(ZAISEI, "POST", `/api/actuals/${id}/withdraw`)).status).toBe(403);
    const res = await call(SOMU, "POST", `/api/actuals/${id}/withdraw`);
    expect(res.status).toBe(200);
    expect(
      res.body.indicator.actuals.find((a: { period: string }) => a.period === "2024-05"),
    ).toBeUndefined();
    expect(res.body.indicator.history[0]).toMatchObject({ value: 45 });
    expect(res.body.indicator.history[0].withdrawnAt).toBeGreaterThan(0);
    expect((await call(SOMU, "POST", `/api/actuals/${id}/withdraw`)).status).toBe(409);
  });

  it("appends a comment even when someone else changed the initiative first", async () => {
    await call(OFFICE, "PATCH", `/api/initiatives/${paperlessId}`, { version: 1, weather: "晴れ" });
    const res = await call(SOMU, "PATCH", `/api/initiatives/${paperlessId}`, {
      version: 1,
      comment: "資料の電子化を進めます",
    });
    expect(res.status).toBe(200);
  });

  it("lets only the owning 課 and the office enter figures", async () => {
    expect(
      (
        await call(ZAISEI, "POST", `/api/indicators/${indicatorId}/actuals`, {
          period: "2024-05",
          value: "55%",
          baseId: null,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(VIEWER, "POST", `/api/indicators/${indicatorId}/actuals`, {
          period: "2024-05",
          value: "55%",
          baseId: null,
        })
      ).status,
    ).toBe(403);
  });
});

describe("POST /api/plans/import (office, from the LIFF app)", () => {
  it("imports tables sent by the app, refuses others, and reports row-level problems writing nothing", async () => {
    const { readFileSync, readdirSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { BUNDLED_PLANS_DIR } = await import("../../io/plan-files.ts");
    const dir = join(BUNDLED_PLANS_DIR, "tottori");
    const files = Object.fromEntries(
      readdirSync(dir)
        .filter((f) => f !== "NOTES.md")
        .map((f) => [f, readFileSync(join(dir, f), "utf8")]),
    );
    expect((await call(SOMU, "POST", "/api/plans/import", { files })).status).toBe(403);
    const dry = await call(OFFICE, "POST", "/api/plans/import", { files, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.report.initiatives.created).toBe(11);
    const broken = {
      ...files,
      "initiatives.csv": String(files["initiatives.csv"]).replace("情報政策課", "宇宙課"),
    };
    const refused = await call(OFFICE, "POST", "/api/plans/import", { files: broken });
    expect(refused.status).toBe(400);
    expect(refused.body.issues[0]).toMatchObject({
      file: "initiatives.csv",
      row: 2,
      column: "D列（担当課）",
    });
    const plans = await t.db.$client.execute("select id from plans order by id");
    expect(plans.rows.map((r) => r.id)).toEqual(["tamana"]);
    const done = await call(ADMIN, "POST", "/api/plans/import", { files });
    expect(done.body.report.planCreated).toBe(true);
  });

  it("reads a workbook's sheets as the CLI reads the workbook: notes skipped, tables below empty rows, unknown sheets named", async () => {
    const { readFileSync, readdirSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { parse } = await import("csv-parse/sync");
    const { BUNDLED_PLANS_DIR } = await import("../../io/plan-files.ts");
    const { TABLE_SHEETS } = await import("../../shared/import-format.ts");
    const dir = join(BUNDLED_PLANS_DIR, "tottori");
    const sheets: Record<string, string[][]> = { 説明: [["このブックは取込形式です。"]] };
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".csv"))) {
      const rows = parse(readFileSync(join(dir, file), "utf8")) as string[][];
      // The 取組 table starts at row 3, below two empty rows: its header is the first row with values.
      sheets[TABLE_SHEETS[file as keyof typeof TABLE_SHEETS]] =
        file === "initiatives.csv" ? [[], ["", ""], ...rows] : rows;
    }
    const files = { "plan.yaml": readFileSync(join(dir, "plan.yaml"), "utf8") };
    const body = { files, sheets: { ...sheets, README: [["notes"]] }, dryRun: true };
    const dry = await call(OFFICE, "POST", "/api/plans/import", body);
    expect(dry.status).toBe(200);
    expect(dry.body.report.initiatives.created).toBe(11);

    const unknown = { ...body, sheets: { ...body.sheets, Sheet1: [["x"]] } };
    const refused = await call(OFFICE, "POST", "/api/plans/import", unknown);
    expect(refused.status).toBe(400);
    expect(refused.body.issues).toEqual([
      {
        file: "シート「Sheet1」",
        message:
          "このシートは取込形式にありません。使えるシート: 計画、組織、体系、取組、記述、レビュー、工程、指標、目標、実績、評価",
      },
    ]);
  });

  it("takes an export's workbook sheets back with its review periods (レビュー, 記述 期間; issue 14 §2)", async () => {
    const { exportPlanTables } = await import("../../db/export-plan.ts");
    const { TABLE_SHEETS } = await import("../../shared/import-format.ts");
    const source = await createTestDatabase({ plans: ["inzai"] });
    try {
      const tables = await exportPlanTables(source.db, "inzai");
      if (!tables) throw new Error("no plan");
      const sheets = Object.fromEntries(
        Object.entries(tables.tables).map(([file, rows]) => [
          TABLE_SHEETS[file as keyof typeof TABLE_SHEETS],
          rows,
        ]),
      );
      const files = { "plan.yaml": tables.planYaml };
      const done = await call(ADMIN, "POST", "/api/plans/import", { files, sheets });
      expect(done.status).toBe(200);
      expect(done.body.report.reviews).toEqual({ created: 32, updated: 0, unchanged: 0 });
      const rows = async (db: TestDatabase["db"]) =>
        (
          await db.$client.execute(
            "select i.code, r.period, r.as_of, r.outlook, r.source, n.period as text_period from reviews r join initiatives i on i.id = r.initiative_id left join narratives n on n.initiative_id = i.id and n.label = '進捗状況' where i.plan_id = 'inzai' order by i.code",
          )
        ).rows.map((r) => ({ ...r }));
      const imported = await rows(t.db);
      expect(imported).toEqual(await rows(source.db));
      expect(imported.find((r) => r.code === "A1-4")).toMatchObject({
        period: "FY2025Q2",
        as_of: "2025-09-29",
        text_period: "FY2025Q2",
      });
    } finally {
      source.close();
    }
  });

  it("lets an office member import only into their own plan: creating or replacing another plan is for the operator", async () => {
    const { readFileSync, readdirSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { BUNDLED_PLANS_DIR } = await import("../../io/plan-files.ts");
    const filesOf = (plan: string) => {
      const dir = join(BUNDLED_PLANS_DIR, plan);
      return Object.fromEntries(
        readdirSync(dir)
          .filter((f) => f !== "NOTES.md")
          .map((f) => [f, readFileSync(join(dir, f), "utf8")]),
      );
    };
    const tottori = filesOf("tottori");
    const plans = async () =>
      (await t.db.$client.execute("select id from plans order by id")).rows.map((r) => r.id);
    // Tamana's office may not create a plan, however valid its files.
    const created = await call(OFFICE, "POST", "/api/plans/import", { files: tottori });
    expect(created.status).toBe(403);
    expect(created.body.error.code).toBe("forbidden");
    expect(created.body.error.message).toContain("運用管理者");
    expect(await plans()).toEqual(["tamana"]);
    // The operator (ADMIN_LINE_USER_IDS) creates it, and names its office.
    expect((await call(ADMIN, "POST", "/api/plans/import", { files: tottori })).status).toBe(200);
    await addMember(t.db, { planId: "tottori", lineUserId: "Utottori-office", role: "office" });
    // Tottori's office may not replace Tamana, nor Tamana's office Tottori.
    const tamana = filesOf("tamana");
    const renamed = {
      ...tamana,
      "plan.yaml": String(tamana["plan.yaml"]).replace(/^name: .*$/mu, "name: 乗っ取り"),
    };
    const replaced = await call("Utottori-office", "POST", "/api/plans/import", { files: renamed });
    expect(replaced.status).toBe(403);
    expect(replaced.body.error.message).toBe(
      "計画「tamana」のDX推進担当ではないため取り込めません。",
    );
    expect((await call(OFFICE, "POST", "/api/plans/import", { files: tottori })).status).toBe(403);
    const name = await t.db.$client.execute("select name from plans where id = 'tamana'");
    expect(name.rows[0]?.name).not.toBe("乗っ取り");
    // Each office imports into its own plan.
    expect((await call(OFFICE, "POST", "/api/plans/import", { files: renamed })).status).toBe(200);
    expect(
      (await t.db.$client.execute("select name from plans where id = 'tamana'")).rows[0]?.name,
    ).toBe("乗っ取り");
    expect(await plans()).toEqual(["tamana", "tottori"]);
  });
});
