/**
 * The DX office's pages in real Chromium: the digest preview (/digest?plan=) and the import
 * (/import) of an Excel workbook or CSV files, checked first as a dry run. Leads are refused both.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { recordDigest } from "../../db/digests.ts";
import { BUNDLED_PLANS_DIR } from "../../io/plan-files.ts";
import type { DigestSnapshot } from "../../shared/digest.ts";
import {
  ARTIFACTS,
  closePage,
  DESKTOP,
  type Harness,
  horizontalOverflow,
  PHONE,
  startHarness,
  USERS,
} from "./support.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function waitForBoard(page: Page) {
  await page.locator("[data-testid=initiative-card]").first().waitFor({ timeout: 60_000 });
}

async function count(sql: string, args: (string | number)[] = []): Promise<number> {
  const rows = await h.server.deps.db.$client.execute({ sql, args });
  return Number(rows.rows[0]?.n ?? 0);
}

/** The latest R5 actual of ⑲-1 as stored (40 in the seed). */
async function paperlessActual(): Promise<number> {
  const rows = await h.server.deps.db.$client.execute(
    `select a.value from actuals a join indicators i on i.id = a.indicator_id
     join initiatives n on n.id = i.initiative_id
     where n.plan_id = 'tamana' and n.code = '⑲' and a.period = 'FY2023'
     order by a.id desc limit 1`,
  );
  return Number(rows.rows[0]?.value);
}

const bar = (page: Page, section: string, key: string) =>
  page.locator(`[data-testid="${section}"] .bar-row[data-key="${key}"]`);

