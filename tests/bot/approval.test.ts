/**
 * Approval of the yearly official 実績 (issue 12 §4), in both channels: a lead's 確定値 on a plan with
 * `approval: required` is recorded 承認待ち and does not count; the 課長 of the 課 (or the office when
 * the 課 has none) gets ONE push with 承認 / 差し戻し quick replies; approving makes it count,
 * returning asks for the reason (a pending state that does not swallow a question) and tells the
 * lead with the reason and how to resubmit. The LIFF app's routes do the same with the same rules.
 *
 * Real Tamana plan and libSQL, LINE faked over HTTP. The clock is 2025-04-10 10:00 (Asia/Tokyo):
 * the cycle asks 総務課 for the official 実績 of R6 (FY2024). ⑲ ペーパーレス化の割合 is item 10.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { indicatorLine } from "../../bot/chat/flex.ts";
import { digestText } from "../../bot/digest/flex.ts";
import { buildPlanDigest } from "../../bot/digest/send.ts";
import { buildReportModel } from "../../bot/export/report-model.ts";
import { drainInbox, toInboxEvent } from "../../bot/inbox.ts";
import { runReminderCycle, silentLeads } from "../../bot/reminders/cycle.ts";
import { cycleReportingRate } from "../../bot/reminders/reporting.ts";
import { listAudit } from "../../db/audit.ts";
import { enqueueWebhookEvents } from "../../db/inbox.ts";
import { addMember } from "../../db/members.ts";
import { loadPlanView, setPlanSettings } from "../../db/plans.ts";
import { latestCycle } from "../../db/reminders.ts";
import type { IndicatorView } from "../../shared/plan-view.ts";
import { callApi, createTestApp } from "../support/app.ts";
import { deliver, postbackEvent, type ReplyMessage, say } from "../support/chat.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";
import { textEvent } from "../support/webhook.ts";

const NOW = new Date("2025-04-10T01:00:00Z");
const SOMU = "Usomu0000000000000000000000000001";
const KACHO = "Ukacho000000000000000000000000001";
const ZAISEI_KACHO = "Ukacho000000000000000000000000002";
const OFFICE = "Uoffice00000000000000000000000001";
const FAST = { retryDelaysMs: [5, 5], timeoutMs: 2000 };

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;
let indicatorId: number;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line, { devAuth: true, liffId: "1234567890-AbCdEfGh" });
  harness.setNow(NOW);
  await addMember(t.db, { planId: "tamana", lineUserId: SOMU, role: "lead", department: "総務課" });
  await addMember(t.db, {
    planId: "tamana",
    lineUserId: KACHO,
    role: "manager",
    department: "総務課",
  });
  await addMember(t.db, {
    planId: "tamana",
    lineUserId: ZAISEI_KACHO,
    role: "manager",
    department: "財政課",
  });
  await addMember(t.db, { planId: "tamana", lineUserId: OFFICE, role: "office" });
  await setPlanSettings(t.db, "tamana", { approval: "required" });
  const plan = await loadPlanView(t.db, "tamana");
  const paperless = plan?.initiatives.find((i) => i.code === "⑲");
  if (!paperless?.indicators[0]) throw new Error("no ⑲");
  indicatorId = paperless.indicators[0].id;
});
afterEach(async () => {
  await line.stop();
  t.close();
});

const texts = (messages: ReplyMessage[]) =>
  messages.map((m) => m.text ?? m.altText ?? "").join("\n---\n");
const postback = (user: string, data: string) =>
  deliver(harness, line, [postbackEvent(data, user)]);

async function paperless(): Promise<IndicatorView> {
  const plan = await loadPlanView(t.db, "tamana");
  const found = plan?.initiatives.flatMap((i) => i.indicators).find((i) => i.id === indicatorId);
  if (!found) throw new Error("no indicator");
  return found;
}

/** Pushes (not replies) LINE accepted, per recipient. */
function pushesTo(user: string) {
  return line
    .messages()
    .filter(
      (m) =>
        (m.path === "/v2/bot/message/push" && m.to === user) ||
        (m.path === "/v2/bot/message/multicast" && Array.isArray(m.to) && m.to.includes(user)),
    )
    .map((m) => m.message as { text: string; quickReply?: ReplyMessage["quickReply"] });
}

