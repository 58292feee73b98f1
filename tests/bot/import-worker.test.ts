/**
 * A plan import is read off the request path on Node (issue 9 §5): bot/import-worker.ts parses
 * `POST /api/plans/import`'s body in a worker thread, with the same result as reading it in the
 * request (bot/api/import-request.ts), while the event loop stays free. The webhook latency during a
 * 20,000-row import is measured by `npm run bench import` (docs/benchmarks.md).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseImportBody } from "../../bot/api/import-request.ts";
import { parseImportInWorker } from "../../bot/import-worker.ts";
import { BUNDLED_PLANS_DIR, readPlanFolder } from "../../io/plan-files.ts";

const encode = (body: unknown) => new TextEncoder().encode(JSON.stringify(body));

/** Counts event-loop turns (a 1 ms timer) while `work` runs. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  const timer = setInterval(() => turns++, 1);
  try {
    const result = await work();
    return { result, turns };
  } finally {
    clearInterval(timer);
  }
}

describe("reading a plan import in a worker thread", () => {
  it("gives the same bundle as reading it in the request, and leaves the event loop free meanwhile", async () => {
    const files = await readPlanFolder(join(BUNDLED_PLANS_DIR, "tamana"));
    const inline = await turnsDuring(async () => parseImportBody(encode({ files, dryRun: true })));
    const threaded = await turnsDuring(() => parseImportInWorker(encode({ files, dryRun: true })));
    if (!inline.result.ok || !threaded.result.ok) throw new Error("the plan did not read");
    expect(threaded.result.bundle).toEqual(inline.result.bundle);
    expect(threaded.result.dryRun).toBe(true);
    expect(threaded.result.bundle.initiatives.length).toBeGreaterThan(10);
    // Read in the request, nothing else runs until it is done; read in the thread, timers do.
    expect(inline.turns).toBe(0);
    expect(threaded.turns).toBeGreaterThan(0);
  });

  it("answers a body that is not JSON, of the wrong shape or with problems in the plan as the request would", async () => {
    const bad = [
      new TextEncoder().encode("{not json"),
      new Uint8Array([0x7b, 0xff, 0x7d]),
      encode({ dryRun: true }),
      encode({ files: { "plan.yaml": "id: x" } }),
      encode({ sheets: { 取組: [["番号"]], 謎: [["a"]] } }),
    ];
    for (const bytes of bad) {
      const inline = parseImportBody(bytes.slice());
      const threaded = await parseImportInWorker(bytes.slice());
      expect(threaded.ok).toBe(false);
      expect({ ...threaded, parseMs: 0 }).toEqual({ ...inline, parseMs: 0 });
    }
    const notJson = await parseImportInWorker(new TextEncoder().encode("{not json"));
    expect(notJson).toMatchObject({
      ok: false,
      message: "入力の形が正しくありません: JSON として読めません",
    });
  });
});