describe("LIFF digest preview", () => {
  test("the office opens the digest from the board: counts as bars, behind target, altText, changes since the last digest", async () => {
    const page = await h.open(USERS.office, PHONE, "/?plan=tamana");
    try {
      await waitForBoard(page);
      await page.getByRole("link", { name: "ダイジェスト" }).click();
      await page.getByTestId("digest").waitFor({ timeout: 60_000 });
      expect(new URL(page.url()).pathname).toBe("/digest");
      expect(new URL(page.url()).searchParams.get("plan")).toBe("tamana");
      expect(await page.locator("h1").last().textContent()).toContain("玉名市");
      expect(await page.locator("h1").last().textContent()).toContain("R5年度の評価");

      // All 21 initiatives are in 着手していること; R5 進捗状況 A 17, B 4.
      expect(await bar(page, "by-column", "started").getAttribute("data-count")).toBe("21");
      expect(await bar(page, "by-column", "done").getAttribute("data-count")).toBe("0");
      expect(
        await bar(page, "by-column", "started").locator(".bar-fill").getAttribute("style"),
      ).toContain("width: 100%");
      expect(await bar(page, "by-grade", "A").getAttribute("data-count")).toBe("17");
      expect(await bar(page, "by-grade", "B").getAttribute("data-count")).toBe("4");
      expect(await bar(page, "by-weather", "none").getAttribute("data-count")).toBe("21");
      expect(
        Number(await bar(page, "by-status", "at_risk").getAttribute("data-count")),
      ).toBeGreaterThan(0);

      // ⑲: 実績 40 % against 目標 50 %, 80 % of target, 要注意; its link opens the detail.
      const paperless = page.locator('[data-testid=behind] li[data-code="⑲"]');
      expect(await paperless.getAttribute("data-status")).toBe("at_risk");
      expect(await paperless.textContent()).toContain("実績 40% / 目標 50%（目標比 80%）");
      expect(await paperless.textContent()).toContain("総務課");
      // No monthly readings in this 年度: nothing is forecast to miss, and the page says so.
      expect(await page.getByTestId("forecast-misses").textContent()).toContain(
        "年度末の見込みで目標に届かない指標（0件）年度末の見込みで目標に届かない指標はありません（月次の実績が3か月分そろった指標が対象です）。",
      );

      // The notification shows the altText, at most 400 characters.
      const alt =
        (await page.getByTestId("alt-text").locator(".notification-text").textContent()) ?? "";
      expect(alt.startsWith("【進捗ダイジェスト】玉名市")).toBe(true);
      expect(alt).toContain("取組 21件");
      expect(alt.length).toBeLessThanOrEqual(400);
      expect(await page.getByTestId("alt-length").textContent()).toBe(`${alt.length}/400文字`);

      // No digest sent yet: nothing to compare with.
      expect(await page.getByTestId("changes").textContent()).toContain(
        "前回のダイジェストの記録がない",
      );
      expect(await page.getByTestId("missing").textContent()).toContain("未報告の課はありません");
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, "digest-phone-screen.png") });
      await page.screenshot({ path: join(ARTIFACTS, "digest-phone.png"), fullPage: true });

      // Back to the board, which kept its place.
      await page.getByRole("button", { name: "ボードへ戻る" }).click();
      await waitForBoard(page);
      expect(new URL(page.url()).pathname).toBe("/");
    } finally {
      await closePage(page);
    }

    // A digest is sent (its snapshot recorded), then ⑲ moves: the preview says what changed.
    const { json } = await h.api(USERS.office, "GET", "/api/plans/tamana/digest");
    const snapshot = (json.digest as { snapshot: DigestSnapshot }).snapshot;
    await recordDigest(h.server.deps.db, {
      planId: "tamana",
      snapshot,
      audience: "all",
      recipients: 0,
      slot: null,
    });
    const id = await h.initiativeId("⑲");
    const before = await h.initiativeRow(id);
    await h.api(USERS.office, "PATCH", `/api/initiatives/${id}`, {
      version: before.version,
      column: "review",
    });
    const desktop = await h.open(USERS.office, DESKTOP, "/digest?plan=tamana");
    try {
      await desktop.getByTestId("digest").waitFor({ timeout: 60_000 });
      expect(await bar(desktop, "by-column", "review").getAttribute("data-count")).toBe("1");
      const changes = desktop.getByTestId("changes");
      expect(await changes.getByTestId("moved").textContent()).toContain("列の移動 1件");
      expect(await changes.getByTestId("moved").textContent()).toContain(
        "⑲: 着手していること → 評価・見直し",
      );
      expect(await changes.getByTestId("new-actuals").textContent()).toBe("新しい実績 0件");
      expect(await desktop.getByTestId("alt-text").textContent()).toContain(
        "前回から: 列の移動 1件",
      );
      await desktop.screenshot({ path: join(ARTIFACTS, "digest-desktop.png"), fullPage: true });
    } finally {
      await closePage(desktop);
      const now = await h.initiativeRow(id);
      await h.api(USERS.office, "PATCH", `/api/initiatives/${id}`, {
        version: now.version,
        column: "started",
      });
    }
  });

  test("a lead has no office links and is refused the digest and the import, with the server's reason", async () => {
    const page = await h.open(USERS.lead, PHONE, "/?plan=tamana");
    try {
      await waitForBoard(page);
      expect(await page.getByRole("link", { name: "ダイジェスト" }).count()).toBe(0);
      expect(await page.getByRole("link", { name: "取り込み" }).count()).toBe(0);
    } finally {
      await closePage(page);
    }
    const digest = await h.open(USERS.lead, PHONE, "/digest?plan=tamana");
    try {
      await digest.getByTestId("refused").waitFor({ timeout: 60_000 });
      expect(await digest.getByTestId("refused").textContent()).toBe(
        "ダイジェストのプレビューはDX推進担当の方だけが使えます。",
      );
      expect(await digest.getByTestId("digest").count()).toBe(0);
      await digest.screenshot({ path: join(ARTIFACTS, "digest-phone-refused.png") });
    } finally {
      await closePage(digest);
    }
    const imports = await h.open(USERS.lead, PHONE, "/import");
    try {
      await imports.getByTestId("refused").waitFor({ timeout: 60_000 });
      expect(await imports.getByTestId("refused").textContent()).toContain("DX推進担当の方だけ");
      expect(await imports.getByTestId("import-files").count()).toBe(0);
    } finally {
      await closePage(imports);
    }
    // The server refuses them too, whatever the page shows.
    expect((await h.api(USERS.lead, "GET", "/api/plans/tamana/digest")).status).toBe(403);
    const forced = await h.api(USERS.lead, "POST", "/api/plans/import", {
      files: { "plan.yaml": "id: x" },
      dryRun: true,
    });
    expect(forced.status).toBe(403);
  });
});

