/**
 * A LINE answer about an initiative says which review period its 天気 and 今後の方向性 are from, and
 * as of when (issue 14 §2), over the real Inzai plan.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember } from "../../db/members.ts";
import { createTestApp } from "../support/app.ts";
import { deliver } from "../support/chat.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";
import { textEvent } from "../support/webhook.ts";

const LEAD = "Ulead-inzai";
let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["inzai"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line);
  await addMember(t.db, { planId: "inzai", lineUserId: LEAD, role: "lead", department: "市民部" });
});
afterAll(async () => {
  await line.stop();
  t.close();
});

describe("an initiative in the chat", () => {
  it("gives Inzai A1-4's 今後の方向性 with its quarter and 時点", async () => {
    const [message] = await deliver(harness, line, [textEvent("A1-4", LEAD)]);
    const text = JSON.stringify(message);
    expect(text).toContain("R7年度 第2四半期（2025年9月29日時点）: 今後の方向性 継続");
  });
});
