/**
 * Plan search: which initiatives a chat question names, over the whole plan.
 *
 * An index (MiniSearch, BM25) is built once per plan revision from each initiative's title,
 * indicator names, 担当課, branch names (基本方針 → 基本施策), narratives (現状・課題, 取組内容,
 * 取組実績 …) and schedule (工程), each field weighted. Text is normalised and cut into bi-grams
 * (normalize.ts), synonyms folded (synonyms.ts). A question is read first (question.ts): a code in any
 * written form answers exactly that initiative; otherwise the words left once the asking is taken
 * away are searched, and weak matches are cut off, so a specific question gets one to three cards.
 *
 * Pure and synchronous: runs in Node and in a Worker; the caller supplies the narratives, schedule
 * and synonyms it loaded (db/search-corpus.ts) and keeps the built index with the plan view.
 *
 * @see https://lucaong.github.io/minisearch/
 */
import MiniSearch from "minisearch";
import type { InitiativeView, PlanView } from "../plan-view.ts";
import type { Provenance } from "../provenance.ts";
import { codeKey } from "./codes.ts";
import { normalizeForSearch, tokensOf } from "./normalize.ts";
import { type ParsedQuestion, parseQuestion } from "./question.ts";
import { buildCanonicalizer, type Canonicalizer } from "./synonyms.ts";

export { codeKey } from "./codes.ts";
export { normalizeForSearch, tokensOf } from "./normalize.ts";
export type { Ask, ParsedQuestion } from "./question.ts";
export { parseQuestion } from "./question.ts";
export { BUILTIN_SYNONYMS, buildCanonicalizer } from "./synonyms.ts";

/** A narrative of an initiative (現状・課題, 取組実績 …); `fiscalYear` null for plan-level text. */
export interface CorpusNarrative {
  initiativeId: number;
  label: string;
  fiscalYear: number | null;
  body: string;
}

/** A schedule (工程) item of an initiative, with the fiscal years it covers. */
export interface CorpusScheduleItem {
  initiativeId: number;
  item: string | null;
  periodText: string;
  fromFiscalYear: number;
  /** null when open-ended (`R10以降`). */
  toFiscalYear: number | null;
  body: string;
  /** Present when the period is inferred (a lost Gantt column's year): the chat marks it. */
  provenance?: Provenance;
}

/** What the plan view does not hold but search needs. */
export interface SearchCorpus {
  narratives: CorpusNarrative[];
  schedule: CorpusScheduleItem[];
  /** The plan's own synonym groups (plan.yaml) and the office's, words as typed. */
  synonyms: string[][];
}

/** Fields and their weights: a word in the title says far more than one in a narrative. */
const FIELDS = {
  title: 6,
  indicators: 3,
  branches: 1.2,
  departments: 1.5,
  narratives: 1,
  schedule: 0.7,
} as const;
type Field = keyof typeof FIELDS;

interface Doc extends Record<Field, string> {
  id: number;
}

/** A built index of one plan revision. */
export interface PlanSearch {
  plan: PlanView;
  corpus: SearchCorpus;
  /** Initiatives by the {@link codeKey} of their code. */
  byCode: Map<string, InitiativeView>;
  canonicalizer: Canonicalizer;
  mini: MiniSearch<Doc>;
  /** Milliseconds it took to build. */
  buildMs: number;
  /** Each initiative's place in code order (`sortKey`), by its index in `plan.initiatives`. */
  rank: Int32Array;
  /** For each character of the titles in search form, the initiatives (indexes) whose title has it. */
  titleChars: Map<string, number[]>;
}

export interface SearchHit {
  initiative: InitiativeView;
  /** Relevance: BM25 weighted by the share of the question's words found. */
  score: number;
  /** Share (0–1) of the question's tokens found in this initiative. */
  coverage: number;
}

export interface SearchOutcome {
  question: ParsedQuestion;
  /** How the hits were found: a code, the words, or nothing. */
  by: "code" | "text" | "none";
  hits: SearchHit[];
  /** When nothing matched: the closest initiatives, best first (at most 3). */
  near: InitiativeView[];
}

function branchPath(plan: PlanView, branchId: number): string {
  const byId = new Map(plan.branches.map((b) => [b.id, b]));
  const parts: string[] = [];
  let b = byId.get(branchId);
  for (let guard = 0; b && guard < 10; guard++) {
    parts.push(b.title);
    b = b.parentId === null ? undefined : byId.get(b.parentId);
  }
  return parts.join(" ");
}

/**
 * Builds the search index of a plan. Call once per plan revision (the plan view and corpus are of
 * the same revision) and keep the result, e.g. with `memoized(plan, "search", …)`.
 */