const SMALL_PLAN = {
  "plan.yaml":
    "id: shiken\nname: 試験計画\ncity: 試験市\nperiod: { from: R5, to: R7 }\nlevels: [基本方針]\nweather: [晴れ, くもり, 雨]\n",
  "org_units.csv": "名称,上位,種別\n総務課,,課\n",
  "branches.csv": "ID,階層,記号,名称,上位ID\n1,1,【1】,方針1,\n",
};

/** A file for the page's file input; CSV in Shift_JIS, as Excel in Japan saves it. */
const file = (name: string, text: string, encoding: "utf-8" | "shift_jis" = "utf-8") => ({
  name,
  mimeType: name.endsWith(".csv") ? "text/csv" : "application/x-yaml",
  buffer: encoding === "shift_jis" ? iconv.encode(text, "Shift_JIS") : Buffer.from(text, "utf8"),
});

const reportCount = (page: Page, table: string, kind: "created" | "updated" | "unchanged") =>
  page
    .locator(`[data-testid=dry-run] tr[data-table="${table}"] td[data-count="${kind}"]`)
    .textContent();

async function openImport(page: Page) {
  await waitForBoard(page);
  await page.getByRole("link", { name: "取り込み" }).click();
  await page.getByTestId("import").waitFor({ timeout: 60_000 });
}

