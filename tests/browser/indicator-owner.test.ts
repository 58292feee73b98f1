/**
 * An indicator with its own 担当課 (issue 14 §5) on the LIFF detail page, in real Chromium: the card
 * names its 担当課, and only that 課's lead (and the office) gets the form to enter its figures.
 * Tamana ⑮ is re-imported with a test fixture (⑮-1 → 総務課, ⑮-2 → 市民課); the source names no
 * 課 per indicator (data/plans/tamana/NOTES.md).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { importWithIndicatorOwners } from "../support/db.ts";
import { closePage, type Harness, PHONE, startHarness, USERS } from "./support.ts";

let h: Harness;
let fifteen: number;

beforeAll(async () => {
  h = await startHarness();
  await importWithIndicatorOwners(h.server.deps.db, "tamana", {
    "⑮-1": "総務課",
    "⑮-2": "市民課",
  });
  fifteen = await h.initiativeId("⑮");
});

afterAll(async () => {
  await h?.close();
});

const card = (page: Page, key: string) =>
  page.locator(`[data-testid=indicator][data-key="${key}"]`);

test("the 総務課 lead sees each card's 担当課 and the form only on 総務課's own indicator", async () => {
  const page = await h.open(USERS.lead, PHONE, `/initiatives/${fifteen}`);
  try {
    await page.getByTestId("detail").waitFor({ timeout: 60_000 });
    const own = card(page, "⑮-1");
    const other = card(page, "⑮-2");
    expect(await own.getByTestId("indicator-department").textContent()).toContain("総務課");
    expect(await other.getByTestId("indicator-department").textContent()).toContain("市民課");
    expect(await own.locator("form.actual-form").count()).toBe(1);
    expect(await other.locator("form.actual-form").count()).toBe(0);
  } finally {
    await closePage(page);
  }
});

test("the office gets the form on both", async () => {
  const page = await h.open(USERS.office, PHONE, `/initiatives/${fifteen}`);
  try {
    await page.getByTestId("detail").waitFor({ timeout: 60_000 });
    expect(await page.locator("form.actual-form").count()).toBe(2);
  } finally {
    await closePage(page);
  }
});
