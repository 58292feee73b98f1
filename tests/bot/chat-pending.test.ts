/**
 * A pending state never swallows an unrelated message (issue 9 §2): after a behind-target report
 * the bot asks for the reason (要因), but questions, codes, figures, 取消, invite codes, help and
 * greetings go their normal way and the prompt stays open; only a message that reads as a reason is
 * stored as one. The same for a confirmation (はい/いいえ) and a focus on an item.
 *
 * Real Tamana plan and libSQL, LINE faked over HTTP; the clock is 2024-06-10 10:00 (Asia/Tokyo), so
 * the reminder asks 総務課 for May 2024. ⑲ ペーパーレス化の割合 (item 10) has an R6 target of 60%.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runReminderCycle } from "../../bot/reminders/cycle.ts";
import { addMember } from "../../db/members.ts";
import { createTestApp } from "../support/app.ts";
import { deliver, postbackEvent, type ReplyMessage, say } from "../support/chat.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";
import { textEvent } from "../support/webhook.ts";

const NOW = new Date("2024-06-10T01:00:00Z");
const SOMU = "Usomu0000000000000000000000000001";
const FAST = { retryDelaysMs: [5, 5], timeoutMs: 2000 };

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
  await line.stop();
  t.close();
});

async function reasons(): Promise<string[]> {
  const rows = await t.db.$client.execute("select reason from actual_reasons order by id");
  return rows.rows.map((r) => String(r.reason));
}

async function may2024(): Promise<(number | null)[]> {
  const rows = await t.db.$client.execute(
    "select value from actuals where period = '2024-05' and withdrawn_at is null order by id",
  );
  return rows.rows.map((r) => (r.value === null ? null : Number(r.value)));
}

async function talk(text: string): Promise<ReplyMessage[]> {
  return deliver(harness, line, [textEvent(text, SOMU)]);
}

const texts = (messages: ReplyMessage[]) =>
  messages.map((m) => m.text ?? m.altText ?? "").join("\n---\n");
const quickLabels = (messages: ReplyMessage[]) =>
  (messages.at(-1)?.quickReply?.items ?? []).map((i) => i.action.label);

/** Reports ⑲ at 45% (target 60%): the bot asks for the reason. */
async function behindTarget() {
  const reply = await talk("10 45%");
  expect(texts(reply)).toContain("要因と今後の方策");
  return reply;
}

describe("the reason prompt after a behind-target report", () => {
  it("offers 「理由を入力」「なし」「あとで」 as quick replies", async () => {
    const reply = await behindTarget();
    expect(quickLabels(reply)).toEqual(["理由を入力", "なし", "あとで"]);
    const prompt = await deliver(harness, line, [postbackEvent("action=reason&do=input", SOMU)]);
    expect(texts(prompt)).toContain("要因と今後の方策を一言で送ってください");
    expect(await say(harness, line, SOMU, "会議資料の電子化に反対する意見があった")).toContain(
      "要因を記録しました",
    );
    expect(await reasons()).toEqual(["会議資料の電子化に反対する意見があった"]);
  });

  it("answers questions on the way and still takes the reason that follows", async () => {
    await behindTarget();
    const department = await talk("総務課の取組");
    expect(texts(department)).not.toContain("要因を記録しました");
    expect(department[0]?.type).toBe("flex");
    // The prompt stays at hand on the answer.
    expect(quickLabels(department)).toEqual(["理由を入力", "なし", "あとで"]);
    expect(texts(await talk("私の指標"))).toContain("（総務課）");
    expect(texts(await talk("⑲"))).toContain("ペーパーレス化");
    expect(texts(await talk("ヘルプ"))).toContain("shinchoku への質問の例");
    expect(texts(await talk("全体の状況を教えてください"))).not.toContain("要因を記録しました");
    expect(await reasons()).toEqual([]);
    expect(await say(harness, line, SOMU, "紙の資料を求める会議がまだ残っています")).toContain(
      "要因を記録しました",
    );
    expect(await reasons()).toEqual(["紙の資料を求める会議がまだ残っています"]);
  });

  it("records figures sent meanwhile as figures, not as the reason", async () => {
    await behindTarget();
    const correction = await say(harness, line, SOMU, "10 50%");
    expect(correction).toContain("記録しました");
    expect(await may2024()).toEqual([45, 50]);
    // 「▲5」 is not read as a figure yet; it is never a reason either.
    expect(await say(harness, line, SOMU, "▲5")).not.toContain("要因を記録しました");
    expect(await reasons()).toEqual([]);
    // One reason covers both values behind target.
    expect(await say(harness, line, SOMU, "年度初めで会議が少なかったため")).toContain(
      "要因を記録しました",
    );
    expect(await reasons()).toEqual([
      "年度初めで会議が少なかったため",
      "年度初めで会議が少なかったため",
    ]);
  });

  it("takes reasons that mention 遅れ or start with a month", async () => {
    await behindTarget();
    expect(await say(harness, line, SOMU, "タブレットの配備が遅れているため")).toContain(
      "要因を記録しました",
    );
    await behindTarget();
    expect(
      await say(harness, line, SOMU, "4月に人事異動があり、説明会を開けなかったため"),
    ).toContain("要因を記録しました");
    expect(await reasons()).toEqual([
      "タブレットの配備が遅れているため",
      "4月に人事異動があり、説明会を開けなかったため",
    ]);
    // A question about what is behind is still a question.
    await behindTarget();
    expect(await say(harness, line, SOMU, "遅れている取組")).not.toContain("要因を記録しました");
    expect(await reasons()).toHaveLength(2);
  });

  it("says the prompt again to a greeting or a stray はい, and stores nothing", async () => {
    await behindTarget();
    const greeting = await talk("お疲れ様です。");
    expect(texts(greeting)).toContain("要因をお待ちしています");
    expect(quickLabels(greeting)).toEqual(["理由を入力", "なし", "あとで"]);
    expect(texts(await talk("はい"))).toContain("要因をお待ちしています");
    expect(await reasons()).toEqual([]);
    expect(await say(harness, line, SOMU, "なし")).toContain("了解しました");
    expect(await reasons()).toEqual([]);
    // The prompt is closed: the next text is a question again.
    expect(await say(harness, line, SOMU, "ペーパーレス")).not.toContain("要因");
    expect(await reasons()).toEqual([]);
  });

  it("drops the prompt with a word on 「あとで」, typed or tapped", async () => {
    await behindTarget();
    expect(await say(harness, line, SOMU, "あとで")).toContain("要因の入力はいったん終わります");
    expect(await say(harness, line, SOMU, "窓口")).not.toContain("要因を記録しました");
    await behindTarget();
    const later = await deliver(harness, line, [postbackEvent("action=reason&do=later", SOMU)]);
    expect(texts(later)).toContain("要因の入力はいったん終わります");
    expect(await say(harness, line, SOMU, "人手が足りない")).not.toContain("要因を記録しました");
    expect(await reasons()).toEqual([]);
  });

  it("lets 取消 take the report back, and an invite code go to onboarding", async () => {
    await behindTarget();
    expect(await say(harness, line, SOMU, "K7PM-4QXD")).toContain("招待コード");
    expect(await say(harness, line, SOMU, "取消")).toContain("取り消しました");
    expect(await may2024()).toEqual([]);
    expect(await say(harness, line, SOMU, "会議が多かった")).not.toContain("要因を記録しました");
    expect(await reasons()).toEqual([]);
  });

  it("expires: an hour later, text is a question again", async () => {
    await behindTarget();
    harness.setNow(new Date(NOW.getTime() + 61 * 60_000));
    expect(await say(harness, line, SOMU, "紙の資料を求める会議が残っている")).not.toContain(
      "要因を記録しました",
    );
    expect(await reasons()).toEqual([]);
  });
});

