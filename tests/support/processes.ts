/**
 * Child processes for tests that run real servers (sqld, wrangler/workerd): free ports, spawning in
 * a process group of their own, waiting for HTTP, and killing the whole group afterwards.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A free port on 127.0.0.1 (listen on port 0, close, reuse the number). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", done);
  });
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (!address || typeof address === "string") throw new Error("could not get a free port");
  return address.port;
}

export interface GroupProcess {
  readonly child: ChildProcess;
  /** The last output (stdout and stderr interleaved), for error messages. */
  output(): string;
  /** Whether the group leader has exited. */
  readonly exited: boolean;
  /** Terminates the whole process group (SIGTERM, then SIGKILL) and waits until it is gone. */
  stop(): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;

/**
 * Process groups still running, and temporary folders not yet removed. They are cleaned up should
 * the test process exit or be interrupted (Ctrl-C) before its `afterAll` has: being in groups of
 * their own, the processes would not get the terminal's signal.
 */
const running = new Set<number>();
const tempDirs = new Set<string>();

function cleanUpAll(): void {
  for (const pgid of running) signalGroup(pgid, "SIGKILL");
  running.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

process.once("exit", cleanUpAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, function onSignal() {
    cleanUpAll();
    // Do what the signal would have done had this listener not been there.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

/** A new temporary folder, removed by `remove()` or, failing that, when the process ends. */
export function makeTempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(path);
  return {
    path,
    remove() {
      rmSync(path, { recursive: true, force: true });
      tempDirs.delete(path);
    },
  };
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group
  }
}

async function sleep(ms: number): Promise<void> {
  await new Promise((done) => setTimeout(done, ms));
}

/**
 * Spawns `command` as the leader of a new process group (`detached: true`), so that it and every
 * process it starts can be killed together with `kill -PGID`.
 */
export function spawnGroup(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): GroupProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`could not start ${command}`);
  running.add(pgid);
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let exited = false;
  const exit = new Promise<void>((done) => {
    child.once("exit", () => {
      exited = true;
      done();
    });
  });

  return {
    child,
    output: () => output,
    get exited() {
      return exited;
    },
    async stop() {
      if (!running.has(pgid)) return;
      // A polite SIGTERM first, so that wrangler removes its temporary files.
      signalGroup(pgid, "SIGTERM");
      await Promise.race([exit, sleep(5000)]);
      signalGroup(pgid, "SIGKILL");
      await exit;
      // Children (workerd) may outlive the leader for a moment; wait until the group is empty.
      for (let i = 0; i < 100 && signalGroup(pgid, 0); i++) {
        signalGroup(pgid, "SIGKILL");
        await sleep(50);
      }
      running.delete(pgid);
    },
  };
}

/**
 * Polls `url` until `accept(status)` holds, or throws with the process output after `timeoutMs`
 * (or as soon as the process exits).
 */
export async function waitForHttp(
  url: string,
  proc: GroupProcess,
  options: { timeoutMs?: number; accept?: (status: number) => boolean } = {},
): Promise<void> {
  const { timeoutMs = 60_000, accept = (status) => status < 500 } = options;
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (proc.exited) break;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (accept(response.status)) return;
      last = `HTTP ${response.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(100);
  }
  throw new Error(
    `${url} did not answer (${proc.exited ? "process exited" : last}); output:\n${proc.output()}`,
  );
}
