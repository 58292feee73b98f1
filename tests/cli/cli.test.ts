/**
 * The `shinchoku` CLI as a user runs it (`npx shinchoku …`), against a real database file.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const BIN = resolve("bin/shinchoku.js");
let dir: string;
let env: NodeJS.ProcessEnv;

async function shinchoku(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "shinchoku-cli-"));
  env = { ...process.env, DATABASE_URL: `file:${join(dir, "cli.db")}` };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npx shinchoku", () => {
  it("imports the Tamana plan, and a second import changes nothing", async () => {
    // A dry run says what would happen, never that it was done, and writes nothing.
    const dry = await shinchoku("import", "data/plans/tamana", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      "【確認のみ・まだ書き込んでいません】計画「tamana」は新しく登録されます",
    );
    expect(dry.stdout).not.toContain("しました");
    const first = await shinchoku("import", "data/plans/tamana");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("計画「tamana」を新しく登録しました");
    expect(first.stdout).toContain("取組: 新規 21");
    const second = await shinchoku("import", "data/plans/tamana", "--plan", "tamana");
    expect(second.stdout).toContain("変更はありませんでした");
    expect(second.stdout).toContain("取組: 新規 0・更新 0・変更なし 21");
  });

  it("refuses a broken plan folder with every error and exit code 1", async () => {
    const broken = join(dir, "broken");
    cpSync("data/plans/tamana", broken, { recursive: true });
    writeFileSync(
      join(broken, "indicators.csv"),
      "指標ID,コード,指標名,単位,方向\nx-1,⑲,ペーパーレス率,%,横ばい\nx-2,㊿,存在しない取組,%,上昇\n",
    );
    const res = await shinchoku("import", broken);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("何も書き込んでいません");
    expect(res.stderr).toContain("indicators.csv 2行目 E列（方向）");
    expect(res.stderr).toContain(
      "indicators.csv 3行目 B列（コード）: 取組コード「㊿」が initiatives.csv にありません。",
    );
  });

  it("adds, lists and removes members", async () => {
    const lead = await shinchoku(
      "members",
      "add",
      "--plan",
      "tamana",
      "--user",
      "Usomu01",
      "--org",
      "総務課",
      "--role",
      "lead",
    );
    expect(lead.stdout).toContain("登録しました: Usomu01（担当課リーダー・総務課）");
    await shinchoku(
      "members",
      "add",
      "--plan",
      "tamana",
      "--user",
      "Uoffice01",
      "--role",
      "office",
    );
    const list = await shinchoku("members", "list", "--plan", "tamana");
    expect(list.stdout.trim().split("\n")).toEqual([
      "Uoffice01\toffice\t-",
      "Usomu01\tlead\t総務課",
    ]);
    const removed = await shinchoku("members", "remove", "--plan", "tamana", "--user", "Usomu01");
    expect(removed.stdout).toContain("無効にしました");
    expect((await shinchoku("members", "list", "--plan", "tamana")).stdout).not.toContain(
      "Usomu01",
    );
    expect((await shinchoku("members", "list", "--plan", "tamana", "--all")).stdout).toContain(
      "（無効）",
    );
  });

  it("requires --org for a lead and a 課 that exists", async () => {
    const noOrg = await shinchoku(
      "members",
      "add",
      "--plan",
      "tamana",
      "--user",
      "Ux",
      "--role",
      "lead",
    );
    expect(noOrg.code).toBe(1);
    expect(noOrg.stderr).toContain("--org");
    const badOrg = await shinchoku(
      "members",
      "add",
      "--plan",
      "tamana",
      "--user",
      "Ux",
      "--role",
      "lead",
      "--org",
      "宇宙課",
    );
    expect(badOrg.stderr).toContain("「宇宙課」という組織はありません");
    const badRole = await shinchoku(
      "members",
      "add",
      "--plan",
      "tamana",
      "--user",
      "Ux",
      "--role",
      "boss",
    );
    expect(badRole.code).not.toBe(0);
  });
});