describe("the confirmation of an implausible value", () => {
  it("answers a question meanwhile, keeps はい/いいえ at hand, and records on はい", async () => {
    expect(await say(harness, line, SOMU, "10 650%")).toContain("記録してよいですか");
    const question = await talk("総務課の取組");
    expect(quickLabels(question)).toEqual(["はい", "いいえ"]);
    expect(await may2024()).toEqual([]);
    expect(await say(harness, line, SOMU, "はい")).toContain("記録しました");
    expect(await may2024()).toEqual([650]);
  });

  it("takes 取消 as 「do not record」 and leaves the earlier entry alone", async () => {
    await say(harness, line, SOMU, "1 530人");
    expect(await say(harness, line, SOMU, "10 650%")).toContain("記録してよいですか");
    expect(await say(harness, line, SOMU, "取消")).toContain("記録しませんでした");
    const rows = await t.db.$client.execute(
      "select value from actuals where period = '2024-05' and withdrawn_at is null",
    );
    expect(rows.rows.map((r) => r.value)).toEqual([530]);
  });

  it("is replaced by new figures, with a word that the earlier ones were not recorded", async () => {
    expect(await say(harness, line, SOMU, "10 650%")).toContain("記録してよいですか");
    const fixed = await say(harness, line, SOMU, "10 65%");
    expect(fixed).toContain("先ほど確認をお願いした数値は記録していません");
    expect(fixed).toContain("記録しました");
    expect(await may2024()).toEqual([65]);
    expect(await say(harness, line, SOMU, "はい")).not.toContain("記録しました");
  });

  it("still reads a confirmation stored before `scale` was renamed `decimals`", async () => {
    expect(await say(harness, line, SOMU, "10 650.50%")).toContain("記録してよいですか");
    const stored = await t.db.$client.execute("select state from chat_states");
    const state = String(stored.rows[0]?.state);
    expect(state).toContain('"decimals":2');
    await t.db.$client.execute({
      sql: "update chat_states set state = ?",
      args: [state.replace('"decimals":2', '"scale":2')],
    });
    expect(await say(harness, line, SOMU, "はい")).toContain("650.50%");
    const rows = await t.db.$client.execute(
      "select value, decimals from actuals where period = '2024-05' and withdrawn_at is null",
    );
    expect(rows.rows.map((r) => [Number(r.value), Number(r.decimals)])).toEqual([[650.5, 2]]);
  });
});

describe("a focus on one item", () => {
  it("answers a question meanwhile, and the bare value still goes to the tapped item", async () => {
    const push = line.requests.find((r) => r.path === "/v2/bot/message/push");
    if (!push) throw new Error("no reminder was pushed");
    const data = (
      push.body as { messages: { quickReply: { items: { action: { data: string } }[] } }[] }
    ).messages[0]?.quickReply.items[9]?.action.data;
    await deliver(harness, line, [postbackEvent(data ?? "", SOMU)]);
    expect(await say(harness, line, SOMU, "私の指標")).toContain("（総務課）");
    expect(await say(harness, line, SOMU, "61%")).toContain("ペーパーレス化の割合: 61%");
  });
});
