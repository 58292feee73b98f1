/**
 * `npx shinchoku demo --plan <id> [--months 6] [--out file:./data/demo-<id>.db] [--force]`: a
 * separate database with a bundled plan and generated reports (bot/demo.ts), to try the reporting
 * rate, the digest and the board without real data. Refuses the database named by DATABASE_URL.
 */
import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_DATABASE_URL } from "../../db/node.ts";
import { importPlanSource } from "../../io/plan-files.ts";
import { generateDemo } from "../demo.ts";
import { demoText } from "../text/cli.ts";
import { fail, withDatabase } from "./db.ts";

function filePath(url: string): string | null {
  return url.startsWith("file:") ? resolve(url.slice("file:".length)) : null;
}

export async function demoCommand(opts: {
  plan: string;
  months: string;
  out?: string;
  force?: boolean;
  seed?: string;
}) {
  const months = Number(opts.months);
  if (!Number.isInteger(months) || months < 1 || months > 24) return fail(demoText.badMonths);
  if (!/^[a-z0-9-]+$/u.test(opts.plan) || !existsSync(resolve("data/plans", opts.plan)))
    return fail(demoText.noPlan(opts.plan));
  const url = opts.out ?? `file:./data/demo-${opts.plan}.db`;
  const path = filePath(url);
  const real = filePath(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  if (!path) return fail(demoText.outNotFile);
  if (path === real) return fail(demoText.notTheRealDatabase);
  if (existsSync(path)) {
    if (!opts.force) return fail(demoText.exists(url));
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  }
  await withDatabase(
    async (db) => {
      const imported = await importPlanSource(db, resolve("data/plans", opts.plan), {});
      if (!imported.ok) return fail(demoText.importFailed(opts.plan));
      const report = await generateDemo(db, opts.plan, {
        months,
        now: new Date(),
        seed: opts.seed ? Number(opts.seed) : 1,
      });
      const { onTime, late, missing } = report.figures;
      console.log(
        demoText.created(url, opts.plan, {
          members: report.members,
          cycles: report.cycles,
          onTime,
          late,
          missing,
        }),
      );
    },
    { DATABASE_URL: url },
  );
}
