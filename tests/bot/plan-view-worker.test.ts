/**
 * A changed plan's answers prepared without holding the event loop (issue 9 §5): the view and the
 * search corpus are loaded in a worker thread (bot/plan-view-worker.ts), the index is built in steps
 * (shared/search `buildPlanSearchInSteps`), and the result is the same as preparing on the main
 * thread. The webhook latency it keeps down is measured by `npm run bench import`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackgroundThread, type JobKind } from "../../bot/background-thread.ts";
import { preparePlanAnswersInSteps } from "../../bot/chat/questions.ts";
import { planLoaderInWorker } from "../../bot/plan-view-worker.ts";
import { loadPlanView, loadPlanViewUncached } from "../../db/plans.ts";
import { hasPlanSearch, loadSearchCorpus, planSearchFor } from "../../db/search-corpus.ts";
import {
  buildPlanSearch,
  buildPlanSearchInSteps,
  SEARCH_BUILD_CHUNK,
  searchPlan,
} from "../../shared/search/index.ts";
import { createTestApp } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana", "matsue"] });
});
afterAll(() => t.close());

const QUESTIONS = ["ペーパーレス", "窓口", "研修", "⑲", "No.4", "総務課の取組", "存在しない言葉"];

describe("preparing a plan's answers off the event loop", () => {
  it("builds the same index in steps, pausing between them", async () => {
    for (const planId of ["tamana", "matsue"]) {
      const plan = await loadPlanViewUncached(t.db, planId);
      if (!plan) throw new Error(`no plan ${planId}`);
      const corpus = await loadSearchCorpus(t.db, planId);
      let pauses = 0;
      const inSteps = await buildPlanSearchInSteps(plan, corpus, async () => {
        pauses++;
      });
      const atOnce = buildPlanSearch(plan, corpus);
      expect(pauses).toBe(Math.ceil(plan.initiatives.length / SEARCH_BUILD_CHUNK));
      for (const q of QUESTIONS) {
        const a = searchPlan(inSteps, q);
        const b = searchPlan(atOnce, q);
        expect(a.hits.map((h) => [h.initiative.code, h.score])).toEqual(
          b.hits.map((h) => [h.initiative.code, h.score]),
        );
        expect(a.near.map((i) => i.code)).toEqual(b.near.map((i) => i.code));
      }
    }
  });

  it("loads the view and corpus in a worker thread as the main thread would; none for an in-memory database", async () => {
    const load = planLoaderInWorker({ url: t.url });
    if (!load) throw new Error("no loader for a file database");
    const loaded = await load("tamana");
    expect(loaded?.view).toEqual(await loadPlanViewUncached(t.db, "tamana"));
    expect(loaded?.corpus).toEqual(await loadSearchCorpus(t.db, "tamana"));
    expect(await load("no-such-plan")).toBeNull();
    expect(planLoaderInWorker({ url: ":memory:" })).toBeNull();
  });

  it("receives a plan in parts asked for one at a time, and puts it together whole", async () => {
    // The real thread, with the job's messages counted: the main thread asks for each part
    // ("more") only after the one before arrived, so no two parts are read in one turn.
    const real = new BackgroundThread();
    const sizes: number[] = [];
    let asked = 0;
    const counting = {
      job: (kind: JobKind, data: unknown) => {
        const job = real.job(kind, data);
        return {
          ...job,
          send: (message: unknown) => {
            asked++;
            expect(sizes).toHaveLength(asked);
            job.send(message);
          },
          next: async <T>() => {
            const message = await job.next<T>();
            sizes.push(JSON.stringify(message).length);
            return message;
          },
        };
      },
    } as unknown as BackgroundThread;
    try {
      const load = planLoaderInWorker({ url: t.url }, counting, 3);
      if (!load) throw new Error("no loader for a file database");
      const loaded = await load("matsue");
      const view = await loadPlanViewUncached(t.db, "matsue");
      const corpus = await loadSearchCorpus(t.db, "matsue");
      expect(loaded?.view).toEqual(view);
      expect(loaded?.corpus).toEqual(corpus);
      const parts =
        Math.ceil((view?.initiatives.length ?? 0) / 3) +
        Math.ceil(corpus.narratives.length / 3) +
        Math.ceil(corpus.schedule.length / 3);
      expect(parts).toBeGreaterThan(20);
      expect(asked).toBe(parts);
      expect(sizes).toHaveLength(parts + 1);
      // Every message is a small share of the whole plan.
      const whole = JSON.stringify(loaded).length;
      expect(Math.max(...sizes)).toBeLessThan(whole / 5);
    } finally {
      await real.close();
    }
  });

  it("keeps the loaded view as the cached one with its index built, and the event loop turns meanwhile", async () => {
    // A revision this process has not loaded yet, as after an import written in the thread.
    await t.db.$client.execute("update plans set revision = revision + 1 where id = 'matsue'");
    const load = planLoaderInWorker({ url: t.url });
    if (!load) throw new Error("no loader for a file database");
    const harness = createTestApp(t.db, null);
    const deps = { ...harness.deps, loadPlanOffThread: load };
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    await preparePlanAnswersInSteps(deps, "matsue");
    clearInterval(ticker);
    expect(turns).toBeGreaterThan(5);
    const view = await loadPlanView(t.db, "matsue");
    if (!view) throw new Error("no plan");
    expect(hasPlanSearch(view)).toBe(true);
    const search = await planSearchFor(t.db, view);
    expect(searchPlan(search, "窓口").hits.length).toBeGreaterThan(0);
    expect(view).toEqual(await loadPlanViewUncached(t.db, "matsue"));
  });
});
