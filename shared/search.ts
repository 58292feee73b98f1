/**
 * Finding the initiatives a chat question names.
 *
 * Japanese has no spaces between words and many search words are two characters (窓口, 収納, 研修),
 * so matching is by substring over NFKC-normalised text, not by word tokens. A question is reduced
 * to its search terms by removing question phrasing (「について教えて」「の進捗は？」), then each term is
 * looked for in the code, title, 担当課 and indicator names. A term found nowhere is split at particles
 * and where Latin meets Japanese script (`窓口のDX`, `窓口DX` → `窓口`, `dx`), and the pieces are looked for
 * instead.
 */
import type { InitiativeView } from "./plan-view.ts";
import { compactText } from "./text.ts";

/** Phrases that ask rather than name; removed before matching. Longest first. */
const QUESTION_PHRASES = [
  "について教えてください",
  "について教えて",
  "を教えてください",
  "を教えて",
  "教えてください",
  "教えて",
  "はどうなっていますか",
  "はどうなってる",
  "どうなっていますか",
  "どうなってる",
  "の進捗状況",
  "の進捗",
  "の状況",
  "について",
  "ですか",
  "ください",
  "知りたい",
  "は?",
  "?",
  "!",
  "。",
];

const PARTICLES = /[のをはがにとやでへも、,・]/u;
/** Between Latin letters or digits and Japanese script: `窓口dx` → `窓口`, `dx`. */
const SCRIPT_BOUNDARY = /(?<=[a-z0-9])(?=[^a-z0-9])|(?<=[^a-z0-9])(?=[a-z0-9])/u;

interface IndexedInitiative {
  initiative: InitiativeView;
  code: string;
  title: string;
  departments: string;
  indicators: string;
}

export interface SearchHit {
  initiative: InitiativeView;
  score: number;
}

/** Reduces a question to its search terms: `「窓口DX」の進捗は？` → `["窓口dx"]`. */
export function searchTerms(question: string): string[] {
  let q = question.normalize("NFKC").toLowerCase();
  q = q.replace(/[「」『』【】()[\]"'“”]/gu, " ");
  for (const phrase of QUESTION_PHRASES) q = q.split(phrase).join(" ");
  return q
    .split(/[\s,、。]+/u)
    .map((t) => t.replace(/^[のをはがにとやでへも]+|[のをはがにとやでへも]+$/gu, ""))
    .filter((t) => t.length > 0);
}

const cache = new WeakMap<readonly InitiativeView[], IndexedInitiative[]>();

function indexOf(initiatives: readonly InitiativeView[]): IndexedInitiative[] {
  let index = cache.get(initiatives);
  if (!index) {
    index = initiatives.map((initiative) => ({
      initiative,
      code: compactText(initiative.code),
      title: compactText(initiative.title),
      departments: compactText(initiative.departments.join(" ")),
      indicators: compactText(initiative.indicators.map((i) => i.name).join(" ")),
    }));
    cache.set(initiatives, index);
  }
  return index;
}

function scoreTerm(doc: IndexedInitiative, term: string): number {
  if (doc.code === term) return 100;
  let score = 0;
  if (doc.title.includes(term)) score += 10;
  if (doc.indicators.includes(term)) score += 4;
  if (doc.departments.includes(term)) score += 3;
  return score;
}

/**
 * Ranks the initiatives a question names, best first.
 *
 * An initiative must match every term (or every piece of a term split at particles) somewhere; a
 * term that is exactly a code (`⑲`, `19`, `③-1`) matches that initiative first.
 *
 * @returns at most `limit` hits, best first; empty when nothing matches.
 */
export function searchInitiatives(
  initiatives: readonly InitiativeView[],
  question: string,
  limit = 5,
): SearchHit[] {
  const terms = searchTerms(question);
  if (terms.length === 0) return [];
  const index = indexOf(initiatives);
  // A term that matches nothing as a whole is looked for in its pieces.
  const groups: string[][] = terms.map((term) => {
    if (index.some((doc) => scoreTerm(doc, term) > 0)) return [term];
    const pieces = term
      .split(PARTICLES)
      .flatMap((p) => p.split(SCRIPT_BOUNDARY))
      .filter((p) => p.length >= 2);
    return pieces.length > 0 ? pieces : [term];
  });
  const hits: SearchHit[] = [];
  for (const doc of index) {
    let total = 0;
    let all = true;
    for (const group of groups) {
      for (const piece of group) {
        const s = scoreTerm(doc, piece);
        if (s === 0) {
          all = false;
          break;
        }
        total += s;
      }
      if (!all) break;
    }
    if (all && total > 0) hits.push({ initiative: doc.initiative, score: total });
  }
  hits.sort(
    (a, b) => b.score - a.score || a.initiative.sortKey.localeCompare(b.initiative.sortKey),
  );
  return hits.slice(0, limit);
}
