/**
 * The `.env` file of a Node installation: read at start by `npm start` (bot/node.ts) and the CLI
 * (bot/cli/main.ts), written by `npx shinchoku setup`.
 *
 * The file is `.env` in the working directory, or the path in `SHINCHOKU_ENV_FILE` (empty: no file
 * is read, which is what the tests set). A variable already in the environment wins over the file
 * (Node's `process.loadEnvFile`), so `FOO=… npm start` still overrides it.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

/** The variable naming the env file; set it empty to read none. */
export const ENV_FILE_VARIABLE = "SHINCHOKU_ENV_FILE";
export const DEFAULT_ENV_FILE = ".env";

/** The env file to use: `SHINCHOKU_ENV_FILE`, else `.env`; null when it is set empty. */
export function envFilePath(env: NodeJS.ProcessEnv = process.env): string | null {
  const named = env[ENV_FILE_VARIABLE];
  if (named === undefined) return resolve(DEFAULT_ENV_FILE);
  return named.trim() === "" ? null : resolve(named.trim());
}

/**
 * Loads the env file into `process.env` when it exists (variables already set are kept).
 * @returns the path loaded, or null.
 * @throws the parse error of `process.loadEnvFile` for an unreadable file.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = envFilePath(env);
  if (!path || !existsSync(path)) return null;
  process.loadEnvFile(path);
  return path;
}

/**
 * A value as one `.env` token, as Node's parser reads it back: bare when it is safe, else in single
 * quotes (taken literally), double quotes or backticks, whichever it does not contain (Node's parser
 * has no escapes).
 * @throws Error for a value with a line break or all three quote characters.
 */
export function quoteEnvValue(value: string): string {
  if (/[\r\n]/u.test(value)) throw new Error("an env value cannot hold a line break");
  if (/^[A-Za-z0-9_.:/+=@,-]*$/u.test(value)) return value;
  for (const q of ["'", '"', "`"]) if (!value.includes(q)) return `${q}${value}${q}`;
  throw new Error("an env value cannot hold ', \" and ` together");
}

/**
 * Sets `values` in the env file at `path`: a `KEY=` line that exists is replaced in place, the others
 * are appended; comments and other lines are kept. A new file is created readable by its owner only
 * (it holds secrets).
 * @returns the keys that were added and those that were changed.
 */
export function updateEnvFile(
  path: string,
  values: Record<string, string>,
): { added: string[]; changed: string[] } {
  const exists = existsSync(path);
  const lines = exists ? readFileSync(path, "utf8").split(/\r?\n/u) : [];
  if (lines.at(-1) === "") lines.pop();
  const added: string[] = [];
  const changed: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const at = lines.findIndex((l) => new RegExp(`^\\s*(export\\s+)?${key}\\s*=`, "u").test(l));
    const entry = `${key}=${quoteEnvValue(value)}`;
    if (at >= 0) {
      if (lines[at] !== entry) changed.push(key);
      lines[at] = entry;
    } else {
      lines.push(entry);
      added.push(key);
    }
  }
  writeFileSync(path, `${lines.join("\n")}\n`, exists ? {} : { mode: 0o600 });
  if (!exists) chmodSync(path, 0o600);
  return { added, changed };
}
