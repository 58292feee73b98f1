/**
 * What plan search needs beyond the plan view: narratives, schedule items and synonym groups, and
 * the synonym groups the office manages (`npx shinchoku synonyms`).
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { PlanView } from "../shared/plan-view.ts";
import { provenanceField } from "../shared/provenance.ts";
import {
  buildPlanSearch,
  buildPlanSearchInSteps,
  type PlanSearch,
  type SearchCorpus,
} from "../shared/search/index.ts";
import type { Database, DbOrTx } from "./client.ts";
import { planRevisionBump } from "./plans.ts";
import * as s from "./schema.ts";

/**
 * Loads the search corpus of a plan: every narrative and schedule item of its initiatives, and its
 * synonym groups (plan.yaml and office). Three queries, whatever the plan's size.
 */
export async function loadSearchCorpus(db: DbOrTx, planId: string): Promise<SearchCorpus> {
  const planInitiatives = db
    .select({ id: s.initiatives.id })
    .from(s.initiatives)
    .where(eq(s.initiatives.planId, planId));
  const [narratives, schedule, synonyms] = await Promise.all([
    db
      .select({
        initiativeId: s.narratives.initiativeId,
        label: s.narratives.label,
        fiscalYear: s.narratives.fiscalYear,
        body: s.narratives.body,
      })
      .from(s.narratives)
      .where(inArray(s.narratives.initiativeId, planInitiatives))
      .orderBy(asc(s.narratives.initiativeId), asc(s.narratives.position)),
    db
      .select({
        initiativeId: s.scheduleItems.initiativeId,
        item: s.scheduleItems.item,
        periodText: s.scheduleItems.periodText,
        fromFiscalYear: s.scheduleItems.fromFiscalYear,
        toFiscalYear: s.scheduleItems.toFiscalYear,
        body: s.scheduleItems.body,
        source: s.scheduleItems.source,
        sourceNote: s.scheduleItems.sourceNote,
      })
      .from(s.scheduleItems)
      .where(inArray(s.scheduleItems.initiativeId, planInitiatives))
      .orderBy(asc(s.scheduleItems.initiativeId), asc(s.scheduleItems.position)),
    db
      .select({ words: s.searchSynonyms.words })
      .from(s.searchSynonyms)
      .where(eq(s.searchSynonyms.planId, planId))
      .orderBy(asc(s.searchSynonyms.id)),
  ]);
  return {
    narratives,
    // An inferred period's provenance goes with it: the chat marks an inferred schedule year (issue
    // 14 §1). Only inferred: a read year is in the source and unmarked there, and Matsue's 読取 note on
    // every row would add 40 % to the corpus the worker thread hands over.
    schedule: schedule.map(({ source, sourceNote, ...x }) =>
      source === "inferred" ? { ...x, ...provenanceField(source, sourceNote) } : x,
    ),
    synonyms: synonyms.map((r) => r.words),
  };
}

const searches = new WeakMap<PlanView, Promise<PlanSearch>>();

/**
 * The search index of a plan view, built once per view: plan views are cached per plan revision
 * (db/plans.ts), and every change to the plan, its narratives or its synonyms bumps the revision, so
 * the index is rebuilt on the first question after a change.
 */
export function planSearchFor(db: DbOrTx, plan: PlanView): Promise<PlanSearch> {
  let search = searches.get(plan);
  if (!search) {
    search = loadSearchCorpus(db, plan.id).then((corpus) => buildPlanSearch(plan, corpus));
    searches.set(plan, search);
    // A failed load is not kept: the next question tries again.
    search.catch(() => searches.delete(plan));
  }
  return search;
}

/**
 * Starts building the search index of a plan view from a corpus already loaded (e.g. by a worker
 * thread, with the view), in steps with `pause()` between them (shared/search
 * `buildPlanSearchInSteps`). A question that comes meanwhile waits for this build instead of
 * starting its own. Nothing is started when the view's index is built or being built.
 */
export function preparePlanSearch(
  plan: PlanView,
  corpus: SearchCorpus,
  pause: () => Promise<void>,
): Promise<PlanSearch> {
  let search = searches.get(plan);
  if (!search) {
    search = buildPlanSearchInSteps(plan, corpus, pause);
    searches.set(plan, search);
    search.catch(() => searches.delete(plan));
  }
  return search;
}

/** Whether the search index of this plan view is built or being built (no build is started). */
export function hasPlanSearch(plan: PlanView): boolean {
  return searches.has(plan);
}

export interface SynonymRow {
  id: number;
  words: string[];
  source: "plan" | "office";
}

/** The plan's synonym groups (plan.yaml and office), oldest first. */
export async function listSynonyms(db: DbOrTx, planId: string): Promise<SynonymRow[]> {
  return db
    .select({
      id: s.searchSynonyms.id,
      words: s.searchSynonyms.words,
      source: s.searchSynonyms.source,
    })
    .from(s.searchSynonyms)
    .where(eq(s.searchSynonyms.planId, planId))
    .orderBy(asc(s.searchSynonyms.id));
}

/**
 * Adds an office synonym group (two or more words that mean the same) and bumps the plan's
 * revision, so that the next question uses it.
 *
 * @throws SynonymError when fewer than two distinct words are given.
 */
export async function addSynonyms(
  db: Database,
  planId: string,
  words: string[],
): Promise<SynonymRow> {
  const distinct = [...new Set(words.map((w) => w.trim()).filter((w) => w.length > 0))];
  if (distinct.length < 2) throw new SynonymError("同じ意味の言葉を2つ以上指定してください。");
  const [rows] = await db.batch([
    db.insert(s.searchSynonyms).values({ planId, words: distinct, source: "office" }).returning({
      id: s.searchSynonyms.id,
      words: s.searchSynonyms.words,
      source: s.searchSynonyms.source,
    }),
    planRevisionBump(db, planId),
  ]);
  const row = rows[0];
  if (!row) throw new Error("synonym insert returned nothing");
  return row;
}

/**
 * Removes an office synonym group by id (plan.yaml groups change only by re-importing).
 * @returns whether a group was removed.
 */
export async function removeSynonyms(db: Database, planId: string, id: number): Promise<boolean> {
  const [removed] = await db.batch([
    db
      .delete(s.searchSynonyms)
      .where(
        and(
          eq(s.searchSynonyms.planId, planId),
          eq(s.searchSynonyms.id, id),
          eq(s.searchSynonyms.source, "office"),
        ),
      )
      .returning({ id: s.searchSynonyms.id }),
    planRevisionBump(db, planId),
  ]);
  return removed.length > 0;
}

/** A synonym group that cannot be stored (fewer than two words). */
export class SynonymError extends Error {
  override readonly name = "SynonymError";
}
