/**
 * The API's one error path over the real Tamana plan: a verified non-member gets 403 `not_member` on
 * every initiative route (the LIFF app shows its join screen on that code) and nothing is written;
 * ids that are not ids are 400, never 500; bodies of the wrong shape are 400 `invalid`; an unexpected
 * failure is logged and answered 500 `internal`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addMember } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import { callApi, createTestApp } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

const SOMU = "Usomu-lead";
const OFFICE = "Uoffice";
const STRANGER = "Ustranger-not-a-member";

let t: TestDatabase;
let harness: ReturnType<typeof createTestApp>;
let initiativeId: number;
let indicatorId: number;
let actualId: number;

const call = (user: string, method: string, path: string, body?: unknown) =>
  callApi(harness.app, user, method, path, body);

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  harness = createTestApp(t.db, null, { devAuth: true });
  await addMember(t.db, { planId: "tamana", lineUserId: SOMU, role: "lead", department: "総務課" });
  await addMember(t.db, { planId: "tamana", lineUserId: OFFICE, role: "office" });
  const plan = await loadPlanView(t.db, "tamana");
  const paperless = plan?.initiatives.find((i) => i.code === "⑲");
  if (!paperless?.indicators[0]) throw new Error("no ⑲");
  initiativeId = paperless.id;
  indicatorId = paperless.indicators[0].id;
  const recorded = await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
    period: "2024-05",
    value: "45%",
    baseId: null,
  });
  expect(recorded.status).toBe(201);
  actualId = recorded.body.recorded.id;
});
afterAll(() => t.close());

describe("a verified user who is not a member of the plan", () => {
  const routes = () =>
    [
      ["GET", `/api/initiatives/${initiativeId}`, undefined],
      ["PATCH", `/api/initiatives/${initiativeId}`, { version: 1, weather: "晴れ" }],
      ["PATCH", `/api/initiatives/${initiativeId}`, { version: 1, comment: "見ました" }],
      [
        "POST",
        `/api/indicators/${indicatorId}/actuals`,
        { period: "2024-06", value: "50%", baseId: null },
      ],
      ["POST", `/api/actuals/${actualId}/withdraw`, undefined],
      ["GET", "/api/plans/tamana/board", undefined],
      ["GET", "/api/plans/tamana/digest", undefined],
    ] as const;

  it("gets 403 not_member with how to join on every initiative route, and nothing is written", async () => {
    const before = await loadPlanView(t.db, "tamana");
    for (const [method, path, body] of routes()) {
      const res = await call(STRANGER, method, path, body);
      expect({ method, path, status: res.status, code: res.body.error?.code }).toEqual({
        method,
        path,
        status: 403,
        code: "not_member",
      });
      expect(res.body.error.message).toContain("招待コード");
    }
    const after = await loadPlanView(t.db, "tamana");
    expect(after).toEqual(before);
  });

  it("still gets 404 for an initiative, indicator or actual that does not exist", async () => {
    for (const [method, path] of [
      ["GET", "/api/initiatives/999999"],
      ["POST", "/api/actuals/999999/withdraw"],
    ] as const) {
      const res = await call(STRANGER, method, path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });
});

describe("ids that are not ids", () => {
  it("answers 400 invalid, never 500, for a non-numeric id on every id route", async () => {
    for (const id of ["abc", "1e3", "0x10", "-1", "0", "1.5", "%20"]) {
      for (const [method, path, body] of [
        ["GET", `/api/initiatives/${id}`, undefined],
        ["PATCH", `/api/initiatives/${id}`, { version: 1, weather: "晴れ" }],
        ["POST", `/api/indicators/${id}/actuals`, { period: "2024-06", value: "1", baseId: null }],
        ["POST", `/api/actuals/${id}/withdraw`, undefined],
      ] as const) {
        const res = await call(SOMU, method, path, body);
        expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
          path,
          status: 400,
          code: "invalid",
        });
      }
    }
  });

  it("answers 404 for an id past any row", async () => {
    const res = await call(SOMU, "POST", "/api/indicators/9999999999/actuals", {
      period: "2024-06",
      value: "1",
      baseId: null,
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});

describe("request bodies", () => {
  it("refuses a PATCH or an actual of the wrong shape with 400 invalid naming the field", async () => {
    const patch = await call(SOMU, "PATCH", `/api/initiatives/${initiativeId}`, {
      version: "one",
    });
    expect(patch.status).toBe(400);
    expect(patch.body.error).toMatchObject({ code: "invalid" });
    expect(patch.body.error.message).toContain("version");
    const actual = await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "2024-06",
      value: "50%",
    });
    expect(actual.status).toBe(400);
    expect(actual.body.error.message).toContain("baseId");
  });

  it("refuses text holding a NUL character (libSQL would store it cut short) with 400 invalid naming the field, and stores nothing", async () => {
    const actuals = async () =>
      Number((await t.db.$client.execute("select count(*) n from actuals")).rows[0]?.n);
    const before = await actuals();
    const actual = await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "2024-06",
      value: "50%\u0000（速報）",
      baseId: null,
    });
    expect(actual.status).toBe(400);
    expect(actual.body.error).toMatchObject({
      code: "invalid",
      message: "入力の形が正しくありません: value に使えない文字（NUL）が含まれています",
    });
    expect(await actuals()).toBe(before);
    const comment = await call(SOMU, "PATCH", `/api/initiatives/${initiativeId}`, {
      version: 1,
      comment: "見ました\u0000",
    });
    expect(comment.status).toBe(400);
    expect(comment.body.error.message).toContain("comment に使えない文字（NUL）");
    const imported = await call(OFFICE, "POST", "/api/plans/import", {
      files: { "plan.yaml": "id: tamana\u0000" },
      dryRun: true,
    });
    expect(imported.status).toBe(400);
    expect(imported.body.error.message).toContain("files.plan.yaml に使えない文字（NUL）");
  });

  it("answers 400 invalid for a body that is not JSON", async () => {
    const res = await harness.app.request(`/api/initiatives/${initiativeId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer dev:${SOMU}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid" } });
  });

  it("validates the import body: no tables, or sheets that are not rows of cells, are 400 invalid", async () => {
    for (const body of [
      {},
      { dryRun: true },
      { files: { "plan.yaml": 3 } },
      { sheets: { 計画: "not rows" } },
      { sheets: { 計画: [[{ cell: 1 }]] } },
      { files: {}, dryRun: "yes" },
    ]) {
      const res = await call(OFFICE, "POST", "/api/plans/import", body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({
        body,
        status: 400,
        code: "invalid",
      });
    }
    const empty = await call(OFFICE, "POST", "/api/plans/import", {});
    expect(empty.body.error.message).toContain("取り込むファイルがありません");
  });

  it("puts a conflict's current state in error.details and, as before, at the top level", async () => {
    const res = await call(SOMU, "POST", `/api/indicators/${indicatorId}/actuals`, {
      period: "2024-05",
      value: "46%",
      baseId: null,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("conflict");
    expect(res.body.error.details.current).toMatchObject({ id: actualId, value: 45 });
    expect(res.body.current).toEqual(res.body.error.details.current);
  });
});

describe("unexpected failures", () => {
  it("are logged and answered 500 internal without details", async () => {
    const broken = await createTestDatabase();
    const { app } = createTestApp(broken.db, null, { devAuth: true });
    broken.close();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const res = await app.request("/api/plans", { headers: { authorization: "Bearer dev:U1" } });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: { code: "internal", message: "Internal error." } });
      expect(logged).toHaveBeenCalledWith("GET /api/plans failed:", expect.any(Error));
    } finally {
      logged.mockRestore();
    }
  });
});
