/**
 * An event handled again after a kill (issue 9 §1, docs/reliability.md "What remains possible"):
 * the inbox marks an event `done` only after its handler returned, so a kill between the handler's
 * writes and `done` runs the handler once more on restart. The same message must not record a
 * figure twice, store a reason twice or take back a second entry, and it is answered as the first
 * time (「記録しました」 again, not an error or an answer to a question nobody asked).
 *
 * The first attempt is cut off the way a kill during LINE's answer cuts it off: everything written,
 * the reply begun and never delivered, the event not done. The inbox's retry is the second attempt.
 * Real Tamana plan and libSQL, LINE faked over HTTP; the clock is 2024-06-10 10:00 (Asia/Tokyo), so
 * the reminder asks 総務課 for May 2024. ⑲ ペーパーレス化の割合 (item 10) has an R6 target of 60%.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { drainInbox, toInboxEvent } from "../../bot/inbox.ts";
import { runReminderCycle } from "../../bot/reminders/cycle.ts";
import { recordActual } from "../../bot/usecases/record-actual.ts";
import { enqueueWebhookEvents } from "../../db/inbox.ts";
import { createInvite } from "../../db/invites.ts";
import { addMember, findMemberships } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import { createTestApp } from "../support/app.ts";
import { type ReplyMessage, say } from "../support/chat.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";
import { textEvent } from "../support/webhook.ts";

const NOW = new Date("2024-06-10T01:00:00Z");
const SOMU = "Usomu0000000000000000000000000001";
const FAST = { retryDelaysMs: [5, 5], timeoutMs: 2000 };
const ZAISEI = "Uzaisei000000000000000000000000001";
const REPLY = "/v2/bot/message/reply";

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line);
  harness.setNow(NOW);
  await addMember(t.db, { planId: "tamana", lineUserId: SOMU, role: "lead", department: "総務課" });
  await runReminderCycle(harness.deps, "tamana", FAST);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await line.stop();
  t.close();
});

/** May 2024's entries, oldest first: value and whether withdrawn. */
async function may2024(): Promise<{ value: number | null; withdrawn: boolean }[]> {
  const rows = await t.db.$client.execute(
    "select value, withdrawn_at from actuals where period = '2024-05' order by id",
  );
  return rows.rows.map((r) => ({
    value: r.value === null ? null : Number(r.value),
    withdrawn: r.withdrawn_at !== null,
  }));
}

async function reasons(): Promise<string[]> {
  const rows = await t.db.$client.execute("select reason from actual_reasons order by id");
  return rows.rows.map((r) => String(r.reason));
}

const texts = (messages: ReplyMessage[]) =>
  messages.map((m) => m.text ?? m.altText ?? "").join("\n---\n");

/**
 * Handles `event` from the inbox with its first attempt cut off while it answers (after every
 * write), then lets the inbox retry it.
 * @returns the messages LINE delivered to the user: the retry's answer.
 */
async function cutOffThenRetried(event: ReturnType<typeof textEvent>): Promise<ReplyMessage[]> {
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
  // The retry is due after the first back-off (10 s).
  const later = () => new Date(Date.now() + 11_000);
  expect(await drainInbox(harness.deps, { now: later })).toEqual({ handled: 1, failed: 0 });
  const inbox = await t.db.$client.execute({
    sql: "select status, attempts from webhook_inbox where webhook_event_id = ?",
    args: [event.webhookEventId],
  });
  expect(inbox.rows[0]).toMatchObject({ status: "done", attempts: 2 });
  return line.requests
    .slice(before)
    .filter((r) => r.path === REPLY && r.status < 300)
    .flatMap((r) => (r.body as { messages: ReplyMessage[] }).messages);
}

