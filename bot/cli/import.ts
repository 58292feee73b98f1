import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import cliProgress from "cli-progress";
import type { ImportCounts, ImportReport } from "../../db/import.ts";
import { importPlanSource } from "../../io/plan-files.ts";
import { formatImportIssue } from "../../shared/import-format.ts";
import { fail, withDatabase } from "./db.ts";

const line = (label: string, c: ImportCounts) =>
  `  ${label}: 新規 ${c.created}・更新 ${c.updated}・変更なし ${c.unchanged}`;

/** Rows of work above which the CLI shows a progress bar. */
const PROGRESS_THRESHOLD = 2000;

/** The import summary printed by the CLI, in Japanese. */
export function formatReport(report: ImportReport, dryRun: boolean): string {
  return [
    dryRun
      ? `【確認のみ・まだ書き込んでいません】計画「${report.planId}」${report.planCreated ? "は新しく登録されます" : "を更新できます"}${report.changed ? "。--dry-run を外すと書き込みます" : "（取り込んでも変わるものはありません）"}`
      : `計画「${report.planId}」${report.planCreated ? "を新しく登録しました" : "を取り込みました"}${report.changed ? "" : "（変更はありませんでした）"}`,
    line("組織", report.orgUnits),
    line("体系", report.branches),
    line("取組", report.initiatives),
    line("指標", report.indicators),
    line("目標", report.targets),
    line("実績", report.actuals),
    line("評価", report.grades),
    report.notInBundle.length
      ? `  ファイルにない取組（削除はしていません）: ${report.notInBundle.join("、")}`
      : null,
  ]
    .filter(Boolean)
    .join("\n");
}

/** `npx shinchoku import <dir|file.xlsx> [--plan <id>] [--dry-run]`. */
export async function importCommand(path: string, opts: { plan?: string; dryRun?: boolean }) {
  const target = resolve(path);
  if (!(await stat(target).catch(() => null))) {
    fail(`${path} が見つかりません。計画フォルダか Excel ブック（.xlsx）を指定してください。`);
    return;
  }
  await withDatabase(async (db) => {
    let bar: cliProgress.SingleBar | null = null;
    const result = await importPlanSource(db, target, {
      dryRun: opts.dryRun === true,
      ...(opts.plan ? { planId: opts.plan } : {}),
      onProgress: (done, total) => {
        if (total < PROGRESS_THRESHOLD) return;
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { format: "取り込み中 [{bar}] {percentage}% {value}/{total}行", hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0);
        }
        bar.update(done);
      },
    });
    (bar as cliProgress.SingleBar | null)?.stop();
    if (!result.ok) {
      fail(
        [
          `取り込めません。${result.issues.length}件の問題があります（何も書き込んでいません）:`,
          ...result.issues.map((i) => `  ${formatImportIssue(i)}`),
        ].join("\n"),
      );
      return;
    }
    console.log(formatReport(result.report, opts.dryRun === true));
  });
}
