import "./office.css";
import { type ChangeEvent, useEffect, useRef, useState } from "react";
import { reviewPeriodKeyText } from "../../../shared/fiscal-year.ts";
import {
  type ApiClient,
  ApiError,
  type ImportIssue,
  type ImportPayload,
  type ImportReport,
} from "../api.ts";
import { Loading } from "../screens.tsx";
import { t } from "../text.ts";
import { BackToBoard } from "../ui.tsx";
import { type ReadProblem, readImportFiles, type SourceFile } from "./read-files.ts";

type Step =
  | { kind: "idle" }
  | { kind: "reading"; excel: boolean }
  /** The files could not be read or sent together; nothing was sent. */
  | { kind: "unreadable"; problems: ReadProblem[] }
  | { kind: "checking" }
  /** The server found problems (400 with issues); it wrote nothing. */
  | { kind: "problems"; issues: ImportIssue[] }
  | { kind: "checked"; report: ImportReport }
  | { kind: "importing"; report: ImportReport }
  | { kind: "imported"; report: ImportReport }
  | { kind: "error"; message: string };

const TABLES = [
  "departments",
  "branches",
  "initiatives",
  "indicators",
  "targets",
  "actuals",
  "grades",
  "reviews",
] as const;

/** Whether the user is the DX office of some plan (the server decides again on every request). */
function useIsOffice(api: ApiClient): boolean | null {
  const [office, setOffice] = useState<boolean | null>(null);
  useEffect(() => {
    let cancelled = false;
    api.me().then(
      (me) => {
        if (!cancelled) setOffice(me.memberships.some((m) => m.role === "office"));
      },
      () => {
        // Let the server's answer to the check say why.
        if (!cancelled) setOffice(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api]);
  return office;
}

function FileList({ files }: { files: SourceFile[] }) {
  return (
    <ul className="file-list" aria-label={t.selectedFiles} data-testid="selected-files">
      {files.map((f) => (
        <li key={f.name} data-name={f.name} data-encoding={f.encoding ?? ""}>
          <span className="file-name">{f.name}</span>
          <span className="file-meta">
            {t.fileKind[f.kind] ?? f.kind}
            {f.encoding ? `・${t.encoding[f.encoding] ?? f.encoding}` : ""}
            {f.sentAs && f.sentAs !== f.name ? `・${f.sentAs}` : ""}
            {f.sheets ? `・${t.sheetsRead(f.sheets)}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Every problem with where it is: file or sheet, row, column. */
function Problems({
  issues,
  files,
  sent,
}: {
  /** Whether the server answered (else the browser refused before sending). */
  sent: boolean;
  issues: { file?: string; row?: number; column?: string; message: string }[];
  files: SourceFile[];
}) {
  // A file picked as 取組.csv is known to the server as initiatives.csv: name both.
  const shown = (file: string) => {
    const picked = files.find((f) => f.sentAs === file && f.name !== file);
    return picked ? `${picked.name}（${file}）` : file;
  };
  return (
    <section className="import-problems" role="alert" data-testid="problems">
      <h2>{t.problemsTitle(issues.length)}</h2>
      <p className="nothing-written" data-testid="nothing-written">
        {sent ? t.nothingWritten : t.nothingSent}
      </p>
      <p className="hint">{t.fixAndRetry}</p>
      <ol className="problem-list">
        {issues.map((issue, i) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: the server's list, shown once as it is.
            key={i}
            data-file={issue.file ?? ""}
            data-row={issue.row ?? ""}
            data-column={issue.column ?? ""}
          >
            <span className="problem-where">
              {[
                issue.file ? shown(issue.file) : null,
                issue.row ? t.rowNumber(issue.row) : null,
                issue.column ?? null,
              ]
                .filter(Boolean)
                .join("・")}
            </span>
            <span className="problem-message">{issue.message}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Report({ report, dryRun }: { report: ImportReport; dryRun: boolean }) {
  return (
    <>
      <p data-testid="report-plan">
        {dryRun ? t.dryRunPlan(report.planId, report.planCreated) : t.imported(report.planId)}
      </p>
      <table className="report-table" data-testid="report">
        <thead>
          <tr>
            <th scope="col">{t.reportTable}</th>
            <th scope="col">{t.created}</th>
            <th scope="col">{t.updated}</th>
            <th scope="col">{t.unchanged}</th>
          </tr>
        </thead>
        <tbody>
          {TABLES.map((key) => {
            const c = report[key];
            // Reviews (issue 14 §2): a row only where the file or the plan has any.
            if (!c || (key === "reviews" && c.created + c.updated + c.unchanged === 0)) return null;
            return (
              <tr key={key} data-table={key}>
                <th scope="row">{t.reportTables[key] ?? key}</th>
                <td data-count="created" className={c.created ? "changed" : undefined}>
                  {c.created}
                </td>
                <td data-count="updated" className={c.updated ? "changed" : undefined}>
                  {c.updated}
                </td>
                <td data-count="unchanged">{c.unchanged}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.notInBundle.length ? (
        <p className="hint">{t.notInBundle(report.notInBundle)}</p>
      ) : null}
      {report.boardDifferences?.length ? (
        <div className="hint" data-testid="board-differences">
          <p>{t.boardDifferences(report.boardDifferences.length)}</p>
          <ul>
            {report.boardDifferences.map((d) => (
              <li key={`${d.code}-${d.period ?? ""}-${d.field}`}>
                {t.boardDifference(
                  d.period ? `${d.code} ${reviewPeriodKeyText(d.period)}` : d.code,
                  t.boardField[d.field],
                  d.current,
                  d.imported,
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/**
 * `/import`: the DX office loads a plan from an Excel workbook or CSV files. The files are read
 * here and sent first as a dry run: the server validates everything and reports what would change,
 * or every problem (and writes nothing). Only then does the confirm button send the same tables
 * for real.
 */
export default function ImportPage({
  api,
  onImported,
}: {
  api: ApiClient;
  onImported: () => void;
}) {
  const office = useIsOffice(api);
  const [files, setFiles] = useState<SourceFile[]>([]);
  const [payload, setPayload] = useState<ImportPayload | null>(null);
  const [step, setStep] = useState<Step>({ kind: "idle" });
  // Picking other files while a request is out makes its answer stale.
  const attempt = useRef(0);

  useEffect(() => {
    const before = document.title;
    document.title = `${t.importTitle}｜${t.appName}`;
    return () => {
      document.title = before;
    };
  }, []);

  const failed = (err: unknown): Step => {
    const issues = err instanceof ApiError ? (err.details.issues as ImportIssue[] | undefined) : [];
    if (issues?.length) return { kind: "problems", issues };
    if (err instanceof ApiError && err.code !== "unauthorized" && err.code !== "internal")
      return { kind: "error", message: err.message };
    return { kind: "error", message: t.importError };
  };

  const check = async (picked: File[]) => {
    const mine = ++attempt.current;
    setPayload(null);
    setFiles([]);
    setStep({ kind: "reading", excel: false });
    const read = await readImportFiles(picked, () => {
      if (attempt.current === mine) setStep({ kind: "reading", excel: true });
    });
    if (attempt.current !== mine) return;
    setFiles(read.files);
    if (!read.ok) {
      setStep({ kind: "unreadable", problems: read.problems });
      return;
    }
    setPayload(read.payload);
    setStep({ kind: "checking" });
    try {
      const { report } = await api.importPlan(read.payload, true);
      if (attempt.current === mine) setStep({ kind: "checked", report });
    } catch (err) {
      if (attempt.current === mine) setStep(failed(err));
    }
  };

  const confirm = async (report: ImportReport) => {
    if (!payload) return;
    const mine = attempt.current;
    setStep({ kind: "importing", report });
    try {
      const result = await api.importPlan(payload, false);
      if (attempt.current !== mine) return;
      setStep({ kind: "imported", report: result.report });
      onImported();
    } catch (err) {
      if (attempt.current === mine) setStep(failed(err));
    }
  };

  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const picked = [...(e.target.files ?? [])];
    // The same files can be picked again after fixing them.
    e.target.value = "";
    if (picked.length) void check(picked);
  };

  if (office === null) return <Loading />;
  if (!office) {
    return (
      <main className="office-page">
        <BackToBoard />
        <section className="notice" role="alert" data-testid="refused">
          <p>{t.importOfficeOnly}</p>
        </section>
      </main>
    );
  }

  const busy = step.kind === "reading" || step.kind === "checking" || step.kind === "importing";
  return (
    <main className="office-page" data-testid="import" data-step={step.kind}>
      <BackToBoard />
      <header className="office-header">
        <h1>{t.importTitle}</h1>
        <p className="muted">{t.importLead}</p>
      </header>
      <section className="office-section" aria-labelledby="pick-title">
        <h2 id="pick-title">{t.filesHeading}</h2>
        <label className={`file-picker${step.kind === "importing" ? " disabled" : ""}`}>
          <input
            type="file"
            className="sr-only"
            multiple
            accept=".xlsx,.csv,.yaml,.yml,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={onPick}
            disabled={step.kind === "importing"}
            aria-describedby="pick-hint"
            data-testid="import-files"
          />
          {files.length ? t.chooseOtherFiles : t.chooseFiles}
        </label>
        <p className="hint" id="pick-hint">
          {t.chooseFilesHint}
        </p>
        {files.length ? <FileList files={files} /> : null}
      </section>
      <div className="import-result" aria-live="polite" aria-busy={busy}>
        {step.kind === "reading" ? (
          <p className="status" role="status">
            {step.excel ? t.loadingExcel : t.readingFiles}
          </p>
        ) : null}
        {step.kind === "checking" ? (
          <p className="status" role="status">
            {t.checking}
          </p>
        ) : null}
        {step.kind === "unreadable" ? (
          <Problems sent={false} issues={step.problems} files={files} />
        ) : null}
        {step.kind === "problems" ? <Problems sent issues={step.issues} files={files} /> : null}
        {step.kind === "error" ? (
          <section className="notice" role="alert" data-testid="import-error">
            <p>{step.message}</p>
          </section>
        ) : null}
        {step.kind === "checked" || step.kind === "importing" ? (
          <section className="office-section import-check" data-testid="dry-run">
            <h2>{t.dryRunTitle}</h2>
            <Report report={step.report} dryRun />
            {step.report.changed ? (
              <div className="import-buttons">
                <button
                  type="button"
                  className="primary"
                  onClick={() => void confirm(step.report)}
                  disabled={step.kind === "importing"}
                >
                  {step.kind === "importing" ? t.importing : t.confirmImport}
                </button>
              </div>
            ) : (
              <p className="muted" data-testid="no-changes">
                {t.noChanges}
              </p>
            )}
          </section>
        ) : null}
        {step.kind === "imported" ? (
          <section className="office-section import-done" role="status" data-testid="imported">
            <h2>{t.importedTitle}</h2>
            <Report report={step.report} dryRun={false} />
            <BackToBoard />
          </section>
        ) : null}
      </div>
    </main>
  );
}