describe("a message handled again after a kill between its writes and `done`", () => {
  it("records a figure once and answers 「記録しました」 again", async () => {
    const event = textEvent("10 65%", SOMU);
    const answer = texts(await cutOffThenRetried(event));
    expect(answer).toContain("2024年5月分");
    expect(answer).toContain("記録しました");
    expect(answer).toContain("ペーパーレス化の割合: 65%");
    expect(await may2024()).toEqual([{ value: 65, withdrawn: false }]);
    const stored = await t.db.$client.execute(
      "select webhook_event_id from actuals where period = '2024-05'",
    );
    expect(stored.rows.map((r) => r.webhook_event_id)).toEqual([event.webhookEventId]);
  });

  it("records a figure behind target once, asks for the reason once, and stores the reason once", async () => {
    const answer = texts(await cutOffThenRetried(textEvent("10 45%", SOMU)));
    expect(answer).toContain("記録しました");
    expect(answer).toContain("目標を下回っています");
    expect(await may2024()).toEqual([{ value: 45, withdrawn: false }]);
    const state = await t.db.$client.execute("select state from chat_states");
    const pending = JSON.parse(String(state.rows[0]?.state)) as { actualIds: number[] };
    expect(pending.actualIds).toHaveLength(1);

    const reason = texts(await cutOffThenRetried(textEvent("会議が多かったため", SOMU)));
    expect(reason).toContain("要因を記録しました");
    expect(await reasons()).toEqual(["会議が多かったため"]);
  });

  it("records a confirmed value once, although the first run closed the confirmation", async () => {
    expect(await say(harness, line, SOMU, "10 650%")).toContain("記録してよいですか");
    const answer = texts(await cutOffThenRetried(textEvent("はい", SOMU)));
    expect(answer).toContain("記録しました");
    expect(answer).toContain("650%");
    expect(await may2024()).toEqual([{ value: 650, withdrawn: false }]);
  });

  it("takes back one entry with 取消, not the one before it too", async () => {
    expect(await say(harness, line, SOMU, "10 65%")).toContain("記録しました");
    expect(await say(harness, line, SOMU, "10 70%")).toContain("記録しました");
    const answer = texts(await cutOffThenRetried(textEvent("取消", SOMU)));
    expect(answer).toMatch(/取り消しました: .*ペーパーレス化の割合 70%/u);
    expect(await may2024()).toEqual([
      { value: 65, withdrawn: false },
      { value: 70, withdrawn: true },
    ]);
  });
});

describe("an invite code handled again after a kill", () => {
  async function invite() {
    return (
      await createInvite(t.db, { planId: "tamana", department: "財政課", role: "lead", now: NOW })
    ).code;
  }
  async function zaisei() {
    const rows = await t.db.$client.execute({
      sql: "select active from members where line_user_id = ?",
      args: [ZAISEI],
    });
    return rows.rows.map((r) => Number(r.active));
  }

  it("welcomes the user again instead of calling their own code spent", async () => {
    const answer = texts(await cutOffThenRetried(textEvent(await invite(), ZAISEI)));
    expect(answer).toContain("に財政課の担当課リーダーとして登録しました");
    expect(await zaisei()).toEqual([1]);
  });

  it("links the user when the first run was killed after claiming the code", async () => {
    const code = await invite();
    await t.db.$client.execute({
      sql: "update invites set used_at = unixepoch(), used_by = ? where code = ?",
      args: [ZAISEI, code],
    });
    expect(await say(harness, line, ZAISEI, code)).toContain(
      "財政課の担当課リーダーとして登録しました",
    );
    expect(await zaisei()).toEqual([1]);
  });

  it("does not bring back a membership deactivated since, nor link anyone else with the spent code", async () => {
    const code = await invite();
    expect(await say(harness, line, ZAISEI, code)).toContain("登録しました");
    await t.db.$client.execute({
      sql: "update members set active = 0 where line_user_id = ?",
      args: [ZAISEI],
    });
    expect(await say(harness, line, ZAISEI, code)).toContain("すでに使われています");
    expect(await zaisei()).toEqual([0]);
    expect(await say(harness, line, "Uother00000000000000000000000001", code)).toContain(
      "すでに使われています",
    );
  });
});

describe("recordActual with a webhook event id", () => {
  it("writes the event's entries once and answers the second call with the first call's rows", async () => {
    const [member] = await findMemberships(t.db, SOMU);
    const plan = await loadPlanView(t.db, "tamana");
    const indicator = plan?.initiatives.find((i) => i.code === "⑲")?.indicators[0];
    if (!member || !indicator) throw new Error("no member or ⑲ indicator");
    const input = {
      period: { kind: "month", fiscalYear: 2024, year: 2024, month: 5 } as const,
      entries: [{ indicatorId: indicator.id, value: "62%", rawText: "62%" }],
      channel: "line" as const,
      webhookEventId: "01JEVENT0000000000000000001",
    };
    const first = await recordActual(harness.deps, member, input);
    const second = await recordActual(harness.deps, member, input);
    if (!first.ok || !second.ok) throw new Error("not recorded");
    expect(second.recorded.map((r) => r.actualId)).toEqual(first.recorded.map((r) => r.actualId));
    expect(second.replayed).toBe(true);
    expect(second.recorded[0]?.figure.value).toBe(62);
    expect(await may2024()).toEqual([{ value: 62, withdrawn: false }]);
    // Without an event id (the LIFF app, the API) each call is an entry of its own.
    const { webhookEventId: _none, ...liff } = input;
    await recordActual(harness.deps, member, { ...liff, channel: "liff" });
    await recordActual(harness.deps, member, { ...liff, channel: "liff" });
    expect(await may2024()).toHaveLength(3);
  });
});
