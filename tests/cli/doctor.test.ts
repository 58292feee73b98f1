/**
 * `npx shinchoku doctor [--json]`, spawned like an operator runs it, against the fake LINE and a real
 * database: every item passes on a ready server (exit 0), and a wrong token, a webhook pointing
 * elsewhere, a missing or foreign LIFF ID, an unmigrated database each fail with their fix; the webhook
 * inbox file beside the database is checked (missing, unreadable, events left unhandled or failed).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHECK_IDS, type DoctorReport } from "../../bot/setup/doctor.ts";
import { addMember } from "../../db/members.ts";
import {
  inboxDatabaseUrl,
  migrateDatabase,
  openDatabase,
  openInboxDatabase,
} from "../../db/node.ts";
import { setReminderSettings } from "../../db/reminders.ts";
import { saveDeployedRichMenus } from "../../db/rich-menus.ts";
import { TEST_ACCESS_TOKEN } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

const run = promisify(execFile);
const BIN = resolve("bin/shinchoku.js");
const PUBLIC = "https://shinchoku.example.jp";
const SECRET = "0123456789abcdef0123456789abcdef";
const LOGIN_CHANNEL = "1234567890";
const LIFF_ID = `${LOGIN_CHANNEL}-AbCdEfGh`;
const OFFICE = `U${"a".repeat(32)}`;
const LEAD = `U${"b".repeat(32)}`;

let t: TestDatabase;
let line: FakeLine;

/** The environment of a server that is ready to go live. */
const readyEnv = (): Record<string, string> => ({
  DATABASE_URL: t.url,
  DATABASE_AUTH_TOKEN: "",
  LINE_CHANNEL_SECRET: SECRET,
  LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
  LINE_API_BASE_URL: line.url,
  LINE_DATA_API_BASE_URL: line.url,
  LINE_LOGIN_CHANNEL_ID: LOGIN_CHANNEL,
  LIFF_ID,
  PUBLIC_BASE_URL: PUBLIC,
  DEFAULT_PLAN_ID: "",
});

async function doctor(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, "doctor", ...args], {
      env: { ...process.env, ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The report's line for a label, e.g. `✗ LIFF ID: …`. */
const lineOf = (stdout: string, label: string) =>
  stdout.split("\n").find((l) => l.slice(2).startsWith(`${label}:`)) ?? "";

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  line.accessToken = TEST_ACCESS_TOKEN;
  await addMember(t.db, { planId: "tamana", lineUserId: OFFICE, role: "office" });
  await addMember(t.db, { planId: "tamana", lineUserId: LEAD, role: "lead", department: "総務課" });
  await setReminderSettings(t.db, "tamana", { dayOfMonth: 5, time: "09:00" });
  // What `richmenu deploy` leaves behind, on LINE and in rich_menus.
  const menus = (["lead", "office"] as const).map((kind) => ({
    kind,
    richMenuId: `richmenu-${kind === "lead" ? "0a" : "0b"}${"0".repeat(30)}`,
    aliasId: `shinchoku-${kind}`,
    imageSha256: "0".repeat(64),
  }));
  for (const m of menus) {
    line.richMenus.set(m.richMenuId, {
      richMenuId: m.richMenuId,
      menu: {
        size: { width: 2500, height: 843 },
        selected: false,
        name: m.kind,
        chatBarText: "メニュー",
        areas: [],
      },
      image: null,
    });
    line.richMenuAliases.set(m.aliasId, m.richMenuId);
  }
  line.defaultRichMenuId = menus[0]?.richMenuId ?? null;
  await saveDeployedRichMenus(t.db, menus, new Date());
  // The inbox file the server creates beside the database at its first start.
  (await openInboxDatabase(t.url, t.db)).$client.close();
}, 120_000);

beforeEach(() => {
  line.reset();
  line.webhook = { endpoint: `${PUBLIC}/webhook`, active: true };
  line.webhookTestResult = { success: true, statusCode: 200, reason: "OK", detail: "200" };
  line.consumption = 12;
});

