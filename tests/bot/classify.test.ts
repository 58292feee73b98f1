/**
 * What a chat message is, decided before any pending state may claim it (bot/chat/classify.ts),
 * over realistic replies from a lead. The plan is the real Tamana plan, so codes and 課 are real.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyMessage, hasWords, readsAsProse } from "../../bot/chat/classify.ts";
import { loadPlanView } from "../../db/plans.ts";
import type { PlanView } from "../../shared/plan-view.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

let t: TestDatabase;
let plan: PlanView | null;
beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  plan = await loadPlanView(t.db, "tamana");
});
afterAll(() => t.close());

describe("classifyMessage", () => {
  it.each([
    ["K7PM-4QXD", "invite"],
    ["取消", "undo"],
    ["はい", "yes"],
    ["いいえ", "no"],
    ["⑲", "code"],
    ["10 45%", "figures"],
    ["４５％です", "figures"],
    ["総務課の取組", "question"],
    ["私の指標", "question"],
    ["遅れている取組", "question"],
    ["ヘルプ", "question"],
    ["全体の状況を教えてください", "question"],
    ["ペーパーレスはどうなっていますか？", "question"],
    ["お疲れ様です。", "greeting"],
    ["ありがとうございます", "greeting"],
    ["なし", "skip"],
    ["特にありません", "skip"],
    ["あとで", "later"],
    ["紙の資料を求める会議がまだ残っています", "text"],
    ["ペーパーレス", "text"],
  ])("reads 「%s」 as %s", (text, kind) => {
    expect(classifyMessage(text, plan, true).kind).toBe(kind);
  });

  it("reads an invite-like code as text when it does not come from a user", () => {
    expect(classifyMessage("K7PM-4QXD", plan, false).kind).not.toBe("invite");
  });
});

describe("what may be taken as a reason while one is asked for", () => {
  it.each([
    ["タブレットの配備が遅れているため", true],
    ["4月に人事異動があったため", true],
    ["遅れている取組", false],
    ["総務課の取組", false],
    ["10 45%", false],
  ])("「%s」 reads as prose: %s", (text, prose) => {
    expect(readsAsProse(text)).toBe(prose);
  });

  it("takes no reason without words (「▲5」, 「…」)", () => {
    expect(hasWords("▲5")).toBe(false);
    expect(hasWords("…")).toBe(false);
    expect(hasWords("人手不足")).toBe(true);
  });
});
