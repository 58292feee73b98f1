/**
 * The LIFF board with a generated plan of 500 initiatives, in headless Chromium: from the board
 * data's arrival (the response of GET /api/plans/:id/board) to the board on screen with every card.
 * Also the JavaScript of the first load, gzipped. Targets: under 200 ms after the data arrives;
 * first-load JS under 150 KB gzipped plus the LIFF SDK.
 *
 * The app is built with Vite into a temporary folder and served by a Node server like `npm start`'s
 * (the API plus the static build), except that it accepts development tokens, so that the built app
 * signs in through @line/liff-mock as `?as=<userId>` says: no LINE account is needed. The plan is
 * bench/answers.ts's generated plan, spread over the five board columns and three 天気. Two viewers:
 * a 総務課 lead (33 of the 500 cards are theirs to move) and the office (every card movable).
 *
 * Knobs: BENCH_LOADS (10), BENCH_INITIATIVES (500), BENCH_THROTTLE (4; 1 drops the throttled rows),
 * BENCH_ROLES (lead,office), BENCH_VERBOSE=1 (every load's figures on stderr), BENCH_TRACE=<file>
 * and BENCH_CPUPROFILE=<file> (a Chrome trace and a V8 profile of one more load), BENCH_MINIFY=0
 * (readable names in those).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
} from "playwright-core";
import { build } from "vite";
import { createApp } from "../bot/app.ts";
import { configFromEnv } from "../bot/config.ts";
import { buildAppDeps } from "../bot/deps.ts";
import { importPlanBundle } from "../db/import.ts";
import { addMember } from "../db/members.ts";
import { migrateDatabase, openDatabase } from "../db/node.ts";
import { DEFAULT_BOARD_COLUMNS } from "../shared/plan-meta.ts";
import { generatedBundle } from "./answers.ts";

const INITIATIVES = Number(process.env.BENCH_INITIATIVES ?? 500);
const LOADS = Number(process.env.BENCH_LOADS ?? 10);
/** Chromium's CPU throttling for the "slower phone" rows (1: no such rows). */
const THROTTLE = Number(process.env.BENCH_THROTTLE ?? 4);
const TARGET_MS = 200;
const FIRST_LOAD_TARGET_KB = 150;
/** liff/src/board/Board.tsx `BOARD_RENDERED_MARK` (not imported: that module is the app's). */
const RENDERED_MARK = "shinchoku:board-rendered";
const CARD = "[data-testid=initiative-card]";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const USERS = { lead: "Ubench-liff-lead", office: "Ubench-liff-office" } as const;

/** What a LIFF app in LINE on a phone gets: a 360 px wide page at 2× pixels, touch. */
const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "ja-JP",
};

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};

interface Asset {
  file: string;
  bytes: number;
  gzip: number;
}

/** Builds the app; the first load is what index.html references (entry and modulepreloads). */
async function buildApp(outDir: string) {
  await build({
    configFile: join(ROOT, "liff/vite.config.ts"),
    logLevel: "warn",
    // BENCH_MINIFY=0: readable function names in a CPU profile (the sizes are then not the real ones).
    build: {
      outDir,
      emptyOutDir: true,
      ...(process.env.BENCH_MINIFY === "0" ? { minify: false } : {}),
    },
  });
  const html = readFileSync(join(outDir, "index.html"), "utf8");
  const referenced = [
    ...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/gu),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/gu),
  ].map((m) => m[1] ?? "");
  const all = readdirSync(join(outDir, "assets")).filter((f) => f.endsWith(".js"));
  const asset = (file: string): Asset => {
    const code = readFileSync(join(outDir, file));
    return { file, bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
  };
  const first = referenced.map(asset);
  const lazy = all
    .map((f) => `assets/${f}`)
    .filter((f) => !referenced.includes(f))
    .map(asset);
  return { first, lazy };
}

/** A database with the generated plan, a 総務課 lead and an office member. */
async function planDatabase(dir: string) {
  const db = openDatabase(`file:${join(dir, "liff.db")}`);
  await migrateDatabase(db);
  const bundle = generatedBundle(INITIATIVES);
  const columns = DEFAULT_BOARD_COLUMNS.map((c) => c.key);
  const weather = ["晴れ", "くもり", "雨", null];
  bundle.initiatives = bundle.initiatives.map((i, k) => ({
    ...i,
    column: columns[k % columns.length] ?? null,
    weather: weather[k % weather.length] ?? null,
  }));
  await importPlanBundle(db, bundle);
  await addMember(db, {
    planId: "big",
    lineUserId: USERS.lead,
    role: "lead",
    department: "総務課",
  });
  await addMember(db, { planId: "big", lineUserId: USERS.office, role: "office" });
  return db;
}

