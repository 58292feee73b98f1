/**
 * The DX office's API (issue 11, section 1) over the real Tamana plan, with LINE faked at the HTTP
 * level: members and invites, the reminder schedule, this cycle's reporting, running the reminders
 * and their follow-up, and sending the digest after a preview of its cost. Every route refuses a
 * lead and a viewer (403 `forbidden`) and a stranger (403 `not_member`); every action writes one
 * audit row (who, when, what), and a refused one writes none.
 *
 * The clock is 2024-06-10 10:00 (Asia/Tokyo): the June cycle asks for May 2024 (速報).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAudit } from "../../db/audit.ts";
import { addMember, listMembers } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import { callApi, createTestApp } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

const NOW = new Date("2024-06-10T01:00:00Z");
const SOMU = "Usomu-lead";
const ZAISEI = "Uzaisei-lead";
const OFFICE = "Uoffice";
const VIEWER = "Uviewer";
const MANAGER = "Umanager";
const STRANGER = "Ustranger";

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line, { devAuth: true });
  harness.setNow(NOW);
  await addMember(t.db, { planId: "tamana", lineUserId: SOMU, role: "lead", department: "総務課" });
  await addMember(t.db, {
    planId: "tamana",
    lineUserId: ZAISEI,
    role: "lead",
    department: "財政課",
  });
  await addMember(t.db, { planId: "tamana", lineUserId: OFFICE, role: "office" });
  await addMember(t.db, { planId: "tamana", lineUserId: VIEWER, role: "viewer" });
  await addMember(t.db, {
    planId: "tamana",
    lineUserId: MANAGER,
    role: "manager",
    department: "総務課",
  });
});
afterEach(async () => {
  await harness.settle();
  await line.stop();
  t.close();
});

const call = (user: string, method: string, path: string, body?: unknown) =>
  callApi(harness.app, user, method, path, body);

const audit = () => listAudit(t.db, "tamana");
const pushes = () => line.sent("/v2/bot/message/push");

const SCHEDULE = {
  enabled: true,
  dayOfMonth: 10,
  time: "09:00",
  periodMode: "previous_month",
  followUpDays: 3,
  escalate: false,
  deadlineBusinessDays: 5,
};

/** Every office route with a body it would accept. */
const ROUTES = [
  ["GET", "/api/plans/tamana/members", undefined],
  ["POST", "/api/plans/tamana/invites", { role: "lead", department: "総務課" }],
  ["PATCH", `/api/plans/tamana/members/${ZAISEI}`, { department: "総務課" }],
  ["DELETE", `/api/plans/tamana/members/${ZAISEI}`, undefined],
  ["GET", "/api/plans/tamana/schedule", undefined],
  ["PUT", "/api/plans/tamana/schedule", SCHEDULE],
  ["GET", "/api/plans/tamana/reporting", undefined],
  ["POST", "/api/plans/tamana/reminders/run", {}],
  ["POST", "/api/plans/tamana/reminders/run", { followUp: true }],
  ["POST", "/api/plans/tamana/digest/send", { to: "all", confirm: true }],
] as const;

describe("who may use the office routes", () => {
  it("refuses a lead, a viewer and a 課長 with 403 forbidden, and writes and sends nothing", async () => {
    for (const user of [SOMU, VIEWER, MANAGER]) {
      for (const [method, path, body] of ROUTES) {
        const res = await call(user, method, path, body);
        expect({ user, method, path, status: res.status, code: res.body.error?.code }).toEqual({
          user,
          method,
          path,
          status: 403,
          code: "forbidden",
        });
        expect(res.body.error.message).toContain("DX推進担当の方だけ");
      }
    }
    expect(await audit()).toEqual([]);
    expect(line.messages()).toEqual([]);
    expect((await listMembers(t.db, "tamana")).map((m) => m.lineUserId).sort()).toEqual(
      [MANAGER, OFFICE, SOMU, VIEWER, ZAISEI].sort(),
    );
  });

  it("refuses a verified user of no membership with 403 not_member", async () => {
    for (const [method, path, body] of ROUTES) {
      const res = await call(STRANGER, method, path, body);
      expect({ method, path, status: res.status, code: res.body.error?.code }).toEqual({
        method,
        path,
        status: 403,
        code: "not_member",
      });
    }
    expect(await audit()).toEqual([]);
  });
});

