/** `PUBLIC_BASE_URL`'s rule, shared by `setup` (before writing it) and `doctor` (checking it). */
import { publicUrlText } from "../text/cli.ts";

/**
 * Whether `url` is an `https://` origin with no path, query or fragment, as LINE needs for a webhook
 * and a LIFF endpoint: the problem in Japanese, or null when it is fine.
 */
export function publicUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return publicUrlText.unreadable;
  }
  if (parsed.protocol !== "https:") return publicUrlText.notHttps;
  if (parsed.pathname !== "/" || parsed.search || parsed.hash) return publicUrlText.hasPath;
  return null;
}
