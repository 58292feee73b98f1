/**
 * The LIFF board in real Chromium, served by the development server (bot/dev.ts): the API and the
 * LIFF app through Vite, with @line/liff-mock acting as the user in `?as=`.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startDevServer } from "../../bot/dev.ts";
import { addMember } from "../../db/members.ts";

const ARTIFACTS = resolve(fileURLToPath(new URL("../artifacts", import.meta.url)));
const LEAD = "Usomu0000000000000000000000000lead";
const STRANGER = "Ustranger000000000000000000000none";

const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "ja-JP",
};
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: "ja-JP" };

let dir: string;
let server: Awaited<ReturnType<typeof startDevServer>>;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "shinchoku-browser-"));
  server = await startDevServer(
    {
      ...process.env,
      DATABASE_URL: `file:${join(dir, "test.db")}`,
      PORT: "0",
      HOST: "127.0.0.1",
      LINE_CHANNEL_ACCESS_TOKEN: "",
    },
    0,
  );
  baseUrl = `http://127.0.0.1:${server.port}`;
  await addMember(server.deps.db, {
    planId: "tamana",
    lineUserId: LEAD,
    role: "lead",
    orgUnit: "総務課",
    displayName: "総務課リーダー",
  });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-quic",
      "--disable-sync",
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens the board as `userId` in a fresh context; the caller closes the page's context. */
async function open(userId: string, options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/?as=${encodeURIComponent(userId)}`);
  return page;
}

describe("LIFF board", () => {
  test("a lead opens the board and sees all 21 取組事項", async () => {
    const page = await open(LEAD, PHONE);
    try {
      const cards = page.locator("[data-testid=initiative-card]");
      await cards.first().waitFor({ timeout: 60_000 });
      await expect.poll(() => cards.count()).toBe(21);

      const codes = await cards.evaluateAll((els) => els.map((el) => el.getAttribute("data-code")));
      for (const code of ["①", "③-1", "⑮", "⑲", "⑳"]) expect(codes).toContain(code);

      const paperless = page.locator('[data-testid=initiative-card][data-code="⑲"]');
      expect(await paperless.locator(".card-title").textContent()).toBe("ペーパーレス化の推進");
      expect(await paperless.locator(".card-dept").textContent()).toContain("総務課");

      const headings = await page.locator(".column h2").allInnerTexts();
      for (const label of [
        "8年間で取り組むこと",
        "実施計画期間中に取り組むこと",
        "着手していること",
        "評価・見直し",
        "完了",
      ]) {
        expect(headings.some((h) => h.includes(label))).toBe(true);
      }

      // Nothing sticks out sideways on a phone but the columns, which scroll on their own.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBe(0);

      // The first screen a lead sees: the first column that has cards, not an empty one.
      expect(
        await page.evaluate(() => {
          const c = document.querySelector<HTMLElement>(".columns");
          const started = document.querySelector<HTMLElement>('[data-column="started"]');
          return c && started
            ? Math.abs(c.scrollLeft - (started.offsetLeft - c.offsetLeft - 12))
            : -1;
        }),
      ).toBeLessThanOrEqual(1);
      await page.screenshot({ path: join(ARTIFACTS, "board-phone-screen.png") });
      await page.screenshot({ path: join(ARTIFACTS, "board-phone.png"), fullPage: true });
    } finally {
      await page.context().close();
    }

    const desktop = await open(LEAD, DESKTOP);
    try {
      const cards = desktop.locator("[data-testid=initiative-card]");
      await cards.first().waitFor({ timeout: 60_000 });
      await expect.poll(() => cards.count()).toBe(21);
      await desktop.screenshot({ path: join(ARTIFACTS, "board-desktop.png"), fullPage: true });
    } finally {
      await desktop.context().close();
    }
  });

  test("a LINE user who is not a member sees how to join", async () => {
    const page = await open(STRANGER, PHONE);
    try {
      const title = page.getByText("メンバー登録が必要です");
      await title.waitFor({ timeout: 60_000 });
      expect(await page.getByText("招待コード").count()).toBeGreaterThan(0);
      expect(await page.locator("[data-testid=initiative-card]").count()).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, "not-member-phone.png"), fullPage: true });
    } finally {
      await page.context().close();
    }
  });
});
