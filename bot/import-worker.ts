/**
 * Reading a plan import off the request path, on Node: `POST /api/plans/import`'s body is parsed
 * and checked (bot/api/import-request.ts `parseImportBody`) in a worker thread, so that the seconds
 * of CPU a large plan takes (1.5 s for 20,000 rows on the benchmark machine, issue 9 §5) do not
 * hold webhooks and other requests. The body's bytes are transferred to the thread, not copied; the
 * bundle comes back by structured clone. One thread per import (imports are rare, and a thread's
 * memory is returned when it ends).
 *
 * This file is both the main thread's {@link parseImportInWorker} and, loaded by
 * bot/import-worker-thread.mjs, the thread's code.
 *
 * @see https://nodejs.org/api/worker_threads.html
 */
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { type ImportParse, parseImportBody } from "./api/import-request.ts";

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.once("message", (bytes: Uint8Array) => {
    port.postMessage(parseImportBody(bytes));
  });
}

/**
 * Parses an import body in a new worker thread.
 * @returns what {@link parseImportBody} returns; rejects if the thread fails to start or dies.
 */
export function parseImportInWorker(bytes: Uint8Array): Promise<ImportParse> {
  // The thread starts from a plain module that registers tsx's loader itself (bot/import-worker-
  // thread.mjs), so it runs alike under `node --import tsx` and under vitest; none of the parent's
  // flags are passed on.
  const worker = new Worker(new URL("./import-worker-thread.mjs", import.meta.url), {
    execArgv: [],
  });
  return new Promise<ImportParse>((resolve, reject) => {
    worker.once("message", (result: ImportParse) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`import worker exited with ${code}`)));
    const copy =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes
        : bytes.slice();
    worker.postMessage(copy, [copy.buffer as ArrayBuffer]);
  });
}
