/**
 * Initiative codes in every written form.
 *
 * Cities number their initiatives differently: 玉名 `⑲` and `③-1`, 松江 `No.44`, 鳥取 `223010`,
 * 印西 `B1-5a`. Staff type them as they come: `⑲`, `19`, `No.19`, `no 19`, `19番`, `No．１９`,
 * `３－１`, `b1-5a`. {@link codeKey} brings a code and any of its written forms to one key; a
 * question names a code only when one of its words is exactly such a key (so `4月1日` or `R5年度`
 * never name ① or 5).
 */
import { foldWidth } from "./normalize.ts";

/** Dashes and hyphens people type between the parts of a code. */
const DASHES = /[-‐‑‒–—―−ー－ｰ_]/gu;

/**
 * The key of a code or of one written form of it: NFKC, lower case, `No.`/`番号` prefix and `番`
 * suffix removed, dashes unified, spaces removed.
 *
 * @example codeKey("⑲") === codeKey("No．１９") === codeKey("19番") === "19"
 * @example codeKey("③-1") === codeKey("３－１") === "3-1"
 */
export function codeKey(text: string): string {
  return foldWidth(text)
    .replace(/\s+/gu, "")
    .replace(DASHES, "-")
    .replace(/^(?:管理番号|番号|no\.?|№|#)/u, "")
    .replace(/番$/u, "");
}

/**
 * One code-like word in a question: an optional `No.`/`番号`/`管理番号`, then letters and digits with
 * dashes (`19`, `3-1`, `b1-5a`, `223010`), then an optional `番`. It must stand alone: not inside a
 * longer word, not after 第 or an era name, and followed only by the end, punctuation or a particle
 * (`⑲の進捗`, `19番は`), never by a counter or unit (`4月`, `5年度`, `20件`, `30%`).
 */
const CODE_WORD =
  /(?<![a-z0-9.第約和成])((?:管理番号|番号|no\.?|№|#)?\s*[a-z]{0,2}\d+(?:\s*[-‐‑‒–—―−ー－]\s*\d+)*[a-z]?)(?:\s*番)?(?=$|[\s、。,!?」』)\]]|の|は|を|が|も|と|に|で|や|へ|って|について|まで|から|です|だけ)/gu;

/** A code found in a question, with where it was. */
export interface CodeMention {
  key: string;
  start: number;
  end: number;
}

/**
 * The code-like words of a question (after {@link foldWidth}), each with its {@link codeKey}.
 * Whether a key is one of the plan's codes is the caller's to check.
 */
export function codeMentions(folded: string): CodeMention[] {
  const out: CodeMention[] = [];
  for (const m of folded.matchAll(CODE_WORD)) {
    const start = m.index ?? 0;
    out.push({ key: codeKey(m[0]), start, end: start + m[0].length });
  }
  return out;
}
