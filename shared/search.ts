/**
 * Finding the initiatives a chat question names: the plan search of shared/search/ over a bare list
 * of initiatives (no branches, narratives or plan synonyms), for callers that hold no plan view.
 * The chat uses shared/search/index.ts with the whole plan (db/search-corpus.ts `planSearchFor`).
 */
import type { InitiativeView, PlanView } from "./plan-view.ts";
import {
  buildPlanSearch,
  type PlanSearch,
  parseQuestion,
  type SearchHit,
  searchPlan,
} from "./search/index.ts";

export type { SearchHit } from "./search/index.ts";

/** The words a question is searched by: `「窓口DX」の進捗は？` → `["窓口dx"]`. */
export function searchTerms(question: string): string[] {
  return parseQuestion(question).segments;
}

const cache = new WeakMap<readonly InitiativeView[], PlanSearch>();

function searchOf(initiatives: readonly InitiativeView[]): PlanSearch {
  let search = cache.get(initiatives);
  if (!search) {
    const plan: PlanView = {
      id: "",
      revision: 0,
      name: "",
      city: "",
      levels: [],
      initiativeLabel: "",
      codeLabel: "",
      startFiscalYear: 0,
      endFiscalYear: 0,
      boardColumns: [],
      grades: {},
      weather: [],
      reviewCadence: "yearly",
      governance: { roles: [], roadmaps: [] },
      population: null,
      approval: "none",
      branches: [],
      kgis: [],
      initiatives: [...initiatives],
    };
    search = buildPlanSearch(plan, { narratives: [], schedule: [], synonyms: [] });
    cache.set(initiatives, search);
  }
  return search;
}

/**
 * Ranks the initiatives a question names, best first: a code in any written form gives exactly that
 * initiative; otherwise title, indicator names and 担当課 are searched and weak matches cut off.
 *
 * @returns at most `limit` hits, best first; empty when nothing matches.
 */
export function searchInitiatives(
  initiatives: readonly InitiativeView[],
  question: string,
  limit = 5,
): SearchHit[] {
  return searchPlan(searchOf(initiatives), question, limit).hits;
}
