/**
 * A plan's read model and search corpus, loaded off the event loop on Node (issue 9 §5).
 *
 * The embedded libSQL client runs each query synchronously, so loading a large plan's view on the
 * main thread holds the event loop for as long as the queries take (0.4–0.9 s for 2,500 initiatives
 * under load, docs/benchmarks.md "import"): every webhook waits. Here a worker thread opens its own
 * connection to the same database file, loads the view (db/plans.ts `loadPlanViewUncached`) and the
 * search corpus (db/search-corpus.ts `loadSearchCorpus`) and sends them back in parts the main
 * thread asks for one at a time ({@link PART_SIZE} initiatives, narratives or schedule rows each), so
 * that receiving the copy — a structured clone read on the main thread, tens of ms for a large plan
 * when it came as one message — never holds the event loop for more than a few ms; then the main
 * thread builds the search index in steps (bot/chat/questions.ts `preparePlanAnswersInSteps`).
 *
 * This file is both the main thread's {@link planLoaderInWorker} and the thread's
 * {@link runPlanViewJob}, run in the server's background thread (bot/background-thread.ts), kept
 * from start. It is used at start and after an imported plan changed, not per question.
 *
 * @see https://nodejs.org/api/worker_threads.html
 */
import type { Database } from "../db/client.ts";
import { closeDatabase, openDatabase } from "../db/node.ts";
import { loadPlanViewUncached } from "../db/plans.ts";
import { loadSearchCorpus } from "../db/search-corpus.ts";
import type { PlanView } from "../shared/plan-view.ts";
import type { SearchCorpus } from "../shared/search/index.ts";
import { type BackgroundThread, backgroundThread, type JobPort } from "./background-thread.ts";
import type { ImportDatabase } from "./import-worker.ts";
import { sharedDatabase } from "./import-worker.ts";

/** A plan's view and its search corpus (read one after the other on the thread's connection). */
export interface LoadedPlan {
  view: PlanView;
  corpus: SearchCorpus;
}

/**
 * How many rows one part carries. A part of 200 initiatives of a 2,500-initiative plan is read on the
 * main thread in a few ms; the whole plan in one message took 50–140 ms there, the slowest webhooks
 * after a re-import (`npm run bench import`, docs/benchmarks.md).
 */
export const PART_SIZE = 200;

/** The arrays sent in parts; the rest of the view and corpus goes in the first message. */
type PartKey = "initiatives" | "narratives" | "schedule";

/** The first answer: no plan, a failure, or the plan without its parted arrays and how many parts follow. */
type Head = { loaded: null } | { error: string } | { head: LoadedPlan; parts: number };
type Part = { key: PartKey; items: unknown[] };

/**
 * The thread's side of one load (bot/background-thread.mjs): loads plan `planId` on its own
 * connection to `database`, answers the {@link Head} on `port`, then one {@link Part} per message
 * the main thread sends (`"more"`) until all are sent. Ending the job (the port closing) drops the rest.
 */
export function runPlanViewJob(
  port: JobPort,
  data: { database: ImportDatabase; planId: string; partSize?: number },
): void {
  const { database, planId } = data;
  const size = data.partSize ?? PART_SIZE;
  void (async () => {
    let db: Database | undefined;
    let head: Head;
    const parts: Part[] = [];
    try {
      db = openDatabase(database.url, database.authToken);
      const view = await loadPlanViewUncached(db, planId);
      if (!view) head = { loaded: null };
      else {
        const corpus = await loadSearchCorpus(db, planId);
        const arrays: [PartKey, unknown[]][] = [
          ["initiatives", view.initiatives],
          ["narratives", corpus.narratives],
          ["schedule", corpus.schedule],
        ];
        for (const [key, items] of arrays)
          for (let i = 0; i < items.length; i += size)
            parts.push({ key, items: items.slice(i, i + size) });
        head = {
          head: {
            view: { ...view, initiatives: [] },
            corpus: { ...corpus, narratives: [], schedule: [] },
          },
          parts: parts.length,
        };
      }
    } catch (err) {
      head = { error: err instanceof Error ? err.message : String(err) };
    } finally {
      if (db) closeDatabase(db);
    }
    let next = 0;
    port.on("message", () => {
      const part = parts[next++];
      if (part) port.postMessage(part);
    });
    port.postMessage(head);
  })();
}

/**
 * The Node server's off-thread plan loader (`AppDeps.loadPlanOffThread`): each call loads one plan
 * in the background thread (by default the process's {@link backgroundThread}) on the thread's own
 * connection to `database`; null for an in-memory database, which a thread cannot open.
 * @param partSize rows per part ({@link PART_SIZE}; tests use small parts to see many).
 * @returns a function of the plan id giving the plan's view and corpus, or null when there is no
 *   such plan; it rejects when the thread fails.
 */
export function planLoaderInWorker(
  database: ImportDatabase,
  thread: BackgroundThread = backgroundThread,
  partSize: number = PART_SIZE,
): ((planId: string) => Promise<LoadedPlan | null>) | null {
  if (!sharedDatabase(database.url)) return null;
  return async (planId) => {
    const job = thread.job("plan-view", { database, planId, partSize });
    try {
      const first = await job.next<Head>();
      if ("error" in first) throw new Error(`loading plan ${planId} failed: ${first.error}`);
      if (!("head" in first)) return null;
      const { view, corpus } = first.head;
      const into: Record<PartKey, unknown[]> = {
        initiatives: view.initiatives,
        narratives: corpus.narratives,
        schedule: corpus.schedule,
      };
      // One part in flight at a time: each arrives in its own turn of the event loop, so webhooks
      // are answered between them.
      for (let i = 0; i < first.parts; i++) {
        job.send("more");
        const part = await job.next<Part>();
        for (const item of part.items) into[part.key].push(item);
      }
      return { view, corpus };
    } finally {
      job.end();
    }
  };
}
