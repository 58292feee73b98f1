import { resolve } from "node:path";
import type { ImportCounts, ImportReport } from "../../db/import.ts";
import { importPlanBundle } from "../../db/import.ts";
import { readPlanFolder } from "../../db/plan-files.ts";
import { formatImportIssue, parsePlanBundle } from "../../shared/plan-bundle.ts";
import { fail, withDatabase } from "./db.ts";

const line = (label: string, c: ImportCounts) =>
  `  ${label}: 新規 ${c.created}・更新 ${c.updated}・変更なし ${c.unchanged}`;

/** The import summary printed by the CLI, in Japanese. */
export function formatReport(report: ImportReport, dryRun: boolean): string {
  return [
    `${dryRun ? "【確認のみ・書き込みなし】" : ""}計画「${report.planId}」${report.planCreated ? "を新しく登録しました" : "を取り込みました"}${report.changed ? "" : "（変更はありませんでした）"}`,
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

export async function importCommand(dir: string, opts: { plan?: string; dryRun?: boolean }) {
  const files = await readPlanFolder(resolve(dir)).catch((err: unknown) => {
    fail(`${dir} を読めません: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  });
  if (!files) return;
  const parsed = parsePlanBundle(files);
  if (!parsed.ok) {
    fail(
      [
        `取り込めません。${parsed.issues.length}件の問題があります（何も書き込んでいません）:`,
        ...parsed.issues.map((i) => `  ${formatImportIssue(i)}`),
      ].join("\n"),
    );
    return;
  }
  if (opts.plan && parsed.bundle.plan.id !== opts.plan) {
    fail(`plan.yaml の id は「${parsed.bundle.plan.id}」で、--plan ${opts.plan} と違います。`);
    return;
  }
  await withDatabase(async (db) => {
    const report = await importPlanBundle(db, parsed.bundle, { dryRun: opts.dryRun === true });
    console.log(formatReport(report, opts.dryRun === true));
  });
}