export function buildPlanSearch(plan: PlanView, corpus: SearchCorpus): PlanSearch {
  const steps = planSearchSteps(plan, corpus);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** Initiatives indexed between two pauses of {@link buildPlanSearchInSteps} (a few ms each on an idle machine). */
export const SEARCH_BUILD_CHUNK = 50;

/**
 * {@link buildPlanSearch} in steps of {@link SEARCH_BUILD_CHUNK} initiatives, awaiting `pause()`
 * between them, so that a caller on a server's event loop can let requests through while a large
 * plan's index is built (the whole build of 2,500 initiatives takes 0.1–0.4 s, docs/benchmarks.md
 * "import"). The same index as {@link buildPlanSearch}; `buildMs` includes the pauses.
 */
export async function buildPlanSearchInSteps(
  plan: PlanView,
  corpus: SearchCorpus,
  pause: () => Promise<void>,
): Promise<PlanSearch> {
  const steps = planSearchSteps(plan, corpus);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await pause();
  }
}

/** The build, yielding after each {@link SEARCH_BUILD_CHUNK} initiatives. */
function* planSearchSteps(plan: PlanView, corpus: SearchCorpus): Generator<void, PlanSearch> {
  const started = performance.now();
  const canonicalizer = buildCanonicalizer(corpus.synonyms);
  const narrativesBy = new Map<number, string[]>();
  for (const n of corpus.narratives) {
    narrativesBy.set(n.initiativeId, [...(narrativesBy.get(n.initiativeId) ?? []), n.body]);
  }
  const scheduleBy = new Map<number, string[]>();
  for (const s of corpus.schedule) {
    scheduleBy.set(s.initiativeId, [
      ...(scheduleBy.get(s.initiativeId) ?? []),
      `${s.item ?? ""} ${s.body}`,
    ]);
  }
  const mini = new MiniSearch<Doc>({
    fields: Object.keys(FIELDS),
    idField: "id",
    // Documents come normalised (below); synonyms are folded here and tokens are bi-grams of that.
    tokenize: (text) => tokensOf(canonicalizer.index(text), false),
    processTerm: (term) => term,
    searchOptions: {
      tokenize: (text) => text.split(" ").filter((t) => t.length > 0),
      processTerm: (term) => term,
    },
  });
  const byCode = new Map<string, InitiativeView>();
  const titleChars = new Map<string, number[]>();
  const paths = new Map<number, string>();
  const toDoc = (i: InitiativeView, id: number): Doc => {
    byCode.set(codeKey(i.code), i);
    const title = normalizeForSearch(i.title);
    for (const c of new Set(title)) {
      if (c === " ") continue;
      const list = titleChars.get(c);
      if (list) list.push(id);
      else titleChars.set(c, [id]);
    }
    let path = paths.get(i.branchId);
    if (path === undefined) {
      path = normalizeForSearch(branchPath(plan, i.branchId));
      paths.set(i.branchId, path);
    }
    // Each field normalised once here (separators become spaces, so fields join with a space).
    return {
      id,
      title,
      indicators: normalizeForSearch(i.indicators.map((x) => x.name).join("\n")),
      departments: normalizeForSearch(i.departments.join("\n")),
      branches: path,
      narratives: normalizeForSearch((narrativesBy.get(i.id) ?? []).join("\n")),
      schedule: normalizeForSearch((scheduleBy.get(i.id) ?? []).join("\n")),
    };
  };
  for (let from = 0; from < plan.initiatives.length; from += SEARCH_BUILD_CHUNK) {
    const chunk = plan.initiatives.slice(from, from + SEARCH_BUILD_CHUNK);
    mini.addAll(chunk.map((i, n) => toDoc(i, from + n)));
    yield;
  }
  // Ties in score are broken by code order, ranked here once rather than compared per question.
  const order = plan.initiatives.map((_, n) => n);
  order.sort((a, b) => {
    const x = plan.initiatives[a]?.sortKey ?? "";
    const y = plan.initiatives[b]?.sortKey ?? "";
    return x.localeCompare(y);
  });
  const rank = new Int32Array(order.length);
  order.forEach((n, place) => {
    rank[n] = place;
  });
  return {
    plan,
    corpus,
    byCode,
    canonicalizer,
    mini,
    rank,
    titleChars,
    buildMs: performance.now() - started,
  };
}

/** The query tokens of a question's segments, each segment cut apart (no bi-gram across two). */
function queryTokens(search: PlanSearch, segments: string[]): string[] {
  const out = new Set<string>();
  for (const s of segments) {
    for (const t of tokensOf(search.canonicalizer.query(normalizeForSearch(s)))) out.add(t);
  }
  return [...out];
}

