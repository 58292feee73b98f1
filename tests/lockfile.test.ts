/**
 * The committed lock file is complete: every optional dependency of every locked package (the
 * platform binaries of Biome, @napi-rs/canvas, esbuild, workerd, …, for every OS) has its own entry.
 * Without one, `npm ci` refuses the lock ("Missing: … from lock file") and `npm install` rewrites it
 * (npm/cli#4828; docs/setup-and-doctor.md, "Reproducible installs").
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

interface LockEntry {
  optionalDependencies?: Record<string, string>;
  link?: boolean;
}

/** Optional dependencies with no entry where Node would look for them (`node_modules` upwards). */
function missingOptionalDependencies(lock: { packages: Record<string, LockEntry> }): string[] {
  const packages = lock.packages;
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      let base = path;
      let found = false;
      for (;;) {
        if (packages[`${base ? `${base}/` : ""}node_modules/${name}`]) {
          found = true;
          break;
        }
        if (base === "") break;
        const up = base.lastIndexOf("/node_modules/");
        base = up < 0 ? "" : base.slice(0, up);
      }
      if (!found) missing.push(`${path || "(root)"} → ${name}`);
    }
  }
  return missing;
}

describe("package-lock.json", () => {
  it("has an entry for every optional platform package", () => {
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
    expect(lock.lockfileVersion).toBe(3);
    expect(missingOptionalDependencies(lock)).toEqual([]);
  });
});