/** The lead answers the R6 official cycle in LINE with ⑲ at 70%. */
async function submitInLine(): Promise<string> {
  await runReminderCycle(harness.deps, "tamana", FAST);
  return say(harness, line, SOMU, "10 70%");
}

describe("submitting an official 実績 on a plan that requires approval", () => {
  it("records it 承認待ち, not counted, and pushes the 課長 once with 承認 / 差し戻し", async () => {
    const reply = await submitInLine();
    expect(reply).toContain("R6年度の確定実績として記録しました");
    expect(reply).toContain("課長の承認後に反映されます（承認待ち）");

    const indicator = await paperless();
    expect(indicator.actuals.find((a) => a.period === "FY2024")).toBeUndefined();
    expect(indicator.awaiting).toEqual([
      expect.objectContaining({ period: "FY2024", value: 70, approval: "submitted" }),
    ]);

    const requests = pushesTo(KACHO);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.text).toContain("【承認依頼】総務課の");
    expect(requests[0]?.text).toContain("ペーパーレス化の割合: 70%");
    expect(requests[0]?.text).toMatch(
      /詳細: https:\/\/liff\.line\.me\/1234567890-AbCdEfGh\/initiatives\/\d+$/u,
    );
    expect(requests[0]?.quickReply?.items.map((i) => i.action.label)).toEqual(["承認", "差し戻し"]);
    // Nobody else is asked: not the office (the 課 has a 課長), not another 課's 課長.
    expect(pushesTo(OFFICE)).toHaveLength(0);
    expect(pushesTo(ZAISEI_KACHO)).toHaveLength(0);
  });

  it("counts as reported while it waits (no follow-up for it), and as owed again once returned", async () => {
    await submitInLine();
    const owed = async () => {
      const plan = await loadPlanView(t.db, "tamana");
      const cycle = await latestCycle(t.db, "tamana");
      if (!plan || !cycle) throw new Error("no cycle");
      const { silent } = await silentLeads(harness.deps, plan, cycle);
      return silent.flatMap((x) => x.items.map((i) => i.indicatorId));
    };
    // The reporting rate (提出率) says the same: missing again once returned.
    const missing = async () => {
      const plan = await loadPlanView(t.db, "tamana");
      const cycle = await latestCycle(t.db, "tamana");
      if (!plan || !cycle) throw new Error("no cycle");
      return (await cycleReportingRate(harness.deps, plan, cycle)).indicators.missing;
    };
    expect(await owed()).not.toContain(indicatorId);
    const before = await missing();
    const data = pushesTo(KACHO)[0]?.quickReply?.items[1]?.action.data ?? "";
    await postback(KACHO, data);
    await say(harness, line, KACHO, "年度末の集計と合わないため確認してください");
    expect(await owed()).toContain(indicatorId);
    expect(await missing()).toBe(before + 1);
  });

  it("asks each office member (one push each) when the 課 has no 課長", async () => {
    await t.db.$client.execute(`update members set active = 0 where line_user_id = '${KACHO}'`);
    const office2 = "Uoffice00000000000000000000000002";
    await addMember(t.db, { planId: "tamana", lineUserId: office2, role: "office" });
    await submitInLine();
    expect(pushesTo(OFFICE)).toHaveLength(1);
    expect(pushesTo(office2)).toHaveLength(1);
    expect(pushesTo(KACHO)).toHaveLength(0);
  });

  it("changes nothing on a plan without approval, and never asks for monthly 速報", async () => {
    await setPlanSettings(t.db, "tamana", { approval: "none" });
    await submitInLine();
    expect((await paperless()).actuals.find((a) => a.period === "FY2024")?.value).toBe(70);
    expect(pushesTo(KACHO)).toHaveLength(0);

    await setPlanSettings(t.db, "tamana", { approval: "required" });
    const res = await callApi(harness.app, SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "2025-04",
      value: "72%",
      baseId: null,
    });
    expect(res.status).toBe(201);
    expect((await paperless()).actuals.find((a) => a.period === "2025-04")?.value).toBe(72);
    expect(pushesTo(KACHO)).toHaveLength(0);
  });

  it("does not push when the month's LINE quota has no room; the figure still waits", async () => {
    line.quota = { type: "limited", value: 1 };
    await submitInLine(); // the reminder uses the one message
    expect(pushesTo(KACHO)).toHaveLength(0);
    expect((await paperless()).awaiting?.[0]?.approval).toBe("submitted");
  });
});

