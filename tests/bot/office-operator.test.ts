/**
 * The CLI's office commands are thin adapters over the office's use cases (issue 15): the operator
 * at the terminal passes the same checks as the DX office's LIFF pages (the last office member
 * cannot be removed, a lead needs a 課, an invite lasts 1–90 days) and every action is written to
 * the audit log as the operator's, with channel `cli`. The CLI's own output is covered by
 * tests/cli/cli.test.ts and tests/cli/remind.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isOperator, type Operator, officeRefusal } from "../../bot/usecases/office.ts";
import { deactivateMember, enrollMember, issueInvite } from "../../bot/usecases/office-members.ts";
import { runReminders, saveSchedule } from "../../bot/usecases/office-reminders.ts";
import { listAudit } from "../../db/audit.ts";
import { addMember } from "../../db/members.ts";
import { createTestApp } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

const OPERATOR: Operator = { kind: "operator", planId: "tamana", name: "clerk" };

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line, { devAuth: true });
  harness.setNow(new Date("2024-06-10T01:00:00Z"));
});
afterEach(async () => {
  await harness.settle();
  await line.stop();
  t.close();
});

describe("the operator on the office's use cases", () => {
  it("is allowed where a lead is refused, and is never mistaken for a member", async () => {
    const lead = await addMember(t.db, {
      planId: "tamana",
      lineUserId: "Ulead",
      role: "lead",
      department: "総務課",
    });
    expect(officeRefusal(OPERATOR)).toBeNull();
    expect(officeRefusal(lead)?.code).toBe("forbidden");
    expect(isOperator(lead)).toBe(false);
  });

  it("adds a member and writes who did it as cli:<account>", async () => {
    const added = await enrollMember(harness.deps, OPERATOR, {
      lineUserId: "Uoffice",
      role: "office",
      department: null,
      displayName: "DX 太郎",
      channel: "cli",
    });
    expect(added.ok).toBe(true);
    const [entry] = await listAudit(t.db, "tamana");
    expect(entry).toMatchObject({
      action: "member.add",
      channel: "cli",
      memberId: null,
      lineUserId: "cli:clerk",
      target: "Uoffice",
    });
  });

  it("keeps the LIFF page's rules: a lead needs a 課, the last office member stays, invites last 1–90 days", async () => {
    const noUnit = await enrollMember(harness.deps, OPERATOR, {
      lineUserId: "Ulead",
      role: "lead",
      department: null,
      displayName: null,
      channel: "cli",
    });
    expect(noUnit).toMatchObject({ ok: false, code: "invalid" });

    await addMember(t.db, { planId: "tamana", lineUserId: "Uoffice", role: "office" });
    const last = await deactivateMember(harness.deps, OPERATOR, {
      lineUserId: "Uoffice",
      channel: "cli",
    });
    expect(last).toMatchObject({ ok: false, code: "conflict" });

    const tooLong = await issueInvite(harness.deps, OPERATOR, {
      role: "lead",
      department: "総務課",
      days: 365,
      channel: "cli",
    });
    expect(tooLong).toMatchObject({ ok: false, code: "invalid" });
    expect(await listAudit(t.db, "tamana")).toEqual([]);
  });

  it("saves the schedule and runs a dry run without sending or auditing it", async () => {
    await addMember(t.db, {
      planId: "tamana",
      lineUserId: "Ulead",
      role: "lead",
      department: "総務課",
    });
    const saved = await saveSchedule(harness.deps, OPERATOR, {
      enabled: true,
      dayOfMonth: 10,
      time: "9:00",
      periodMode: "previous_month",
      followUpDays: 3,
      escalate: false,
      deadlineBusinessDays: null,
      channel: "cli",
    });
    expect(saved).toMatchObject({ ok: true, schedule: { time: "09:00", followUpDays: 3 } });

    const dry = await runReminders(harness.deps, OPERATOR, {
      followUp: false,
      dryRun: true,
      channel: "cli",
    });
    if (!dry.ok || dry.kind !== "cycle") throw new Error("expected a cycle report");
    expect(dry.report.preview?.length).toBe(1);
    // One push now for the lead, one follow-up later; no 課長 in the plan.
    expect(dry.advance).toMatchObject({ now: 1, followUps: 1, managers: 0 });
    expect(line.sent("/v2/bot/message/push")).toEqual([]);
    const actions = (await listAudit(t.db, "tamana")).map((e) => e.action);
    expect(actions).toEqual(["schedule.update"]);
  });
});
