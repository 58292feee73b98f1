/**
 * `npx shinchoku demo --plan <id> [--months 6] [--out file:./data/demo-<id>.db] [--force]`: a
 * separate database with a bundled plan and generated reports (bot/demo.ts), to try the reporting
 * rate, the digest and the board without real data. Refuses the database named by DATABASE_URL.
 */
import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_DATABASE_URL, migrateDatabase, openDatabase } from "../../db/node.ts";
import { importPlanSource } from "../../io/plan-files.ts";
import { generateDemo } from "../demo.ts";
import { fail } from "./db.ts";

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
  if (!Number.isInteger(months) || months < 1 || months > 24)
    return fail("--months は 1〜24 の月数です。");
  if (!/^[a-z0-9-]+$/u.test(opts.plan) || !existsSync(resolve("data/plans", opts.plan)))
    return fail(
      `同梱の計画「${opts.plan}」はありません（data/plans のフォルダ名: tamana, matsue, tottori, inzai）。`,
    );
  const url = opts.out ?? `file:./data/demo-${opts.plan}.db`;
  const path = filePath(url);
  const real = filePath(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  if (!path) return fail("--out はファイルのデータベース（file:…）を指定してください。");
  if (path === real)
    return fail(
      "デモのデータは DATABASE_URL のデータベースには書き込みません。--out で別のファイルを指定してください。",
    );
  if (existsSync(path)) {
    if (!opts.force)
      return fail(`${url} はすでにあります。作り直すときは --force を付けてください。`);
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
  }
  const db = openDatabase(url);
  try {
    await migrateDatabase(db);
    const imported = await importPlanSource(db, resolve("data/plans", opts.plan), {});
    if (!imported.ok) return fail(`計画「${opts.plan}」を取り込めませんでした。`);
    const report = await generateDemo(db, opts.plan, {
      months,
      now: new Date(),
      seed: opts.seed ? Number(opts.seed) : 1,
    });
    const { onTime, late, missing } = report.figures;
    console.log(
      [
        `デモのデータベースを作りました: ${url}（計画名の先頭に【デモ】、メンバーは「デモ」で始まる名前です）`,
        `  メンバー ${report.members}人、リマインド ${report.cycles}回、実績 期限内 ${onTime}件・期限後 ${late}件・未提出 ${missing}件`,
        "見てみるには:",
        `  DATABASE_URL=${url} npx shinchoku stats --plan ${opts.plan}`,
        `  DATABASE_URL=${url} npx shinchoku digest --plan ${opts.plan}`,
        `  DATABASE_URL=${url} npm start`,
      ].join("\n"),
    );
  } finally {
    db.$client.close();
  }
}
