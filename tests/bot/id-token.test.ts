/**
 * The LIFF ID-token check cannot be turned into unbounded calls to LINE: a refused token is
 * remembered for a while, and new tokens are rate limited per client and in all (429 with
 * Retry-After beyond the limit). Verified tokens keep working from the cache.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IdTokenVerifier } from "../../bot/auth.ts";
import { addMember } from "../../db/members.ts";
import { createTestApp } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

const LEAD = "Ulead00000000000000000000000001";

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line);
  await addMember(t.db, { planId: "tamana", lineUserId: LEAD, role: "lead", department: "総務課" });
});
afterEach(async () => {
  await line.stop();
  t.close();
});

const me = (token: string, ip = "203.0.113.7") =>
  harness.app.request("/api/me", {
    headers: { authorization: `Bearer ${token}`, "cf-connecting-ip": ip },
  });
const randomToken = () => `eyJhbGciOiJIUzI1NiJ9.${crypto.randomUUID()}.${crypto.randomUUID()}`;

describe("the LIFF ID-token check", () => {
  it("asks LINE at most 30 times a minute for one client's random tokens, then answers 429 with Retry-After", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 100; i++) {
      const res = await me(randomToken());
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get("retry-after");
        expect(await res.json()).toMatchObject({ error: { code: "rate_limited" } });
      }
    }
    expect(line.verifyCalls()).toBe(30);
    expect(statuses.filter((s) => s === 401)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(70);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    // Another client is not held up by the first one's flood.
    const token = line.issueIdToken({ sub: LEAD });
    expect((await me(token, "198.51.100.2")).status).toBe(200);
  });

  it("remembers a refused token: sent again, it is answered 401 without asking LINE", async () => {
    const token = randomToken();
    for (let i = 0; i < 20; i++) expect((await me(token)).status).toBe(401);
    expect(line.verifyCalls()).toBe(1);
  });

  it("keeps answering a verified token from the cache, even while its client is limited", async () => {
    const token = line.issueIdToken({ sub: LEAD });
    expect((await me(token)).status).toBe(200);
    for (let i = 0; i < 40; i++) await me(randomToken());
    expect((await me(token)).status).toBe(200);
    expect(line.verifyCalls()).toBe(30);
  });

  it("counts a fresh token sent by many calls at once as one, so a busy page is not limited", async () => {
    // 25 random tokens use most of the client's 30; then 20 calls at once with one new token.
    for (let i = 0; i < 25; i++) expect((await me(randomToken())).status).toBe(401);
    const token = line.issueIdToken({ sub: LEAD });
    const statuses = await Promise.all(Array.from({ length: 20 }, () => me(token)));
    expect(statuses.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));
  });

  it("caps the calls to LINE from all clients together", async () => {
    const verifier = new IdTokenVerifier({
      line: harness.deps.line,
      loginChannelId: line.loginChannelId,
      clock: () => new Date(),
      limits: { perClient: 5, total: 12 },
    });
    const outcomes: string[] = [];
    for (let i = 0; i < 50; i++) {
      await verifier.verify(randomToken(), `192.0.2.${i}`).then(
        () => outcomes.push("ok"),
        (err: { status: number }) => outcomes.push(String(err.status)),
      );
    }
    expect(line.verifyCalls()).toBe(12);
    expect(outcomes.filter((o) => o === "429")).toHaveLength(38);
  });

  it("asks LINE again once the window has passed", async () => {
    let now = Date.parse("2024-06-10T01:00:00Z");
    const verifier = new IdTokenVerifier({
      line: harness.deps.line,
      loginChannelId: line.loginChannelId,
      clock: () => new Date(now),
      limits: { perClient: 2 },
    });
    const tryOne = () => verifier.verify(randomToken(), "192.0.2.1").catch((e) => e.status);
    expect([await tryOne(), await tryOne(), await tryOne()]).toEqual([401, 401, 429]);
    now += 61_000;
    expect(await tryOne()).toBe(401);
    expect(line.verifyCalls()).toBe(3);
  });
});
