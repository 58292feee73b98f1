/**
 * Review periods on the detail page (issue 14 §2), in real Chromium: Inzai's R7Q2 review as of
 * 2025-09-29 (seed 003) with a second quarter imported beside it, latest first, each with its 時点,
 * 天気, 今後の方向性 and 進捗状況 text; the board card shows the latest review's 天気; a 天気 changed on the
 * page is the review of today's quarter.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addMember } from "../../db/members.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder } from "../../io/plan-files.ts";
import {
  formatIsoDate,
  reviewPeriodAt,
  reviewPeriodKey,
  reviewPeriodKeyText,
  tokyoIsoDate,
} from "../../shared/fiscal-year.ts";
import { expectAccessible } from "./axe.ts";
import { ARTIFACTS, closePage, type Harness, PHONE, startHarness } from "./support.ts";

let h: Harness;
let dir: string;
const INZAI_LEAD = "Uinzai-lead";

beforeAll(async () => {
  h = await startHarness();
  const db = h.server.deps.db;
  // Inzai as bundled, then a second quarter's review of A1-4 (the test's, not the source's).
  dir = mkdtempSync(join(tmpdir(), "shinchoku-reviews-browser-"));
  cpSync(join(BUNDLED_PLANS_DIR, "inzai"), dir, { recursive: true });
  const first = await importPlanFolder(db, dir);
  if (!first.ok) throw new Error(JSON.stringify(first.issues.slice(0, 3)));
  const reviews = join(dir, "reviews.csv");
  writeFileSync(reviews, `${readFileSync(reviews, "utf8")}A1-4,R7Q3,2025-12-26,晴れ,拡充,,\n`);
  const narratives = join(dir, "narratives.csv");
  writeFileSync(
    narratives,
    `${readFileSync(narratives, "utf8")}A1-4,,R7Q3,進捗状況,12月末時点。45/60完了。\n`,
  );
  const second = await importPlanFolder(db, dir, { updateBoard: true });
  if (!second.ok) throw new Error(JSON.stringify(second.issues.slice(0, 3)));
  await addMember(db, {
    planId: "inzai",
    lineUserId: INZAI_LEAD,
    role: "lead",
    department: "市民部",
  });
});

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("review periods on the detail page", () => {
  test("A1-4 lists R7Q3 above R7Q2, each with its 時点, and the board shows Q3's 天気", async () => {
    const page = await h.open(INZAI_LEAD, PHONE);
    try {
      const card = page.locator('[data-testid=initiative-card][data-code="A1-4"]');
      await card.waitFor({ timeout: 60_000 });
      expect(await card.locator("[data-weather]").getAttribute("data-weather")).toBe("晴れ");
      await card.locator(".card-link").click();
      await page.getByTestId("detail").waitFor({ timeout: 60_000 });
      const periods = page.getByTestId("review-period");
      await periods.first().waitFor();
      expect(await periods.locator("h3").allInnerTexts()).toEqual([
        "R7年度 第3四半期 2025年12月26日時点",
        "R7年度 第2四半期 2025年9月29日時点",
      ]);
      const [q3, q2] = await periods.allInnerTexts();
      expect(q3).toContain("晴れ");
      expect(q3).toContain("拡充");
      expect(q3).toContain("45/60完了");
      expect(q2).toContain("継続");
      expect(q2).toContain("28/60完了");
      expect(q2).not.toContain("45/60");
      // The plan-level text (目的) stays first, above the periods.
      expect(await page.locator(".narrative-group h3").first().textContent()).toBe(
        "計画期間を通して",
      );
      await periods.first().screenshot({ path: join(ARTIFACTS, "detail-review-periods.png") });
      await expectAccessible(page, "detail with review periods (360 px)");
    } finally {
      await closePage(page);
    }
  });

  test("changing 天気 on the page writes the review of today's quarter, shown first", async () => {
    const page = await h.open(INZAI_LEAD, PHONE);
    try {
      const card = page.locator('[data-testid=initiative-card][data-code="A1-4"]');
      await card.waitFor({ timeout: 60_000 });
      await card.locator(".card-link").click();
      await page.getByTestId("detail").waitFor({ timeout: 60_000 });
      // The server's clock is the real one: today's quarter in Tokyo (R8年度 第3四半期 on 2026-12-02).
      const now = new Date();
      const period = reviewPeriodKeyText(reviewPeriodKey(reviewPeriodAt("quarterly", now)));
      await page.getByText(`変更は${period}のレビューに本日付で記録されます。`).first().waitFor();
      await page.locator(".weather-option[data-weather=くもり]").click();
      await page.getByText("天気を「くもり」にしました").waitFor();
      const periods = page.getByTestId("review-period");
      const current = periods.first();
      await current.locator("h3").getByText(period).waitFor();
      expect(await current.locator("h3").textContent()).toBe(
        `${period} ${formatIsoDate(tokyoIsoDate(now))}時点`,
      );
      expect(await current.textContent()).toContain("くもり");
      // The imported quarters stay as they were.
      expect((await periods.allInnerTexts()).slice(1).join("\n")).not.toContain("くもり");
      await expectAccessible(page, "detail after a 天気 change (360 px)");
    } finally {
      await closePage(page);
    }
  });
});
