/** `PUBLIC_BASE_URL`'s rule, shared by `setup` (before writing it) and `doctor` (checking it). */

/**
 * Whether `url` is an `https://` origin with no path, query or fragment, as LINE needs for a webhook
 * and a LIFF endpoint: the problem in Japanese, or null when it is fine.
 */
export function publicUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "URL として読めません";
  }
  if (parsed.protocol !== "https:")
    return "https:// で始まっていません（LINE は HTTPS にしか送りません）";
  if (parsed.pathname !== "/" || parsed.search || parsed.hash)
    return "パスを含んでいます（https://ホスト名 だけにしてください）";
  return null;
}
