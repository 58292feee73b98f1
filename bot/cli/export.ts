/**
 * `npx shinchoku export report|opendata`, `backup` and `restore` (docs/exports.md).
 */
import { mkdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type Command, Option } from "commander";
import { parseFiscalYear, tokyoDateTime } from "../../shared/fiscal-year.ts";
import {
  BackupError,
  createBackup,
  parseBackup,
  restoreBackup,
  restoreInbox,
  serializeBackup,
} from "../export/backup.ts";
import { buildOpenDataCsv, isValidCityCode, OpenDataError } from "../export/opendata.ts";
import { buildReportModel, ReportError, yearLabel } from "../export/report-model.ts";
import {
  DEFAULT_DATABASE_URL,
  closeDatabase,
  openExistingInboxFile,
  openInboxDatabase,
} from "../../db/node.ts";
import { fail, withDatabase } from "./db.ts";

/** `R5`, `令和5年度`, `FY2023`, `2023年度` or a bare `2023`. */
export function parseReportYear(text: string): number | null {
  const t = text.trim();
  if (/^\d{4}$/u.test(t)) return Number(t);
  return parseFiscalYear(t);
}

async function writeOut(path: string, data: Buffer | string) {
  const full = resolve(path);
  mkdirSync(dirname(full), { recursive: true });
  await writeFile(full, data);
  return full;
}

const KNOWN = [ReportError, OpenDataError, BackupError];
async function guard(fn: () => Promise<void>) {
  try {
    await fn();
  } catch (err) {
    if (KNOWN.some((k) => err instanceof k)) fail((err as Error).message);
    else throw err;
  }
}

export async function exportReportCommand(opts: {
  plan: string;
  year: string;
  format?: "xlsx" | "pdf";
  out: string;
}) {
  const fiscalYear = parseReportYear(opts.year);
  if (fiscalYear === null)
    return fail(`--year は年度です（例: R5、令和5年度、2023）。「${opts.year}」は読めません。`);
  const format = opts.format ?? (opts.out.toLowerCase().endsWith(".pdf") ? "pdf" : "xlsx");
  await guard(() =>
    withDatabase(async (db) => {
      const model = await buildReportModel(db, opts.plan, fiscalYear);
      // The renderers (pdfkit, exceljs) load only for this command, not for every CLI start.
      const data =
        format === "pdf"
          ? await (await import("../export/report-pdf.ts")).renderReportPdf(model)
          : await (await import("../export/report-xlsx.ts")).renderReportXlsx(model);
      const path = await writeOut(opts.out, data);
      console.log(
        `${model.planName} 進行管理報告書（${yearLabel(fiscalYear, "long")}実績、${model.initiatives.length}件の${model.initiativeLabel}）を書き出しました: ${path}`,
      );
    }),
  );
}

export async function exportOpenDataCommand(opts: {
  plan: string;
  out: string;
  cityCode?: string;
}) {
  const code = opts.cityCode?.trim() || null;
  if (code !== null && !isValidCityCode(code))
    return fail(
      `--city-code は6桁の全国地方公共団体コード（検査数字つき）です。「${code}」は正しくありません（例: 玉名市 432067）。`,
    );
  await guard(() =>
    withDatabase(async (db) => {
      const { csv, rows } = await buildOpenDataCsv(db, opts.plan, code);
      const path = await writeOut(opts.out, csv);
      console.log(`オープンデータ（${rows}行）を書き出しました: ${path}`);
      if (!code)
        console.log(
          "（全国地方公共団体コードの列は空です。--city-code 432067 のように指定できます）",
        );
    }),
  );
}

/** The database the CLI works on (as bot/cli/db.ts `withDatabase` opens it). */
const databaseUrl = () => process.env.DATABASE_URL || DEFAULT_DATABASE_URL;

function defaultBackupName(now = new Date()) {
  const t = tokyoDateTime(now);
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `shinchoku-backup-${t.year}${p2(t.month)}${p2(t.day)}-${p2(t.hour)}${p2(t.minute)}${p2(t.second)}.json.gz`;
}

