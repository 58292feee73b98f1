/**
 * `npx shinchoku export report|opendata`, `backup` and `restore` (docs/exports.md).
 */
import { mkdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type Command, Option } from "commander";
import {
  closeDatabase,
  DEFAULT_DATABASE_URL,
  openExistingInboxFile,
  openInboxDatabase,
} from "../../db/node.ts";
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
import { helpText as h, placeholders as ph, exportText as t } from "../text/cli.ts";
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
  if (fiscalYear === null) return fail(t.badYear(opts.year));
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
        t.reportWritten(
          model.planName,
          yearLabel(fiscalYear, "long"),
          model.initiatives.length,
          model.initiativeLabel,
          path,
        ),
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
  if (code !== null && !isValidCityCode(code)) return fail(t.badCityCode(code));
  await guard(() =>
    withDatabase(async (db) => {
      const { csv, rows } = await buildOpenDataCsv(db, opts.plan, code);
      const path = await writeOut(opts.out, csv);
      console.log(t.openDataWritten(rows, path));
      if (!code) console.log(t.noCityCode);
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
      console.log(
        t.backupWritten(
          path,
          Object.keys(backup.tables).length,
          rows,
          plans,
          backup.migrations.count,
          backup.inbox ? backup.inbox.webhook_inbox.rows.length : null,
        ),
      );
    }),
  );
}

export async function restoreCommand(file: string, opts: { force?: boolean }) {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return fail(t.backupUnreadable(file));
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
      console.log(t.restored(result.tables, result.rows, result.plans, result.replaced, events));
    });
  });
}

/** Adds `export report`, `export opendata`, `backup` and `restore` to the CLI. */
export function registerExportCommands(program: Command) {
  const exp = program.command("export").description(h.export.about);
  exp
    .command("report")
    .description(h.export.report)
    .requiredOption("--plan <id>", h.planId)
    .requiredOption(`--year ${ph.fiscalYear}`, h.export.year)
    .addOption(new Option(`--format ${ph.format}`, h.export.format).choices(["xlsx", "pdf"]))
    .requiredOption("--out <file>", h.outFile)
    .action(exportReportCommand);
  exp
    .command("opendata")
    .description(h.export.opendata)
    .requiredOption("--plan <id>", h.planId)
    .requiredOption("--out <file.csv>", h.outFile)
    .option(`--city-code ${ph.cityCode}`, h.export.cityCode)
    .action(exportOpenDataCommand);

  program
    .command("backup")
    .description(h.export.backup)
    .option("--out <file>", h.export.backupOut)
    .action(backupCommand);
  program
    .command("restore")
    .description(h.export.restore)
    .argument("<file>", h.export.backupFile)
    .option("--force", h.export.force)
    .action(restoreCommand);
}
