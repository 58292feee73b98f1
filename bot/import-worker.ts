/**
 * A plan import off the request path, on Node (issue 9 §5): `POST /api/plans/import`'s body is read
 * and checked (bot/api/import-request.ts `parseImportBody`) **and written** (db/import.ts
 * `importPlanBundle`, one transaction) in a worker thread, on the thread's own connection to the
 * same database, so that neither the seconds of CPU a large plan takes to read nor its write hold
 * the event loop that answers webhooks. The main thread sees only the plan's id and `dryRun` (to
 * decide whether the caller may write it) and the import's report; the bundle never crosses back.
 *
 * The thread's write still takes SQLite's write lock, for as long as its transaction lasts (0.2–0.5 s
 * for 20,000 rows, docs/benchmarks.md). The main thread must not meet that lock inside SQLite, whose
 * busy handler would sleep the event loop: the server passes `holdWrites` (db/node.ts `gateWrites`),
 * so its own writes to the file wait on a promise while the thread writes, and the webhook inbox is
 * in a file of its own (db/node.ts `openInboxDatabase`).
 * An in-memory database cannot be shared between threads: then the bundle comes back and is written
 * on the main thread's connection.
 *
 * This file is both the main thread's {@link importReaderInWorker} and the thread's
 * {@link runImportJob}. The thread is the server's background thread, started with the server and
 * kept (bot/background-thread.ts): starting a thread per import cost about 1.8 s of CPU on the
 * request path. Each import is a job on its own port; ending the job drops the read plan.
 *
 * @see https://nodejs.org/api/worker_threads.html
 * @see https://www.sqlite.org/wal.html (one writer at a time; readers go on)
 */
import { type BackgroundThread, backgroundThread, type JobPort } from "./background-thread.ts";
import type { Database } from "../db/client.ts";
import { type ImportReport, importPlanBundle } from "../db/import.ts";
import { closeDatabase, openDatabase } from "../db/node.ts";
import {
  type ImportParse,
  type ImportReader,
  type PendingImport,
  parseImportBody,
} from "./api/import-request.ts";

/** Where the thread writes: the server's database, opened anew in the thread. */
export interface ImportDatabase {
  url: string;
  authToken?: string;
}

/** What the thread answers to the body: the read without the bundle, or with it (no database). */
type Summary = Exclude<PendingImport, { ok: true }> | ParsedSummary;
type ParsedSummary = {
  ok: true;
  planId: string;
  dryRun: boolean;
  parseMs: number;
  /** Only when the thread has no database to write to. */
  bundle?: Extract<ImportParse, { ok: true }>["bundle"];
};
type Written = { report: ImportReport } | { error: string };

/**
 * The thread's side of one import (bot/background-thread.mjs): reads the body it is sent on `port`,
 * answers with the summary and, when told "write", writes the plan on its own connection to
 * `database` and answers with the report. The main thread closes the port when it is done with the
 * job; closed before a write (the import was dropped), the read plan is let go with it.
 */
export function runImportJob(port: JobPort, data: { database?: ImportDatabase }): void {
  const { database } = data;
  port.once("message", (bytes: Uint8Array) => {
    const parsed = parseImportBody(bytes);
    if (!parsed.ok) {
      port.postMessage(parsed satisfies Summary);
      return;
    }
    const { bundle, dryRun, parseMs } = parsed;
    const planId = bundle.plan.id;
    if (!database) {
      port.postMessage({ ok: true, planId, dryRun, parseMs, bundle } satisfies Summary);
      return;
    }
    port.postMessage({ ok: true, planId, dryRun, parseMs } satisfies Summary);
    const write = async () => {
      let db: Database | undefined;
      let answer: Written;
      try {
        db = openDatabase(database.url, database.authToken);
        answer = { report: await importPlanBundle(db, bundle, { dryRun }) };
      } catch (err) {
        // The database's own error, not drizzle's wrapper (which repeats the whole statement and
        // its parameters: megabytes for a large plan).
        const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
        answer = { error: cause instanceof Error ? cause.message : String(cause) };
      } finally {
        if (db) closeDatabase(db);
      }
      port.postMessage(answer);
    };
    // Dropped without a write: the listener (and with it the bundle) goes with the port.
    port.once("close", () => port.off("message", write));
    port.once("message", write);
  });
}

/**
 * Whether a thread can open the same database: a file or a server, not an in-memory one.
 * @param url a `DATABASE_URL` (`file:…`, `:memory:`, `libsql://…`, `http(s)://…`).
 */
export function sharedDatabase(url: string): boolean {
  return !(url === ":memory:" || url === "file::memory:" || url.startsWith("file::memory:?"));
}

/**
 * The Node server's import reader (`AppDeps.readImport`): reads and writes each import in a new
 * worker thread, on the thread's own connection to `database` (the server's `DATABASE_URL`). With an
 * in-memory database the thread only reads, and `writeHere` writes the bundle it sends back.
 */
export function importReaderInWorker(
  database: ImportDatabase,
  writeHere: (bundle: ParsedSummary["bundle"] & object, dryRun: boolean) => Promise<ImportReport>,
  /**
   * Runs the thread's write (from the "write" message to its answer) while the main thread's own
   * writes to the database wait (db/node.ts `WriteGate.hold`); by default it just runs.
   */
  holdWrites: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
  /** The thread the imports run in; by default the process's {@link backgroundThread}. */
  thread: BackgroundThread = backgroundThread,
): ImportReader {
  const shared = sharedDatabase(database.url);
  return (bytes) =>
    readInWorker(bytes, shared ? database : undefined, writeHere, holdWrites, thread);
}

function readInWorker(
  bytes: Uint8Array,
  database: ImportDatabase | undefined,
  writeHere: (bundle: ParsedSummary["bundle"] & object, dryRun: boolean) => Promise<ImportReport>,
  holdWrites: <T>(work: () => Promise<T>) => Promise<T>,
  thread: BackgroundThread,
): Promise<PendingImport> {
  const job = thread.job("import", { database });
  const end = () => job.end();
  const next = <T>() => job.next<T>();
  const summary = next<Summary>();
  // The body's bytes are moved into the thread, not copied.
  const copy =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  job.send(copy, [copy.buffer as ArrayBuffer]);
  return summary.then(
    (read): PendingImport => {
      if (!read.ok || read.bundle) end();
      if (!read.ok) return read;
      const { planId, dryRun, parseMs, bundle } = read;
      const write = bundle
        ? () => writeHere(bundle, dryRun)
        : async () => {
            try {
              const answer = await holdWrites(() => {
                const written = next<Written>();
                job.send("write");
                return written;
              });
              if ("error" in answer) throw new Error(`plan import failed: ${answer.error}`);
              return answer.report;
            } finally {
              end();
            }
          };
      return { ok: true, planId, dryRun, parseMs, write, discard: end };
    },
    (err: unknown) => {
      end();
      throw err;
    },
  );
}
