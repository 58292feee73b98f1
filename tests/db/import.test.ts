import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadPlanView } from "../../db/plans.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder, readPlanFolder } from "../../io/plan-files.ts";
import { parsePlanBundle } from "../../shared/plan-bundle.ts";
import { latestActual } from "../../shared/plan-view.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

let t: TestDatabase;
let dir: string;

beforeEach(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "shinchoku-plan-"));
  cpSync(join(BUNDLED_PLANS_DIR, "tamana"), dir, { recursive: true });
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

const edit = (file: string, fn: (text: string) => string) =>
  writeFileSync(join(dir, file), fn(readFileSync(join(dir, file), "utf8")));

async function count(table: string): Promise<number> {
  const r = await t.db.$client.execute(`select count(*) as n from ${table}`);
  return Number(r.rows[0]?.n);
}

describe("plan import", () => {
  it("reports every problem with its file, row and column, and writes nothing", async () => {
    edit("initiatives.csv", (s) =>
      s.replace("⑲,ペーパーレス化の推進,3-イ,総務課", "⑲,ペーパーレス化の推進,3-イ,総務部"),
    );
    edit("targets.csv", (s) => s.replace("⑲-1,R5,50,50%", "⑲-1,R5,五十,50%"));
    edit("actuals.csv", (s) =>
      s.replace("①-1,R5,98.40,98.40%,確定", "①-1,R13期,98.40,98.40%,確定"),
    );
    const result = await importPlanFolder(t.db, dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const where = result.issues.map((i) => `${i.file}:${i.row}:${i.column}`);
    const initiativesRow =
      readFileSync(join(dir, "initiatives.csv"), "utf8")
        .split("\n")
        .findIndex((l) => l.startsWith("⑲,")) + 1;
    expect(where).toContain(`initiatives.csv:${initiativesRow}:D列（担当課）`);
    expect(result.issues.find((i) => i.file === "targets.csv")).toMatchObject({
      column: "C列（値）",
    });
    expect(result.issues.find((i) => i.file === "targets.csv")?.message).toContain(
      "数値として読めません",
    );
    expect(result.issues.find((i) => i.file === "actuals.csv")).toMatchObject({
      column: "B列（期間）",
    });
    expect(result.issues.find((i) => i.file === "initiatives.csv")?.message).toBe(
      "担当課「総務部」が org_units.csv にありません。",
    );
    expect(await count("plans")).toBe(0);
    expect(await count("initiatives")).toBe(0);
  });

  it("refuses unknown and missing columns", () => {
    const files = {
      "plan.yaml": "",
      "org_units.csv": "名前\n総務課\n",
      "branches.csv": "ID,階層,名称\n",
      "initiatives.csv": "コード,取組名,体系ID,担当課\n",
    };
    const result = parsePlanBundle(files);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: "org_units.csv", row: 1, column: "A列（名前）" }),
        expect.objectContaining({
          file: "org_units.csv",
          row: 1,
          column: "名称",
          message: "必須の列「名称」がありません。",
        }),
      ]),
    );
  });

  it("reads CSV with a BOM, as Excel writes it", async () => {
    const files = await readPlanFolder(dir);
    const withBom = Object.fromEntries(
      Object.entries(files).map(([k, v]) => [k, k.endsWith(".csv") ? `\uFEFF${v}` : v]),
    );
    expect(parsePlanBundle(withBom).ok).toBe(true);
  });

  it("adds a version for a corrected figure and keeps the old one", async () => {
    expect((await importPlanFolder(t.db, dir)).ok).toBe(true);
    edit("actuals.csv", (s) => s.replace("⑲-1,R5,40,40%,確定", "⑲-1,R5,42,42%,確定"));
    const again = await importPlanFolder(t.db, dir);
    if (!again.ok) throw new Error("invalid");
    expect(again.report.actuals).toMatchObject({ created: 0, updated: 1 });
    const plan = await loadPlanView(t.db, "tamana");
    const ind = plan?.initiatives.find((i) => i.code === "⑲")?.indicators[0];
    expect(ind && latestActual(ind)?.value).toBe(42);
    const history = await t.db.$client.execute(
      "select value, channel from actuals a join indicators i on i.id = a.indicator_id where i.key = '⑲-1' and a.period = 'FY2023' order by a.id",
    );
    expect(history.rows.map((r) => r.value)).toEqual([40, 42]);
  });

  it("writes nothing in a dry run", async () => {
    const first = await importPlanFolder(t.db, dir, { dryRun: true });
    expect(first.ok && first.report.initiatives.created).toBe(21);
    expect(await count("initiatives")).toBe(0);
  });

  it("keeps the board column a department set when the plan is imported again", async () => {
    await importPlanFolder(t.db, dir);
    await t.db.$client.execute("update initiatives set column_key = 'done' where code = '⑲'");
    const again = await importPlanFolder(t.db, dir);
    expect(again.ok && again.report.changed).toBe(false);
    const plan = await loadPlanView(t.db, "tamana");
    expect(plan?.initiatives.find((i) => i.code === "⑲")?.columnKey).toBe("done");
  });

  it("reports every board difference on a re-import and applies them only with updateBoard, with history", async () => {
    await importPlanFolder(t.db, dir);
    // A department moved ⑲ to 完了 in the LIFF app; the file still says started and now has 天気 for ⑲.
    await t.db.$client.execute("update initiatives set column_key = 'done' where code = '⑲'");
    edit("initiatives.csv", (s) =>
      s
        .replace("コード,取組名,体系ID,担当課,列", "コード,取組名,体系ID,担当課,列,天気")
        .replace(/^(.+,started)$/gmu, "$1,")
        .replace(
          "⑲,ペーパーレス化の推進,3-イ,総務課,started,",
          "⑲,ペーパーレス化の推進,3-イ,総務課,started,くもり",
        ),
    );
    const kept = await importPlanFolder(t.db, dir);
    if (!kept.ok) throw new Error(JSON.stringify(kept.issues));
    expect(kept.report.boardDifferences).toEqual([
      { code: "⑲", field: "column", current: "done", imported: "started" },
      { code: "⑲", field: "weather", current: null, imported: "くもり" },
    ]);
    expect(kept.report).toMatchObject({ boardUpdated: false, changed: false });
    const unchanged = (await loadPlanView(t.db, "tamana"))?.initiatives.find((i) => i.code === "⑲");
    expect(unchanged).toMatchObject({ columnKey: "done", weather: null });

    const applied = await importPlanFolder(t.db, dir, { updateBoard: true });
    expect(applied.ok && applied.report).toMatchObject({ boardUpdated: true, changed: true });
    const after = (await loadPlanView(t.db, "tamana"))?.initiatives.find((i) => i.code === "⑲");
    expect(after).toMatchObject({ columnKey: "started", weather: "くもり" });
    expect(after?.version).toBe((unchanged?.version ?? 0) + 1);
    const events = await t.db.$client.execute(
      "select field, from_value, to_value, channel from initiative_events order by id",
    );
    expect(events.rows.map((r) => [r.field, r.from_value, r.to_value, r.channel])).toEqual([
      ["column", "done", "started", "import"],
      ["weather", null, "くもり", "import"],
    ]);
    // Applied once: the next import finds nothing to change.
    const again = await importPlanFolder(t.db, dir, { updateBoard: true });
    expect(again.ok && again.report.boardDifferences).toEqual([]);
  });
});

describe("embedded database connection", () => {
  it("keeps its busy timeout and WAL settings after a transaction (an import) has run", async () => {
    await importPlanFolder(t.db, dir);
    const pragma = async (name: string) =>
      Object.values((await t.db.$client.execute(`PRAGMA ${name}`)).rows[0] ?? {})[0];
    expect(await pragma("busy_timeout")).toBe(5000);
    expect(await pragma("synchronous")).toBe(1);
    expect(await pragma("journal_mode")).toBe("wal");
  });
});
