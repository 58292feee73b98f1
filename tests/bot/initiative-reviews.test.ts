/**
 * A 天気 or 今後の方向性 changed in the LIFF app is the review of the current period (issue 14 §2):
 * the period of the plan's cadence containing today in Asia/Tokyo — Inzai's quarter (seed 003:
 * 四半期ごとの進捗レビュー), Tamana's 年度 — with today's 時点, channel liff and source 入力; an
 * imported review of that period is updated in place; a conflict writes no review, including one
 * lost between the version check and the batch; a re-import keeps an entered review, and where the
 * file gives its period otherwise reports the difference and replaces it only with --update-board.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { updateInitiative } from "../../bot/usecases/update-initiative.ts";
import type { Database } from "../../db/client.ts";
import { loadInitiativeExtras } from "../../db/initiatives.ts";
import { addMember, findMemberships } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import * as s from "../../db/schema.ts";
import { BUNDLED_PLANS_DIR, importPlanFolder } from "../../io/plan-files.ts";
import { callApi, createTestApp } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

const INZAI_LEAD = "Uinzai-lead";
const TAMANA_LEAD = "Utamana-lead";

let t: TestDatabase;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["inzai", "tamana"] });
  harness = createTestApp(t.db, null, { devAuth: true });
  await addMember(t.db, {
    planId: "inzai",
    lineUserId: INZAI_LEAD,
    role: "lead",
    department: "市民部",
  });
  await addMember(t.db, {
    planId: "tamana",
    lineUserId: TAMANA_LEAD,
    role: "lead",
    department: "総務課",
  });
});
afterEach(() => t.close());

async function initiativeId(plan: string, code: string) {
  const view = await loadPlanView(t.db, plan);
  const i = view?.initiatives.find((x) => x.code === code);
  if (!i) throw new Error(`${plan} ${code} missing`);
  return i.id;
}

async function reviewsOf(id: number) {
  const extras = await loadInitiativeExtras(t.db, id);
  if (!extras) throw new Error("no extras");
  return extras.reviews;
}

/** The stored review rows of an initiative, with their channel (the read model leaves it out). */
const reviewRows = (id: number) =>
  t.db
    .select({ period: s.reviews.period, channel: s.reviews.channel, source: s.reviews.source })
    .from(s.reviews)
    .where(eq(s.reviews.initiativeId, id))
    .orderBy(s.reviews.period);

const patch = (user: string, id: number, body: unknown) =>
  callApi(harness.app, user, "PATCH", `/api/initiatives/${id}`, body);

const ENTERED = { source: "entered", note: null };

