/**
 * The 出典 mark on the LIFF detail page (issue 14 §1) in real Chromium: a small 「推定」 or 「読取」
 * beside a value the plan does not print as it stands — targets, schedule years, the 取組名 — with the
 * note in its title and for screen readers; nothing beside a printed value.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
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
  });
});
