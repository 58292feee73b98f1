/**
 * Text normalisation shared by search, import and figure parsing.
 *
 * Japanese text arrives with full-width digits and symbols (`９８．４％`, `Ｒ４`); NFKC folds them to
 * their ASCII forms, and also folds circled numbers (`⑲` → `19`), which is what lets a user type the
 * code either way. See ../shared/domain.md, "Japanese specifics".
 */

/** NFKC, lower-case, white space folded to single spaces and trimmed. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
}

/** NFKC and lower-case with every white space removed: the form search matches against. */
export function compactText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, "");
}

/**
 * A sort key for a city's own code, so that `②` sorts before `⑩`, `③-1` before `③-2`, and `B1-5a`
 * before `B1-10`.
 *
 * Digit runs are zero-padded to 8 places after NFKC (`⑩` → `10` → `00000010`); everything else is
 * kept in lower case.
 *
 * @example codeSortKey("③-1") === "00000003-00000001"
 */
export function codeSortKey(code: string): string {
  return compactText(code).replace(/\d+/gu, (digits) => digits.padStart(8, "0"));
}

/** Splits a `;`-separated list cell (`総務課;情報政策課`) into trimmed, non-empty items. */
export function splitList(cell: string | undefined | null): string[] {
  if (!cell) return [];
  return cell
    .split(/[;；]/u)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
