/**
 * A plan's own 推進体制 (issue 14 §3) on the detail page, in real Chromium: Inzai's four roles as its
 * seed prints them (seed 003, lines 145–156), readable at 360 px and meeting WCAG 2.1 AA; a plan that
 * prints none (Tamana) shows no empty section.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addMember } from "../../db/members.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder } from "../../io/plan-files.ts";
import { expectAccessible } from "./axe.ts";
import {
  ARTIFACTS,
  closePage,
  type Harness,
  horizontalOverflow,
  PHONE,
  startHarness,
  USERS,
} from "./support.ts";

let h: Harness;
const INZAI_OFFICE = "Uinzai-office";

beforeAll(async () => {
  h = await startHarness();
  const db = h.server.deps.db;
  const imported = await importPlanFolder(db, join(BUNDLED_PLANS_DIR, "inzai"));
  if (!imported.ok) throw new Error(JSON.stringify(imported.issues.slice(0, 3)));
  await addMember(db, { planId: "inzai", lineUserId: INZAI_OFFICE, role: "office" });
});

let matsue: Promise<void> | undefined;
const MATSUE_OFFICE = "Umatsue-office";

/** The id of a Matsue 取組, importing the bundled plan on first use. */
async function matsueId(code: string): Promise<number> {
  const db = h.server.deps.db;
  matsue ??= (async () => {
    const imported = await importPlanFolder(db, join(BUNDLED_PLANS_DIR, "matsue"));
    if (!imported.ok) throw new Error(JSON.stringify(imported.issues.slice(0, 3)));
    await addMember(db, { planId: "matsue", lineUserId: MATSUE_OFFICE, role: "office" });
  })();
  await matsue;
  const row = await db.$client.execute({
    sql: "select id from initiatives where plan_id = 'matsue' and code = ?",
    args: [code],
  });
  return Number(row.rows[0]?.id);
}

afterAll(async () => {
  await h?.close();
});

describe("推進体制 on the detail page", () => {
  test("Inzai's detail lists its プロジェクトオーナー 市長, マネージャー 副市長, PMO and PL with their duties", async () => {
    const id = await h.server.deps.db.$client.execute(
      "select id from initiatives where plan_id = 'inzai' and code = 'B1-5a'",
    );
    const page = await h.open(INZAI_OFFICE, PHONE, `/initiatives/${id.rows[0]?.id}`);
    try {
      const section = page.getByTestId("governance");
      await section.waitFor({ timeout: 60_000 });
      const roles = await section.locator(".governance dt").allTextContents();
      expect(roles).toEqual([
        "プロジェクトオーナー",
        "プロジェクトマネージャー",
        "プロジェクトマネジメントオフィス（PMO）",
        "プロジェクトリーダー（PL）",
      ]);
      const holders = await section.locator(".governance dd").allTextContents();
      expect(holders[0]).toContain("市長");
      expect(holders[1]).toContain("副市長");
      expect(holders[2]).toContain("総務部DX推進課デジタル戦略室・総務課行革推進係");
      expect(holders[3]).toContain("具体的な施策の遂行や成果創出を担います。");
      // 4. ロードマップ under the roles: the 長期 figure's steps, then the 中期 table's rows with their
      // cells per year (seed line 174, No.15 R10年度以降: 「・伴走支援に よる各種施策 の推進」).
      const roadmaps = section.getByTestId("roadmap");
      expect(await roadmaps.locator("h3").allTextContents()).toEqual([
        "長期ロードマップ",
        "中期ロードマップ",
      ]);
      const no15 = roadmaps.nth(1).locator("li").filter({ hasText: "No.15" });
      expect(await no15.locator("dt").allTextContents()).toEqual([
        "R6年度",
        "R7年度",
        "R8年度",
        "R9年度",
        "R10年度以降",
      ]);
      expect(await no15.locator("dd").last().textContent()).toBe("・伴走支援による各種施策の推進");
      expect(await horizontalOverflow(page)).toBe(0);
      await section.screenshot({ path: join(ARTIFACTS, "governance-roadmaps-phone.png") });
      await expectAccessible(page, "detail with 推進体制 (360 px)");
    } finally {
      await closePage(page);
    }
  });

  test("a Matsue 取組 shows its 柱's ビジョン and 達成すべき状態 (seed 001), above its own narratives", async () => {
    const page = await h.open(MATSUE_OFFICE, PHONE, `/initiatives/${await matsueId("No.31")}`);
    try {
      const section = page.getByTestId("vision");
      await section.waitFor({ timeout: 60_000 });
      expect(await section.locator("h2").textContent()).toBe("関係する柱とビジョン");
      expect(await section.locator("p").first().textContent()).toContain("業務の効率化");
      // No.31 is in no 再掲 row: one 柱, no 再掲 line.
      expect(await section.locator(".vision").count()).toBe(1);
      expect(await page.getByTestId("cross-listings").count()).toBe(0);
      expect(await section.locator("li").allTextContents()).toContain(
        "職員は紙の書類を探さなくとも、すぐに必要な情報を取り出せる",
      );
      await expectAccessible(page, "detail with ビジョン (360 px)");
    } finally {
      await closePage(page);
    }
  });

  test("a Matsue 取組 listed again (再掲) under another 柱 shows both 柱 with their ビジョン (issue 14 §6)", async () => {
    // Seed 000, 3.2 業務の効率化 list, lines 3713–3716: 「再」「掲」「10 自立支援医療費（精神通院）受給者証の
    // 更新申請のデジタル化」; its sheet header (1737) is 「No.10【市民サービスの向上：福祉】」.
    const page = await h.open(MATSUE_OFFICE, PHONE, `/initiatives/${await matsueId("No.10")}`);
    try {
      const section = page.getByTestId("vision");
      await section.waitFor({ timeout: 60_000 });
      const pillars = section.locator(".vision");
      expect(
        await pillars.evaluateAll((els) => els.map((e) => e.getAttribute("data-pillar"))),
      ).toEqual(["市民サービスの向上", "業務の効率化"]);
      const second = pillars.nth(1);
      expect(await second.getAttribute("data-cross-listed")).toBe("true");
      expect(await second.locator("p").textContent()).toContain(
        "業務の効率化（再掲: 各課業務の効率化）:「すべての職員が、最適な環境の下、",
      );
      expect(await second.locator("li").allTextContents()).toContain(
        "職員は紙の書類を探さなくとも、すぐに必要な情報を取り出せる",
      );
      expect(await page.getByTestId("cross-listings").textContent()).toBe(
        "再掲: 業務の効率化 › 各課業務の効率化",
      );
      expect(await horizontalOverflow(page)).toBe(0);
      await expectAccessible(page, "detail with two 柱 (360 px)");
      await section.screenshot({ path: join(ARTIFACTS, "pillars-phone.png") });
    } finally {
      await closePage(page);
    }
  });

  test("Tamana, which prints no 推進体制, shows no such section", async () => {
    const page = await h.open(USERS.office, PHONE, `/initiatives/${await h.initiativeId("⑲")}`);
    try {
      await page.getByTestId("detail").waitFor({ timeout: 60_000 });
      expect(await page.getByTestId("governance").count()).toBe(0);
    } finally {
      await closePage(page);
    }
  });
});