describe("LIFF import", () => {
  test("broken Shift_JIS CSV: every problem with its file, row and column, and nothing written; fixed, a dry run, then the import", async () => {
    const page = await h.open(USERS.office, PHONE, "/?plan=tamana");
    try {
      await openImport(page);
      const plansBefore = await count("select count(*) as n from plans");
      const broken =
        "コード,取組名,体系ID,担当課\n1,会議のペーパーレス化,1,総務課\n2,窓口の改善,9,総務課\n3,,1,企画課\n";
      await page.getByTestId("import-files").setInputFiles([
        file("plan.yaml", SMALL_PLAN["plan.yaml"]),
        file("org_units.csv", SMALL_PLAN["org_units.csv"]),
        file("branches.csv", SMALL_PLAN["branches.csv"]),
        // A Japanese name (the template's sheet name) is sent as initiatives.csv.
        file("取組.csv", broken, "shift_jis"),
      ]);
      const problems = page.getByTestId("problems");
      await problems.waitFor({ timeout: 30_000 });
      expect(
        await page
          .locator('[data-testid=selected-files] li[data-name="取組.csv"]')
          .getAttribute("data-encoding"),
      ).toBe("shift_jis");
      expect(await problems.locator("h2").textContent()).toBe("3件の問題があります");
      expect(await page.getByTestId("nothing-written").textContent()).toContain(
        "何も書き込んでいません",
      );
      const items = problems.locator("li");
      expect(await items.count()).toBe(3);
      const first = items.nth(0);
      expect(await first.getAttribute("data-file")).toBe("initiatives.csv");
      expect(await first.getAttribute("data-row")).toBe("3");
      expect(await first.getAttribute("data-column")).toBe("C列（体系ID）");
      expect(await first.textContent()).toContain(
        "取組.csv（initiatives.csv）・3行目・C列（体系ID）",
      );
      expect(await first.textContent()).toContain("体系ID「9」が branches.csv にありません。");
      const rows = await items.evaluateAll((els) =>
        els.map((el) => `${el.getAttribute("data-row")} ${el.getAttribute("data-column")}`),
      );
      expect(rows).toEqual(["3 C列（体系ID）", "4 B列（取組名）", "4 D列（担当課）"]);
      // Decoded from Shift_JIS: the message quotes the 課 name as written.
      expect(await items.nth(2).textContent()).toContain("担当課「企画課」");
      expect(await page.getByRole("button", { name: "この内容で取り込む" }).count()).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, "import-phone-problems.png"), fullPage: true });
      expect(await count("select count(*) as n from plans")).toBe(plansBefore);
      expect(await count("select count(*) as n from plans where id = 'shiken'")).toBe(0);

      // Fixed: the dry run says what would be created, and still writes nothing.
      const fixed =
        "コード,取組名,体系ID,担当課\n1,会議のペーパーレス化,1,総務課\n2,窓口の改善,1,総務課\n";
      await page
        .getByTestId("import-files")
        .setInputFiles([
          file("plan.yaml", SMALL_PLAN["plan.yaml"]),
          file("org_units.csv", SMALL_PLAN["org_units.csv"]),
          file("branches.csv", SMALL_PLAN["branches.csv"]),
          file("initiatives.csv", fixed, "shift_jis"),
        ]);
      await page.getByTestId("dry-run").waitFor({ timeout: 30_000 });
      expect(await page.getByTestId("problems").count()).toBe(0);
      expect(await page.getByTestId("report-plan").textContent()).toBe(
        "計画「shiken」を新しく登録します。",
      );
      expect(await reportCount(page, "initiatives", "created")).toBe("2");
      expect(await reportCount(page, "departments", "created")).toBe("1");
      expect(await reportCount(page, "branches", "created")).toBe("1");
      expect(await reportCount(page, "initiatives", "unchanged")).toBe("0");
      expect(await count("select count(*) as n from plans where id = 'shiken'")).toBe(0);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, "import-phone-dry-run.png"), fullPage: true });

      await page.getByRole("button", { name: "この内容で取り込む" }).click();
      await page.getByTestId("imported").waitFor({ timeout: 30_000 });
      expect(await page.getByTestId("imported").textContent()).toContain(
        "計画「shiken」を取り込みました。",
      );
      expect(await count("select count(*) as n from plans where id = 'shiken'")).toBe(1);
      expect(await count("select count(*) as n from initiatives where plan_id = 'shiken'")).toBe(2);
      await page.screenshot({ path: join(ARTIFACTS, "import-phone-done.png"), fullPage: true });
    } finally {
      await closePage(page);
    }
  });

  test("an Excel workbook: a broken sheet names its sheet row and column; a valid one shows 更新 and 変更なし counts without writing", async () => {
    const broken = await tamanaWorkbook((wb) => {
      const sheet = wb.getWorksheet("取組");
      sheet?.eachRow((row) => {
        if (row.getCell(1).text === "⑲") row.getCell(3).value = "9-9";
      });
    });
    const brokenRow = tamanaRow("initiatives.csv", "⑲");
    const edited = await tamanaWorkbook((wb) => {
      // ⑲-1's R5 actual: 40 → 45.
      wb.getWorksheet("実績")?.eachRow((row) => {
        if (row.getCell(1).text === "⑲-1" && row.getCell(2).text === "R5") {
          row.getCell(3).value = "45";
          row.getCell(4).value = "45%";
        }
      });
    });
    const page = await h.open(USERS.office, DESKTOP, "/import");
    try {
      await page.getByTestId("import").waitFor({ timeout: 60_000 });
      await page.getByTestId("import-files").setInputFiles({
        name: "tamana.xlsx",
        mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer: broken,
      });
      const problems = page.getByTestId("problems");
      await problems.waitFor({ timeout: 60_000 });
      const first = problems.locator("li").first();
      expect(await first.getAttribute("data-file")).toBe("シート「取組」");
      expect(await first.getAttribute("data-row")).toBe(String(brokenRow));
      expect(await first.getAttribute("data-column")).toBe("C列（体系ID）");
      expect(await first.textContent()).toContain(
        `シート「取組」・${brokenRow}行目・C列（体系ID）`,
      );
      expect(await page.getByTestId("nothing-written").isVisible()).toBe(true);
      expect(await page.getByTestId("selected-files").textContent()).toContain(
        "シート: 計画、組織",
      );
      await page.screenshot({
        path: join(ARTIFACTS, "import-desktop-xlsx-problems.png"),
        fullPage: true,
      });

      await page.getByTestId("import-files").setInputFiles({
        name: "tamana.xlsx",
        mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer: edited,
      });
      await page.getByTestId("dry-run").waitFor({ timeout: 60_000 });
      expect(await page.getByTestId("report-plan").textContent()).toBe(
        "計画「tamana」を更新します。",
      );
      expect(await reportCount(page, "initiatives", "unchanged")).toBe("21");
      expect(await reportCount(page, "initiatives", "created")).toBe("0");
      expect(await reportCount(page, "actuals", "updated")).toBe("1");
      expect(await page.getByRole("button", { name: "この内容で取り込む" }).isEnabled()).toBe(true);
      await page.screenshot({
        path: join(ARTIFACTS, "import-desktop-xlsx-dry-run.png"),
        fullPage: true,
      });
      // A dry run writes nothing.
      expect(await paperlessActual()).toBe(40);

      // A formula without a saved result is refused in the page, naming its cell, as the CLI
      // refuses it (it used to be sent as an empty cell).
      let unsavedRow = 0;
      const unsaved = await tamanaWorkbook((wb) => {
        wb.getWorksheet("実績")?.eachRow((row, rowNumber) => {
          if (row.getCell(1).text === "⑲-1" && row.getCell(2).text === "R5") {
            row.getCell(3).value = { formula: "40+5" } as ExcelJS.CellFormulaValue;
            unsavedRow = rowNumber;
          }
        });
      });
      await page.getByTestId("import-files").setInputFiles({
        name: "tamana.xlsx",
        mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer: unsaved,
      });
      await expect
        .poll(() => page.getByTestId("problems").textContent(), { timeout: 60_000 })
        .toContain("計算結果が保存されていません");
      const formula = page.getByTestId("problems").locator("li");
      expect(await formula.count()).toBe(1);
      expect(await formula.first().getAttribute("data-file")).toBe("シート「実績」");
      expect(await formula.first().getAttribute("data-row")).toBe(String(unsavedRow));
      expect(await formula.first().getAttribute("data-column")).toBe("C列（値）");
      expect(await page.getByTestId("nothing-written").textContent()).toContain(
        "何も送っていません",
      );

      // Mixing a workbook with CSV is refused in the page, before anything is sent.
      await page
        .getByTestId("import-files")
        .setInputFiles([
          { name: "tamana.xlsx", mimeType: "application/octet-stream", buffer: edited },
          file("initiatives.csv", "コード\n"),
        ]);
      await expect
        .poll(() => page.getByTestId("problems").textContent())
        .toContain("Excel ブックと CSV は一緒に選べません");
      expect(await page.getByTestId("nothing-written").textContent()).toContain(
        "何も送っていません",
      );
    } finally {
      await closePage(page);
    }
  });
});

