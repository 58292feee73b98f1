/**
 * `npx shinchoku setup`, spawned like an operator runs it, against the fake LINE: from nothing to a
 * `.env`, an imported plan, the webhook URL set on LINE, both rich menus and an office invite; a
 * wrong token and a wrong URL fail with their fix and change nothing.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runSetup } from "../../bot/setup/setup.ts";
import { openDatabase } from "../../db/node.ts";
import * as s from "../../db/schema.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

const run = promisify(execFile);
const BIN = resolve("bin/shinchoku.js");
const PUBLIC = "https://shinchoku.example.jp";
const TOKEN = "setup-test-access-token";
const SECRET = "0123456789abcdef0123456789abcdef";
const LIFF_ID = "1234567890-AbCdEfGh";

let dir: string;
let line: FakeLine;

/** Runs the CLI in `dir` with no LINE or database variables but the fake LINE's URLs. */
async function shinchoku(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of [
    "LINE_CHANNEL_SECRET",
    "LINE_CHANNEL_ACCESS_TOKEN",
    "LINE_LOGIN_CHANNEL_ID",
    "LIFF_ID",
    "PUBLIC_BASE_URL",
    "DATABASE_URL",
    "DATABASE_AUTH_TOKEN",
    "DEFAULT_PLAN_ID",
  ])
    delete env[k];
  Object.assign(env, {
    LINE_API_BASE_URL: line.url,
    LINE_DATA_API_BASE_URL: line.url,
    SHINCHOKU_ENV_FILE: join(dir, ".env"),
  });
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env,
      cwd: dir,
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  line = await startFakeLine();
  line.accessToken = TOKEN;
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "shinchoku-setup-"));
  line.reset();
  line.webhook = { endpoint: "", active: false };
});
afterAll(async () => {
  await line?.stop();
});