/** Initiatives named by code words: exact first; `③` alone names ③-1 and ③-2. */
function byCodes(search: PlanSearch, q: ParsedQuestion): InitiativeView[] {
  const found: InitiativeView[] = [];
  for (const c of q.codes) {
    const exact = search.byCode.get(c.key);
    if (exact) {
      found.push(exact);
      continue;
    }
    for (const [key, i] of search.byCode) if (key.startsWith(`${c.key}-`)) found.push(i);
  }
  return [...new Set(found)];
}

/**
 * Answers which initiatives a question names.
 *
 * - A code in any written form (`⑲`, `No.19`, `19番`, `３－１`, `b1-5a`) gives that initiative alone,
 *   whatever else the question says.
 * - Otherwise the question's words are searched; a hit must hold at least half of the question's
 *   tokens, and hits far below the best (in score or in the share of words found) are cut off.
 *
 * @param limit the most hits to return (a carousel shows 12).
 */
export function searchPlan(search: PlanSearch, text: string, limit = 10): SearchOutcome {
  const question = parseQuestion(text);
  const coded = byCodes(search, question);
  if (coded.length > 0) {
    return {
      question,
      by: "code",
      hits: coded.slice(0, limit).map((initiative) => ({ initiative, score: 1, coverage: 1 })),
      near: [],
    };
  }
  const tokens = queryTokens(search, question.segments);
  if (tokens.length === 0) return { question, by: "none", hits: [], near: [] };
  const results = search.mini.search(tokens.join(" "), {
    boost: { ...FIELDS },
    prefix: (term) => [...term].length === 1,
    combineWith: "OR",
  });
  const initiatives = search.plan.initiatives;
  const { rank } = search;
  const byRank = (a: Scored, b: Scored) => b.score - a.score || (rank[a.n] ?? 0) - (rank[b.n] ?? 0);
  // Scored in one pass; only the hits that pass the cut-off are sorted (a common word can match
  // thousands of initiatives, of which a handful are kept).
  const scored: Scored[] = [];
  let best: Scored | undefined;
  for (const r of results) {
    const n = r.id as number;
    if (!initiatives[n]) continue;
    // MiniSearch lists each matched query term once.
    const coverage = r.queryTerms.length / tokens.length;
    const hit = { n, score: r.score * coverage * coverage, coverage };
    scored.push(hit);
    if (!best || byRank(hit, best) < 0) best = hit;
  }
  const minCoverage = tokens.length === 1 ? 1 : 0.5;
  const kept = best
    ? scored.filter(
        (h) =>
          h.coverage >= Math.max(minCoverage, best.coverage - 0.25) && h.score >= best.score * 0.3,
      )
    : [];
  const asHit = (h: Scored): SearchHit => ({
    initiative: initiatives[h.n] as InitiativeView,
    score: h.score,
    coverage: h.coverage,
  });
  if (kept.length > 0) {
    const hits = kept.sort(byRank).slice(0, limit).map(asHit);
    return { question, by: "text", hits, near: [] };
  }
  const partial = top(scored, 3, byRank).map((h) => initiatives[h.n] as InitiativeView);
  return {
    question,
    by: "none",
    hits: [],
    near: partial.length ? partial : nearest(search, question),
  };
}

interface Scored {
  /** Index in `plan.initiatives`. */
  n: number;
  score: number;
  coverage: number;
}

/** The first `k` of `xs` in the order of `compare`, without sorting all of them. */
function top<T>(xs: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  for (const x of xs) {
    if (out.length === k && compare(x, out[k - 1] as T) >= 0) continue;
    let at = out.length;
    while (at > 0 && compare(x, out[at - 1] as T) < 0) at--;
    out.splice(at, 0, x);
    if (out.length > k) out.pop();
  }
  return out;
}

/**
 * The closest initiatives when nothing matched at all: the titles sharing most characters with the
 * question (counted over the per-character lists made with the index), ties in code order.
 */
function nearest(search: PlanSearch, q: ParsedQuestion): InitiativeView[] {
  const chars = new Set([...normalizeForSearch(q.segments.join(""))].filter((c) => c !== " "));
  if (chars.size === 0) return [];
  const shared = new Map<number, number>();
  for (const c of chars) {
    for (const n of search.titleChars.get(c) ?? []) shared.set(n, (shared.get(n) ?? 0) + 1);
  }
  const { rank } = search;
  return top([...shared], 3, ([a, x], [b, y]) => y - x || (rank[a] ?? 0) - (rank[b] ?? 0)).map(
    ([n]) => search.plan.initiatives[n] as InitiativeView,
  );
}
