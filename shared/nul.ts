/**
 * NUL (U+0000) in text that people or LINE send. SQLite stores it, but libSQL reads a text value
 * only up to its first NUL, so `"40%\u0000（速報）"` would be stored and read back as `"40%"`:
 * text is silently cut (issue 9 §3). The API refuses such input (bot/api/validate.ts), the plan
 * import names the cell (bot/api/import-request.ts), and a LINE webhook body has them removed after
 * its signature is checked (bot/webhook.ts): LINE's own events are answered, never refused.
 */

const NUL = "\u0000";

/**
 * The path (`["files", "targets.csv"]`) of the first string in `value` (strings, arrays, plain
 * objects; keys included) that holds a NUL, or null when there is none.
 */
export function findNul(
  value: unknown,
  path: (string | number)[] = [],
): (string | number)[] | null {
  if (typeof value === "string") return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNul(item, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(NUL)) return [...path, key];
      const found = findNul(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** `value` with every NUL removed from its strings (keys included); other values as they are. */
export function withoutNul<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll(NUL, "") as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replaceAll(NUL, ""), withoutNul(v)]),
    ) as T;
  }
  return value;
}
