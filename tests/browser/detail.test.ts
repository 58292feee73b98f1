/**
 * The initiative detail page (/initiatives/:id) in real Chromium: the chart and its figures, updates
 * by the owning 課 (天気, grades, actuals, comments), what other 課 and viewers see, deep links
 * (also through LIFF's `liff.state`), and a save against a version someone else changed.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ARTIFACTS,
  closePage,
  DESKTOP,
  type Harness,
  horizontalOverflow,
  PHONE,
  startHarness,
  USERS,
} from "./support.ts";

let h: Harness;
let paperless: number;

beforeAll(async () => {
  h = await startHarness();
  paperless = await h.initiativeId("⑲");
});

afterAll(async () => {
  await h?.close();
});

async function waitForDetail(page: Page) {
  await page.getByTestId("detail").waitFor({ timeout: 60_000 });
}

/** The figures table beside the chart: `{ target, actual }` of one fiscal year. */
async function yearFigures(page: Page, fiscalYear: number) {
  const row = page.locator(`[data-testid=figures] tr[data-year="${fiscalYear}"]`).first();
  return {
    target: await row.locator("[data-kind=target]").getAttribute("data-value"),
    actual: await row.locator("[data-kind=actual]").getAttribute("data-value"),
    text: await row.textContent(),
  };
}

