/**
 * The Content-Security-Policy (bot/security.ts) in real Chromium: the LIFF board (LIFF SDK, dnd-kit)
 * and the public page work under it with no violation (closePage fails on one), and the banner that
 * tells the office LINE's monthly limit stopped a reminder cycle.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getOrCreateCycle, insertDeliveries, updateCycle } from "../../db/reminders.ts";
import {
  closePage,
  DESKTOP,
  type Harness,
  PHONE,
  startHarness,
  USERS,
  watchCsp,
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

describe("Content-Security-Policy", () => {
  test("the board loads, drags and shows its cards under the CSP, with no violation", async () => {
    const page = await h.open(USERS.lead, PHONE);
    try {
      await waitForBoard(page);
      const res = await page.request.get(`${h.baseUrl}/api/config`);
      expect(res.headers()["content-security-policy"]).toContain("script-src 'self'");
      expect(res.headers()["x-content-type-options"]).toBe("nosniff");
      await page.locator("[data-drag-ready=true]").first().waitFor({ timeout: 60_000 });
    } finally {
      await closePage(page);
    }
  }, 180_000);

  test("the public page renders under its CSP with no violation", async () => {
    const context = await h.browser.newContext(DESKTOP);
    const page = await context.newPage();
    watchCsp(page);
    // Published, as `npx shinchoku publish --plan tamana` does.
    await h.server.deps.db.$client.execute("update plans set published = 1 where id = 'tamana'");
    try {
      const res = await page.goto(`${h.baseUrl}/public/tamana`);
      expect(res?.status()).toBe(200);
      expect(res?.headers()["content-security-policy"]).toContain("default-src 'self'");
      await page.locator("h1").first().waitFor();
      expect(await page.locator(".initiative").count()).toBeGreaterThan(0);
    } finally {
      await closePage(page);
    }
  });
});

describe("the monthly-limit banner", () => {
  test("says on the board and the digest preview how many were sent, how many wait and how to resume", async () => {
    const db = h.server.deps.db;
    const officeId = Number(
      (
        await db.$client.execute({
          sql: "select id from members where line_user_id = ? and plan_id = 'tamana'",
          args: [USERS.office],
        })
      ).rows[0]?.id,
    );
    const leadId = Number(
      (
        await db.$client.execute({
          sql: "select id from members where line_user_id = ? and plan_id = 'tamana'",
          args: [USERS.lead],
        })
      ).rows[0]?.id,
    );
    const { cycle } = await getOrCreateCycle(db, {
      planId: "tamana",
      cycleMonth: "2024-06",
      period: "2024-05",
      fiscalYear: 2024,
      kind: "interim",
      createdAt: new Date("2024-06-10T00:00:00Z"),
    });
    await insertDeliveries(db, [
      {
        cycleId: cycle.id,
        memberId: leadId,
        kind: "reminder",
        items: [],
        retryKey: crypto.randomUUID(),
      },
      {
        cycleId: cycle.id,
        memberId: officeId,
        kind: "reminder",
        items: [],
        retryKey: crypto.randomUUID(),
      },
    ]);
    await db.$client.execute({
      sql: "update reminder_deliveries set status = 'sent' where cycle_id = ? and member_id = ?",
      args: [cycle.id, leadId],
    });
    await updateCycle(db, cycle.id, {
      status: "stopped",
      stopReason: "LINE の月間メッセージ上限（429）",
    });
    try {
      const board = await h.open(USERS.office, PHONE, "/?plan=tamana");
      try {
        await waitForBoard(board);
        const banner = board.locator("[data-testid=limit-banner]");
        await banner.waitFor({ timeout: 30_000 });
        const text = await banner.textContent();
        expect(text).toContain("2024年5月分（速報）");
        expect(text).toContain("送信済み 1件／未送信 1件");
        expect(text).toContain("npx shinchoku remind --plan tamana");
      } finally {
        await closePage(board);
      }
      const digest = await h.open(USERS.office, DESKTOP, "/digest?plan=tamana");
      try {
        await digest.locator("[data-testid=digest]").waitFor({ timeout: 60_000 });
        await digest.locator("[data-testid=limit-banner]").waitFor({ timeout: 30_000 });
        expect(await digest.locator("[data-testid=limit-banner]").textContent()).toContain(
          "未送信 1件",
        );
      } finally {
        await closePage(digest);
      }
    } finally {
      await db.$client.execute({
        sql: "delete from reminder_cycles where id = ?",
        args: [cycle.id],
      });
    }
    // Once resumed (no stopped cycle), the banner is gone.
    const after = await h.open(USERS.office, PHONE, "/?plan=tamana");
    try {
      await waitForBoard(after);
      await after.waitForTimeout(1000);
      expect(await after.locator("[data-testid=limit-banner]").count()).toBe(0);
    } finally {
      await closePage(after);
    }
  }, 300_000);
});