describe("Inzai (quarterly): PATCH writes the review of the current quarter", () => {
  it("creates R7Q3's review on 1 October in Tokyo (still 30 September in UTC), then updates it", async () => {
    const id = await initiativeId("inzai", "A1-4");
    const imported = (await reviewsOf(id))[0];
    expect(imported).toMatchObject({ period: "FY2025Q2", outlook: "継続" });

    // 2025-09-30T15:30Z is 2025-10-01 00:30 in Tokyo: the third quarter has begun.
    harness.setNow(new Date("2025-09-30T15:30:00Z"));
    const first = await patch(INZAI_LEAD, id, { version: 1, weather: "晴れ" });
    expect(first.status).toBe(200);
    expect(await reviewsOf(id)).toEqual([
      {
        period: "FY2025Q3",
        asOf: "2025-10-01",
        weather: "晴れ",
        // A new review says only what was entered: the Q2 review's 継続 is not carried over.
        outlook: null,
        outlookReason: null,
        provenance: ENTERED,
      },
      imported,
    ]);
    expect(await reviewRows(id)).toEqual([
      { period: "FY2025Q2", channel: "import", source: "read" },
      { period: "FY2025Q3", channel: "liff", source: "entered" },
    ]);
    // The board's latest review is the new one.
    const board = await loadPlanView(t.db, "inzai");
    expect(board?.initiatives.find((i) => i.id === id)?.latestReview).toEqual({
      period: "FY2025Q3",
      asOf: "2025-10-01",
      weather: "晴れ",
      outlook: null,
    });

    // Later in the quarter, 今後の方向性 alone: the same review, its 天気 kept, its 時点 moved on.
    harness.setNow(new Date("2025-11-20T03:00:00Z"));
    const second = await patch(INZAI_LEAD, id, {
      version: 2,
      outlook: { value: "拡充", reason: "他の窓口にも広げる" },
    });
    expect(second.status).toBe(200);
    const [q3, q2] = await reviewsOf(id);
    expect(q3).toEqual({
      period: "FY2025Q3",
      asOf: "2025-11-20",
      weather: "晴れ",
      outlook: "拡充",
      outlookReason: "他の窓口にも広げる",
      provenance: ENTERED,
    });
    expect(q2).toEqual(imported);
  });

  it("updates an imported review of the same quarter in place; its earlier values stay in the history", async () => {
    const id = await initiativeId("inzai", "A1-4");
    harness.setNow(new Date("2025-09-30T10:00:00Z")); // 19:00 in Tokyo: still Q2
    const res = await patch(INZAI_LEAD, id, {
      version: 1,
      outlook: { value: "見直し", reason: "窓口の動線を見直す" },
    });
    expect(res.status).toBe(200);
    expect(await reviewsOf(id)).toEqual([
      {
        period: "FY2025Q2",
        asOf: "2025-09-30",
        weather: null,
        outlook: "見直し",
        outlookReason: "窓口の動線を見直す",
        // The import's note said why its 時点 was read; it no longer describes this review.
        provenance: ENTERED,
      },
    ]);
    expect(await reviewRows(id)).toEqual([
      { period: "FY2025Q2", channel: "liff", source: "entered" },
    ]);
    const extras = await loadInitiativeExtras(t.db, id);
    expect(extras?.events.map((e) => [e.field, e.from, e.to, e.channel])).toEqual([
      ["outlook", "継続", "見直し", "liff"],
    ]);
  });

  it("answers a stale version with 409 and leaves the review as it was", async () => {
    const id = await initiativeId("inzai", "A1-4");
    harness.setNow(new Date("2025-10-06T01:00:00Z"));
    expect((await patch(INZAI_LEAD, id, { version: 1, weather: "晴れ" })).status).toBe(200);
    const before = await reviewsOf(id);
    harness.setNow(new Date("2025-10-07T01:00:00Z"));
    const stale = await patch(INZAI_LEAD, id, { version: 1, weather: "雨" });
    expect(stale.status).toBe(409);
    expect(await reviewsOf(id)).toEqual(before);
    expect(before[0]).toMatchObject({ period: "FY2025Q3", asOf: "2025-10-06", weather: "晴れ" });
  });

  it("writes no review when the race is lost after the version check (the batch's guard)", async () => {
    const id = await initiativeId("inzai", "A1-4");
    harness.setNow(new Date("2025-10-06T01:00:00Z"));
    // Someone else's update lands between this update's read of the version and its batch.
    const racing = raceBeforeBatch(t.db, id);
    const [actor] = await findMemberships(t.db, INZAI_LEAD);
    if (!actor) throw new Error("no member");
    const result = await updateInitiative({ ...harness.deps, db: racing }, actor, {
      initiativeId: id,
      version: 1,
      channel: "liff",
      change: { weather: "雨" },
    });
    expect(result).toMatchObject({ ok: false, code: "conflict" });
    expect((await reviewRows(id)).map((r) => r.period)).toEqual(["FY2025Q2"]);
    const events = await t.db.$client.execute(
      `select count(*) n from initiative_events where initiative_id = ${id}`,
    );
    expect(events.rows[0]?.n).toBe(0);
  });
});

