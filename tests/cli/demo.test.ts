/**
 * `npx shinchoku demo`: a separate database with generated reports — some on time, some late, some
 * missing — marked as demo data and never written into the database named by DATABASE_URL.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../../bot/config.ts";
import { buildAppDeps } from "../../bot/deps.ts";
import { reportingHistory } from "../../bot/reminders/reporting.ts";
import { listMembers } from "../../db/members.ts";
import { migrateDatabase, openDatabase } from "../../db/node.ts";
import { loadPlanView } from "../../db/plans.ts";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "shinchoku-demo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function shinchoku(env: Record<string, string>, ...args: string[]) {
  try {
    const r = await run(process.execPath, [resolve("bin/shinchoku.js"), ...args], {
      env: { ...process.env, ...env },
      timeout: 120_000,
    });
    return { code: 0, ...r };
  } catch (err) {
    return err as { code: number; stdout: string; stderr: string };
  }
}

describe("npx shinchoku demo", () => {
  it("generates months of answered cycles into its own database, marked as demo", async () => {
    const out = `file:${join(dir, "demo.db")}`;
    const made = await shinchoku(
      { DATABASE_URL: `file:${join(dir, "real.db")}` },
      "demo",
      "--plan",
      "tamana",
      "--months",
      "4",
      "--out",
      out,
    );
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("デモのデータベースを作りました");
    const db = openDatabase(out);
    try {
      await migrateDatabase(db);
      const plan = await loadPlanView(db, "tamana");
      expect(plan?.name.startsWith("【デモ】")).toBe(true);
      const members = await listMembers(db, "tamana");
      expect(members.length).toBeGreaterThan(5);
      expect(members.every((m) => m.lineUserId.startsWith("Udemo"))).toBe(true);
      expect(members.some((m) => m.role === "manager")).toBe(true);
      const deps = buildAppDeps({ db, config: configFromEnv({}), defer: () => {} });
      const rates = await reportingHistory(deps, "tamana");
      expect(rates).toHaveLength(4);
      const total = rates.reduce(
        (a, r) => ({
          onTime: a.onTime + r.indicators.onTime,
          late: a.late + r.indicators.late,
          missing: a.missing + r.indicators.missing,
        }),
        { onTime: 0, late: 0, missing: 0 },
      );
      // Plausible: mostly on time, some late, some missing.
      expect(total.onTime).toBeGreaterThan(total.late + total.missing);
      expect(total.late).toBeGreaterThan(0);
      expect(total.missing).toBeGreaterThan(0);
    } finally {
      db.$client.close();
    }
    // Not twice into the same file without --force.
    const again = await shinchoku({}, "demo", "--plan", "tamana", "--out", out);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("--force");
  }, 180_000);

  it("refuses the database named by DATABASE_URL", async () => {
    const real = `file:${join(dir, "real2.db")}`;
    const refused = await shinchoku(
      { DATABASE_URL: real },
      "demo",
      "--plan",
      "tamana",
      "--out",
      real,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("DATABASE_URL");
  }, 120_000);
});