export async function backupCommand(opts: { out?: string }) {
  await guard(() =>
    withDatabase(async (db) => {
      // The inbox file beside the database, when there is one: its unfinished events go along.
      const inbox = openExistingInboxFile(databaseUrl());
      let backup: Awaited<ReturnType<typeof createBackup>>;
      try {
        backup = await createBackup(db, new Date(), inbox);
      } finally {
        if (inbox) closeDatabase(inbox);
      }
      const path = await writeOut(opts.out ?? defaultBackupName(), serializeBackup(backup));
      const rows = Object.values(backup.tables).reduce((n, t) => n + t.rows.length, 0);
      const plans = backup.tables.plans?.rows.length ?? 0;
      const waiting = backup.inbox
        ? `、受信箱の未処理メッセージ ${backup.inbox.webhook_inbox.rows.length}件`
        : "";
      console.log(
        `バックアップを書き出しました: ${path}（表 ${Object.keys(backup.tables).length}・${rows}行・計画 ${plans}件${waiting}、マイグレーション ${backup.migrations.count}件）`,
      );
    }),
  );
}

export async function restoreCommand(file: string, opts: { force?: boolean }) {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return fail(`バックアップファイル「${file}」を読めません。`);
  }
  await guard(async () => {
    const backup = parseBackup(bytes);
    await withDatabase(async (db) => {
      const result = await restoreBackup(db, backup, { force: opts.force === true });
      // The inbox's unfinished events go back to the inbox file (created if missing; what the
      // restored main database's inbox tables hold is moved there too), to be handled at the next
      // start against the restored data.
      const inbox = await openInboxDatabase(databaseUrl(), db);
      let events = 0;
      try {
        events = (await restoreInbox(inbox, backup.inbox)).events;
      } finally {
        if (inbox !== db) closeDatabase(inbox);
      }
      console.log(
        `復元しました: 表 ${result.tables}・${result.rows}行（計画: ${result.plans.join("、") || "なし"}）。${
          result.replaced ? `それまでのデータ ${result.replaced}行は削除しました。` : ""
        }${events ? `受信箱の未処理メッセージ ${events}件を戻しました（サーバーの次の起動時に処理されます）。` : ""}`,
      );
    });
  });
}

/** Adds `export report`, `export opendata`, `backup` and `restore` to the CLI. */
export function registerExportCommands(program: Command) {
  const exp = program
    .command("export")
    .description("進行管理報告書（Excel・PDF）とオープンデータ（CSV）の書き出し");
  exp
    .command("report")
    .description("年度の進行管理報告書を書き出します（取組ごとに1シート／2ページ）")
    .requiredOption("--plan <id>", "計画ID")
    .requiredOption("--year <年度>", "報告する年度（R5、令和5年度、2023）")
    .addOption(
      new Option("--format <形式>", "xlsx か pdf（省略時は --out の拡張子から）").choices([
        "xlsx",
        "pdf",
      ]),
    )
    .requiredOption("--out <file>", "書き出すファイル")
    .action(exportReportCommand);
  exp
    .command("opendata")
    .description("指標・目標・実績をオープンデータの CSV（UTF-8、BOM 付き）で書き出します")
    .requiredOption("--plan <id>", "計画ID")
    .requiredOption("--out <file.csv>", "書き出すファイル")
    .option("--city-code <6桁>", "全国地方公共団体コード（例: 玉名市 432067）")
    .action(exportOpenDataCommand);

  program
    .command("backup")
    .description("データベースの全ての表を1つのファイル（gzip した JSON）に書き出します")
    .option("--out <file>", "書き出すファイル（既定: shinchoku-backup-<日時>.json.gz）")
    .action(backupCommand);
  program
    .command("restore")
    .description(
      "バックアップを DATABASE_URL のデータベースに復元します（計画がすでにあるときは --force が必要）",
    )
    .argument("<file>", "バックアップファイル")
    .option("--force", "今あるデータをすべて消して復元する")
    .action(restoreCommand);
}
