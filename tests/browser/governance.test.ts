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
import { closePage, type Harness, PHONE, startHarness, USERS } from "./support.ts";

let h: Harness;
const INZAI_OFFICE = "Uinzai-office";

beforeAll(async () => {
  h = await startHarness();
  const db = h.server.deps.db;
  const imported = await importPlanFolder(db, join(BUNDLED_PLANS_DIR, "inzai"));
  if (!imported.ok) throw new Error(JSON.stringify(imported.issues.slice(0, 3)));
  await addMember(db, { planId: "inzai", lineUserId: INZAI_OFFICE, role: "office" });
});

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
      const roles = await section.locator("dt").allTextContents();
      expect(roles).toEqual([
        "プロジェクトオーナー",
        "プロジェクトマネージャー",
        "プロジェクトマネジメントオフィス（PMO）",
        "プロジェクトリーダー（PL）",
      ]);
      const holders = await section.locator("dd").allTextContents();
      expect(holders[0]).toContain("市長");
      expect(holders[1]).toContain("副市長");
      expect(holders[2]).toContain("総務部DX推進課デジタル戦略室・総務課行革推進係");
      expect(holders[3]).toContain("具体的な施策の遂行や成果創出を担います。");
      await expectAccessible(page, "detail with 推進体制 (360 px)");
    } finally {
      await closePage(page);
    }
  });

  test("a Matsue 取組 shows its 柱's ビジョン and 達成すべき状態 (seed 001), above its own narratives", async () => {
    const db = h.server.deps.db;
    const imported = await importPlanFolder(db, join(BUNDLED_PLANS_DIR, "matsue"));
    if (!imported.ok) throw new Error(JSON.stringify(imported.issues.slice(0, 3)));
    await addMember(db, { planId: "matsue", lineUserId: "Umatsue-office", role: "office" });
    const id = await db.$client.execute(
      "select id from initiatives where plan_id = 'matsue' and code = 'No.31'",
    );
    const page = await h.open("Umatsue-office", PHONE, `/initiatives/${id.rows[0]?.id}`);
    try {
      const section = page.getByTestId("vision");
      await section.waitFor({ timeout: 60_000 });
      expect(await section.locator("p").first().textContent()).toContain("業務の効率化");
      expect(await section.locator("li").allTextContents()).toContain(
        "職員は紙の書類を探さなくとも、すぐに必要な情報を取り出せる",
      );
      await expectAccessible(page, "detail with ビジョン (360 px)");
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
