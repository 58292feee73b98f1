/**
 * Text normalisation and tokens for plan search, the same for the plan's text and for questions.
 *
 * Japanese is written without spaces and in several interchangeable forms, so the text is brought to
 * one form before it is cut into tokens:
 * - NFKC: full-width letters, digits and punctuation to ASCII, half-width katakana to full-width,
 *   circled numbers to digits (`⑲` → `19`); then lower case.
 * - Katakana folded to hiragana (wanakana), so `ペーパーレス` and `ぺーぱーれす` are one word.
 * - Long-vowel marks dropped and small kana made large, so `ペーパレス`, `ペーパーレス` and
 *   `ぺえぱあれす`-style spellings meet; `ヴ` read as `ブ` (`ヴァ` → `バ`).
 * - `々` repeats the character before it (`各々` → `各各`).
 * - Emoji and pictographs removed; every other symbol and punctuation becomes a space.
 *
 * Tokens: character bi-grams over each run of Japanese script (a one-character run is its own token),
 * and whole words of ASCII letters and digits (`dx`, `rpa`, `paperless`, `b1`). Pure numbers are
 * left out: in questions they are codes or years, which are matched apart (see codes.ts), and a
 * number inside an indicator name (`4月1日`) must not match a question about `①`.
 */
import { toHiragana } from "wanakana";

const SMALL_KANA: Record<string, string> = {
  ぁ: "あ",
  ぃ: "い",
  ぅ: "う",
  ぇ: "え",
  ぉ: "お",
  っ: "つ",
  ゃ: "や",
  ゅ: "ゆ",
  ょ: "よ",
  ゎ: "わ",
  ゕ: "か",
  ゖ: "け",
};
const VU: Record<string, string> = { ゔぁ: "ば", ゔぃ: "び", ゔぇ: "べ", ゔぉ: "ぼ", ゔ: "ぶ" };

const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u{FE0F}|\u{200D}|\u{20E3}/gu;
/** Anything that is not a letter, a digit or a mark of a script: punctuation, symbols, spaces. */
const SEPARATOR = /[^\p{L}\p{N}\p{M}]+/gu;

/**
 * Runs of the characters wanakana treats as katakana (U+30A1–U+30FC). wanakana converts character
 * by character, so converting only these runs gives the same text as converting the whole of it,
 * without walking every kanji and hiragana of the plan's narratives (most of an index build's time).
 */
const KATAKANA_RUN = /[\u30A1-\u30FC]+/gu;
const toHiraganaRun = (run: string) =>
  toHiragana(run, { passRomaji: true, convertLongVowelMark: false });

/** NFKC, lower case, emoji removed, `々` expanded; kana, long vowels and punctuation as typed. */
export function foldWidth(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(EMOJI, "").replace(/(.)々/gu, "$1$1");
}

/**
 * The search form of a text: {@link foldWidth}, then kana folded to hiragana, long-vowel marks
 * dropped, small kana made large, `ヴ` as `ブ`, and every run of punctuation or white space one
 * space.
 *
 * @example normalizeForSearch("ペーパーレス化（会議）") === "ぺぱれす化 会議"
 */
export function normalizeForSearch(text: string): string {
  return foldWidth(text)
    .replace(/[ーｰ〜~]/gu, "")
    .replace(KATAKANA_RUN, toHiraganaRun)
    .replace(/ゔ[ぁぃぇぉ]?/gu, (m) => VU[m] ?? m)
    .replace(/[ぁぃぅぇぉっゃゅょゎゕゖ]/gu, (m) => SMALL_KANA[m] ?? m)
    .replace(SEPARATOR, " ")
    .trim();
}

const ASCII_WORD = /^[a-z0-9]+$/u;
/** A run of ASCII letters/digits, or a run of anything else (Japanese script). */
const RUNS = /[a-z0-9]+|[^a-z0-9\s]+/gu;

/**
 * Tokens of a text already in search form ({@link normalizeForSearch}): bi-grams of each run of
 * Japanese script, whole ASCII words; pure numbers left out. A one-character run is a token of its
 * own only in questions (`singles`), where it is matched as a prefix (税 → 税収, 税務); in the
 * plan's text it is mostly what is left between numbers (`4月1日`) and only adds noise.
 */
export function tokensOf(normalized: string, singles = true): string[] {
  const out: string[] = [];
  for (const run of normalized.match(RUNS) ?? []) {
    if (ASCII_WORD.test(run)) {
      if (!/^\d+$/u.test(run)) out.push(run);
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) {
      if (singles) out.push(run);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  }
  return out;
}
