/** The public page: only once published, and with no personal data. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReminderCycle } from "../../bot/reminders/cycle.ts";
import { addMember } from "../../db/members.ts";
import { createTestApp, TEST_CHANNEL_SECRET } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";
import { textEvent, webhookBody } from "../support/webhook.ts";

const LEAD = "Uc0ffee0000000000000000000000lead";
let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line);
  harness.setNow(new Date("2024-06-10T01:00:00Z"));
  await addMember(t.db, {
    planId: "tamana",
    lineUserId: LEAD,
    role: "lead",
    department: "総務課",
    displayName: "山田太郎",
  });
  // A figure entered in LINE, so that the database holds a reporter and a LINE id for this plan.
  await runReminderCycle(harness.deps, "tamana", { retryDelaysMs: [] });
  const { body, signature } = webhookBody([textEvent("10 45%", LEAD)], TEST_CHANNEL_SECRET);
  await harness.app.request("/webhook", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-line-signature": signature },
  });
  await harness.settle();
});
afterAll(async () => {
  await line.stop();
  t.close();
});

describe("GET /public/:planId", () => {
  it("is not shown before the office publishes the plan", async () => {
    const res = await harness.app.request("/public/tamana");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("公開されていません");
  });

  it("shows progress by initiative and charts, and no member data", async () => {
    await t.db.$client.execute("update plans set published = 1");
    const res = await harness.app.request("/public/tamana");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("ペーパーレス化の推進");
    expect(page).toContain("<svg");
    expect(page).toContain("<td>50%</td><td>40%</td>");
    expect(page.match(/<section class="initiative">/gu)).toHaveLength(21);
    expect(page).not.toContain(LEAD);
    expect(page).not.toMatch(/U[0-9a-f]{32}/u);
    expect(page).not.toContain("山田太郎");
    expect(page).not.toContain("45%"); // an interim reading entered in LINE by a person
    // The reporting rate as an aggregate: 総務課 sent 1 of its 10 figures, so 0 of 1 課.
    expect(page).toContain("実績の提出状況（2024年5月分）: 提出率 0/1 課・0%（期限内 0%）");
  });

  it("escapes the plan's own text, so a name with markup shows as text", async () => {
    await t.db.$client.execute(
      `update plans set published = 1, revision = revision + 1, name = '<script>alert("x")</script>&計画' where id = 'tamana'`,
    );
    const page = await (await harness.app.request("/public/tamana")).text();
    expect(page).not.toContain("<script>");
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;計画");
    expect(page.startsWith("<!doctype html>")).toBe(true);
  });
});