/** The API and the built app on a loopback port, with development tokens accepted. */
async function startServer(db: ReturnType<typeof openDatabase>, dist: string) {
  const deps = buildAppDeps({
    db,
    config: configFromEnv({}, { devAuth: true }),
    defer: () => {},
    print: () => {},
  });
  const app = createApp(deps);
  const indexHtml = await readFile(join(dist, "index.html"), "utf8");
  app.use("/*", serveStatic({ root: dist }));
  app.get("*", (c) => c.html(indexHtml));
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((done) => server.once("listening", () => done()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

interface Load {
  /** Board response fully received → its JSON parsed in the app. */
  parsed: number;
  /** Board response fully received → 500 cards in the DOM (a MutationObserver's first sight). */
  dom: number;
  /** Board response fully received → the frame with the board painted (the app's mark). */
  painted: number;
  /** Navigation start → board response fully received. */
  dataAt: number;
  bytes: number;
  cards: number;
}

/**
 * A browser context as a phone's LIFF browser: its HTTP cache (and with it V8's code cache) is kept
 * from one load to the next, as LINE's in-app browser keeps it between openings of the app.
 */
async function phoneContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext(PHONE);
  // Notes when the board's JSON is parsed (the app's `res.json()`), and the moment the last card
  // appears, before layout and paint.
  await context.addInitScript(
    ({ selector, n }) => {
      const json = Response.prototype.json;
      Response.prototype.json = async function (this: Response) {
        const value = await json.call(this);
        if (/\/api\/plans\/[^/]+\/board$/u.test(this.url)) performance.mark("bench:board-parsed");
        return value;
      };
      const observer = new MutationObserver(() => {
        if (document.querySelectorAll(selector).length >= n) {
          performance.mark("bench:cards-in-dom");
          observer.disconnect();
        }
      });
      document.addEventListener("DOMContentLoaded", () =>
        observer.observe(document.body, { childList: true, subtree: true }),
      );
    },
    { selector: CARD, n: INITIATIVES },
  );
  return context;
}

/** Opens the board once in a new page and reads the timings the page recorded. */
async function loadBoard(
  context: BrowserContext,
  url: string,
  throttle: number,
  tracePath?: string,
): Promise<Load> {
  const page = await context.newPage();
  try {
    const browser = context.browser();
    if (tracePath) await browser?.startTracing(page, { path: tracePath, screenshots: false });
    const profilePath = process.env.BENCH_CPUPROFILE;
    const profiler = profilePath && tracePath ? await context.newCDPSession(page) : null;
    if (profiler) {
      await profiler.send("Profiler.enable");
      await profiler.send("Profiler.setSamplingInterval", { interval: 100 });
      await profiler.send("Profiler.start");
    }
    if (throttle > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
    }
    await page.goto(url);
    // Waits for the app's mark without polling in the page (polling would take frames from it).
    await page.evaluate(
      (mark) =>
        // (No named functions in here: tsx would wrap them in a helper the page does not have.)
        new Promise<void>((done) => {
          if (performance.getEntriesByName(mark).length > 0) return done();
          const observer = new PerformanceObserver(() => {
            if (performance.getEntriesByName(mark).length === 0) return;
            observer.disconnect();
            done();
          });
          observer.observe({ type: "mark", buffered: true });
        }),
      RENDERED_MARK,
    );
    if (tracePath) await browser?.stopTracing();
    if (profiler && profilePath) {
      const { profile } = await profiler.send("Profiler.stop");
      writeFileSync(profilePath, JSON.stringify(profile));
    }
    return await page.evaluate(
      ({ mark, selector }) => {
        const board = performance
          .getEntriesByType("resource")
          .find((e) => /\/api\/plans\/[^/]+\/board$/u.test(e.name)) as PerformanceResourceTiming;
        const painted = performance.getEntriesByName(mark)[0]?.startTime ?? Number.NaN;
        const dom = performance.getEntriesByName("bench:cards-in-dom")[0]?.startTime ?? Number.NaN;
        const parsed =
          performance.getEntriesByName("bench:board-parsed")[0]?.startTime ?? Number.NaN;
        return {
          parsed: parsed - board.responseEnd,
          dom: dom - board.responseEnd,
          painted: painted - board.responseEnd,
          dataAt: board.responseEnd,
          bytes: board.encodedBodySize,
          cards: document.querySelectorAll(selector).length,
        };
      },
      { mark: RENDERED_MARK, selector: CARD },
    );
  } finally {
    await page.close();
  }
}

export async function liffBenchmark(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "shinchoku-bench-liff-"));
  let browser: Browser | null = null;
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let db: ReturnType<typeof openDatabase> | null = null;
  try {
    const dist = join(dir, "dist");
    const { first, lazy } = await buildApp(dist);
    db = await planDatabase(dir);
    server = await startServer(db, dist);
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

    const rows: string[] = [];
    const verdicts: string[] = [];
    let bytes = 0;
    const roles = (process.env.BENCH_ROLES ?? "lead,office").split(",") as (keyof typeof USERS)[];
    for (const role of roles) {
      for (const throttle of THROTTLE > 1 ? [1, THROTTLE] : [1]) {
        const url = `${server.url}/?plan=big&as=${USERS[role]}`;
        const context = await phoneContext(browser);
        const loads: Load[] = [];
        try {
          // Warm-up: the first load fills the HTTP and code caches and the server's plan cache.
          await loadBoard(context, url, throttle);
          for (let i = 0; i < LOADS; i++) loads.push(await loadBoard(context, url, throttle));
          // BENCH_TRACE=<file.json>: one more load with a Chrome trace (open it in DevTools'
          // Performance); with BENCH_CPUPROFILE=<file.cpuprofile> also a V8 CPU profile of it.
          if (process.env.BENCH_TRACE && role === roles.at(-1) && throttle === 1)
            await loadBoard(context, url, throttle, process.env.BENCH_TRACE);
        } finally {
          await context.close();
        }
        if (process.env.BENCH_VERBOSE)
          console.error(
            role,
            throttle,
            loads
              .map((l) => `${l.parsed.toFixed(0)}/${l.dom.toFixed(0)}/${l.painted.toFixed(0)}`)
              .join(" "),
          );
        const wrong = loads.find((l) => l.cards !== INITIATIVES);
        if (wrong) throw new Error(`the board showed ${wrong.cards} cards, not ${INITIATIVES}`);
        bytes = loads[0]?.bytes ?? 0;
        const painted = loads.map((l) => l.painted);
        const dom = loads.map((l) => l.dom);
        const ms = (xs: number[], p: number) => pct(xs, p).toFixed(0);
        if (throttle === 1)
          verdicts.push(
            `${role}: p50 ${pct(painted, 50) < TARGET_MS ? "met" : "NOT met"}, p95 ${pct(painted, 95) < TARGET_MS ? "met" : "NOT met"}`,
          );
        rows.push(
          `| ${role === "lead" ? "総務課 lead (own cards movable)" : "office (every card movable)"} | ${throttle === 1 ? "none" : `${throttle}×`} | ${LOADS} | ${ms(
            loads.map((l) => l.parsed),
            50,
          )} | ${ms(dom, 50)} / ${ms(dom, 95)} | **${ms(painted, 50)}** / **${ms(painted, 95)}** | ${ms(
            loads.map((l) => l.dataAt),
            50,
          )} |`,
        );
      }
    }

    const sdk = first.filter((a) => /liff-sdk/u.test(a.file));
    const app = first.filter((a) => !/liff-sdk/u.test(a.file));
    const sum = (xs: Asset[], k: "bytes" | "gzip") => xs.reduce((a, x) => a + x[k], 0);
    const firstKb = sum(app, "gzip") / 1024;
    const assetRow = (a: Asset) =>
      `| ${a.file.replace(/-[\w-]{8}\.js$/u, ".js")} | ${kb(a.bytes)} | ${kb(a.gzip)} |`;
    return [
      `## liff: the board with ${INITIATIVES} initiatives in headless Chromium (phone viewport)`,
      "",
      `command: npm run bench liff   (${LOADS} loads per row after one warm-up; production build served with development sign-in; board response ${kb(bytes)} KB)`,
      "",
      "Milliseconds after the board data is fully received (GET /api/plans/big/board, resource timing `responseEnd`): its JSON parsed by the app, every card in the DOM, and the board painted (the app's `shinchoku:board-rendered` mark: a frame callback scheduled in the commit, then the task after that frame):",
      "",
      "| user | CPU throttle | loads | JSON parsed p50 | all cards in DOM p50 / p95 | painted p50 / p95 | data at p50 (from navigation) |",
      "| --- | --- | --- | --- | --- | --- | --- |",
      ...rows,
      "",
      `Target painted < ${TARGET_MS} ms after the data, unthrottled: ${verdicts.join("; ")}.`,
      "",
      "JavaScript on first load (index.html's script and modulepreloads), gzip -9:",
      "",
      "| file | KB | KB gzipped |",
      "| --- | --- | --- |",
      ...app.map(assetRow),
      `| **app + React** | **${kb(sum(app, "bytes"))}** | **${kb(sum(app, "gzip"))}** |`,
      ...sdk.map(assetRow),
      "",
      `Target first load < ${FIRST_LOAD_TARGET_KB} KB gzipped plus the LIFF SDK: ${firstKb < FIRST_LOAD_TARGET_KB ? "met" : "NOT met"} (${firstKb.toFixed(1)} KB + SDK ${kb(sum(sdk, "gzip"))} KB).`,
      "",
      "Lazy chunks (loaded when needed):",
      "",
      "| file | KB | KB gzipped |",
      "| --- | --- | --- |",
      ...lazy.sort((a, b) => a.gzip - b.gzip).map(assetRow),
      "",
    ].join("\n");
  } finally {
    await browser?.close();
    await server?.close();
    db?.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
