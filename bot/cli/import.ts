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
import { reviewPeriodKeyText } from "../../shared/fiscal-year.ts";
import {
  BUNDLE_FILES,
  type BundleFile,
  formatImportIssue,
  type ImportIssue,
  TABLE_SHEETS,
} from "../../shared/import-format.ts";
import { commonText, importText as t } from "../text/cli.ts";
import { importPlan } from "../usecases/import-plan.ts";
import { fail, withDeps } from "./db.ts";

/** A table's counts, named by its sheet name (`組織`, `体系`, …). */
const line = (file: BundleFile, c: ImportCounts) =>
  t.counts(TABLE_SHEETS[file], c.created, c.updated, c.unchanged);

const BOARD_FIELDS: Record<BoardDifference["field"], string> = t.boardFields;

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
      ? t.boardWillChange(diffs.length)
      : t.boardChanged(diffs.length)
    : t.boardDiffers(diffs.length);
  const shown = (v: string | null) => v ?? t.none;
  return [
    head,
    ...diffs.map((d) =>
      t.boardDifference(
        // A review entered in LINE or the LIFF app is named with its period: 「A1-4 R7年度 第3四半期」.
        d.period ? `${d.code} ${reviewPeriodKeyText(d.period)}` : d.code,
        BOARD_FIELDS[d.field],
        shown(d.current),
        shown(d.imported),
      ),
    ),
  ];
}

/** Rows of work above which the CLI shows a progress bar. */
const PROGRESS_THRESHOLD = 2000;

/** The import summary printed by the CLI, in Japanese. */
export function formatReport(report: ImportReport, dryRun: boolean): string {
  return [
    (dryRun ? t.dryRunHead : t.head)(report.planId, report.planCreated, report.changed),
    line(BUNDLE_FILES.departments, report.departments),
    line(BUNDLE_FILES.branches, report.branches),
    line(BUNDLE_FILES.initiatives, report.initiatives),
    line(BUNDLE_FILES.indicators, report.indicators),
    line(BUNDLE_FILES.targets, report.targets),
    line(BUNDLE_FILES.actuals, report.actuals),
    line(BUNDLE_FILES.grades, report.grades),
    // Reviews per period (issue 14 §2): only where the file or the plan has any.
    report.reviews && report.reviews.created + report.reviews.updated + report.reviews.unchanged > 0
      ? line(BUNDLE_FILES.reviews, report.reviews)
      : null,
    report.notInBundle.length ? t.notInBundle(report.notInBundle) : null,
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
    fail(commonText.planSourceMissing(path));
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
                  { format: t.progress, hideCursor: true },
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
  fail([t.refused(issues.length), ...issues.map((i) => `  ${formatImportIssue(i)}`)].join("\n"));
}
