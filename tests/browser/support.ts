/**
 * What every browser test file shares: a development server (bot/dev.ts) on a temporary database
 * with the Tamana plan, members of each kind, one headless Chromium, and helpers to open the LIFF app
 * as a user and to call the API or read the database behind the page's back.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { startDevServer } from "../../bot/dev.ts";
import { addMember } from "../../db/members.ts";

export const ARTIFACTS = resolve(fileURLToPath(new URL("../artifacts", import.meta.url)));

export const USERS = {
  /** 総務課 lead: owns ⑲ ペーパーレス化の推進. */
  lead: "Usomu0000000000000000000000000lead",
  /** 財政課 lead: owns ②⑤⑦, not ⑲. */
  financeLead: "Uzaisei00000000000000000000000lead",
  viewer: "Uviewer0000000000000000000000view",
  office: "Uoffice0000000000000000000000dxoff",
  stranger: "Ustranger000000000000000000000none",
} as const;

export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "ja-JP",
};
export const DESKTOP: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  locale: "ja-JP",
};

export interface Harness {
  server: Awaited<ReturnType<typeof startDevServer>>;
  browser: Browser;
  baseUrl: string;
  /** Opens `path` (default the board) as `userId` in a fresh context; close it with closePage. */
  open(userId: string, options: BrowserContextOptions, path?: string): Promise<Page>;
  /** Calls the API as `userId` (the dev token), as a second session would. */
  api(
    userId: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  /** The id of the initiative with this code in the Tamana plan. */
  initiativeId(code: string): Promise<number>;
  /** The row of an initiative as stored. */
  initiativeRow(
    id: number,
  ): Promise<{ column_key: string; weather: string | null; version: number }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "shinchoku-browser-"));
  const server = await startDevServer(
    {
      ...process.env,
      DATABASE_URL: `file:${join(dir, "test.db")}`,
      PORT: "0",
      HOST: "127.0.0.1",
      LINE_CHANNEL_ACCESS_TOKEN: "",
      // The office user is also the operator, who may create a new plan from the LIFF import page.
      ADMIN_LINE_USER_IDS: USERS.office,
    },
    0,
  );
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const db = server.deps.db;
  await addMember(db, {
    planId: "tamana",
    lineUserId: USERS.lead,
    role: "lead",
    department: "総務課",
    displayName: "総務課リーダー",
  });
  await addMember(db, {
    planId: "tamana",
    lineUserId: USERS.financeLead,
    role: "lead",
    department: "財政課",
    displayName: "財政課リーダー",
  });
  await addMember(db, {
    planId: "tamana",
    lineUserId: USERS.viewer,
    role: "viewer",
    displayName: "閲覧者",
  });
  await addMember(db, {
    planId: "tamana",
    lineUserId: USERS.office,
    role: "office",
    displayName: "DX推進担当",
  });
  const browser = await chromium.launch({
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

  const api: Harness["api"] = async (userId, method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer dev:${userId}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  return {
    server,
    browser,
    baseUrl,
    async open(userId, options, path = "/") {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      watchCsp(page);
      const url = new URL(path, baseUrl);
      url.searchParams.set("as", userId);
      await page.goto(url.toString());
      return page;
    },
    api,
    async initiativeId(code) {
      const rows = await db.$client.execute({
        sql: "select id from initiatives where plan_id = 'tamana' and code = ?",
        args: [code],
      });
      const id = rows.rows[0]?.id;
      if (id === undefined || id === null) throw new Error(`no initiative ${code}`);
      return Number(id);
    },
    async initiativeRow(id) {
      const rows = await db.$client.execute({
        sql: "select column_key, weather, version from initiatives where id = ?",
        args: [id],
      });
      const row = rows.rows[0];
      if (!row) throw new Error(`no initiative ${id}`);
      return {
        column_key: String(row.column_key),
        weather: row.weather === null ? null : String(row.weather),
        version: Number(row.version),
      };
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** CSP violations Chromium reported on each page (its console says "Content Security Policy"). */
const violations = new WeakMap<Page, string[]>();

/** Collects the page's CSP violations, for {@link closePage} to fail on. */
export function watchCsp(page: Page): void {
  const seen: string[] = [];
  violations.set(page, seen);
  page.on("console", (message) => {
    if (/Content Security Policy/iu.test(message.text())) seen.push(message.text());
  });
}

/** The CSP violations seen so far on a page opened with `open` (or watched with {@link watchCsp}). */
export function cspViolations(page: Page): string[] {
  return [...(violations.get(page) ?? [])];
}

/**
 * Closes the page's context, then fails if the page broke the Content-Security-Policy (bot/security.ts):
 * everything the app, the LIFF SDK, dnd-kit and Chart.js do must work under it.
 */
export async function closePage(page: Page): Promise<void> {
  const seen = cspViolations(page);
  await page.context().close();
  if (seen.length > 0) throw new Error(`CSP violations on the page:\n${seen.join("\n")}`);
}

/** Fails with the page's horizontal overflow in px: nothing may stick out sideways on a phone. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}
