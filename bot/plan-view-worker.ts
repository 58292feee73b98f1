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
 * This file is both the main thread's {@link planLoaderInWorker} and, loaded by
 * bot/plan-view-worker-thread.mjs, the thread's code. One thread per load: it is used after an
 * import changed a plan and at start, not per question.
 *
 * @see https://nodejs.org/api/worker_threads.html
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { Database } from "../db/client.ts";
import { closeDatabase, openDatabase } from "../db/node.ts";
import { loadPlanViewUncached } from "../db/plans.ts";
import { loadSearchCorpus } from "../db/search-corpus.ts";
import type { PlanView } from "../shared/plan-view.ts";
import type { SearchCorpus } from "../shared/search/index.ts";
import type { ImportDatabase } from "./import-worker.ts";
import { sharedDatabase } from "./import-worker.ts";

/** A plan's view and its search corpus (read one after the other on the thread's connection). */
export interface LoadedPlan {
  view: PlanView;
  corpus: SearchCorpus;
}

type Answer = { loaded: LoadedPlan | null } | { error: string };

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { database, planId } = workerData as { database: ImportDatabase; planId: string };
  let db: Database | undefined;
  void (async () => {
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
 * in a new worker thread on its own connection to `database`; null for an in-memory database, which
 * a thread cannot open.
 * @returns a function of the plan id giving the plan's view and corpus, or null when there is no
 *   such plan; it rejects when the thread fails.
 */
export function planLoaderInWorker(
  database: ImportDatabase,
): ((planId: string) => Promise<LoadedPlan | null>) | null {
  if (!sharedDatabase(database.url)) return null;
  return (planId) =>
    new Promise<LoadedPlan | null>((resolve, reject) => {
      const worker = new Worker(new URL("./plan-view-worker-thread.mjs", import.meta.url), {
        execArgv: [],
        workerData: { database, planId },
      });
      const onExit = (code: number) => reject(new Error(`plan view worker exited with ${code}`));
      worker.once("message", (answer: Answer) => {
        worker.off("exit", onExit);
        void worker.terminate();
        if ("error" in answer) reject(new Error(`loading plan ${planId} failed: ${answer.error}`));
        else resolve(answer.loaded);
      });
      worker.once("error", reject);
      worker.once("exit", onExit);
    });
}
