/**
 * One worker thread, started with the server and kept, that runs the Node server's work off the
 * event loop: plan imports (bot/import-worker.ts) and plan views (bot/plan-view-worker.ts).
 *
 * Why one kept thread and not one per job: starting a thread costs about 1.8 s of CPU (tsx's loader
 * and the modules an import needs, loaded anew in each thread; measured on the shared 2-core
 * machine, docs/benchmarks.md "import"). Paid on each import, it took a core for seconds while the
 * main thread needed one to answer webhooks; paid once at start it costs the import nothing.
 *
 * The thread runs at a lower CPU priority than the main thread (nice 10 on Linux, set by
 * bot/background-thread.mjs): on the 2 shared cores the webhooks' main thread otherwise waited in
 * the run queue while the import parsed (docs/benchmarks.md "import").
 *
 * Each job gets a `MessageChannel` of its own, so the job's messages are the same as with a thread
 * of its own, and jobs may run side by side in the thread (each one's database work is synchronous,
 * so they take turns). Ending a job closes its port; the thread then drops what the job held (a
 * read plan). When the thread fails or exits, its open jobs fail and the next job starts a new one.
 *
 * @see https://nodejs.org/api/worker_threads.html#class-messagechannel
 */
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";

/** The kinds of job the thread runs (bot/background-thread.mjs maps each to its module). */
export type JobKind = "import" | "plan-view";

/** A job's side on the main thread. */
export interface ThreadJob {
  /** The job's next message; rejects when the thread fails or exits first. */
  next<T>(): Promise<T>;
  /** Sends a message to the job (transferring `transfer`). */
  send(message: unknown, transfer?: ArrayBuffer[]): void;
  /** Ends the job: its port closes and the thread drops what the job held. Safe to call twice. */
  end(): void;
}

/** The kept thread; see the module's comment. */
export class BackgroundThread {
  #worker: Worker | null = null;
  readonly #jobs = new Set<(err: Error) => void>();

  /** The running thread's id (`Worker.threadId`); null before the first job or after a failure. */
  get threadId(): number | null {
    return this.#worker?.threadId ?? null;
  }

  /** Starts the thread now (at server start), so the first job does not pay for it. */
  warm(): void {
    this.#thread();
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    // A plain module that registers tsx's loader itself, so it runs alike under `node --import tsx`
    // and under vitest; none of the parent's flags are passed on.
    const worker = new Worker(new URL("./background-thread.mjs", import.meta.url), {
      execArgv: [],
    });
    // An idle thread does not keep the process alive (graceful shutdown, CLI commands).
    worker.unref();
    const fail = (err: Error) => {
      if (this.#worker === worker) this.#worker = null;
      for (const reject of [...this.#jobs]) reject(err);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`background thread exited with ${code}`)));
    this.#worker = worker;
    return worker;
  }

  /** Starts a job of `kind` with `data` (structured-cloned into the thread). */
  job(kind: JobKind, data: unknown): ThreadJob {
    const worker = this.#thread();
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ kind, data, port: port2 }, [port2]);
    const waiting = new Set<(err: Error) => void>();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      port1.close();
      for (const reject of waiting) this.#jobs.delete(reject);
    };
    return {
      next: <T>() =>
        new Promise<T>((resolve, reject) => {
          const failed = (err: Error) => {
            waiting.delete(failed);
            this.#jobs.delete(failed);
            port1.off("message", received);
            reject(err);
          };
          const received = (message: T) => {
            waiting.delete(failed);
            this.#jobs.delete(failed);
            resolve(message);
          };
          if (ended) {
            reject(new Error("the job has ended"));
            return;
          }
          waiting.add(failed);
          this.#jobs.add(failed);
          port1.once("message", received);
        }),
      send: (message, transfer) => port1.postMessage(message, transfer ?? []),
      end,
    };
  }

  /** Ends the thread (tests); the next job starts a new one. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }
}

/** The process's one background thread, shared by the import and the plan-view loader. */
export const backgroundThread = new BackgroundThread();

/** The thread's side: what the job handlers get. */
export type JobPort = MessagePort;
