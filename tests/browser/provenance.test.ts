/**
 * The 出典 mark on the LIFF detail page (issue 14 §1) in real Chromium: a small 「推定」 or 「読取」
 * beside a value the plan does not print as it stands — targets, schedule years, the 取組名 — with the
 * note in its title and for screen readers; nothing beside a printed value. On the board, a card marks
 * what it shows that is inferred: its 取組名, and the bar whose actual or target is inferred.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
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

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function openDetail(code: string): Promise<Page> {
  const page = await h.open(USERS.financeLead, PHONE, `/initiatives/${await h.initiativeId(code)}`);
  await page.getByTestId("detail").waitFor({ timeout: 60_000 });
  return page;
}

describe("LIFF detail: provenance marks", () => {
  test("② shows 推定 beside its R7 and R8 targets and its schedule years, with the note; ① R4 target has none", async () => {
    const page = await openDetail("②");
    try {
      const cell = (year: number) =>
        page.locator(`[data-testid=figures] tr[data-year="${year}"] [data-kind=target]`).first();
      const r7 = cell(2025).locator(".provenance");
      expect(await r7.getAttribute("data-provenance")).toBe("inferred");
      expect(await r7.locator("[aria-hidden=true]").textContent()).toBe("推定");
      const title = await r7.getAttribute("title");
      expect(title).toContain("出典: 推定（目標は「50% 100%」の2つだけ印刷");
      expect(title).toContain("資料に書かれておらず、推定した値です。");
      // Screen readers read the note with the figure.
      expect(await cell(2025).textContent()).toContain("出典: 推定（目標は「50% 100%」");
      expect(await cell(2026).locator(".provenance").count()).toBe(1);
      // No mark on an empty year, and the schedule's years are marked too.
      expect(await cell(2022).locator(".provenance").count()).toBe(0);
      const periods = page.locator(".schedule-period .provenance[data-provenance=inferred]");
      expect(await periods.count()).toBeGreaterThan(0);
      expect(await periods.first().getAttribute("title")).toContain(
        "工程表の列の位置が抽出で失われた",
      );
      expect(await page.locator("h1 .provenance").count()).toBe(0);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, "provenance-phone.png"), fullPage: true });
    } finally {
      await closePage(page);
    }

    const printed = await openDetail("①");
    try {
      const figures = printed.locator("[data-testid=figures]").first();
      await figures.waitFor();
      expect(await figures.locator(".provenance").count()).toBe(0);
    } finally {
      await closePage(printed);
    }
  });

  test("a reconstructed 取組名 carries its mark in the heading", async () => {
    const id = await h.initiativeId("⑤");
    await h.server.deps.db.$client.execute({
      sql: "update initiatives set title_source = 'inferred', title_source_note = '管理項目の欄が空。工程表から補った' where id = ?",
      args: [id],
    });
    // The plan view is cached per revision (db/plans.ts): an import bumps it, so does this test.
    await h.server.deps.db.$client.execute(
      "update plans set revision = revision + 1 where id = 'tamana'",
    );
    const page = await openDetail("⑤");
    try {
      const mark = page.locator("h1 .provenance");
      expect(await mark.getAttribute("data-provenance")).toBe("inferred");
      expect(await mark.getAttribute("data-note")).toBe("管理項目の欄が空。工程表から補った");
      expect(await page.locator("h1 [aria-hidden=true]").textContent()).toBe("推定");
    } finally {
      await closePage(page);
    }
    // The board's card marks the name too.
    const board = await openBoard();
    try {
      const mark = card(board, "⑤").locator(".card-title .provenance");
      expect(await mark.getAttribute("data-provenance")).toBe("inferred");
      expect(await mark.getAttribute("title")).toContain("管理項目の欄が空。工程表から補った");
    } finally {
      await closePage(board);
    }
  });
});

async function openBoard(): Promise<Page> {
  const page = await h.open(USERS.office, PHONE);
  await page.locator("[data-testid=initiative-card]").first().waitFor({ timeout: 60_000 });
  return page;
}
const card = (page: Page, code: string) =>
  page.locator(`[data-testid=initiative-card][data-code="${code}"]`);

describe("board cards: provenance marks", () => {
  test("⑱'s bar is marked 推定 (its R5 実績 7業務 and 目標 3業務 are placed on R5 by inference); ① and ⑲, printed, are not", async () => {
    const page = await openBoard();
    try {
      // Seed 004 lines 2987–2989 print 「3業務」 and 「7業務」 with no year (actuals.csv, targets.csv 推定).
      const mark = card(page, "⑱").locator(".indicator-bar-label .provenance");
      expect(await mark.getAttribute("data-provenance")).toBe("inferred");
      expect(await mark.locator("[aria-hidden=true]").textContent()).toBe("推定");
      expect(await mark.getAttribute("title")).toContain("実績は「7業務」の1つだけ印刷");
      // Printed figures and names carry no mark; neither does a read (読取) value on a card.
      for (const code of ["①", "⑲"]) {
        expect(await card(page, code).locator(".indicator-bar").count()).toBe(1);
        expect(await card(page, code).locator(".provenance").count()).toBe(0);
      }
      expect(await horizontalOverflow(page)).toBe(0);
      await expectAccessible(page, "board with a 推定 mark (360 px)");
      await card(page, "⑱").scrollIntoViewIfNeeded();
      await card(page, "⑱").screenshot({ path: join(ARTIFACTS, "provenance-card.png") });
    } finally {
      await closePage(page);
    }
  });
});
