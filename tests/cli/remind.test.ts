/**
 * `npx shinchoku remind` against a fake LINE: the exit code and message when LINE's monthly limit
 * stops the cycle (and the digest preview saying so), and a bounded exit when LINE never answers.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addMember } from "../../db/members.ts";
import { TEST_ACCESS_TOKEN, TEST_CHANNEL_SECRET } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

const run = promisify(execFile);
const BIN = resolve("bin/shinchoku.js");
const SOMU = "Usomu0000000000000000000000000001";
const ZAISEI = "Uzaisei00000000000000000000000001";
const OFFICE = "Uoffice0000000000000000000000001";

let t: TestDatabase;
let line: FakeLine;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  await addMember(t.db, { planId: "tamana", lineUserId: SOMU, role: "lead", department: "総務課" });
  await addMember(t.db, {
    planId: "tamana",
    lineUserId: ZAISEI,
    role: "lead",
    department: "財政課",
  });
  await addMember(t.db, { planId: "tamana", lineUserId: OFFICE, role: "office" });
});
afterEach(async () => {
  await line.stop();
  t.close();
});

async function shinchoku(...args: string[]) {
  const started = Date.now();
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
        LINE_API_BASE_URL: line.url,
        LINE_DATA_API_BASE_URL: line.url,
        LINE_TIMEOUT_MS: "500",
      },
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (err) {
    const e = err as { code: number | null; signal: string | null; stdout: string; stderr: string };
    return {
      code: e.code,
      signal: e.signal,
      stdout: e.stdout,
      stderr: e.stderr,
      ms: Date.now() - started,
    };
  }
}

describe("npx shinchoku remind", () => {
  it("says in advance how many messages the cycle will use, and warns when the month has too few left", async () => {
    await addMember(t.db, {
      planId: "tamana",
      lineUserId: "Usomuchief00000000000000000000001",
      role: "manager",
      department: "総務課",
    });
    line.quota = { type: "limited", value: 200 };
    line.consumption = 199;
    const res = await shinchoku("remind", "--plan", "tamana", "--dry-run");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(
      "使う通数: リマインド 2通（1人1通）、あとで最大 1通（再送 0・課長へのお知らせ 1）",
    );
    expect(res.stdout).toContain("今月の LINE の残り: 1通（上限 200通・使用済み 199通）");
    expect(res.stdout).toContain("⚠ 残りが足りません。このまま送ると 1人に届かず");
    expect(line.sent("/v2/bot/message/push")).toHaveLength(0);
  });

  it("exits 3 when LINE's monthly limit stops the cycle, saying how many were sent, wait, and how to resume; the digest preview says it too", async () => {
    line.enforceQuota = true;
    line.quota = { type: "limited", value: 1 };
    const res = await shinchoku("remind", "--plan", "tamana");
    expect(res.code).toBe(3);
    expect(res.stderr).toContain("【リマインド停止中】");
    expect(res.stderr).toContain("送信済み 1件／未送信 1件");
    expect(res.stderr).toContain("npx shinchoku remind --plan tamana で再開");
    // The office was not told by a multicast LINE would refuse with the same 429.
    expect(line.requests.filter((r) => r.path === "/v2/bot/message/multicast")).toEqual([]);

    const preview = await shinchoku("digest", "--plan", "tamana");
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain("【リマインド停止中】");
    expect(preview.stdout).toContain("送信済み 1件／未送信 1件");

    // Resumed once the limit allows: the waiting push goes out and the preview is clean again.
    line.quota = { type: "none", value: 0 };
    const resumed = await shinchoku("remind", "--plan", "tamana");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain("送信 1件");
    expect((await shinchoku("digest", "--plan", "tamana")).stdout).not.toContain(
      "リマインド停止中",
    );
  }, 240_000);

  it("exits 4 in bounded time when LINE takes the connection and never answers", async () => {
    line.failNext("/v2/bot/message/push", 200, { hang: true, times: 100 });
    const res = await shinchoku("remind", "--plan", "tamana");
    // Not killed by the test's timeout: the process ended by itself, with the failure exit code.
    expect(res.signal ?? null).toBeNull();
    expect(res.code).toBe(4);
    expect(res.stderr).toContain("送信がすべて失敗しました（2件）");
    // Each push: 3 attempts of 500 ms, aborted, plus 2.5 s of retry delays (in parallel), and
    // the CLI's start-up on a busy machine.
    expect(res.ms).toBeLessThan(60_000);
    // Each push was tried and aborted, at most three times per lead (an attempt aborted before the
    // fake read its body is not recorded).
    const pushes = line.requests.filter((r) => r.path === "/v2/bot/message/push").length;
    expect(pushes).toBeGreaterThanOrEqual(2);
    expect(pushes).toBeLessThanOrEqual(6);
  }, 120_000);

  it("plan set/show: the approval and the monthly budget, which the dry run counts and which stops the cycle (exit 3)", async () => {
    const bad = await shinchoku("plan", "set", "--plan", "tamana", "--budget", "たくさん");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--budget は 0〜1000000 の通数か none");
    const set = await shinchoku(
      "plan",
      "set",
      "--plan",
      "tamana",
      "--approval",
      "required",
      "--budget",
      "1",
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("確定実績の承認: 必要");
    expect(set.stdout).toContain("月間メッセージ予算: 1通（今月 0通使用・残り 1通）");

    line.quota = { type: "none", value: 0 };
    const dry = await shinchoku("remind", "--plan", "tamana", "--dry-run");
    expect(dry.stdout).toContain("この計画の今月の予算の残り: 1通（予算 1通・使用済み 0通）");
    expect(dry.stdout).toContain(
      "⚠ 予算が足りません。このまま送ると 1人に送ったところでサイクルは止まります",
    );

    const res = await shinchoku("remind", "--plan", "tamana");
    expect(res.code).toBe(3);
    expect(res.stderr).toContain("この計画の今月のメッセージ予算に達したため止まっています");
    expect(res.stderr).toContain("送信済み 1件／未送信 1件");
    expect(line.sent("/v2/bot/message/push")).toHaveLength(1);
    expect((await shinchoku("plan", "show", "--plan", "tamana")).stdout).toContain(
      "月間メッセージ予算: 1通（今月 1通使用・残り 0通）",
    );
  }, 240_000);
});