describe("メンバー", () => {
  it("lists every member with 課, role, active and the time of their last report", async () => {
    const plan = await loadPlanView(t.db, "tamana");
    const indicatorId = plan?.initiatives.find((i) => i.code === "⑲")?.indicators[0]?.id;
    const reported = await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "2024-05",
      value: "45%",
      baseId: null,
    });
    expect(reported.status).toBe(201);
    await call(OFFICE, "DELETE", `/api/plans/tamana/members/${VIEWER}`);
    const res = await call(OFFICE, "GET", "/api/plans/tamana/members");
    expect(res.status).toBe(200);
    const byUser = Object.fromEntries(
      res.body.members.map((m: { lineUserId: string }) => [m.lineUserId, m]),
    );
    expect(byUser[SOMU]).toMatchObject({ role: "lead", department: "総務課", active: true });
    expect(new Date(byUser[SOMU].lastReportAt).getTime()).toBeGreaterThan(0);
    expect(byUser[ZAISEI]).toMatchObject({ department: "財政課", lastReportAt: null });
    expect(byUser[VIEWER]).toMatchObject({ role: "viewer", active: false });
  });

  it("issues an invite for a 課 and role with the bot's add-friend link, asking LINE once", async () => {
    const res = await call(OFFICE, "POST", "/api/plans/tamana/invites", {
      role: "lead",
      department: "財政課",
      days: 7,
    });
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/u);
    expect(res.body.addFriendUrl).toBe("https://line.me/R/ti/p/@123abcde");
    expect(new Date(res.body.expiresAt).getTime()).toBe(NOW.getTime() + 7 * 86_400_000);
    const again = await call(OFFICE, "POST", "/api/plans/tamana/invites", { role: "viewer" });
    expect(again.status).toBe(201);
    expect(new Date(again.body.expiresAt).getTime()).toBe(NOW.getTime() + 14 * 86_400_000);
    expect(line.sent("/v2/bot/info")).toHaveLength(1);
    const rows = await audit();
    expect(rows.map((r) => [r.action, r.lineUserId, r.target, r.channel])).toEqual([
      ["invite.create", OFFICE, "lead:財政課", "liff"],
      ["invite.create", OFFICE, "viewer", "liff"],
    ]);
    expect(rows[0]?.detail).toMatchObject({ role: "lead", department: "財政課" });
    expect(rows[0]?.createdAt).toBeInstanceOf(Date);
  });

  it("keeps the old name orgUnit: bodies may use it, answers carry it beside department", async () => {
    const invite = await call(OFFICE, "POST", "/api/plans/tamana/invites", {
      role: "lead",
      orgUnit: "財政課",
    });
    expect(invite.status).toBe(201);
    expect((await audit())[0]?.detail).toMatchObject({ department: "財政課" });
    const moved = await call(OFFICE, "PATCH", `/api/plans/tamana/members/${ZAISEI}`, {
      orgUnit: "総務課",
    });
    expect(moved.status).toBe(200);
    expect(moved.body.member).toMatchObject({ department: "総務課", orgUnit: "総務課" });
    const both = await call(OFFICE, "PATCH", `/api/plans/tamana/members/${ZAISEI}`, {
      orgUnit: "総務課",
      department: "財政課",
    });
    expect(both.body.member).toMatchObject({ department: "財政課", orgUnit: "財政課" });
    const list = await call(OFFICE, "GET", "/api/plans/tamana/members");
    const somu = list.body.members.find((m: { lineUserId: string }) => m.lineUserId === SOMU);
    expect(somu).toMatchObject({ department: "総務課", orgUnit: "総務課" });
    const me = await call(SOMU, "GET", "/api/me");
    expect(me.body.memberships[0]).toMatchObject({ department: "総務課", orgUnit: "総務課" });
    const board = await call(SOMU, "GET", "/api/plans/tamana/board");
    expect(board.body.me).toEqual({ role: "lead", department: "総務課", orgUnit: "総務課" });
  });

  it("issues the invite without the add-friend link when LINE cannot say the bot's basic ID", async () => {
    line.failNext("/v2/bot/info", 500);
    const res = await call(OFFICE, "POST", "/api/plans/tamana/invites", { role: "office" });
    expect(res.status).toBe(201);
    expect(res.body.addFriendUrl).toBeNull();
    expect((await audit()).map((r) => r.action)).toEqual(["invite.create"]);
  });

  it("refuses an invite the CLI would refuse: a lead without a 課, a 課 not in the plan, a bad role", async () => {
    const cases = [
      [{ role: "lead" }, "課を指定"],
      [{ role: "lead", department: "宇宙課" }, "宇宙課"],
      [{ role: "boss" }, "role"],
      [{ role: "viewer", days: 0 }, "1〜90"],
    ] as const;
    for (const [body, says] of cases) {
      const res = await call(OFFICE, "POST", "/api/plans/tamana/invites", body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid");
      expect(res.body.error.message).toContain(says);
    }
    expect(await audit()).toEqual([]);
  });

  it("changes a member's 課 and role, deactivates and reactivates them, keeping the history", async () => {
    const moved = await call(OFFICE, "PATCH", `/api/plans/tamana/members/${ZAISEI}`, {
      department: "総務課",
    });
    expect(moved.status).toBe(200);
    expect(moved.body.member).toMatchObject({
      lineUserId: ZAISEI,
      role: "lead",
      department: "総務課",
    });
    const gone = await call(OFFICE, "DELETE", `/api/plans/tamana/members/${ZAISEI}`);
    expect(gone).toEqual({ status: 200, body: { deactivated: ZAISEI } });
    expect((await listMembers(t.db, "tamana")).some((m) => m.lineUserId === ZAISEI)).toBe(false);
    const twice = await call(OFFICE, "DELETE", `/api/plans/tamana/members/${ZAISEI}`);
    expect(twice.status).toBe(404);
    const back = await call(OFFICE, "PATCH", `/api/plans/tamana/members/${ZAISEI}`, {
      active: true,
      role: "viewer",
      department: null,
    });
    expect(back.status).toBe(200);
    expect(back.body.member).toMatchObject({ role: "viewer", department: null, active: true });
    const rows = await audit();
    expect(rows.map((r) => [r.action, r.target])).toEqual([
      ["member.update", ZAISEI],
      ["member.deactivate", ZAISEI],
      ["member.update", ZAISEI],
    ]);
    expect(rows[0]?.detail).toEqual({
      before: { role: "lead", department: "財政課", active: true },
      after: { role: "lead", department: "総務課", active: true },
    });
  });

  it("refuses a change the CLI would refuse, an unknown member, an empty body and leaving no office", async () => {
    const cases = [
      [`/api/plans/tamana/members/${VIEWER}`, { role: "lead" }, 400, "invalid"],
      [`/api/plans/tamana/members/${SOMU}`, { department: "宇宙課" }, 400, "invalid"],
      [`/api/plans/tamana/members/${SOMU}`, {}, 400, "invalid"],
      [`/api/plans/tamana/members/${SOMU}`, { role: "lead", extra: 1 }, 400, "invalid"],
      ["/api/plans/tamana/members/Unobody", { role: "viewer" }, 404, "not_found"],
      [`/api/plans/tamana/members/${OFFICE}`, { role: "viewer" }, 409, "conflict"],
      [`/api/plans/tamana/members/${OFFICE}`, { active: false }, 409, "conflict"],
    ] as const;
    for (const [path, body, status, code] of cases) {
      const res = await call(OFFICE, "PATCH", path, body);
      expect({ path, body, status: res.status, code: res.body.error?.code }).toEqual({
        path,
        body,
        status,
        code,
      });
    }
    const self = await call(OFFICE, "DELETE", `/api/plans/tamana/members/${OFFICE}`);
    expect(self.status).toBe(409);
    expect(self.body.error.message).toContain("DX推進担当がいなくなる");
    expect(await audit()).toEqual([]);
  });
});

