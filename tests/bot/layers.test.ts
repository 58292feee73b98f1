/**
 * SQL lives in db/ (docs/architecture.md, conventions rule 4): handlers and everything else under
 * bot/ reach the database only through db/ functions named for what they do. Only the composition
 * roots, which open the database and hand it to the app, may touch the client itself.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;

/** Where the database is opened and closed: these build the client and pass it on. */
const COMPOSITION_ROOTS = [
  "bot/deps.ts",
  "bot/dev.ts",
  "bot/node-runtime.ts",
  "bot/node.ts",
  "bot/worker.ts",
  "bot/cli/db.ts",
];

/**
 * Files that still build SQL themselves, as of this test's writing; each is being moved into db/.
 * Remove a file from this list when it is clean (the test fails on an entry that no longer needs it).
 */
const KNOWN_EXCEPTIONS: string[] = [];

/** What counts as touching the database directly. A type-only `Database` import is only a handle. */
const DIRECT_ACCESS: { what: string; pattern: RegExp }[] = [
  { what: "imports drizzle-orm", pattern: /from\s+"drizzle-orm[^"]*"/u },
  { what: "imports @libsql/client", pattern: /from\s+"@libsql\/client[^"]*"/u },
  {
    what: "imports a value from db/client.ts",
    pattern: /import\s+(?!type\b)[^;]*from\s+"[./]*db\/client\.ts"/u,
  },
  { what: "uses the raw client ($client)", pattern: /\.\$client\b/u },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/u.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

function violationsIn(text: string): string[] {
  return DIRECT_ACCESS.filter(({ pattern }) => pattern.test(text)).map(({ what }) => what);
}

const violations = (file: string) => violationsIn(readFileSync(join(ROOT, file), "utf8"));

describe("layers", () => {
  const files = sourceFiles(join(ROOT, "bot"));

  it("keeps the database client and SQL out of bot/ except in the composition roots", () => {
    const found = files
      .filter((f) => !COMPOSITION_ROOTS.includes(f) && !KNOWN_EXCEPTIONS.includes(f))
      .flatMap((f) => violations(f).map((what) => `${f} ${what}`));
    expect(found).toEqual([]);
  });

  it("lists only known exceptions that still need to be there", () => {
    const clean = KNOWN_EXCEPTIONS.filter((f) => !files.includes(f) || violations(f).length === 0);
    expect(clean).toEqual([]);
  });

  it("notices each way of reaching the database, and lets a type-only handle through", () => {
    expect(violationsIn('const r = await deps.db.$client.execute("select 1");')).toEqual([
      "uses the raw client ($client)",
    ]);
    expect(violationsIn('import { and, eq } from "drizzle-orm";')).toEqual(["imports drizzle-orm"]);
    expect(violationsIn('import { createClient } from "@libsql/client/web";')).toEqual([
      "imports @libsql/client",
    ]);
    expect(violationsIn('import { databaseFromClient } from "../db/client.ts";')).toEqual([
      "imports a value from db/client.ts",
    ]);
    expect(violationsIn('import type { Database } from "../../db/client.ts";')).toEqual([]);
  });
});