afterAll(async () => {
  await line?.stop();
  t?.close();
});

describe("npx shinchoku doctor", () => {
  it("passes every item on a ready server and exits 0", async () => {
    const r = await doctor(readyEnv());
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const marks = r.stdout
      .split("\n")
      .slice(1, -2)
      .map((l) => l.slice(0, 1));
    expect(marks).toEqual(CHECK_IDS.map(() => "✓"));
    expect(lineOf(r.stdout, "チャネルアクセストークン")).toBe(
      "✓ チャネルアクセストークン: 有効です（ボット「shinchoku テスト」、ID @123abcde）",
    );
    expect(lineOf(r.stdout, "Webhook URL")).toBe(`✓ Webhook URL: ${PUBLIC}/webhook`);
    expect(lineOf(r.stdout, "LIFF ID")).toContain(`✓ LIFF ID: ${LIFF_ID}`);
    expect(lineOf(r.stdout, "今月の送信可能数")).toBe(
      "✓ 今月の送信可能数: 今月 12 / 200通、残り 188通",
    );
    expect(lineOf(r.stdout, "データベースの更新（マイグレーション）")).toContain("最新です");
    expect(lineOf(r.stdout, "Webhook の受信箱")).toBe(
      `✓ Webhook の受信箱: ${join(t.dir, "test.inbox.db")}（未処理のメッセージはありません）`,
    );
    expect(r.stdout).toContain("すべて確認できました");
    // The webhook test was sent to this server's URL, and nothing was changed on LINE.
    expect(line.sent("/v2/bot/channel/webhook/test").at(-1)?.body).toEqual({
      endpoint: `${PUBLIC}/webhook`,
    });
    expect(line.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/test"))).toEqual(
      [],
    );
  }, 120_000);

  it("fails a token LINE refuses (401), says how to get one, and skips LINE's other items", async () => {
    const r = await doctor({ ...readyEnv(), LINE_CHANNEL_ACCESS_TOKEN: "revoked-token" });
    expect(r.code).toBe(1);
    const token = lineOf(r.stdout, "チャネルアクセストークン");
    expect(token).toMatch(/^✗ チャネルアクセストークン: LINE がトークンを受け付けません（401）/u);
    expect(token).toContain("→ LINE Developers コンソール");
    expect(token).toContain(
      "「チャネルアクセストークン（長期）」を発行して LINE_CHANNEL_ACCESS_TOKEN に設定",
    );
    expect(lineOf(r.stdout, "Webhook URL")).toMatch(/^－ /u);
    expect(lineOf(r.stdout, "今月の送信可能数")).toMatch(/^－ /u);
    // The database items are still checked.
    expect(lineOf(r.stdout, "計画")).toMatch(/^✓ 計画: 1件/u);
    expect(r.stdout).toContain("✗ の項目を → のとおり直して");
  }, 120_000);

  it("fails a webhook that points elsewhere or is turned off, and a server LINE cannot reach", async () => {
    line.webhook = { endpoint: "https://old-server.example.com/callback", active: false };
    line.webhookTestResult = {
      success: false,
      statusCode: 0,
      reason: "COULD_NOT_CONNECT",
      detail: "Connection refused",
    };
    const r = await doctor(readyEnv());
    expect(r.code).toBe(1);
    expect(lineOf(r.stdout, "Webhook URL")).toBe(
      `✗ Webhook URL: https://old-server.example.com/callback になっています（このサーバーは ${PUBLIC}/webhook） → npx shinchoku setup --webhook を実行するか、LINE Developers コンソール（https://developers.line.biz/console/）の「Messaging API設定」で Webhook URL を ${PUBLIC}/webhook にしてください。`,
    );
    expect(lineOf(r.stdout, "Webhookの利用")).toContain("✗ Webhookの利用: オフです");
    expect(lineOf(r.stdout, "Webhookの疎通")).toContain(
      `✗ Webhookの疎通: ${PUBLIC}/webhook に届きません（応答なし、COULD_NOT_CONNECT: Connection refused）`,
    );

    // The right URL, but the server refuses LINE's signature: the channel secret is another one.
    line.webhook = { endpoint: `${PUBLIC}/webhook`, active: true };
    line.webhookTestResult = {
      success: false,
      statusCode: 401,
      reason: "ERROR_STATUS_CODE",
      detail: "401",
    };
    const refused = await doctor(readyEnv());
    expect(refused.code).toBe(1);
    expect(lineOf(refused.stdout, "Webhook URL")).toMatch(/^✓ /u);
    expect(lineOf(refused.stdout, "Webhookの疎通")).toBe(
      `✗ Webhookの疎通: ${PUBLIC}/webhook が LINE の署名を拒否しました（401） → LINE_CHANNEL_SECRET がこのチャネルのチャネルシークレットか確かめ、サーバーを再起動してください。`,
    );
  }, 120_000);

  it("fails a missing LIFF ID, and a LIFF ID of another LINE Login channel", async () => {
    const missing = await doctor({ ...readyEnv(), LIFF_ID: "" });
    expect(missing.code).toBe(1);
    expect(lineOf(missing.stdout, "LIFF ID")).toContain(
      "✗ LIFF ID: LIFF_ID が設定されていません（職員がボードを開けません） → LINE ログインチャネルの「LIFF」タブで LIFF アプリを追加し（サイズ Full、エンドポイントURL https://shinchoku.example.jp/、スコープ openid と profile）",
    );
    const foreign = await doctor({ ...readyEnv(), LIFF_ID: "2000000000-XyZ12345" });
    expect(foreign.code).toBe(1);
    expect(lineOf(foreign.stdout, "LIFF ID")).toContain(
      `✗ LIFF ID: 2000000000-XyZ12345 は LINE ログインチャネル 2000000000 の LIFF アプリです（LINE_LOGIN_CHANNEL_ID は ${LOGIN_CHANNEL}）`,
    );
  }, 120_000);

  it("--json: the report's shape; warnings alone still exit 0", async () => {
    line.consumption = 199; // one message left: enough for the one lead
    const r = await doctor({ ...readyEnv(), LINE_CHANNEL_SECRET: "not-a-line-secret" }, "--json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    for (const c of report.checks) {
      expect(Object.keys(c).sort()).toEqual(["fix", "id", "label", "message", "status"]);
      expect(["ok", "warn", "fail", "skip"]).toContain(c.status);
      expect(c.fix === null).toBe(c.status === "ok" || c.status === "skip");
    }
    expect(report.checks.find((c) => c.id === "line.channel_secret")).toMatchObject({
      status: "warn",
      label: "チャネルシークレット",
    });
    expect(report.counts).toEqual({ ok: 16, warn: 1, fail: 0, skip: 0 });

    const failing = await doctor({ ...readyEnv(), LIFF_ID: "" }, "--json");
    expect(failing.code).toBe(1);
    const bad = JSON.parse(failing.stdout) as DoctorReport;
    expect(bad.ok).toBe(false);
    expect(bad.checks.find((c) => c.id === "liff.id")).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("LIFF_ID に設定"),
    });
  }, 120_000);

  it("fails a database that is missing or not migrated, without creating or migrating it", async () => {
    const missingUrl = `file:${join(t.dir, "nowhere.db")}`;
    const missing = await doctor({ ...readyEnv(), DATABASE_URL: missingUrl }, "--json");
    expect(missing.code).toBe(1);
    const m = JSON.parse(missing.stdout) as DoctorReport;
    expect(m.checks.find((c) => c.id === "db.reachable")?.status).toBe("fail");
    expect(m.checks.find((c) => c.id === "plan.imported")?.status).toBe("skip");

    const emptyUrl = `file:${join(t.dir, "empty.db")}`;
    const empty = openDatabase(emptyUrl);
    await empty.$client.execute("select 1");
    const r = await doctor({ ...readyEnv(), DATABASE_URL: emptyUrl });
    expect(r.code).toBe(1);
    expect(lineOf(r.stdout, "データベース")).toMatch(/^✓ /u);
    expect(lineOf(r.stdout, "データベースの更新（マイグレーション）")).toMatch(
      /^✗ データベースの更新（マイグレーション）: \d+件中 0件だけ適用済みです（未適用: 0000_init, /u,
    );
    const tables = await empty.$client.execute(
      "select name from sqlite_master where type = 'table'",
    );
    expect(tables.rows).toEqual([]);
    empty.$client.close();
    // No inbox file beside it yet (the server creates it at start): fine, and not created here.
    expect(lineOf(r.stdout, "Webhook の受信箱")).toBe(
      `✓ Webhook の受信箱: ${join(t.dir, "empty.inbox.db")} がまだありません（サーバーの起動時に作られます）`,
    );
    expect(existsSync(join(t.dir, "empty.inbox.db"))).toBe(false);
  }, 120_000);

  it("warns about inbox events left unhandled (count, oldest age) or failed, and fails an unreadable inbox file", async () => {
    const inboxPath = join(t.dir, "test.inbox.db");
    const inbox = openDatabase(`file:${inboxPath}`);
    const now = Math.floor(Date.now() / 1000);
    // Two events acknowledged and never handled (the oldest 3 hours ago), one just received (a
    // running server takes it in seconds), one failed after its last attempt, one done.
    const events: [string, string, number][] = [
      ["ev-old", "pending", now - 3 * 3600],
      ["ev-older-running", "running", now - 2 * 3600],
      ["ev-new", "pending", now - 5],
      ["ev-failed", "failed", now - 600],
      ["ev-done", "done", now - 7200],
    ];
    for (const [id, status, at] of events)
      await inbox.$client.execute({
        sql: "insert into webhook_inbox (webhook_event_id, event_type, lane, payload, status, created_at) values (?, 'message', 'user:U1', '{}', ?, ?)",
        args: [id, status, at],
      });
    try {
      const r = await doctor(readyEnv(), "--json");
      // Warnings only: the report stays ok.
      expect(r.code).toBe(0);
      const item = (JSON.parse(r.stdout) as DoctorReport).checks.find((c) => c.id === "db.inbox");
      expect(item).toMatchObject({
        status: "warn",
        label: "Webhook の受信箱",
        message: `${inboxPath}: 未処理のメッセージが 3件あります（最も古いものは 3時間前に受信）。応答できなかったメッセージが 1件あります`,
        fix: expect.stringContaining("サーバーが起動しているか確かめてください"),
      });

      // Only events received a moment ago: what a running server is handling now, not a warning.
      await inbox.$client.execute(
        "delete from webhook_inbox where webhook_event_id in ('ev-old', 'ev-older-running', 'ev-failed')",
      );
      const busy = await doctor(readyEnv());
      expect(lineOf(busy.stdout, "Webhook の受信箱")).toBe(
        `✓ Webhook の受信箱: ${inboxPath}（処理中 1件）`,
      );
    } finally {
      inbox.$client.close();
    }

    // A file that is not a database: the item fails and says how to start over.
    const brokenDir = join(t.dir, "broken");
    const brokenUrl = `file:${join(brokenDir, "shinchoku.db")}`;
    mkdirSync(brokenDir);
    const broken = openDatabase(brokenUrl);
    await migrateDatabase(broken);
    broken.$client.close();
    const brokenInbox = inboxDatabaseUrl(brokenUrl)?.slice("file:".length) ?? "";
    writeFileSync(brokenInbox, "this is not a database ".repeat(100));
    const r = await doctor({ ...readyEnv(), DATABASE_URL: brokenUrl });
    expect(r.code).toBe(1);
    const item = lineOf(r.stdout, "Webhook の受信箱");
    expect(
      item.startsWith(
        `✗ Webhook の受信箱: ${brokenInbox} を開けません: SQLite のデータベースファイルではありません → `,
      ),
    ).toBe(true);
    expect(item).toContain(
      " → サーバーを止め、このファイルを別の名前に移してから起動すると、空の受信箱が作られます",
    );
  }, 120_000);
});