describe("deciding in LINE", () => {
  it("承認: the figure counts, the lead is told, the history and the audit log keep who and when", async () => {
    await submitInLine();
    const data = pushesTo(KACHO)[0]?.quickReply?.items[0]?.action.data ?? "";
    expect(data).toMatch(/^action=approval&do=approve&ids=\d+$/);
    expect(texts(await postback(KACHO, data))).toContain("1件の確定値を承認しました");

    const indicator = await paperless();
    expect(indicator.actuals.find((a) => a.period === "FY2024")).toMatchObject({
      value: 70,
      approval: "approved",
    });
    expect(indicator.awaiting).toEqual([]);
    expect(indicator.history[0]).toMatchObject({
      approval: "approved",
      decidedAt: expect.any(Number),
    });
    expect(pushesTo(SOMU).at(-1)?.text).toContain("R6年度の確定実績が承認されました（課長");
    const audit = await listAudit(t.db, "tamana");
    expect(audit.at(-1)).toMatchObject({
      action: "actual.approve",
      lineUserId: KACHO,
      channel: "line",
    });

    // Tapped again: already decided, nothing changes.
    expect(texts(await postback(KACHO, data))).toContain("すでに承認・差し戻し済み");
  });

  it("差し戻し: asks for the reason, answers a question on the way, then returns with it", async () => {
    await submitInLine();
    const data = pushesTo(KACHO)[0]?.quickReply?.items[1]?.action.data ?? "";
    expect(data).toMatch(/^action=approval&do=return&ids=\d+$/);
    expect(texts(await postback(KACHO, data))).toContain("差し戻しの理由を送ってください");

    // A question goes its own way; the prompt stays open (its quick reply rides on the answer).
    const answer = await deliver(harness, line, [textEvent("ペーパーレスの進捗は？", KACHO)]);
    expect(texts(answer)).toContain("ペーパーレス化の推進");
    expect(answer.at(-1)?.quickReply?.items.map((i) => i.action.label)).toEqual(["やめる"]);
    expect((await paperless()).awaiting?.[0]?.approval).toBe("submitted");

    expect(
      await say(harness, line, KACHO, "3月末の集計表と数値が合わないため確認してください"),
    ).toContain("1件の確定値を差し戻しました");
    const indicator = await paperless();
    expect(indicator.actuals.find((a) => a.period === "FY2024")).toBeUndefined();
    expect(indicator.awaiting?.[0]).toMatchObject({ approval: "returned" });
    expect(indicator.history[0]).toMatchObject({
      approval: "returned",
      decisionComment: "3月末の集計表と数値が合わないため確認してください",
    });
    const told = pushesTo(SOMU).at(-1)?.text ?? "";
    expect(told).toContain("差し戻されました");
    expect(told).toContain("理由: 3月末の集計表と数値が合わないため確認してください");
    expect(told).toContain("送り直す");

    // The lead resubmits in LINE: a new version waits for approval, and the 課長 is asked again.
    expect(await say(harness, line, SOMU, "10 68%")).toContain("承認待ち");
    expect((await paperless()).awaiting?.[0]).toMatchObject({ value: 68, approval: "submitted" });
    expect(pushesTo(KACHO)).toHaveLength(2);
  });

  it("「あとで」 drops the return; 「なし」 is not a reason", async () => {
    await submitInLine();
    const data = pushesTo(KACHO)[0]?.quickReply?.items[1]?.action.data ?? "";
    await postback(KACHO, data);
    expect(await say(harness, line, KACHO, "なし")).toContain("差し戻しには理由が必要です");
    expect(await say(harness, line, KACHO, "あとで")).toContain("差し戻しをやめました");
    expect((await paperless()).awaiting?.[0]?.approval).toBe("submitted");
  });

  it("refuses the 課長 of another 課 and the submitter", async () => {
    await submitInLine();
    const approve = pushesTo(KACHO)[0]?.quickReply?.items[0]?.action.data ?? "";
    const ret = pushesTo(KACHO)[0]?.quickReply?.items[1]?.action.data ?? "";
    expect(texts(await postback(ZAISEI_KACHO, approve))).toContain("総務課の課長とDX推進担当");
    expect(texts(await postback(ZAISEI_KACHO, ret))).toContain("総務課の課長とDX推進担当");
    expect(texts(await postback(SOMU, approve))).toContain("自分で報告した実績");
    expect((await paperless()).awaiting?.[0]?.approval).toBe("submitted");
  });
});

