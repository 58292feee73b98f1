/**
 * `npx shinchoku schedule show|closed|year-end`: the next twelve reminder dates on the Japanese
 * business calendar, with the reason for each move (issue 12, section 2).
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
}, 60_000);
afterAll(() => t.close());

describe("npx shinchoku schedule", () => {
  it("lists the next 12 reminder dates, moved off holidays with the reason, and the plan's own closed days", async () => {
    expect((await shinchoku("schedule", "set", "--plan", "tamana", "--day", "1")).code).toBe(0);
    const added = await shinchoku(
      "schedule",
      "closed",
      "add",
      "--plan",
      "tamana",
      "--date",
      "2027-06-01",
      "--name",
      "市の休日",
    );
    expect(added.code).toBe(0);
    const shown = await shinchoku("schedule", "show", "--plan", "tamana", "--from", "2026-12-02");
    expect(shown.code).toBe(0);
    const [, upcoming = ""] = shown.stdout.split("今後12回のリマインド");
    const dates = upcoming.split("\n").filter((l) => /^\s+\d{4}-\d{2}-\d{2}（/u.test(l));
    expect(dates).toHaveLength(12);
    expect(dates[0]?.trim()).toBe("2027-01-04（月）: 1月1日は祝日のため（元日）");
    expect(shown.stdout).toContain("2027-05-06（木）: 5月1日は土曜日のため");
    expect(shown.stdout).toContain("2027-06-02（水）: 6月1日は市の休日のため");
    expect(shown.stdout).toContain("2027-02-01（月）\n");
  }, 120_000);

  it("refuses a date that does not exist and a plan that does not, writing nothing", async () => {
    const bad = await shinchoku(
      "schedule",
      "closed",
      "add",
      "--plan",
      "tamana",
      "--date",
      "2027-02-30",
      "--name",
      "x",
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("YYYY-MM-DD");
    const range = await shinchoku("schedule", "year-end", "--plan", "tamana", "--range", "12/29");
    expect(range.code).toBe(1);
    expect(range.stderr).toContain("MM-DD..MM-DD");
    const list = await shinchoku("schedule", "closed", "list", "--plan", "tamana");
    expect(list.stdout).not.toContain("2027-02-30");
  }, 120_000);
});