describe("a re-import keeps the reviews entered in the LIFF app", () => {
  it("and where the file gives the same period otherwise, reports it and replaces it only with --update-board", async () => {
    const id = await initiativeId("inzai", "A1-4");
    harness.setNow(new Date("2025-10-06T01:00:00Z"));
    expect((await patch(INZAI_LEAD, id, { version: 1, weather: "晴れ" })).status).toBe(200);
    const entered = (await reviewsOf(id))[0];
    expect(entered).toMatchObject({ period: "FY2025Q3", weather: "晴れ" });
    const dir = mkdtempSync(join(tmpdir(), "shinchoku-reviews-"));
    try {
      cpSync(join(BUNDLED_PLANS_DIR, "inzai"), dir, { recursive: true });
      // The same folder again: nothing to replace.
      const same = await importPlanFolder(t.db, dir);
      if (!same.ok) throw new Error(JSON.stringify(same.issues.slice(0, 3)));
      expect((await reviewsOf(id)).map((r) => r.period)).toEqual(["FY2025Q3", "FY2025Q2"]);
      // A corrected Q2 row rewrites A1-4's imported reviews; the entered Q3 stays as it was.
      const file = join(dir, "reviews.csv");
      const text = readFileSync(file, "utf8");
      const a14 = text.split("\n").find((l) => l.startsWith("A1-4,R7Q2,"));
      if (!a14) throw new Error("no A1-4 row");
      writeFileSync(file, text.replace(a14, a14.replace(",継続,", ",拡充,")));
      const corrected = await importPlanFolder(t.db, dir);
      if (!corrected.ok) throw new Error(JSON.stringify(corrected.issues.slice(0, 3)));
      expect(corrected.report.reviews).toMatchObject({ updated: 1 });
      const [q3, q2] = await reviewsOf(id);
      expect(q3).toEqual(entered);
      expect(q2).toMatchObject({ period: "FY2025Q2", outlook: "拡充" });
      expect((await reviewRows(id)).map((r) => r.channel)).toEqual(["import", "liff"]);
      // The file gives Q3 otherwise: what the lead entered stays, and the office is told.
      writeFileSync(file, `${readFileSync(file, "utf8")}A1-4,R7Q3,2025-12-26,くもり,継続,,\n`);
      const q3File = await importPlanFolder(t.db, dir);
      if (!q3File.ok) throw new Error(JSON.stringify(q3File.issues.slice(0, 3)));
      expect((await reviewsOf(id))[0]).toEqual(entered);
      expect(q3File.report.boardUpdated).toBe(false);
      expect(q3File.report.boardDifferences).toEqual(
        expect.arrayContaining([
          {
            code: "A1-4",
            field: "weather",
            current: "晴れ",
            imported: "くもり",
            period: "FY2025Q3",
          },
        ]),
      );
      // With --update-board the file's review of Q3 is the period's review from then on.
      const updated = await importPlanFolder(t.db, dir, { updateBoard: true });
      if (!updated.ok) throw new Error(JSON.stringify(updated.issues.slice(0, 3)));
      expect(updated.report.boardUpdated).toBe(true);
      expect((await reviewsOf(id))[0]).toMatchObject({
        period: "FY2025Q3",
        asOf: "2025-12-26",
        weather: "くもり",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Tamana (yearly): PATCH writes the review of the current 年度", () => {
  it("creates FY2024's review with today's 時点, updates it on a second PATCH, and not on a 409", async () => {
    const id = await initiativeId("tamana", "⑲");
    expect(await reviewsOf(id)).toEqual([]);
    harness.setNow(new Date("2025-03-31T14:00:00Z")); // 23:00 on 31 March in Tokyo: still R6
    const first = await patch(TAMANA_LEAD, id, { version: 1, weather: "くもり" });
    expect(first.status).toBe(200);
    expect(await reviewsOf(id)).toEqual([
      {
        period: "FY2024",
        asOf: "2025-03-31",
        weather: "くもり",
        outlook: null,
        outlookReason: null,
        provenance: ENTERED,
      },
    ]);
    expect(await reviewRows(id)).toEqual([
      { period: "FY2024", channel: "liff", source: "entered" },
    ]);

    // The same minute: a second PATCH changes the same review.
    const second = await patch(TAMANA_LEAD, id, { version: 2, weather: "晴れ" });
    expect(second.status).toBe(200);
    expect(await reviewsOf(id)).toMatchObject([
      { period: "FY2024", asOf: "2025-03-31", weather: "晴れ" },
    ]);

    const stale = await patch(TAMANA_LEAD, id, { version: 2, weather: "雨" });
    expect(stale.status).toBe(409);
    expect(await reviewsOf(id)).toMatchObject([{ period: "FY2024", weather: "晴れ" }]);

    // An hour later it is 1 April in Tokyo: R7 has its own review; R6's stays.
    harness.setNow(new Date("2025-03-31T15:00:00Z"));
    expect((await patch(TAMANA_LEAD, id, { version: 3, weather: "雨" })).status).toBe(200);
    expect((await reviewsOf(id)).map((r) => [r.period, r.asOf, r.weather])).toEqual([
      ["FY2025", "2025-04-01", "雨"],
      ["FY2024", "2025-03-31", "晴れ"],
    ]);
  });

  it("writes no review for a change of column, a grade or a comment alone", async () => {
    const id = await initiativeId("tamana", "⑲");
    expect((await patch(TAMANA_LEAD, id, { version: 1, column: "review" })).status).toBe(200);
    expect(
      (
        await patch(TAMANA_LEAD, id, {
          version: 2,
          grade: { fiscalYear: 2024, kind: "progress", grade: "A" },
        })
      ).status,
    ).toBe(200);
    expect((await patch(TAMANA_LEAD, id, { version: 3, comment: "順調です" })).status).toBe(200);
    expect(await reviewsOf(id)).toEqual([]);
  });
});

/**
 * The database as it is, except that just before each batch another writer bumps the initiative's
 * version (as a concurrent PATCH that won would): the batch's own update then finds a newer version.
 */
function raceBeforeBatch(db: Database, id: number): Database {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "batch")
        return async (statements: Parameters<Database["batch"]>[0]) => {
          await target.run(
            sql`update initiatives set version = version + 1, last_write_id = 'other' where id = ${id}`,
          );
          return target.batch(statements);
        };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