describe("deciding in the LIFF app", () => {
  async function submitInLiff(): Promise<number> {
    const res = await callApi(harness.app, SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "R6",
      value: "70%",
      baseId: null,
    });
    expect(res.status).toBe(201);
    expect(res.body.recorded.kind).toBe("official");
    expect(res.body.indicator.awaiting[0]).toMatchObject({ approval: "submitted" });
    return res.body.recorded.id;
  }

  it("POST /api/actuals/:id/approve: the 課長 of the 課 or the office; not the submitter, not twice", async () => {
    const id = await submitInLiff();
    expect(pushesTo(KACHO)).toHaveLength(1);
    const mine = await callApi(harness.app, SOMU, "POST", `/api/actuals/${id}/approve`);
    expect(mine.status).toBe(403);
    expect(mine.body.error.code).toBe("forbidden");
    const other = await callApi(harness.app, ZAISEI_KACHO, "POST", `/api/actuals/${id}/approve`);
    expect(other.status).toBe(403);

    const ok = await callApi(harness.app, OFFICE, "POST", `/api/actuals/${id}/approve`);
    expect(ok.status).toBe(200);
    expect(
      ok.body.indicator.actuals.find((a: { period: string }) => a.period === "FY2024"),
    ).toMatchObject({
      value: 70,
      approval: "approved",
    });
    expect(ok.body.told).toBe(1);
    const again = await callApi(harness.app, KACHO, "POST", `/api/actuals/${id}/approve`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    expect((await listAudit(t.db, "tamana")).at(-1)).toMatchObject({
      action: "actual.approve",
      channel: "liff",
    });
  });

  it("POST /api/actuals/:id/return needs a comment and tells the lead", async () => {
    const id = await submitInLiff();
    const empty = await callApi(harness.app, KACHO, "POST", `/api/actuals/${id}/return`, {
      comment: "  ",
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe("invalid");
    const res = await callApi(harness.app, KACHO, "POST", `/api/actuals/${id}/return`, {
      comment: "年度末の数値を確認してください",
    });
    expect(res.status).toBe(200);
    expect(res.body.indicator.history[0]).toMatchObject({
      approval: "returned",
      decisionComment: "年度末の数値を確認してください",
    });
    expect(pushesTo(SOMU).at(-1)?.text).toContain("理由: 年度末の数値を確認してください");
    // A correction names the returned version as its base (it is the latest one).
    const fixed = await callApi(
      harness.app,
      SOMU,
      "POST",
      `/api/indicators/${indicatorId}/actuals`,
      {
        period: "R6",
        value: "68%",
        baseId: id,
      },
    );
    expect(fixed.status).toBe(201);
    expect(fixed.body.indicator.awaiting[0]).toMatchObject({ value: 68, approval: "submitted" });
  });

  it("an unknown actual is 404", async () => {
    const res = await callApi(harness.app, KACHO, "POST", "/api/actuals/999999/approve");
    expect(res.status).toBe(404);
  });
});

describe("the digest, the public page and the report use approved figures only", () => {
  /** ⑲ R6 at 45%, below its 60% target, submitted in the LIFF app; returns the actual's id. */
  async function submitBehind(): Promise<number> {
    const res = await callApi(harness.app, SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "R6",
      value: "45%",
      baseId: null,
    });
    expect(res.status).toBe(201);
    return res.body.recorded.id;
  }
  const behindR6 = (d: Awaited<ReturnType<typeof buildPlanDigest>>) =>
    d.behind.find((b) => b.code === "⑲" && b.fiscalYear === 2024);

  it("says the figure awaits approval until it is approved, then counts it", async () => {
    const id = await submitBehind();
    const before = await buildPlanDigest(harness.deps, "tamana");
    expect(behindR6(before)).toBeUndefined();
    expect(before.awaitingApproval).toEqual([
      {
        code: "⑲",
        indicator: "ペーパーレス化が可能な庁内会議におけるペーパーレス化の割合",
        period: "FY2024",
      },
    ]);
    expect(digestText(before)).toContain(
      "承認待ちの確定実績 1件（⑲ ペーパーレス化が可能な庁内会議におけるペーパーレス化の割合 R6年度）: 承認されるまで集計に含めていません",
    );

    await t.db.$client.execute("update plans set published = 1");
    const page = await (await harness.app.request("/public/tamana")).text();
    expect(page).toContain("<th>R6年度</th><td>60%</td><td>承認待ち</td>");
    expect(page).not.toContain("45%");

    // The chat's answer about ⑲ says so too.
    expect(indicatorLine(await paperless()).text).toContain("（R6年度 確定値 承認待ち）");

    const report = await buildReportModel(t.db, "tamana", 2024);
    const row = report.initiatives
      .find((i) => i.code === "⑲")
      ?.indicators.find((i) => i.name.endsWith("ペーパーレス化の割合"));
    expect(row?.actuals.get(2024)).toBe("承認待ち");

    expect((await callApi(harness.app, KACHO, "POST", `/api/actuals/${id}/approve`)).status).toBe(
      200,
    );
    const after = await buildPlanDigest(harness.deps, "tamana");
    expect(behindR6(after)).toMatchObject({ actual: 45, target: 60 });
    expect(after.awaitingApproval).toEqual([]);
    expect(indicatorLine(await paperless()).text).toBe("R6年度 実績 45% / 目標 60%");
    const published = await (await harness.app.request("/public/tamana")).text();
    expect(published).toContain("<th>R6年度</th><td>60%</td><td>45%</td>");
  });
});

describe("an approval event handled again after a kill (docs/reliability.md §1)", () => {
  /** Handles `event` from the inbox with its first attempt cut off while it answers, then retried. */
  async function cutOffThenRetried(event: Record<string, unknown>): Promise<string> {
    vi.spyOn(console, "error").mockImplementation(() => {});
    await enqueueWebhookEvents(t.db, [toInboxEvent(event as never)]);
    const killed = {
      ...harness.deps,
      line: {
        ...harness.deps.line,
        reply: async (): Promise<never> => {
          throw new Error("killed while LINE was answering");
        },
      },
    };
    expect(await drainInbox(killed)).toEqual({ handled: 0, failed: 1 });
    const before = line.requests.length;
    const later = () => new Date(Date.now() + 11_000);
    expect(await drainInbox(harness.deps, { now: later })).toEqual({ handled: 1, failed: 0 });
    vi.restoreAllMocks();
    return line.requests
      .slice(before)
      .filter((r) => r.path === "/v2/bot/message/reply" && r.status < 300)
      .flatMap((r) => (r.body as { messages: ReplyMessage[] }).messages)
      .map((m) => m.text ?? "")
      .join("\n");
  }

  it("a submission asks the 課長 once and answers 承認待ち again", async () => {
    await runReminderCycle(harness.deps, "tamana", FAST);
    const answer = await cutOffThenRetried(textEvent("10 70%", SOMU));
    expect(answer).toContain("記録しました");
    expect(answer).toContain("承認待ち");
    expect(pushesTo(KACHO)).toHaveLength(1);
  });

  it("承認 answers 承認しました again and tells the lead once", async () => {
    await submitInLine();
    const data = pushesTo(KACHO)[0]?.quickReply?.items[0]?.action.data ?? "";
    const answer = await cutOffThenRetried(postbackEvent(data, KACHO));
    expect(answer).toContain("1件の確定値を承認しました");
    expect(pushesTo(SOMU).filter((m) => m.text.includes("承認されました"))).toHaveLength(1);
  });
});