describe("npx shinchoku setup", () => {
  it("writes .env, imports the plan, sets the webhook, deploys the menus and invites the office", async () => {
    try {
      const dbUrl = `file:${join(dir, "shinchoku.db")}`;
      const r = await shinchoku(
        "setup",
        ...["--public-url", `${PUBLIC}/`, "--channel-secret", SECRET, "--access-token", TOKEN],
        ...["--login-channel-id", "1234567890", "--liff-id", LIFF_ID, "--database-url", dbUrl],
        ...["--plan", resolve("data/plans/tamana")],
      );
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);

      const env = readFileSync(join(dir, ".env"), "utf8");
      expect(env).toContain(`PUBLIC_BASE_URL=${PUBLIC}\n`);
      expect(env).toContain(`LINE_CHANNEL_ACCESS_TOKEN=${TOKEN}\n`);
      expect(env).toContain(`LIFF_ID=${LIFF_ID}\n`);
      expect(statSync(join(dir, ".env")).mode & 0o777).toBe(0o600);
      expect(r.stdout).not.toContain(TOKEN); // secrets are never printed
      expect(r.stdout).toContain("LINE_CHANNEL_ACCESS_TOKEN（値は表示しません）");

      expect(r.stdout).toContain("✓ 計画の取り込み: 計画「tamana」を新しく登録しました");
      expect(line.webhook.endpoint).toBe(`${PUBLIC}/webhook`);
      // "Use webhook" is off on a new channel and only the console turns it on: said, not hidden.
      expect(r.stdout).toContain(`⚠ Webhook: Webhook URL を ${PUBLIC}/webhook に設定しました。`);
      expect(r.stdout).toContain("「Webhookの利用」をオンにしてください");
      expect(r.stdout).toContain("✓ リッチメニュー: リッチメニューを登録しました");
      expect(line.richMenuAliases.size).toBe(2);
      expect(line.defaultRichMenuId).toBe(line.richMenuAliases.get("shinchoku-lead"));

      const code = /招待コードを発行しました.*: ([A-Z0-9]{4}-[A-Z0-9]{4})/u.exec(r.stdout)?.[1];
      expect(code).toBeDefined();
      expect(r.stdout).toContain("https://line.me/R/ti/p/%40123abcde");
      const db = openDatabase(dbUrl);
      const invites = await db.select().from(s.invites);
      db.$client.close();
      expect(invites).toMatchObject([{ planId: "tamana", role: "office", usedAt: null }]);
      expect(code?.replace("-", "")).toBe(invites[0]?.code);

      // The doctor's report follows; what is left is the console toggle and the office member.
      expect(r.stdout).toContain("確認（npx shinchoku doctor）:");
      expect(r.stdout).toContain("✗ Webhookの利用: オフです");
      expect(r.stdout).toContain("✗ DX推進担当のメンバー");
      expect(r.stdout).toContain("招待コードは発行済みで、まだ使われていません");

      // Turned on in the console: the doctor, reading .env, agrees with everything but the member.
      line.webhook.active = true;
      const again = await shinchoku("doctor", "--json");
      const report = JSON.parse(again.stdout) as { checks: { id: string; status: string }[] };
      expect(report.checks.filter((c) => c.status !== "ok").map((c) => c.id)).toEqual([
        "members.office",
        "reminders.schedule",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it("refuses a token LINE does not accept, with the fix", async () => {
    try {
      const r = await shinchoku(
        "setup",
        "--webhook",
        ...["--public-url", PUBLIC, "--channel-secret", SECRET, "--access-token", "wrong"],
        "--no-doctor",
      );
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("✗ Webhook: Webhook URL を設定できません: 401");
      expect(r.stdout).toContain("長期のトークンを発行し、--access-token で設定してください");
      expect(line.webhook.endpoint).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("refuses a public URL that is not https and writes nothing", async () => {
    try {
      const r = await shinchoku("setup", "--public-url", "http://192.168.0.10:8787", "--no-doctor");
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        "✗ 環境変数: --public-url http://192.168.0.10:8787 は https:// で始まっていません",
      );
      expect(() => statSync(join(dir, ".env"))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("asks for what is neither given nor set (on a terminal), and an empty answer leaves it for later", async () => {
    try {
      const asked: string[] = [];
      const answers = [PUBLIC, SECRET, TOKEN, "", ""];
      const env: NodeJS.ProcessEnv = {
        LINE_API_BASE_URL: line.url,
        LINE_DATA_API_BASE_URL: line.url,
        LIFF_ID: "",
      };
      const result = await runSetup(
        {
          envFile: join(dir, "city.env"),
          webhook: true,
          ask: async (question) => {
            asked.push(question);
            return answers.shift() ?? "";
          },
        },
        env,
      );
      expect(asked).toHaveLength(5);
      expect(asked[2]).toContain("チャネルアクセストークン（長期）");
      expect(result.ok).toBe(true);
      expect(result.steps.map((step) => [step.step, step.status])).toEqual([
        ["env", "done"],
        ["webhook", "todo"],
      ]);
      const written = readFileSync(join(dir, "city.env"), "utf8");
      expect(written).toBe(
        `PUBLIC_BASE_URL=${PUBLIC}\nLINE_CHANNEL_SECRET=${SECRET}\nLINE_CHANNEL_ACCESS_TOKEN=${TOKEN}\n`,
      );
      expect(line.webhook.endpoint).toBe(`${PUBLIC}/webhook`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("--workers puts the values as Worker secrets instead of writing .env, and stops at a refusal", async () => {
    try {
      const put: [string, string][] = [];
      const env: NodeJS.ProcessEnv = {
        LINE_API_BASE_URL: line.url,
        SHINCHOKU_ENV_FILE: join(dir, ".env"),
      };
      const result = await runSetup(
        {
          workers: true,
          webhook: true,
          publicUrl: "https://shinchoku.city.workers.dev",
          channelSecret: SECRET,
          accessToken: TOKEN,
          putSecret: async (name, value) => {
            put.push([name, value]);
          },
        },
        env,
      );
      expect(result.ok).toBe(true);
      expect(put).toEqual([
        ["PUBLIC_BASE_URL", "https://shinchoku.city.workers.dev"],
        ["LINE_CHANNEL_SECRET", SECRET],
        ["LINE_CHANNEL_ACCESS_TOKEN", TOKEN],
      ]);
      expect(result.steps[0]?.lines[0]).toContain("Worker のシークレットを設定しました");
      expect(result.steps[0]?.lines[0]).not.toContain(TOKEN);
      expect(() => statSync(join(dir, ".env"))).toThrow();
      expect(line.webhook.endpoint).toBe("https://shinchoku.city.workers.dev/webhook");

      const refused = await runSetup(
        {
          workers: true,
          liffId: LIFF_ID,
          putSecret: async () => {
            throw new Error("not logged in");
          },
        },
        { ...env },
      );
      expect(refused.ok).toBe(false);
      expect(refused.steps).toHaveLength(1);
      expect(refused.steps[0]?.lines.join("\n")).toContain("npx wrangler login");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
