/**
 * Approval of 確定値 on the initiative detail page (issue 12 §4), in real Chromium: on a plan that
 * requires approval, the 総務課 lead's R6 確定値 for ⑲ shows 承認待ち and is not in the figures
 * table; the 総務課 課長 returns it with a reason (shown to everyone with who returned it), the lead
 * corrects it, and the 課長 approves: the figure counts and the timeline keeps both decisions. The
 * lead, who submitted it, gets no buttons. The office sets the plan's monthly message budget on the
 * reminders page.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addMember } from "../../db/members.ts";
import { setPlanSettings } from "../../db/plans.ts";
import {
  ARTIFACTS,
  closePage,
  DESKTOP,
  type Harness,
  PHONE,
  startHarness,
  USERS,
} from "./support.ts";

const KACHO = "Ukacho00000000000000000000000somu";

let h: Harness;
let paperless: number;
let indicatorId: number;

beforeAll(async () => {
  h = await startHarness();
  paperless = await h.initiativeId("⑲");
  const db = h.server.deps.db;
  await setPlanSettings(db, "tamana", { approval: "required" });
  await addMember(db, {
    planId: "tamana",
    lineUserId: KACHO,
    role: "manager",
    department: "総務課",
    displayName: "総務課長",
  });
  const rows = await db.$client.execute({
    sql: "select id from indicators where initiative_id = ? order by position limit 1",
    args: [paperless],
  });
  indicatorId = Number(rows.rows[0]?.id);
});

afterAll(async () => {
  await h?.close();
});

async function openDetail(user: string, options = DESKTOP): Promise<Page> {
  const page = await h.open(user, options, `/initiatives/${paperless}`);
  await page.getByTestId("detail").waitFor({ timeout: 60_000 });
  return page;
}

async function r6Actual(page: Page) {
  return page
    .locator('[data-testid=figures] tr[data-year="2024"] [data-kind=actual]')
    .first()
    .getAttribute("data-value");
}

describe("approval of 確定値 on the detail page", () => {
  test("差し戻し with a reason, a correction, then 承認: the figure counts and the history keeps it", async () => {
    // The lead enters the R6 確定値 in the detail page's form: it is recorded awaiting approval.
    const entering = await openDetail(USERS.lead);
    try {
      const form = entering.locator("form.actual-form").first();
      await form.getByLabel("年度", { exact: true }).selectOption("2024");
      await form.getByLabel(/^値/u).fill("70%");
      await form.getByRole("button", { name: "記録する" }).click();
      await form
        .getByText(
          "R6年度 の実績を 70% として記録しました（課長またはDX推進担当の承認後に反映されます）",
        )
        .waitFor();
    } finally {
      await closePage(entering);
    }

    // The board says the card's 確定値 awaits approval.
    const onBoard = await h.open(USERS.lead, PHONE);
    try {
      const card = onBoard.locator('[data-testid=initiative-card][data-code="⑲"]');
      await card.waitFor({ timeout: 60_000 });
      expect(await card.locator(".card-awaiting").textContent()).toBe("確定値 承認待ち");
    } finally {
      await closePage(onBoard);
    }

    // The lead sees 承認待ち, no buttons (they submitted it).
    const lead = await openDetail(USERS.lead, PHONE);
    try {
      const item = lead.locator("[data-testid=approval] .approval-item").first();
      await item.waitFor();
      expect(await item.getAttribute("data-state")).toBe("submitted");
      expect(await item.textContent()).toContain("承認待ち");
      expect(await item.textContent()).toContain("R6年度の確定値 70%");
      expect(await item.getByRole("button", { name: "承認" }).count()).toBe(0);
      expect(await r6Actual(lead)).toBe("");
    } finally {
      await closePage(lead);
    }

    // The 課長 returns it with a reason.
    const kacho = await openDetail(KACHO);
    try {
      const item = kacho.locator("[data-testid=approval] .approval-item").first();
      await item.getByRole("button", { name: "差し戻し" }).click();
      await item.getByLabel("差し戻しの理由").fill("3月末の集計表と合いません");
      await item.getByRole("button", { name: "差し戻す" }).click();
      const returned = kacho.locator(
        '[data-testid=approval] .approval-item[data-state="returned"]',
      );
      await returned.waitFor();
      expect(await returned.textContent()).toContain("理由: 3月末の集計表と合いません");
      expect(await returned.textContent()).toContain("差し戻し: 総務課長");
      expect(await kacho.getByTestId("timeline").textContent()).toContain(
        "確定値 R6年度: 差し戻し",
      );
    } finally {
      await closePage(kacho);
    }

    // The lead corrects it: the returned version is the base, the new one waits again.
    const board = await h.api(USERS.lead, "GET", `/api/initiatives/${paperless}`);
    const indicator = (
      board.json.initiative as { indicators: { id: number; awaiting: { id: number }[] }[] }
    ).indicators.find((i) => i.id === indicatorId);
    const corrected = await h.api(USERS.lead, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "R6",
      value: "68%",
      baseId: indicator?.awaiting[0]?.id ?? null,
    });
    expect(corrected.status).toBe(201);

    // The 課長 approves it: the figures table shows it, the panel is gone.
    const again = await openDetail(KACHO);
    try {
      const item = again.locator('[data-testid=approval] .approval-item[data-state="submitted"]');
      expect(await item.textContent()).toContain("R6年度の確定値 68%");
      await again.screenshot({ path: join(ARTIFACTS, "detail-approval.png"), fullPage: true });
      await item.getByRole("button", { name: "承認" }).click();
      await again.getByTestId("approval").waitFor({ state: "detached" });
      expect(await r6Actual(again)).toBe("68");
      const timeline = (await again.getByTestId("timeline").textContent()) ?? "";
      expect(timeline).toContain("確定値 R6年度: 承認");
      expect(timeline).toContain("確定値 R6年度: 差し戻し");
      expect(timeline).toContain("3月末の集計表と合いません");
    } finally {
      await closePage(again);
    }

    // Approved: the board no longer says it waits.
    const boardAfter = await h.open(USERS.lead, PHONE);
    try {
      const card = boardAfter.locator('[data-testid=initiative-card][data-code="⑲"]');
      await card.waitFor({ timeout: 60_000 });
      expect(await card.locator(".card-awaiting").count()).toBe(0);
    } finally {
      await closePage(boardAfter);
    }
  });

  test("the office sets the monthly message budget on the reminders page", async () => {
    const page = await h.open(USERS.office, DESKTOP, "/reminders?plan=tamana");
    try {
      const section = page.getByTestId("plan-settings");
      await section.waitFor({ timeout: 60_000 });
      expect(await section.getByRole("checkbox").isChecked()).toBe(true);
      await section.getByLabel("この計画の月間メッセージ予算").fill("50");
      await section.getByRole("button", { name: "設定を保存" }).click();
      await section.getByTestId("budget-use").waitFor();
      expect(await section.getByTestId("budget-use").textContent()).toMatch(
        /^今月の使用 \d+通・残り \d+通$/u,
      );
      const rows = await h.server.deps.db.$client.execute(
        "select approval, message_budget from plans where id = 'tamana'",
      );
      expect(rows.rows[0]).toMatchObject({ approval: "required", message_budget: 50 });
    } finally {
      await closePage(page);
    }
  });
});
