/**
 * One set of security headers for every answer, on Node and on Workers (issue 9 §3): the Node server
 * and the Worker add them with hono's `secureHeaders` (bot/security.ts); on Workers the LIFF pages are
 * static assets served without the Worker, and get them from the build's `_headers` file
 * (`staticAssetsHeadersFile`, written into liff/dist by liff/vite.config.ts). The file must say what
 * the server sends. tests/worker/worker.test.ts checks that workerd applies it to the built pages.
 */
import { describe, expect, it } from "vitest";
import { contentSecurityPolicyHeader, staticAssetsHeadersFile } from "../../bot/security.ts";
import { createTestApp } from "../support/app.ts";
import { createTestDatabase } from "../support/db.ts";

/** The rules of a `_headers` file: path pattern → header name → value. */
function parseHeadersFile(text: string): Map<string, Map<string, string>> {
  const rules = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    if (!/^\s/u.test(line)) {
      current = new Map();
      rules.set(line.trim(), current);
      continue;
    }
    const at = line.indexOf(":");
    if (!current || at < 0) throw new Error(`not a header line: ${line}`);
    current.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return rules;
}

describe("security headers of the LIFF pages on Workers (_headers)", () => {
  it("gives every path the headers the Node server sends, CSP included, with the same values", async () => {
    const rules = parseHeadersFile(await staticAssetsHeadersFile());
    expect([...rules.keys()]).toEqual(["/*"]);
    const file = rules.get("/*") ?? new Map<string, string>();

    const t = await createTestDatabase();
    try {
      const { app } = createTestApp(t.db, null);
      for (const path of ["/healthz", "/api/config", "/public/none"]) {
        const res = await app.request(path);
        // Every header the file sets is on the server's answer with the same value …
        for (const [name, value] of file)
          expect({ path, name, value: res.headers.get(name) }).toEqual({ path, name, value });
        // … and every security header of the answer is in the file.
        const security = [...res.headers.keys()].filter(
          (name) => !["content-type", "content-length", "cache-control", "vary"].includes(name),
        );
        expect(security.filter((name) => !file.has(name))).toEqual([]);
      }
    } finally {
      t.close();
    }
    expect(file.get("content-security-policy")).toBe(contentSecurityPolicyHeader());
    expect(file.get("x-content-type-options")).toBe("nosniff");
    expect(file.get("x-frame-options")).toBe("SAMEORIGIN");
  });
});
