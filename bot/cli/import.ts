import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import cliProgress from "cli-progress";
import {
  type BoardDifference,
  type ImportCounts,
  type ImportReport,
  importPlanBundle,
} from "../../db/import.ts";
import { readPlanSource } from "../../io/plan-files.ts";
import { formatImportIssue, type ImportIssue } from "../../shared/import-format.ts";
import { importPlan } from "../usecases/import-plan.ts";
import { fail, withDeps } from "./db.ts";

const line = (label: string, c: ImportCounts) =>
  `  ${label}: 新規 ${c.created}・更新 ${c.updated}・変更なし ${c.unchanged}`;

const BOARD_FIELDS: Record<BoardDifference["field"], string> = {
  column: "列",
  weather: "天気",
  outlook: "今後の方向性",
};

/**
 * The board state (列, 天気, 今後の方向性) that the file has otherwise than the database: applied with
 * --update-board, else listed with how to apply it. Departments change these in the LIFF app, so a
 * re-import never changes them silently (issue 14 §7).
 */
function boardLines(report: ImportReport, dryRun: boolean): string[] {
  const diffs = report.boardDifferences;
  if (diffs.length === 0) return [];
  const head = report.boardUpdated
    ? dryRun
      ? `  ボードの状態をファイルのとおりに変えます（${diffs.length}件）:`
      : `  ボードの状態をファイルのとおりに変えました（${diffs.length}件、履歴に残しています）:`
    : `  ボードの状態がファイルと違う取組があります（${diffs.length}件、変えていません。ファイルのとおりにするには --update-board を付けてください）:`;
  const shown = (v: string | null) => v ?? "（なし）";
  return [
    head,
    ...diffs.map(
      (d) =>
        `    ${d.code} ${BOARD_FIELDS[d.field]}: ${shown(d.current)} → ${shown(d.imported)}（ファイル）`,
    ),
  ];
}

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
    // Reviews per period (issue 14 §2): only where the file or the plan has any.
    report.reviews && report.reviews.created + report.reviews.updated + report.reviews.unchanged > 0
      ? line("レビュー", report.reviews)
      : null,
    report.notInBundle.length
      ? `  ファイルにない取組（削除はしていません）: ${report.notInBundle.join("、")}`
      : null,
    ...boardLines(report, dryRun),
  ]
    .filter(Boolean)
    .join("\n");
}

/** `npx shinchoku import <dir|file.xlsx> [--plan <id>] [--dry-run]`. */
export async function importCommand(
  path: string,
  opts: { plan?: string; dryRun?: boolean; updateBoard?: boolean },
) {
  const target = resolve(path);
  if (!(await stat(target).catch(() => null))) {
    fail(`${path} が見つかりません。計画フォルダか Excel ブック（.xlsx）を指定してください。`);
    return;
  }
  const read = await readPlanSource(target, opts.plan ? { planId: opts.plan } : {});
  if (!read.ok) return refuse(read.issues);
  await withDeps(async (deps) => {
    let bar: cliProgress.SingleBar | null = null;
    const dryRun = opts.dryRun === true;
    // The operator's import: the same use case as the LIFF app's, which lets the CLI create a plan.
    const result = await importPlan(
      deps,
      { kind: "operator" },
      {
        planId: read.bundle.plan.id,
        dryRun,
        discard: () => {},
        write: () =>
          importPlanBundle(deps.db, read.bundle, {
            dryRun,
            updateBoard: opts.updateBoard === true,
            onProgress: (done, total) => {
              if (total < PROGRESS_THRESHOLD) return;
              if (!bar) {
                bar = new cliProgress.SingleBar(
                  {
                    format: "取り込み中 [{bar}] {percentage}% {value}/{total}行",
                    hideCursor: true,
                  },
                  cliProgress.Presets.shades_classic,
                );
                bar.start(total, 0);
              }
              bar.update(done);
            },
          }),
      },
    );
    (bar as cliProgress.SingleBar | null)?.stop();
    if (!result.ok) return fail(result.message);
    console.log(formatReport(result.report, dryRun));
  });
}

function refuse(issues: ImportIssue[]): void {
  fail(
    [
      `取り込めません。${issues.length}件の問題があります（何も書き込んでいません）:`,
      ...issues.map((i) => `  ${formatImportIssue(i)}`),
    ].join("\n"),
  );
}
