/**
 * A plan's read model and search corpus, loaded off the event loop on Node (issue 9 §5).
 *
 * The embedded libSQL client runs each query synchronously, so loading a large plan's view on the
 * main thread holds the event loop for as long as the queries take (0.4–0.9 s for 2,500 initiatives
 * under load, docs/benchmarks.md "import"): every webhook waits. Here a worker thread opens its own
 * connection to the same database file, loads the view (db/plans.ts `loadPlanViewUncached`) and the
 * search corpus (db/search-corpus.ts `loadSearchCorpus`) and sends them back; the main thread only
 * receives the copy (tens of ms) and builds the search index in steps
 * (bot/chat/questions.ts `preparePlanAnswersInSteps`).
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

type Answer = { loaded: LoadedPlan | null } | { error: string };

/**
 * The thread's side of one load (bot/background-thread.mjs): loads plan `planId` on its own
 * connection to `database` and answers on `port`.
 */
export function runPlanViewJob(
  port: JobPort,
  data: { database: ImportDatabase; planId: string },
): void {
  const { database, planId } = data;
  void (async () => {
    let db: Database | undefined;
    let answer: Answer;
    try {
      db = openDatabase(database.url, database.authToken);
      const view = await loadPlanViewUncached(db, planId);
      answer = { loaded: view ? { view, corpus: await loadSearchCorpus(db, planId) } : null };
    } catch (err) {
      answer = { error: err instanceof Error ? err.message : String(err) };
    } finally {
      if (db) closeDatabase(db);
    }
    port.postMessage(answer);
  })();
}

/**
 * The Node server's off-thread plan loader (`AppDeps.loadPlanOffThread`): each call loads one plan
 * in the background thread (by default the process's {@link backgroundThread}) on the thread's own
 * connection to `database`; null for an in-memory database, which a thread cannot open.
 * @returns a function of the plan id giving the plan's view and corpus, or null when there is no
 *   such plan; it rejects when the thread fails.
 */
export function planLoaderInWorker(
  database: ImportDatabase,
  thread: BackgroundThread = backgroundThread,
): ((planId: string) => Promise<LoadedPlan | null>) | null {
  if (!sharedDatabase(database.url)) return null;
  return async (planId) => {
    const job = thread.job("plan-view", { database, planId });
    try {
      const answer = await job.next<Answer>();
      if ("error" in answer) throw new Error(`loading plan ${planId} failed: ${answer.error}`);
      return answer.loaded;
    } finally {
      job.end();
    }
  };
}