const TAMANA = join(BUNDLED_PLANS_DIR, "tamana");
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

/** The sheet row of the row whose first cell is `code` (the header is row 1). */
function tamanaRow(file: string, code: string): number {
  const rows = parseCsv(readFileSync(join(TAMANA, file), "utf8")) as string[][];
  return rows.findIndex((r) => r[0] === code) + 1;
}

/** The Tamana folder as a workbook, as an office keeps it in Excel (with a 説明 sheet first). */
async function tamanaWorkbook(edit?: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("説明").addRow(["このブックは取込形式です。"]);
  const plan = wb.addWorksheet("計画");
  plan.addRow(["項目", "値"]);
  const meta = parseYaml(readFileSync(join(TAMANA, "plan.yaml"), "utf8")) as Record<
    string,
    unknown
  >;
  const flat = (prefix: string, value: unknown) => {
    if (Array.isArray(value)) plan.addRow([prefix, value.join(";")]);
    else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value)) flat(prefix ? `${prefix}.${k}` : k, v);
    else plan.addRow([prefix, String(value)]);
  };
  flat("", meta);
  for (const [name, sheetName] of Object.entries(SHEETS)) {
    const rows = parseCsv(readFileSync(join(TAMANA, name), "utf8")) as string[][];
    const sheet = wb.addWorksheet(sheetName);
    for (const r of rows) sheet.addRow(r);
  }
  edit?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
