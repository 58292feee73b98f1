// The entry point of the server's background thread (bot/background-thread.ts): lowers the thread's
// CPU priority, registers tsx's loader in the thread, loads the job modules once, then runs each job
// it is sent on the job's own port.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

// An import is background work: when it and the main thread (webhooks) want the same core, the main
// thread goes first. On Linux a thread has its own nice value (setpriority on its thread id, which
// /proc/thread-self names); threads started from here (tsx's loader) inherit it. Elsewhere the
// thread keeps the process's priority.
try {
  const tid = Number(readlinkSync("/proc/thread-self").split("/").at(-1));
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
} catch {
  // no /proc (macOS, Windows): nothing to lower
}

register();
const { runImportJob } = await import("./import-worker.ts");
const { runPlanViewJob } = await import("./plan-view-worker.ts");
const run = { import: runImportJob, "plan-view": runPlanViewJob };

parentPort?.on("message", ({ kind, data, port }) => run[kind](port, data));
