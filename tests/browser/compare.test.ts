/**
 * The comparison page (/compare/:catalogId, issue 13 §2) in real Chromium: reached from the detail
 * page's 共通指標, one small Chart.js line per city with its latest value and target, and each city's
 * own definition behind a tap. Tamana ships mapped; Matsue's No.3-1 is mapped by a test fixture
 * (it only nearly matches, docs/catalog.md); 熊本市 is a reference series imported from CSV text.
 */

import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { setPlanPublished } from "../../db/plans.ts";
import { replaceReferenceSource } from "../../db/reference-series.ts";
import { parseReferenceCsv } from "../../shared/reference-csv.ts";
import { importWithCatalog } from "../support/db.ts";
import { expectAccessible } from "./axe.ts";
import { closePage, DESKTOP, type Harness, PHONE, startHarness, USERS } from "./support.ts";

let h: Harness;
let fifteen: number;

const REFERENCE_CSV = [
  "\ufeff全国地方公共団体コード,地方公共団体名,計画名,指標名,単位,基準値,目標（原文）,年度,期間,区分,値,表記,共通指標",
  "431001,熊本市,熊本市DX推進計画,マイナンバーカード保有率,%,,令和7年度末に80%,2022,FY2022,実績（確定）,66.0,66.0%,mynumber-card-rate",
  "431001,熊本市,熊本市DX推進計画,マイナンバーカード保有率,%,,令和7年度末に80%,2023,FY2023,実績（確定）,74.5,74.5%,mynumber-card-rate",
  "431001,熊本市,熊本市DX推進計画,マイナンバーカード保有率,%,,令和7年度末に80%,2025,FY2025,目標,80,80%,mynumber-card-rate",
].join("\r\n");

beforeAll(async () => {
  h = await startHarness();
  const db = h.server.deps.db;
  await importWithCatalog(db, "matsue", { "No.3-1": "online-procedures" });
  // Another city's plan reaches Tamana's staff only once it is published.
  await setPlanPublished(db, "matsue", true);
  const parsed = parseReferenceCsv(REFERENCE_CSV);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  await replaceReferenceSource(db, "熊本市", "kumamoto.csv", parsed.rows);
  fifteen = await h.initiativeId("⑮");
});

afterAll(async () => {
  await h?.close();
});

const city = (page: Page, name: string) =>
  page.locator(`[data-testid=compare-series][data-city="${name}"]`);

/** Whether a chart's canvas has anything drawn on it. */
const drawn = (page: Page, name: string) =>
  city(page, name)
    .locator("canvas")
    .evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext("2d");
      if (!ctx || c.width === 0) return false;
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < px.length; i += 4) if ((px[i] ?? 0) > 0) return true;
      return false;
    });

test("from the detail page's 共通指標 to the cities' figures, charts and definitions", async () => {
  const page = await h.open(USERS.lead, PHONE, `/initiatives/${fifteen}`);
  try {
    await page.getByTestId("detail").waitFor({ timeout: 60_000 });
    const card = page.locator('[data-testid=indicator][data-key="⑮-2"]');
    await card.getByTestId("compare-link").click();
    await page.getByTestId("compare-page").waitFor({ timeout: 60_000 });
    expect(page.url()).toContain("/compare/mynumber-card-rate");
    expect(await page.locator("h1").textContent()).toBe("マイナンバーカード保有率の比較");
    expect(await page.getByTestId("compare-entry-definition").textContent()).toContain(
      "住民基本台帳人口",
    );
    expect(
      await page
        .getByTestId("compare-series")
        .evaluateAll((els) => els.map((e) => `${e.dataset.origin}:${e.dataset.city}`)),
    ).toEqual(["plan:玉名市", "reference:熊本市"]);

    const tamana = city(page, "玉名市");
    expect(await tamana.getByTestId("compare-latest").textContent()).toBe("72.0%（R5年度）");
    expect(await tamana.getByTestId("compare-target").textContent()).toBe("73.5%（R5年度）");
    const kumamoto = city(page, "熊本市");
    expect(await kumamoto.getByTestId("compare-latest").textContent()).toBe("74.5%（R5年度）");
    expect(await kumamoto.getByTestId("compare-target").textContent()).toBe("80%（R7年度）");
    expect(await tamana.getByText("登録済みの計画").count()).toBe(1);
    expect(await tamana.getByText("参照データ").count()).toBe(0);
    expect(await kumamoto.getByText("参照データ").count()).toBe(1);

    await page.waitForFunction(() => document.querySelectorAll("canvas").length === 2);
    await expect.poll(() => drawn(page, "玉名市")).toBe(true);
    await expect.poll(() => drawn(page, "熊本市")).toBe(true);
    expect(await tamana.locator("canvas").getAttribute("aria-label")).toBe(
      "玉名市の年度ごとの実績と目標",
    );

    // Each city's own definition is a tap away.
    const definition = kumamoto.locator("details");
    expect(await definition.evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
    await definition.locator("summary").click();
    expect(await definition.evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
    expect(await definition.textContent()).toContain("令和7年度末に80%");
    await tamana.locator("summary").click();
    expect(await tamana.locator("details").textContent()).toContain(
      "市民のマイナンバーカードの保有率",
    );
    await expectAccessible(page, "compare, phone, definitions open");
  } finally {
    await closePage(page);
  }
});

test("a plan here without actuals, the per-capita note and an unknown entry", async () => {
  const page = await h.open(USERS.lead, DESKTOP, "/compare/online-procedures");
  try {
    await page.getByTestId("compare-page").waitFor({ timeout: 60_000 });
    const matsue = city(page, "松江市");
    expect(await matsue.getByTestId("compare-latest").textContent()).toBe("なし");
    expect(await matsue.getByTestId("compare-target").textContent()).toBe("26手続（R4年度）");
    await expectAccessible(page, "compare, desktop");
  } finally {
    await closePage(page);
  }
  const staff = await h.open(USERS.lead, PHONE, "/compare/staff-count");
  try {
    await staff.getByTestId("per-capita-note").waitFor({ timeout: 60_000 });
    expect(await staff.getByTestId("per-capita-note").textContent()).toContain(
      "人口が登録されていない市",
    );
  } finally {
    await closePage(staff);
  }
  const unknown = await h.open(USERS.lead, PHONE, "/compare/no-such-entry");
  try {
    await unknown.getByText("共通指標「no-such-entry」はカタログにありません。").waitFor({
      timeout: 60_000,
    });
  } finally {
    await closePage(unknown);
  }
});