describe("リマインド", () => {
  it("has no schedule until one is saved, then gives it with the next 12 dates and why they moved", async () => {
    const empty = await call(OFFICE, "GET", "/api/plans/tamana/schedule");
    expect(empty).toEqual({
      status: 200,
      body: { schedule: null, defaultDeadlineBusinessDays: 5, upcoming: [] },
    });
    const saved = await call(OFFICE, "PUT", "/api/plans/tamana/schedule", {
      ...SCHEDULE,
      dayOfMonth: 1,
      time: "9:30",
    });
    expect(saved.status).toBe(200);
    expect(saved.body.schedule).toEqual({ ...SCHEDULE, dayOfMonth: 1, time: "09:30" });
    const upcoming = saved.body.upcoming as { date: string; scheduled: string; moved: string }[];
    expect(upcoming).toHaveLength(12);
    // 2024-09-01 is a Sunday: that cycle starts on Monday the 2nd, and says why.
    expect(upcoming.find((u) => u.scheduled === "2024-09-01")).toMatchObject({
      date: "2024-09-02",
      moved: "9月1日は日曜日のため",
    });
    const read = await call(OFFICE, "GET", "/api/plans/tamana/schedule");
    expect(read.body).toEqual(saved.body);
    const rows = await audit();
    expect(rows.map((r) => [r.action, r.lineUserId])).toEqual([["schedule.update", OFFICE]]);
    expect(rows[0]?.detail).toMatchObject({ before: null, after: { dayOfMonth: 1 } });
  });

  it("refuses a schedule the CLI would refuse, naming the setting", async () => {
    const cases = [
      [{ dayOfMonth: 29 }, "毎月の日は1〜28"],
      [{ time: "25:00" }, "時刻はHH:MM"],
      [{ followUpDays: 0 }, "再送までの開庁日数は1〜27"],
      [{ deadlineBusinessDays: 21 }, "提出期限の開庁日数は1〜20"],
      [{ periodMode: "next_month" }, "periodMode"],
      [{ dayOfMonth: "10" }, "dayOfMonth"],
    ] as const;
    for (const [change, says] of cases) {
      const res = await call(OFFICE, "PUT", "/api/plans/tamana/schedule", {
        ...SCHEDULE,
        ...change,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid");
      expect(res.body.error.message.replaceAll(" ", "")).toContain(says);
    }
    expect(await audit()).toEqual([]);
  });

  it("runs this month's cycle once, shows it per 課 and per lead, and sends the follow-up on demand", async () => {
    const none = await call(OFFICE, "GET", "/api/plans/tamana/reporting");
    expect(none).toEqual({ status: 200, body: { cycle: null } });
    const early = await call(OFFICE, "POST", "/api/plans/tamana/reminders/run", {
      followUp: true,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("conflict");

    const run = await call(OFFICE, "POST", "/api/plans/tamana/reminders/run", {});
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      kind: "cycle",
      notice: null,
      report: { cycleMonth: "2024-06", period: "2024-05", status: "done", sent: 2, failed: 0 },
    });
    expect(pushes()).toHaveLength(2);
    const again = await call(OFFICE, "POST", "/api/plans/tamana/reminders/run", {});
    expect(again.body.report).toMatchObject({ status: "done", sent: 0, created: false });
    expect(pushes()).toHaveLength(2);

    const reporting = await call(OFFICE, "GET", "/api/plans/tamana/reporting");
    expect(reporting.status).toBe(200);
    expect(reporting.body.cycle).toMatchObject({
      cycleMonth: "2024-06",
      period: "2024-05",
      kind: "interim",
      status: "done",
      followUpAt: null,
    });
    expect(reporting.body.headline).toBe("提出率 0/2 課・0%（期限内 0%）");
    expect(reporting.body.pushes).toEqual({ sent: 2, failed: 0, pending: 0 });
    const somu = reporting.body.departments.find(
      (o: { department: string }) => o.department === "総務課",
    );
    expect(somu.pushes).toEqual({ sent: 1, failed: 0, pending: 0 });
    expect(somu.rate).toMatchObject({ onTime: 0, late: 0, status: "none" });
    expect(somu.rate.asked).toBeGreaterThan(0);
    expect(somu.rate.missing).toBe(somu.rate.asked);
    // The old names (docs/api.md "Old names") ride along for older clients.
    expect(reporting.body.orgUnits).toEqual(
      reporting.body.departments.map((d: { department: string }) => ({
        ...d,
        orgUnit: d.department,
      })),
    );
    expect(
      reporting.body.leads.every(
        (l: { department: string; orgUnit: string }) => l.orgUnit === l.department,
      ),
    ).toBe(true);
    expect(
      reporting.body.leads.map((l: { lineUserId: string; reminder: string; followUp: null }) => [
        l.lineUserId,
        l.reminder,
        l.followUp,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [SOMU, "sent", null],
        [ZAISEI, "sent", null],
      ]),
    );

    const followUp = await call(OFFICE, "POST", "/api/plans/tamana/reminders/run", {
      followUp: true,
    });
    expect(followUp).toEqual({
      status: 200,
      body: { kind: "follow_up", cycleMonth: "2024-06", followUps: 2, escalated: 0 },
    });
    expect(pushes()).toHaveLength(4);
    const after = await call(OFFICE, "GET", "/api/plans/tamana/reporting");
    expect(after.body.leads.every((l: { followUp: string }) => l.followUp === "sent")).toBe(true);
    expect(after.body.cycle.followUpAt).not.toBeNull();

    expect((await audit()).map((r) => [r.action, r.target])).toEqual([
      ["reminders.run", "2024-06"],
      ["reminders.run", "2024-06"],
      ["reminders.follow_up", "2024-06"],
    ]);
  });

  it("resumes a cycle LINE's monthly limit stopped, with the notice of the stop", async () => {
    line.enforceQuota = true;
    line.quota = { type: "limited", value: 1 };
    const stopped = await call(OFFICE, "POST", "/api/plans/tamana/reminders/run", {});
    expect(stopped.status).toBe(200);
    expect(stopped.body.report).toMatchObject({ status: "stopped", sent: 1, pending: 1 });
    expect(stopped.body.notice.message).toContain("上限");
    const reporting = await call(OFFICE, "GET", "/api/plans/tamana/reporting");
    expect(reporting.body.cycle.status).toBe("stopped");
    expect(reporting.body.pushes).toEqual({ sent: 1, failed: 0, pending: 1 });
    expect(reporting.body.notices).toHaveLength(1);
    line.quota = { type: "limited", value: 100 };
    const resumed = await call(OFFICE, "POST", "/api/plans/tamana/reminders/run", {});
    expect(resumed.body.report).toMatchObject({ status: "done", sent: 1, pending: 0 });
    expect(resumed.body.notice).toBeNull();
    expect(pushes()).toHaveLength(2);
  });

  it("refuses a run body of another shape", async () => {
    const res = await call(OFFICE, "POST", "/api/plans/tamana/reminders/run", { followUp: "yes" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid");
    expect(pushes()).toEqual([]);
  });
});

describe("ダイジェスト", () => {
  it("without confirm says what the send costs and sends nothing; with confirm sends it", async () => {
    line.consumption = 150;
    const preview = await call(OFFICE, "POST", "/api/plans/tamana/digest/send", { to: "all" });
    expect(preview).toEqual({
      status: 200,
      body: {
        sent: false,
        to: "all",
        recipients: 5,
        messages: 5,
        quota: { limit: 200, used: 150, remaining: 50 },
        remainingAfter: 45,
      },
    });
    const toLeads = await call(OFFICE, "POST", "/api/plans/tamana/digest/send", {
      to: "org:総務課",
    });
    // The 総務課 lead and its 課長.
    expect(toLeads.body).toMatchObject({ recipients: 2, messages: 2 });
    line.followers = 40;
    const broadcast = await call(OFFICE, "POST", "/api/plans/tamana/digest/send", {
      to: "broadcast",
    });
    expect(broadcast.body).toMatchObject({ to: "broadcast", recipients: 40, messages: 40 });
    expect(line.sent("/v2/bot/message/multicast")).toEqual([]);
    expect(await audit()).toEqual([]);

    const sent = await call(OFFICE, "POST", "/api/plans/tamana/digest/send", {
      to: "role:lead",
      confirm: true,
    });
    expect(sent).toEqual({
      status: 200,
      body: {
        sent: true,
        to: "role:lead",
        recipients: 2,
        batches: 1,
        messages: 2,
        remainingAfter: 48,
      },
    });
    const multicasts = line.sent("/v2/bot/message/multicast");
    expect(multicasts).toHaveLength(1);
    const to = (multicasts[0]?.body as { to: string[] } | undefined)?.to ?? [];
    expect(to.sort()).toEqual([SOMU, ZAISEI].sort());
    const rows = await audit();
    expect(rows.map((r) => [r.action, r.lineUserId, r.target])).toEqual([
      ["digest.send", OFFICE, "role:lead"],
    ]);
    expect(rows[0]?.detail).toEqual({ recipients: 2, batches: 1, messages: 2 });
  });

  it("refuses a send over this month's quota, an unknown audience and an empty one", async () => {
    line.consumption = 198;
    const over = await call(OFFICE, "POST", "/api/plans/tamana/digest/send", {
      to: "all",
      confirm: true,
    });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe("quota_exceeded");
    expect(over.body.error.message).toContain("今月のメッセージ残り 2通");
    const preview = await call(OFFICE, "POST", "/api/plans/tamana/digest/send", { to: "all" });
    expect(preview.body.error.code).toBe("quota_exceeded");
    const unknown = await call(OFFICE, "POST", "/api/plans/tamana/digest/send", { to: "everyone" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("everyone");
    const empty = await call(OFFICE, "POST", "/api/plans/tamana/digest/send", {
      to: "org:財政課",
      confirm: true,
    });
    expect(empty.status).toBe(200);
    const nobody = await call(OFFICE, "POST", "/api/plans/tamana/digest/send", {
      to: "org:地域振興課",
      confirm: true,
    });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.message).toContain("メンバーがいません");
    const noFollowers = await call(OFFICE, "POST", "/api/plans/tamana/digest/send", {
      to: "broadcast",
    });
    expect(noFollowers.status).toBe(502);
    expect(noFollowers.body.error.code).toBe("line_failed");
    const badBody = await call(OFFICE, "POST", "/api/plans/tamana/digest/send", { confirm: true });
    expect(badBody.status).toBe(400);
    expect(line.sent("/v2/bot/message/multicast")).toHaveLength(1);
    expect((await audit()).map((r) => r.target)).toEqual(["org:財政課"]);
  });

  it("says when LINE refuses the send, and still writes it down", async () => {
    line.failNext("/v2/bot/message/multicast", 400, { body: { message: "bad request" } });
    const res = await call(OFFICE, "POST", "/api/plans/tamana/digest/send", {
      to: "all",
      confirm: true,
    });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe("line_failed");
    expect((await audit()).map((r) => [r.action, r.detail])).toEqual([
      ["digest.send", { failed: res.body.error.message }],
    ]);
  });
});
