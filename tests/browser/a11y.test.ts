/**
 * WCAG 2.1 AA (JIS X 8341-3) on every page and every state a user sees, on a 360 px phone and a
 * desktop: axe-core runs on each (tests/browser/axe.ts) and fails on a serious or critical
 * violation. The pages: the board (lead, office, viewer; filters open), the detail (chart, figure
 * entry, a field error, a 409 conflict), the digest, the import (files chosen, problems, dry run),
 * メンバー (an issued invite with its QR code), リマインド (schedule saved, a cycle run), the join
 * screen, the refusal, the error, missing-LIFF_ID and expired-login screens, and the public page.
 */
import { join } from "node:path";
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { replaceReferenceSource } from "../../db/reference-series.ts";
import { BUNDLED_PLANS_DIR } from "../../io/plan-files.ts";
import { parseReferenceCsv } from "../../shared/reference-csv.ts";
import { expectAccessible, type NonTextContrast, nonTextContrast } from "./axe.ts";
import {
  ARTIFACTS,
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

const VIEWPORTS: [string, BrowserContextOptions][] = [
  ["phone", PHONE],
  ["desktop", DESKTOP],
];

async function waitForBoard(page: Page) {
  await page.locator("[data-testid=initiative-card]").first().waitFor({ timeout: 60_000 });
  await page.locator('[data-drag-ready="true"]').waitFor({ timeout: 60_000 });
}

/** Opens `path` as `user`, runs `visit` on it, and closes it (failing on a CSP violation too). */
async function onPage(
  user: string,
  options: BrowserContextOptions,
  path: string,
  visit: (page: Page) => Promise<void>,
) {
  const page = await h.open(user, options, path);
  try {
    await visit(page);
  } finally {
    await closePage(page);
  }
}

/** A fresh page whose `/api/...` answers are replaced by `fulfil` before it loads. */
async function withApi(
  options: BrowserContextOptions,
  pattern: string,
  body: { status: number; json: unknown },
  visit: (page: Page) => Promise<void>,
) {
  const context = await h.browser.newContext(options);
  const page = await context.newPage();
  watchCsp(page);
  await page.route(pattern, (route) =>
    route.fulfill({
      status: body.status,
      contentType: "application/json",
      body: JSON.stringify(body.json),
    }),
  );
  try {
    await page.goto(`${h.baseUrl}/?as=${USERS.lead}`);
    await visit(page);
  } finally {
    await closePage(page);
  }
}

describe.each(VIEWPORTS)("WCAG 2.1 AA on a %s", (size, viewport) => {
  test("the board: a lead with the filters open, the office with its links, a viewer", async () => {
    await onPage(USERS.lead, viewport, "/?plan=tamana", async (page) => {
      await waitForBoard(page);
      await expectAccessible(page, `board, lead, ${size}`);
      await page.getByRole("button", { name: "絞り込み" }).click();
      await page.locator(".filters-panel:not([hidden])").waitFor();
      await expectAccessible(page, `board, lead, ${size}, filters open`);
      // A filter applied: its chip and the count of what is shown.
      await page.getByLabel("担当課").selectOption("総務課");
      await page.locator(".chip").first().waitFor();
      await expectAccessible(page, `board, lead, ${size}, filtered`);
      // The tap menu of a card the lead may move.
      await page.locator("[data-testid=initiative-card]").first().waitFor();
      await page
        .locator('[data-testid=initiative-card][data-code="⑲"]')
        .getByRole("button", { name: "移動", exact: true })
        .click();
      await page.locator(".move-options").waitFor();
      await expectAccessible(page, `board, lead, ${size}, move menu open`);
      await page.screenshot({ path: join(ARTIFACTS, `a11y-board-lead-${size}.png`) });
    });
    await onPage(USERS.office, viewport, "/?plan=tamana", async (page) => {
      await waitForBoard(page);
      await expectAccessible(page, `board, office, ${size}`);
    });
    await onPage(USERS.viewer, viewport, "/?plan=tamana", async (page) => {
      await waitForBoard(page);
      await expectAccessible(page, `board, viewer, ${size}`);
    });
  });

  test("non-text contrast (1.4.11, which axe does not check): progress bars and field borders 3:1", async () => {
    const low = (list: NonTextContrast[]) => list.filter((c) => c.ratio < 3);
    await onPage(USERS.lead, viewport, "/?plan=tamana", async (page) => {
      await waitForBoard(page);
      const fills = await nonTextContrast(page, ".indicator-bar .fill", "background");
      expect(fills.length).toBeGreaterThan(0);
      expect(low(fills)).toEqual([]);
      // Each of the digest's readings (progress.ts) keeps a colour of its own.
      const colours = await page.evaluate(() =>
        ["on_track", "behind", "at_risk"].map((status) => {
          const probe = document.createElement("span");
          probe.className = `fill ${status}`;
          document.body.append(probe);
          const colour = getComputedStyle(probe).backgroundColor;
          probe.remove();
          return colour;
        }),
      );
      expect(new Set(colours).size).toBe(3);
      // Not by colour alone (1.4.1): ⑲'s bar (R5 実績 40 % of 目標 50 %) says 要注意 in words.
      expect(
        await page
          .locator('[data-testid=initiative-card][data-code="⑲"] .indicator-bar .sr-only')
          .textContent(),
      ).toContain("目標の80%（未達・要注意）");
      await page.getByRole("button", { name: "絞り込み" }).click();
      const fields = await nonTextContrast(page, ".search input, .filters-panel select", "border");
      expect(fields.length).toBeGreaterThan(1);
      expect(low(fields)).toEqual([]);
    });
    await onPage(
      USERS.lead,
      viewport,
      `/initiatives/${await h.initiativeId("⑲")}`,
      async (page) => {
        await page.locator(".chart canvas").waitFor({ timeout: 60_000 });
        const fields = await nonTextContrast(
          page,
          ".field input, .field select, .field textarea, .inline select",
          "border",
        );
        expect(fields.length).toBeGreaterThan(3);
        expect(low(fields)).toEqual([]);
      },
    );
    await onPage(USERS.office, viewport, "/digest?plan=tamana", async (page) => {
      await page.getByTestId("digest").waitFor({ timeout: 60_000 });
      const bars = await nonTextContrast(page, "[data-testid=by-status] .bar-fill", "background");
      expect(bars.length).toBeGreaterThan(0);
      // The digest's bars are drawn beside their counts (the text says it all); its readings use
      // the board's colours all the same. 実績・目標なし stays the light grey of "nothing".
      expect(low(bars.filter((b) => !b.target.includes("no_data")))).toEqual([]);
    });
  });

  test("the detail: chart and figures, the figure entry form with an error, a 409 conflict; a viewer", async () => {
    const paperless = await h.initiativeId("⑲");
    await onPage(USERS.lead, viewport, `/initiatives/${paperless}`, async (page) => {
      await page.getByTestId("detail").waitFor({ timeout: 60_000 });
      await page.locator(".chart canvas").waitFor();
      await expectAccessible(page, `detail, lead, ${size}`);

      const form = page.locator("form.actual-form").first();
      await form.getByText("月次の速報値").click();
      await form.getByLabel(/^値/).fill("abc");
      await form.getByRole("button", { name: "記録する" }).click();
      await form.locator(".field-error").waitFor();
      await expectAccessible(page, `detail, lead, ${size}, monthly figure refused`);

      // Someone else changes ⑲ after the page was loaded: the next save is refused (409).
      const { version } = await h.initiativeRow(paperless);
      const other = await h.api(USERS.office, "PATCH", `/api/initiatives/${paperless}`, {
        version,
        weather: size === "phone" ? "雨" : "晴れ",
      });
      if (other.status !== 200) throw new Error(`PATCH: ${other.status}`);
      await page.locator(".weather-option[data-weather=くもり]").click();
      await page.getByTestId("conflict").first().waitFor();
      await expectAccessible(page, `detail, lead, ${size}, 409 conflict`);
      await page.screenshot({
        path: join(ARTIFACTS, `a11y-detail-conflict-${size}.png`),
        fullPage: true,
      });
    });
    await onPage(USERS.viewer, viewport, `/initiatives/${paperless}`, async (page) => {
      await page.getByTestId("detail").waitFor({ timeout: 60_000 });
      await page.getByTestId("cannot-edit").waitFor();
      await expectAccessible(page, `detail, viewer, ${size}`);
    });
  });

  test("the digest, with its send step's cost", async () => {
    await onPage(USERS.office, viewport, "/digest?plan=tamana", async (page) => {
      await page.getByTestId("digest").waitFor({ timeout: 60_000 });
      await page.getByTestId("digest-send").waitFor();
      await expectAccessible(page, `digest, ${size}`);
      const send = page.getByTestId("digest-send");
      await send.getByLabel("送信先").selectOption("role:lead");
      await send.getByRole("button", { name: "送信にかかる通数を確かめる" }).click();
      await page.getByTestId("send-cost").waitFor();
      await expectAccessible(page, `digest, ${size}, send cost`);
      await page.screenshot({ path: join(ARTIFACTS, `a11y-digest-${size}.png`), fullPage: true });
    });
  });

  test("the import: empty, problems, a dry run", async () => {
    await onPage(USERS.office, viewport, "/import", async (page) => {
      await page.getByTestId("import").waitFor({ timeout: 60_000 });
      await expectAccessible(page, `import, ${size}`);
      await page.getByTestId("import-files").setInputFiles([
        {
          name: "tamana.xlsx",
          mimeType: "application/octet-stream",
          buffer: Buffer.from("PK"),
        },
        { name: "initiatives.csv", mimeType: "text/csv", buffer: Buffer.from("コード\n") },
      ]);
      await page.getByTestId("problems").waitFor({ timeout: 30_000 });
      await expectAccessible(page, `import, ${size}, problems`);
      const tamana = join(BUNDLED_PLANS_DIR, "tamana");
      await page
        .getByTestId("import-files")
        .setInputFiles(
          [
            "plan.yaml",
            "org_units.csv",
            "branches.csv",
            "initiatives.csv",
            "indicators.csv",
            "targets.csv",
            "actuals.csv",
          ].map((f) => join(tamana, f)),
        );
      await page.getByTestId("dry-run").waitFor({ timeout: 60_000 });
      await expectAccessible(page, `import, ${size}, dry run`);
      await page.screenshot({ path: join(ARTIFACTS, `a11y-import-${size}.png`), fullPage: true });
    });
  });

  test("メンバー with an issued invite and its QR code", async () => {
    const line = h.server.deps.line;
    const botInfo = line.botInfo;
    line.botInfo = async () => ({ basicId: "@123abcde", displayName: "shinchoku テスト" });
    try {
      await onPage(USERS.office, viewport, "/members?plan=tamana", async (page) => {
        await page.getByTestId("members").waitFor({ timeout: 60_000 });
        await expectAccessible(page, `members, ${size}`);
        const invite = page.getByTestId("invite");
        await invite.getByLabel("役割").selectOption("lead");
        await invite.getByLabel("課（担当課リーダーは必須）").fill("財政課");
        await invite.getByRole("button", { name: "招待コードを発行する" }).click();
        await page.getByTestId("invite-qr").waitFor();
        await expectAccessible(page, `members, ${size}, invite issued`);
        await page.screenshot({
          path: join(ARTIFACTS, `a11y-members-${size}.png`),
          fullPage: true,
        });
      });
    } finally {
      line.botInfo = botInfo;
    }
  });

  test("リマインド: the schedule saved, a cycle run, its reporting per 課 and per lead", async () => {
    await onPage(USERS.office, viewport, "/reminders?plan=tamana", async (page) => {
      await page.getByTestId("reminders").waitFor({ timeout: 60_000 });
      await expectAccessible(page, `reminders, ${size}`);
      const schedule = page.getByTestId("schedule");
      await schedule.getByLabel("毎月の日（1〜28。休日なら次の開庁日）").fill("1");
      await schedule.getByRole("button", { name: "設定を保存" }).click();
      await page.getByTestId("upcoming").waitFor();
      const run = page.getByTestId("run");
      await run.getByRole("button", { name: "今月のリマインドを実行・再開" }).click();
      await run.getByRole("button", { name: "実行する" }).click();
      await page.getByTestId("run-message").waitFor();
      await page.getByTestId("reporting").waitFor();
      await expectAccessible(page, `reminders, ${size}, cycle run`);
      await page.screenshot({
        path: join(ARTIFACTS, `a11y-reminders-${size}.png`),
        fullPage: true,
      });
    });
  });

  test("the join screen, a refusal, and the error, missing-LIFF_ID and expired-login screens", async () => {
    await onPage(USERS.stranger, viewport, "/", async (page) => {
      await page.getByText("メンバー登録が必要です").waitFor({ timeout: 60_000 });
      await expectAccessible(page, `join screen, ${size}`);
    });
    await onPage(USERS.lead, viewport, "/members?plan=tamana", async (page) => {
      await page.getByTestId("refused").waitFor({ timeout: 60_000 });
      await expectAccessible(page, `members refused to a lead, ${size}`);
    });
    await withApi(
      viewport,
      "**/api/plans",
      { status: 500, json: { error: { code: "internal", message: "boom" } } },
      async (page) => {
        await page.getByRole("alert").waitFor({ timeout: 60_000 });
        await expectAccessible(page, `error screen, ${size}`);
      },
    );
    // A production server without LIFF_ID: the app cannot sign in and says so.
    await withApi(
      viewport,
      "**/api/config",
      { status: 200, json: { liffId: null, devAuth: false } },
      async (page) => {
        await page.getByRole("alert").waitFor({ timeout: 60_000 });
        await expectAccessible(page, `missing LIFF_ID screen, ${size}`);
      },
    );
    await withApi(
      viewport,
      "**/api/plans",
      { status: 401, json: { error: { code: "unauthorized", message: "expired" } } },
      async (page) => {
        await page.getByText("ログインの有効期限が切れました").waitFor({ timeout: 60_000 });
        await expectAccessible(page, `expired login screen, ${size}`);
      },
    );
  });

  test("the comparison of a common indicator across cities, each city's definition open", async () => {
    // A reference series (docs/compare.md), so that the page (and, below, the public page's
    // comparison section) has a second city to show.
    const parsed = parseReferenceCsv(
      "地方公共団体名,指標名,単位,目標（原文）,期間,区分,値,共通指標\n熊本市,マイナンバーカード保有率,%,令和7年度末に80%,FY2023,実績（確定）,74.5,mynumber-card-rate\n熊本市,マイナンバーカード保有率,%,令和7年度末に80%,FY2025,目標,80,mynumber-card-rate\n",
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    await replaceReferenceSource(h.server.deps.db, "熊本市", "kumamoto.csv", parsed.rows);
    await onPage(USERS.lead, viewport, "/compare/mynumber-card-rate", async (page) => {
      await page.getByTestId("compare-page").waitFor({ timeout: 60_000 });
      await page.locator("canvas").nth(1).waitFor();
      for (const summary of await page.locator("summary").all()) await summary.click();
      await expectAccessible(page, `compare, ${size}`);
      await page.screenshot({ path: join(ARTIFACTS, `a11y-compare-${size}.png`), fullPage: true });
    });
  });

  test("the public page, and its answer for a plan that is not published", async () => {
    await h.server.deps.db.$client.execute("update plans set published = 1 where id = 'tamana'");
    const context = await h.browser.newContext(viewport);
    const page = await context.newPage();
    watchCsp(page);
    try {
      const res = await page.goto(`${h.baseUrl}/public/tamana`);
      if (res?.status() !== 200) throw new Error(`/public/tamana: ${res?.status()}`);
      await page.locator("h1").first().waitFor();
      await expectAccessible(page, `public page, ${size}`);
      await page.screenshot({ path: join(ARTIFACTS, `a11y-public-${size}.png`), fullPage: true });
      const missing = await page.goto(`${h.baseUrl}/public/nosuchplan`);
      if (missing?.status() !== 404) throw new Error(`/public/nosuchplan: ${missing?.status()}`);
      await expectAccessible(page, `public page not published, ${size}`);
    } finally {
      await closePage(page);
    }
  });
});
