/**
 * `npx shinchoku synonyms add|list|remove`: the office's own search synonyms, used by the chat from
 * the next question on.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPlanView } from "../../db/plans.ts";
import { planSearchFor } from "../../db/search-corpus.ts";
import { searchPlan } from "../../shared/search/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

const run = promisify(execFile);
const BIN = resolve("bin/shinchoku.js");
let t: TestDatabase;

async function shinchoku(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: t.url },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function topCode(q: string): Promise<string | undefined> {
  const plan = await loadPlanView(t.db, "tamana");
  if (!plan) throw new Error("no plan");
  return searchPlan(await planSearchFor(t.db, plan), q).hits[0]?.initiative.code;
}

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
}, 60_000);
afterAll(() => t.close());

describe("npx shinchoku synonyms", () => {
  it("adds a group the next question uses, lists it beside plan.yaml's, and removes it", async () => {
    expect(await topCode("働き方改革")).not.toBe("⑬");
    const added = await shinchoku(
      "synonyms",
      "add",
      "働き方改革",
      "時間外勤務",
      "--plan",
      "tamana",
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("働き方改革 = 時間外勤務");
    expect(await topCode("働き方改革")).toBe("⑬");

    const list = await shinchoku("synonyms", "list", "--plan", "tamana");
    expect(list.stdout).toContain("plan.yaml\t定員管理 = 定数管理");
    const id = /#(\d+)\t追加\t働き方改革 = 時間外勤務/u.exec(list.stdout)?.[1];
    expect(id).toBeDefined();

    const removed = await shinchoku("synonyms", "remove", id ?? "", "--plan", "tamana");
    expect(removed.stdout).toContain("削除しました");
    expect(await topCode("働き方改革")).not.toBe("⑬");
  }, 300_000);

  it("refuses a group of one word and a plan that does not exist", async () => {
    const one = await shinchoku("synonyms", "add", "残業", "--plan", "tamana");
    expect(one.code).toBe(1);
    expect(one.stderr).toContain("2つ以上");
    const nowhere = await shinchoku("synonyms", "list", "--plan", "nowhere");
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain("計画「nowhere」はありません");
  }, 300_000);
});
