/**
 * A plan import is read and written off the request path on Node (issue 9 §5): bot/import-worker.ts
 * parses `POST /api/plans/import`'s body in a worker thread and writes it there, on the thread's own
 * connection to the same database file, with the same result as doing both in the request
 * (bot/api/import-request.ts), while the event loop stays free; a failed write writes nothing. The
 * webhook latency during a 20,000-row import is measured by `npm run bench import`
 * (docs/benchmarks.md).
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type PendingImport,
  parseImportBody,
  pendingInline,
} from "../../bot/api/import-request.ts";
import { importReaderInWorker, sharedDatabase } from "../../bot/import-worker.ts";
import { importPlanBundle } from "../../db/import.ts";
import { addMember } from "../../db/members.ts";
import { loadPlanView, loadPlanViewUncached } from "../../db/plans.ts";
import { hasPlanSearch } from "../../db/search-corpus.ts";
import { BUNDLED_PLANS_DIR, readPlanFolder } from "../../io/plan-files.ts";
import { callApi, createTestApp } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

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

const open: TestDatabase[] = [];
async function database(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  open.push(t);
  return t;
}
afterEach(() => {
  for (const t of open.splice(0)) t.close();
});

const notHere = async (): Promise<never> => {
  throw new Error("the main thread wrote the plan");
};

function ready(pending: PendingImport) {
  if (!pending.ok) throw new Error(`the plan did not read: ${pending.message}`);
  return pending;
}

async function count(t: TestDatabase, table: string): Promise<number> {
  const r = await t.db.$client.execute(`select count(*) as n from ${table}`);
  return Number(r.rows[0]?.n);
}

describe("importing a plan in a worker thread", () => {
  it("reads and writes the plan on the thread's own connection, as the request would, and leaves the event loop free meanwhile", async () => {
    const files = await readPlanFolder(join(BUNDLED_PLANS_DIR, "tamana"));
    const threadDb = await database();
    const requestDb = await database();

    const inline = pendingInline(parseImportBody(encode({ files })), (bundle, dryRun) =>
      importPlanBundle(requestDb.db, bundle, { dryRun }),
    );
    const read = await turnsDuring(() =>
      importReaderInWorker({ url: threadDb.url }, notHere)(encode({ files })),
    );
    const threaded = ready(read.result);
    expect(threaded).toMatchObject({ planId: "tamana", dryRun: false });
    const written = await turnsDuring(() => threaded.write());
    const inlineReport = await ready(inline).write();

    expect(written.result).toEqual(inlineReport);
    expect(written.result.initiatives.created).toBeGreaterThan(10);
    // The main thread's own connection sees what the thread committed: the same plan.
    // Row times come from each database's clock, a second apart on a slow machine: compared without them.
    const timeless = (view: unknown) =>
      JSON.parse(JSON.stringify(view, (k, v) => (k === "createdAt" || k === "updatedAt" ? 0 : v)));
    expect(timeless(await loadPlanViewUncached(threadDb.db, "tamana"))).toEqual(
      timeless(await loadPlanViewUncached(requestDb.db, "tamana")),
    );
    // Timers ran while the thread read and wrote.
    expect(read.turns).toBeGreaterThan(0);
    expect(written.turns).toBeGreaterThan(0);
  });

  it("writes nothing when the write fails (one transaction), and nothing in a dry run", async () => {
    const files = await readPlanFolder(join(BUNDLED_PLANS_DIR, "tamana"));
    const t = await database();
    // The last rows the import writes (grades) are refused: everything before them is rolled back.
    await t.db.$client.execute(
      "create trigger refuse_grades before insert on grades begin select raise(abort, 'grades refused'); end",
    );
    const reader = importReaderInWorker({ url: t.url }, notHere);
    await expect(ready(await reader(encode({ files }))).write()).rejects.toThrow("grades refused");
    for (const table of ["plans", "org_units", "initiatives", "indicators", "targets", "actuals"])
      expect(await count(t, table)).toBe(0);

    await t.db.$client.execute("drop trigger refuse_grades");
    const dry = await ready(await reader(encode({ files, dryRun: true }))).write();
    expect(dry.planCreated).toBe(true);
    expect(await count(t, "plans")).toBe(0);
    expect(await count(t, "initiatives")).toBe(0);
  });

  it("answers a body that is not JSON, of the wrong shape or with problems in the plan as the request would", async () => {
    const t = await database();
    const reader = importReaderInWorker({ url: t.url }, notHere);
    const bad = [
      new TextEncoder().encode("{not json"),
      new Uint8Array([0x7b, 0xff, 0x7d]),
      encode({ dryRun: true }),
      encode({ files: { "plan.yaml": "id: x" } }),
      encode({ sheets: { 取組: [["番号"]], 謎: [["a"]] } }),
    ];
    for (const bytes of bad) {
      const inline = parseImportBody(bytes.slice());
      const threaded = await reader(bytes.slice());
      expect(threaded.ok).toBe(false);
      expect({ ...threaded, parseMs: 0 }).toEqual({ ...inline, parseMs: 0 });
    }
    expect(await reader(new TextEncoder().encode("{not json"))).toMatchObject({
      ok: false,
      message: "入力の形が正しくありません: JSON として読めません",
    });
  });

  it("serves POST /api/plans/import through the thread: the operator's plan is written, an office member's new plan refused and its thread ended; answers are prepared for a changed plan, not for one just created", async () => {
    const files = await readPlanFolder(join(BUNDLED_PLANS_DIR, "tottori"));
    const t = await createTestDatabase({ plans: ["tamana"] });
    open.push(t);
    const { app, deps, settle } = createTestApp(t.db, null, {
      devAuth: true,
      adminUserIds: ["Uadmin"],
    });
    const threads: { discarded: boolean; written: boolean }[] = [];
    const reader = importReaderInWorker({ url: t.url }, notHere);
    deps.readImport = async (bytes) => {
      const pending = await reader(bytes);
      if (!pending.ok) return pending;
      const seen = { discarded: false, written: false };
      threads.push(seen);
      return {
        ...pending,
        write: () => {
          seen.written = true;
          return pending.write();
        },
        discard: () => {
          seen.discarded = true;
          pending.discard();
        },
      };
    };
    await addMember(t.db, { planId: "tamana", lineUserId: "Uoffice", role: "office" });
    const refused = await callApi(app, "Uoffice", "POST", "/api/plans/import", { files });
    expect(refused.status).toBe(403);
    const imported = await callApi(app, "Uadmin", "POST", "/api/plans/import", { files });
    expect(imported.status).toBe(200);
    expect(imported.body.report.planCreated).toBe(true);
    expect(threads).toEqual([
      { discarded: true, written: false },
      { discarded: false, written: true },
    ]);
    const tottori = await loadPlanViewUncached(t.db, "tottori");
    expect(tottori?.initiatives.length).toBe(imported.body.report.initiatives.created);

    // A plan just created has no members to ask about it: its answers are not prepared (that would
    // hold the event loop); a changed plan's are, after the answer.
    await settle();
    const created = await loadPlanView(t.db, "tottori");
    expect(created && hasPlanSearch(created)).toBe(false);
    const renamed = {
      ...files,
      "plan.yaml": String(files["plan.yaml"]).replace(/^name: .*$/mu, "name: 鳥取市の計画（改）"),
    };
    const changed = await callApi(app, "Uadmin", "POST", "/api/plans/import", { files: renamed });
    expect(changed.status).toBe(200);
    expect(changed.body.report.changed).toBe(true);
    await settle();
    const revised = await loadPlanView(t.db, "tottori");
    expect(revised?.name).toBe("鳥取市の計画（改）");
    expect(revised && hasPlanSearch(revised)).toBe(true);
  });

  it("reads in the thread and writes on the main connection when the database is in memory", async () => {
    expect(sharedDatabase(":memory:")).toBe(false);
    expect(sharedDatabase("file::memory:")).toBe(false);
    expect(sharedDatabase("file:./data/shinchoku.db")).toBe(true);
    expect(sharedDatabase("libsql://x.turso.io")).toBe(true);
    const files = await readPlanFolder(join(BUNDLED_PLANS_DIR, "tamana"));
    const t = await database();
    const here: string[] = [];
    const reader = importReaderInWorker({ url: ":memory:" }, (bundle, dryRun) => {
      here.push(bundle.plan.id);
      return importPlanBundle(t.db, bundle, { dryRun });
    });
    const report = await ready(await reader(encode({ files }))).write();
    expect(here).toEqual(["tamana"]);
    expect(report.planCreated).toBe(true);
  });
});
