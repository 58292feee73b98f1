/**
 * The DX office's メンバー and リマインド pages and the digest's send step in real Chromium, on a
 * phone and a desktop, against the development server (LINE offline: sends are logged, not sent).
 * A lead has no links to them and is refused each with the server's reason.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listAudit } from "../../db/audit.ts";
import { listMembers } from "../../db/members.ts";
import {
  closePage,
  DESKTOP,
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

async function openFromBoard(page: Page, link: string, testId: string) {
  await page.locator("[data-testid=initiative-card]").first().waitFor({ timeout: 60_000 });
  await page.getByRole("link", { name: link }).click();
  await page.getByTestId(testId).waitFor({ timeout: 60_000 });
}

describe("LIFF office pages", () => {
  test("メンバー on a phone: the list, an invite with its letter, a change of 課, deactivate and reactivate", async () => {
    const page = await h.open(USERS.office, PHONE, "/?plan=tamana");
    page.on("dialog", (dialog) => void dialog.accept());
    // The dev server runs without LINE; LINE's answer to `GET /v2/bot/info` stands in here.
    const line = h.server.deps.line;
    const botInfo = line.botInfo;
    line.botInfo = async () => ({ basicId: "@123abcde", displayName: "shinchoku テスト" });
    try {
      await openFromBoard(page, "メンバー", "members");
      expect(new URL(page.url()).pathname).toBe("/members");
      const viewer = page.locator(`[data-user="${USERS.viewer}"]`);
      expect(await viewer.textContent()).toContain("閲覧者");
      expect(await viewer.getAttribute("data-active")).toBe("true");

      const invite = page.getByTestId("invite");
      await invite.getByLabel("役割").selectOption("lead");
      await invite.getByLabel("課（担当課リーダーは必須）").fill("財政課");
      await invite.getByRole("button", { name: "招待コードを発行する" }).click();
      await page.getByTestId("invite-issued").waitFor();
      expect(await page.getByTestId("invite-code").textContent()).toMatch(
        /^[A-Z2-9]{4}-[A-Z2-9]{4}$/u,
      );
      expect(await page.getByTestId("invite-letter").textContent()).toContain("招待コード");
      expect(await page.getByTestId("add-friend").getAttribute("href")).toBe(
        "https://line.me/R/ti/p/@123abcde",
      );
      // The add-friend link as a QR code, drawn as SVG.
      const qr = page.getByTestId("invite-qr");
      await qr.waitFor();
      expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml/u);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

      const finance = page.locator(`[data-user="${USERS.financeLead}"]`);
      await finance.getByLabel("課", { exact: true }).fill("総務課");
      await finance.getByRole("button", { name: "変更を保存" }).click();
      await expect
        .poll(async () => {
          const [m] = await listMembers(h.server.deps.db, "tamana", {
            lineUserId: USERS.financeLead,
          });
          return m?.department;
        })
        .toBe("総務課");

      await viewer.getByRole("button", { name: "無効にする" }).click();
      await page.locator(`[data-user="${USERS.viewer}"][data-active="false"]`).waitFor();
      expect(
        (await listMembers(h.server.deps.db, "tamana")).map((m) => m.lineUserId),
      ).not.toContain(USERS.viewer);
      await page
        .locator(`[data-user="${USERS.viewer}"]`)
        .getByRole("button", { name: "有効に戻す" })
        .click();
      await page.locator(`[data-user="${USERS.viewer}"][data-active="true"]`).waitFor();
      // Put the 課 back for the other tests.
      await h.api(USERS.office, "PATCH", `/api/plans/tamana/members/${USERS.financeLead}`, {
        department: "財政課",
      });
      expect((await listAudit(h.server.deps.db, "tamana")).map((r) => r.action)).toEqual([
        "invite.create",
        "member.update",
        "member.deactivate",
        "member.update",
        "member.update",
      ]);
    } finally {
      line.botInfo = botInfo;
      await closePage(page);
    }
  });

  test("リマインド on a desktop: save the schedule, run the cycle, see it per 課 and per lead", async () => {
    const page = await h.open(USERS.office, DESKTOP, "/reminders?plan=tamana");
    try {
      await page.getByTestId("reminders").waitFor({ timeout: 60_000 });
      expect(await page.getByTestId("reminders").textContent()).toContain(
        "まだリマインドを送っていません",
      );
      const schedule = page.getByTestId("schedule");
      await schedule.getByLabel("毎月の日（1〜28。休日なら次の開庁日）").fill("1");
      await schedule.getByRole("button", { name: "設定を保存" }).click();
      await page.getByTestId("upcoming").waitFor();
      expect(await page.getByTestId("upcoming").locator("li").count()).toBe(12);

      const run = page.getByTestId("run");
      await run.getByRole("button", { name: "今月のリマインドを実行・再開" }).click();
      await run.getByRole("button", { name: "実行する" }).click();
      await page.getByTestId("run-message").waitFor();
      expect(await page.getByTestId("run-message").textContent()).toContain("実行しました");
      await page.getByTestId("reporting").waitFor();
      expect(await page.getByTestId("reporting").textContent()).toContain("提出率");
      const somu = page.locator('[data-testid=by-org-unit] tr[data-org="総務課"]');
      expect(await somu.textContent()).toContain("未報告");
      expect(
        await page.locator(`[data-testid=by-lead] tr[data-user="${USERS.lead}"]`).textContent(),
      ).toContain("送信済み");
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    } finally {
      await closePage(page);
    }
  });

  test("the digest's send step: its cost first, then the send after a confirmation", async () => {
    const page = await h.open(USERS.office, PHONE, "/digest?plan=tamana");
    try {
      await page.getByTestId("digest-send").waitFor({ timeout: 60_000 });
      const send = page.getByTestId("digest-send");
      await send.getByLabel("送信先").selectOption("role:lead");
      await send.getByRole("button", { name: "送信にかかる通数を確かめる" }).click();
      await page.getByTestId("send-cost").waitFor();
      expect(await page.getByTestId("send-cost").textContent()).toContain("2人に送り");
      await page.getByRole("button", { name: "この内容で送信する" }).click();
      await page.getByTestId("send-done").waitFor();
      expect(await page.getByTestId("send-done").textContent()).toContain("2人に送りました");
    } finally {
      await closePage(page);
    }
  });

  test("a lead has no links to them and is refused each with the server's reason", async () => {
    const board = await h.open(USERS.lead, PHONE, "/?plan=tamana");
    try {
      await board.locator("[data-testid=initiative-card]").first().waitFor({ timeout: 60_000 });
      expect(await board.getByRole("link", { name: "メンバー" }).count()).toBe(0);
      expect(await board.getByRole("link", { name: "リマインド" }).count()).toBe(0);
    } finally {
      await closePage(board);
    }
    for (const path of ["/members?plan=tamana", "/reminders?plan=tamana"]) {
      const page = await h.open(USERS.lead, PHONE, path);
      try {
        await page.getByTestId("refused").waitFor({ timeout: 60_000 });
        expect(await page.getByTestId("refused").textContent()).toContain(
          "DX推進担当の方だけができます",
        );
      } finally {
        await closePage(page);
      }
    }
  });
});