describe("LIFF initiative detail", () => {
  test("a 総務課 lead opens ⑲ from the board and by deep link, and sees R5 目標 50 % and 実績 40 %", async () => {
    const page = await h.open(USERS.lead, PHONE);
    try {
      await page.locator('[data-testid=initiative-card][data-code="⑲"] .card-link').click();
      await waitForDetail(page);
      expect(new URL(page.url()).pathname).toBe(`/initiatives/${paperless}`);
      expect(await page.locator("h1").last().textContent()).toBe("ペーパーレス化の推進");
      await page.locator(".chart canvas").waitFor();
      const r5 = await yearFigures(page, 2023);
      expect(r5).toMatchObject({ target: "50", actual: "40" });
      expect(r5.text).toContain("50%");
      expect(r5.text).toContain("40%");
      // The hierarchy path and the narratives, plan-level first, then the latest 年度 first.
      expect(await page.locator(".path").textContent()).toContain("基本方針");
      const groups = await page.locator(".narrative-group h3").allInnerTexts();
      expect(groups[0]).toBe("計画期間を通して");
      expect(groups.slice(1)).toEqual(["R6年度", "R5年度"]);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, "detail-phone-screen.png") });
      await page.screenshot({ path: join(ARTIFACTS, "detail-phone.png"), fullPage: true });

      // Back to the board, where it was left.
      await page.getByRole("button", { name: "ボードへ戻る" }).click();
      await page.locator('[data-testid=initiative-card][data-code="⑲"]').waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
    } finally {
      await closePage(page);
    }

    const direct = await h.open(USERS.lead, DESKTOP, `/initiatives/${paperless}`);
    try {
      await waitForDetail(direct);
      await direct.locator(".chart canvas").waitFor();
      expect(await yearFigures(direct, 2023)).toMatchObject({ target: "50", actual: "40" });
      await direct.screenshot({ path: join(ARTIFACTS, "detail-desktop.png"), fullPage: true });
    } finally {
      await closePage(direct);
    }

    // Opened as https://liff.line.me/<LIFF_ID>/initiatives/<id>, LINE loads the endpoint with
    // liff.state; the app goes there.
    const viaLiff = await h.open(
      USERS.lead,
      PHONE,
      `/?liff.state=${encodeURIComponent(`/initiatives/${paperless}`)}`,
    );
    try {
      await waitForDetail(viaLiff);
      const url = new URL(viaLiff.url());
      expect(url.pathname).toBe(`/initiatives/${paperless}`);
      expect(url.searchParams.has("liff.state")).toBe(false);
    } finally {
      await closePage(viaLiff);
    }
  });

  test("the lead sets 天気 and a grade with its reason; both are saved and in the timeline", async () => {
    const page = await h.open(USERS.lead, PHONE, `/initiatives/${paperless}`);
    try {
      await waitForDetail(page);
      await page.locator(".weather-option[data-weather=晴れ]").click();
      await page.getByText("天気を「晴れ」にしました").waitFor();
      expect((await h.initiativeRow(paperless)).weather).toBe("晴れ");
      expect(
        await page.getByTestId("status").locator("[data-weather]").getAttribute("data-weather"),
      ).toBe("晴れ");
      await page.getByTestId("timeline").getByText("天気: 未設定 → 晴れ").waitFor();

      // 進捗状況 R6 = B needs its reason and a plan to improve: refused without, saved with.
      const form = page.getByTestId("grade-form");
      await form.getByLabel("種類").selectOption("progress");
      await form.getByLabel("年度", { exact: true }).selectOption("2024");
      await form.locator("label.letter-b").click();
      expect(await form.getByText("理由と改善に向けた方策").count()).toBeGreaterThan(0);
      await form.getByRole("button", { name: "保存" }).click();
      await form.getByText("理由を書いてください。").waitFor();
      await form
        .locator("textarea")
        .fill("庁内周知が遅れたため。R7 は会議ごとに担当課へ働きかける。");
      await form.getByRole("button", { name: "保存" }).click();
      await form.getByText("保存しました").waitFor();

      const { json } = await h.api(USERS.lead, "GET", `/api/initiatives/${paperless}`);
      const grades = json.grades as {
        fiscalYear: number;
        kind: string;
        grade: string;
        reason: string;
      }[];
      expect(grades[0]).toMatchObject({ fiscalYear: 2024, kind: "progress", grade: "B" });
      expect(grades[0]?.reason).toContain("庁内周知");
      await page.getByTestId("timeline").getByText("進捗状況 R6年度: B").waitFor();
      await page.screenshot({ path: join(ARTIFACTS, "detail-phone-updated.png"), fullPage: true });
    } finally {
      await closePage(page);
    }
  });

  test("the lead enters a monthly figure, is asked to confirm an implausible one, and sees both", async () => {
    const page = await h.open(USERS.lead, PHONE, `/initiatives/${paperless}`);
    try {
      await waitForDetail(page);
      const form = page.locator("form.actual-form").first();
      await form.getByText("月次の速報値").click();
      await form.getByLabel("月", { exact: true }).fill("2024-05");
      await form.getByLabel(/^値/).fill("abc");
      await form.getByRole("button", { name: "記録する" }).click();
      // 400: the server's message under the field.
      await form.locator(".field-error").getByText("数値として読めません").waitFor();

      await form.getByLabel(/^値/).fill("45%");
      await form.getByRole("button", { name: "記録する" }).click();
      await form.getByText("2024年5月 の実績を 45% として記録しました").waitFor();
      const interim = page.locator('[data-testid=interim] tr[data-period="2024-05"]');
      await interim.waitFor();
      expect(await interim.locator("[data-kind=interim]").getAttribute("data-value")).toBe("45");
      await page.getByTestId("timeline").getByText("実績 2024年5月（月次の速報値）: 45%").waitFor();

      // 450 % is over the ceiling and ten times the last: the server asks, the user confirms.
      await form.getByLabel("月", { exact: true }).fill("2024-06");
      await form.getByLabel(/^値/).fill("450%");
      await form.getByRole("button", { name: "記録する" }).click();
      await form.getByText("この値で記録しますか？").waitFor();
      expect(await form.getByText("100% を超えています。").count()).toBe(1);
      await form.getByRole("button", { name: "このまま記録する" }).click();
      await form.getByText("2024年6月 の実績を 450% として記録しました").waitFor();

      // The current year's official figure.
      await form.getByText("年度の実績").click();
      await form.getByLabel("年度", { exact: true }).selectOption("2024");
      await form.getByLabel(/^値/).fill("55%");
      await form.getByRole("button", { name: "記録する" }).click();
      await form.getByText("R6年度 の実績を 55% として記録しました").waitFor();
      expect(await yearFigures(page, 2024)).toMatchObject({ target: "60", actual: "55" });
    } finally {
      await closePage(page);
    }
  });

  test("an expired token on any call (here the detail's) sends the user to log in again", async () => {
    const context = await h.browser.newContext(PHONE);
    const page = await context.newPage();
    try {
      await page.route("**/api/initiatives/**", (route) =>
        route.fulfill({
          status: 401,
          contentType: "application/json",
          body: JSON.stringify({ error: { code: "unauthorized", message: "expired" } }),
        }),
      );
      await page.goto(`${h.baseUrl}/initiatives/${paperless}?as=${USERS.lead}`);
      // In development mode liff.login is not called (there is no LINE); the page says why.
      await page.getByText("ログインの有効期限が切れました").waitFor({ timeout: 60_000 });
      expect(await page.getByTestId("detail").count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  test("a lead of another 課 sees no edit controls and why; a forced PATCH gets 403", async () => {
    const page = await h.open(USERS.financeLead, PHONE, `/initiatives/${paperless}`);
    try {
      await waitForDetail(page);
      const reason = page.getByTestId("cannot-edit");
      await reason.waitFor();
      expect(await reason.textContent()).toContain("総務課");
      expect(await page.locator("form").count()).toBe(0);
      expect(await page.locator(".weather-option").count()).toBe(0);
      expect(await page.locator(".chart canvas").count()).toBe(1);

      const forced = await page.evaluate(async (id) => {
        const res = await fetch(`/api/initiatives/${id}`, {
          method: "PATCH",
          headers: {
            authorization: "Bearer dev:Uzaisei00000000000000000000000lead",
            "content-type": "application/json",
          },
          body: JSON.stringify({ version: 1, weather: "雨" }),
        });
        return { status: res.status, body: await res.json() };
      }, paperless);
      expect(forced.status).toBe(403);
      expect(forced.body.error.code).toBe("forbidden");
      await page.screenshot({ path: join(ARTIFACTS, "detail-phone-other-dept.png") });
    } finally {
      await closePage(page);
    }
  });

  test("a viewer can read but not edit", async () => {
    const page = await h.open(USERS.viewer, PHONE, `/initiatives/${paperless}`);
    try {
      await waitForDetail(page);
      expect(await page.getByTestId("cannot-edit").textContent()).toContain(
        "閲覧者は変更できません",
      );
      expect(await page.locator("form").count()).toBe(0);
      const indicatorId = await page.evaluate(async (id) => {
        const res = await fetch(`/api/initiatives/${id}`, {
          headers: { authorization: "Bearer dev:Uviewer0000000000000000000000view" },
        });
        return (await res.json()).initiative.indicators[0].id as number;
      }, paperless);
      const forced = await h.api(USERS.viewer, "POST", `/api/indicators/${indicatorId}/actuals`, {
        period: "R6",
        value: "60%",
        baseId: null,
      });
      expect(forced.status).toBe(403);
    } finally {
      await closePage(page);
    }
  });

  test("a save against a version someone else changed shows the conflict and the newer state, keeping what was typed", async () => {
    const page = await h.open(USERS.lead, PHONE, `/initiatives/${paperless}`);
    try {
      await waitForDetail(page);
      const comment = page.locator("form.comment-form textarea");
      await comment.fill("会議資料の電子配布を全課に依頼しました。");

      // A second session changes ⑲ after the page was loaded.
      const { version } = await h.initiativeRow(paperless);
      const other = await h.api(USERS.office, "PATCH", `/api/initiatives/${paperless}`, {
        version,
        weather: "雨",
      });
      expect(other.status).toBe(200);

      await page.locator(".weather-option[data-weather=くもり]").click();
      const conflict = page.getByTestId("conflict").first();
      await conflict.getByText("ほかの人が先に更新しました").waitFor();
      // The newer state is on screen, and nothing of the page's stale save was written.
      await expect
        .poll(() =>
          page.getByTestId("status").locator("[data-weather]").getAttribute("data-weather"),
        )
        .toBe("雨");
      expect((await h.initiativeRow(paperless)).weather).toBe("雨");
      expect(await comment.inputValue()).toBe("会議資料の電子配布を全課に依頼しました。");
      await page.screenshot({ path: join(ARTIFACTS, "detail-phone-conflict.png") });

      // Now on the newer version, the comment goes through.
      await page.locator("form.comment-form").getByRole("button", { name: "送信" }).click();
      await page
        .getByTestId("timeline")
        .getByText("会議資料の電子配布を全課に依頼しました。")
        .waitFor();
      expect(await comment.inputValue()).toBe("");
      await page.getByTestId("timeline").screenshot({
        path: join(ARTIFACTS, "detail-phone-timeline.png"),
      });
    } finally {
      await closePage(page);
    }
  });

  test("the detail chart draws the 年度末 projection with its band, and says it in words", async () => {
    // ⑭-2 職員の年次有給休暇平均取得日数 (days, a level), R6 目標 14.0日: April–June 12.0, 11.8, 11.5.
    const leave = await h.initiativeId("⑭");
    const { json } = await h.api(USERS.lead, "GET", `/api/initiatives/${leave}`);
    const indicators = (json.initiative as { indicators: { id: number; key: string }[] })
      .indicators;
    const days = indicators.find((i) => i.key === "⑭-2");
    if (!days) throw new Error("no ⑭-2");
    for (const [period, value] of [
      ["2024-04", "12.0日"],
      ["2024-05", "11.8日"],
      ["2024-06", "11.5日"],
    ]) {
      const res = await h.api(USERS.lead, "POST", `/api/indicators/${days.id}/actuals`, {
        period,
        value,
        baseId: null,
        confirm: true,
      });
      expect(res.status).toBe(201);
    }
    const page = await h.open(USERS.lead, PHONE, `/initiatives/${leave}`);
    try {
      await waitForDetail(page);
      const card = page.locator('[data-testid=indicator][data-key="⑭-2"]');
      // Mapped to the catalog's common indicator (data/plans/tamana, 共通指標).
      expect(await card.getByTestId("catalog").textContent()).toBe("年次有給休暇取得日数（平均）");
      // OLS: −0.25 days a month → 9.3 days in March; 80 % band ±0.9 (t, 1 df); P(≥ 14.0) = 2 %.
      expect(await card.getByTestId("forecast").textContent()).toBe(
        "このペースだと年度末 9.3日（目標 14.0日、達成見込み 2%）見込みの幅（80%）: 8.4日〜10.2日",
      );
      const chart = card.locator(".chart");
      await chart.locator("canvas").waitFor();
      expect(await chart.getAttribute("data-projection-to")).toBe("2025-03");
      expect(Number(await chart.getAttribute("data-projection"))).toBeCloseTo(9.27, 2);
      // The band is painted: pixels of its translucent orange (the canvas itself is transparent).
      const bandPixels = (locator: typeof chart) =>
        locator.locator("canvas").evaluate((canvas: HTMLCanvasElement) => {
          const ctx = canvas.getContext("2d");
          if (!ctx) return -1;
          const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
          let n = 0;
          for (let i = 0; i < data.length; i += 4) {
            const [r, g, b, a] = [
              data[i] ?? 0,
              data[i + 1] ?? 0,
              data[i + 2] ?? 0,
              data[i + 3] ?? 0,
            ];
            const orange = Math.abs(r - 217) <= 4 && Math.abs(g - 119) <= 4 && Math.abs(b - 6) <= 4;
            if (orange && a >= 25 && a <= 55) n++;
          }
          return n;
        });
      await expect.poll(() => bandPixels(chart)).toBeGreaterThan(100);
      // ⑭-1 has no monthly reading: no projection, no band, no sentence.
      const other = page.locator('[data-testid=indicator][data-key="⑭-1"]');
      expect(await other.locator(".chart").getAttribute("data-projection")).toBeNull();
      expect(await bandPixels(other.locator(".chart"))).toBe(0);
      expect(await other.getByTestId("forecast").count()).toBe(0);
      await card.screenshot({ path: join(ARTIFACTS, "detail-phone-forecast.png") });
    } finally {
      await closePage(page);
    }
  });
});
