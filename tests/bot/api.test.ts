/**
 * The LIFF app's API: LIFF ID tokens verified with LINE Login (faked at the HTTP level), plan
 * membership, and the development tokens that only `npm run dev` accepts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember } from "../../db/members.ts";
import { createTestApp } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

let t: TestDatabase;
let line: FakeLine;
const LEAD = "Ulead000000000000000000000000somu";
const STRANGER = "Ustranger0000000000000000000000x";

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  await addMember(t.db, { planId: "tamana", lineUserId: LEAD, role: "lead", department: "総務課" });
});
afterAll(async () => {
  await line.stop();
  t.close();
});

const get = (app: ReturnType<typeof createTestApp>["app"], path: string, token?: string) =>
  app.request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe("board API auth", () => {
  it("answers 401 without a token", async () => {
    const { app } = createTestApp(t.db, line);
    const res = await get(app, "/api/plans/tamana/board");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("answers 401 for a token LINE does not verify, or an expired one", async () => {
    const { app } = createTestApp(t.db, line);
    expect((await get(app, "/api/plans/tamana/board", "forged-token")).status).toBe(401);
    const expired = line.issueIdToken({ sub: LEAD, exp: Math.floor(Date.now() / 1000) - 60 });
    expect((await get(app, "/api/plans/tamana/board", expired)).status).toBe(401);
    const otherChannel = line.issueIdToken({ sub: LEAD, aud: "9999999999" });
    expect((await get(app, "/api/plans/tamana/board", otherChannel)).status).toBe(401);
    const verify = line.requests.filter((r) => r.path === "/oauth2/v2.1/verify");
    expect(verify.at(-1)?.body).toMatchObject({ client_id: line.loginChannelId });
  });

  it("answers 403 with how to join for a verified user who is not a member", async () => {
    const { app } = createTestApp(t.db, line);
    const res = await get(app, "/api/plans/tamana/board", line.issueIdToken({ sub: STRANGER }));
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_member");
    expect(body.error.message).toContain("招待コード");
  });

  it("answers 200 with the board for a member, initiatives carrying id and code", async () => {
    const { app } = createTestApp(t.db, line);
    const token = line.issueIdToken({ sub: LEAD });
    const res = await get(app, "/api/plans/tamana/board", token);
    expect(res.status).toBe(200);
    const board = (await res.json()) as {
      me: unknown;
      boardColumns: { label: string }[];
      initiatives: { id: number; code: string; title: string; departments: string[] }[];
    };
    expect(board.me).toEqual({ role: "lead", department: "総務課", orgUnit: "総務課" });
    expect(board.initiatives).toHaveLength(21);
    expect(board.initiatives.every((i) => Number.isInteger(i.id) && i.code)).toBe(true);
    expect(board.initiatives.find((i) => i.code === "⑲")).toMatchObject({
      title: "ペーパーレス化の推進",
      departments: ["総務課"],
    });
    expect(board.boardColumns.map((c) => c.label)).toEqual([
      "8年間で取り組むこと",
      "実施計画期間中に取り組むこと",
      "着手していること",
      "評価・見直し",
      "完了",
    ]);
    // A verified token is cached: the second call does not ask LINE again.
    const before = line.requests.length;
    expect((await get(app, "/api/plans", token)).status).toBe(200);
    expect(line.requests.length).toBe(before);
  });

  it("answers 404 for a plan that does not exist", async () => {
    const { app } = createTestApp(t.db, line);
    expect(
      (await get(app, "/api/plans/nowhere/board", line.issueIdToken({ sub: LEAD }))).status,
    ).toBe(404);
  });

  it("lists plans with the caller's membership", async () => {
    const { app } = createTestApp(t.db, line);
    const res = await get(app, "/api/plans", line.issueIdToken({ sub: STRANGER }));
    expect(await res.json()).toEqual({
      plans: [expect.objectContaining({ id: "tamana", member: null })],
    });
  });
});

describe("development tokens", () => {
  it("are refused by the production app, whatever else is configured", async () => {
    const { app } = createTestApp(t.db, line, { devAuth: false });
    const res = await get(app, "/api/plans/tamana/board", `dev:${LEAD}`);
    expect(res.status).toBe(401);
    expect(
      line.requests.filter(
        (r) =>
          r.path === "/oauth2/v2.1/verify" &&
          (r.body as { id_token: string }).id_token.startsWith("dev:"),
      ),
    ).toHaveLength(0);
  });

  it("are accepted only by the development app", async () => {
    const { app } = createTestApp(t.db, line, { devAuth: true });
    expect((await get(app, "/api/plans/tamana/board", `dev:${LEAD}`)).status).toBe(200);
    expect((await get(app, "/api/plans/tamana/board", `dev:${STRANGER}`)).status).toBe(403);
  });

  it("the production entry never builds the app with devAuth", async () => {
    const { configFromEnv } = await import("../../bot/config.ts");
    expect(
      configFromEnv({ DEV_AUTH: "true", NODE_ENV: "development", SHINCHOKU_DEV: "1" }).devAuth,
    ).toBe(false);
    const source = await import("node:fs").then((fs) =>
      fs.readFileSync(new URL("../../bot/node.ts", import.meta.url), "utf8"),
    );
    expect(source).toContain("createNodeDeps({ devAuth: false, env })");
  });
});

describe("GET /healthz", () => {
  it("answers 200 when the database is reachable", async () => {
    const { app } = createTestApp(t.db, line);
    const res = await app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});
