/**
 * The Node server's background thread (bot/background-thread.ts) is started once and kept: imports
 * and plan views run in the same thread, one job after another or side by side, so no import pays
 * for a thread's start (about 1.8 s of CPU, docs/benchmarks.md "import"). A thread that dies fails
 * its open jobs, and the next job starts a new one.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BackgroundThread } from "../../bot/background-thread.ts";
import { importReaderInWorker } from "../../bot/import-worker.ts";
import { planLoaderInWorker } from "../../bot/plan-view-worker.ts";
import { BUNDLED_PLANS_DIR, readPlanFolder } from "../../io/plan-files.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

const encode = (body: unknown) => new TextEncoder().encode(JSON.stringify(body));
const notHere = async (): Promise<never> => {
  throw new Error("the main thread wrote the plan");
};

const open: { t?: TestDatabase; thread?: BackgroundThread } = {};
afterEach(async () => {
  await open.thread?.close();
  open.t?.close();
});

describe("the background thread", () => {
  it("is started once and runs every import and plan view in the same thread", async () => {
    const t = await createTestDatabase();
    const thread = new BackgroundThread();
    Object.assign(open, { t, thread });
    expect(thread.threadId).toBeNull();
    thread.warm();
    const id = thread.threadId;
    expect(id).toEqual(expect.any(Number));

    const files = await readPlanFolder(join(BUNDLED_PLANS_DIR, "tamana"));
    const read = importReaderInWorker({ url: t.url }, notHere, undefined, thread);
    const load = planLoaderInWorker({ url: t.url }, thread);
    // A dry run dropped, then the import written, then two loads side by side.
    const dry = await read(encode({ files, dryRun: true }));
    if (!dry.ok) throw new Error(dry.message);
    dry.discard();
    const real = await read(encode({ files }));
    if (!real.ok) throw new Error(real.message);
    expect((await real.write()).planCreated).toBe(true);
    const [a, b] = await Promise.all([load?.("tamana"), load?.("nowhere")]);
    expect(a?.view.id).toBe("tamana");
    expect(b).toBeNull();
    expect(thread.threadId).toBe(id);
  }, 60_000);

  it("runs at a lower CPU priority than the main thread (nice 10, Linux), so webhooks go first", async () => {
    if (!existsSync("/proc/thread-self")) return;
    const thread = new BackgroundThread();
    Object.assign(open, { thread });
    const niceOf = (tid: string) =>
      Number(readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1]?.split(" ")[16]);
    const before = new Set(readdirSync("/proc/self/task"));
    const load = planLoaderInWorker({ url: "file:/nonexistent-dir/none.db" }, thread);
    // Any job: once it answers, the thread has started and set its priority.
    await load?.("none").catch(() => null);
    const added = readdirSync("/proc/self/task").filter((t) => !before.has(t));
    expect(niceOf(String(process.pid))).toBe(0);
    expect(added.map(niceOf)).toContain(10);
  }, 60_000);

  it("fails the open jobs of a thread that dies, and starts a new thread for the next job", async () => {
    const t = await createTestDatabase({ plans: ["tamana"] });
    const thread = new BackgroundThread();
    Object.assign(open, { t, thread });
    const load = planLoaderInWorker({ url: t.url }, thread);
    // A job that waits for a message the thread never sends: the thread is ended under it.
    const job = thread.job("import", {});
    const waiting = job.next();
    const first = thread.threadId;
    await thread.close();
    await expect(waiting).rejects.toThrow(/background thread exited/u);
    expect(thread.threadId).toBeNull();
    expect((await load?.("tamana"))?.view.id).toBe("tamana");
    expect(thread.threadId).not.toBe(first);
  }, 60_000);
});
