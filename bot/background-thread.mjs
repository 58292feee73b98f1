// The entry point of the server's background thread (bot/background-thread.ts): registers tsx's
// loader in the thread, loads the job modules once, then runs each job it is sent on the job's own
// port.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { runImportJob } = await import("./import-worker.ts");
const { runPlanViewJob } = await import("./plan-view-worker.ts");
const run = { import: runImportJob, "plan-view": runPlanViewJob };

parentPort?.on("message", ({ kind, data, port }) => run[kind](port, data));
