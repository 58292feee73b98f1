/**
 * One initiative in depth (the LIFF detail page) and the changes the LIFF app makes to it.
 *
 * Updates are optimistic: the client sends the version it saw; a newer version answers a conflict
 * with the current state and writes nothing. The version bump and every row the update adds or
 * changes (events, grades, comment, the current period's review) go in one batch, each guarded by
 * the update's own write id, so a lost race writes nothing (no interactive transaction: see
 * db/node.ts on the embedded client).
 */

import { asc, desc, eq, type SQL, sql } from "drizzle-orm";
import { compareReviewPeriodKeysDesc } from "../shared/fiscal-year.ts";
import { type Provenance, provenanceField, writtenSource } from "../shared/provenance.ts";
import type { Database, DbOrTx } from "./client.ts";
import type { Channel } from "./schema.ts";
import * as s from "./schema.ts";

export interface TimelineEntry {
  at: number;
  kind: "column" | "weather" | "outlook" | "grade" | "actual" | "comment";
  who: string | null;
  channel: Channel | null;
  text: string;
}

export interface InitiativeExtras {
  planId: string;
  /** `period`: the canonical review period key (`FY2025Q2`), null for the plan-level text. */
  narratives: { fiscalYear: number | null; period: string | null; label: string; body: string }[];
  /**
   * Reviews per period (issue 14 §2), latest period first: 時点 (`asOf`, `YYYY-MM-DD`), 天気 and
   * 今後の方向性 as the review gave them.
   */
  reviews: {
    period: string;
    asOf: string;
    weather: string | null;
    outlook: string | null;
    outlookReason: string | null;
    /** Where the review's 期間, 時点, 天気 and 今後の方向性 come from; absent = printed without a note. */
    provenance?: Provenance;
  }[];
  schedule: {
    item: string | null;
    periodText: string;
    fromFiscalYear: number;
    toFiscalYear: number | null;
    body: string;
    /** Where the period comes from (an inferred Gantt year); absent = printed without a note. */
    provenance?: Provenance;
  }[];
  grades: {
    fiscalYear: number;
    kind: "progress" | "achievement";
    grade: string;
    reason: string | null;
    at: number;
    who: string | null;
    channel: Channel;
    /** Where the grade comes from; absent = printed without a note. */
    provenance?: Provenance;
  }[];
  comments: { id: number; body: string; at: number; who: string | null }[];
  events: {
    field: string;
    from: string | null;
    to: string | null;
    reason: string | null;
    at: number;
    who: string | null;
    channel: Channel;
  }[];
  outlookReason: string | null;
  /**
   * The branches the initiative is listed again under (再掲, Matsue's lists per 柱), by branch id in
   * the plan's order; empty when it is listed only under its own branch.
   */
  crossListedBranchIds: number[];
}

const secs = (d: Date) => Math.floor(d.getTime() / 1000);

/** What of a member names who entered something (db/relations.ts). */
const whoColumns = {
  columns: { displayName: true },
  with: { department: { columns: { name: true } } },
} as const;

/** A member's name, else their 課; null for no member (the plan's import). */
function whoOf(
  member: { displayName: string | null; department: { name: string } | null } | null,
): string | null {
  return member?.displayName ?? member?.department?.name ?? null;
}

/** The parts of an initiative the board does not carry. `null` when there is no such initiative. */
export async function loadInitiativeExtras(
  db: DbOrTx,
  initiativeId: number,
): Promise<InitiativeExtras | null> {
  const [row] = await db.select().from(s.initiatives).where(eq(s.initiatives.id, initiativeId));
  if (!row) return null;
  const [narratives, schedule, grades, comments, events, crossListings, reviews] =
    await Promise.all([
      db
        .select()
        .from(s.narratives)
        .where(eq(s.narratives.initiativeId, initiativeId))
        .orderBy(asc(s.narratives.position)),
      db
        .select()
        .from(s.scheduleItems)
        .where(eq(s.scheduleItems.initiativeId, initiativeId))
        .orderBy(asc(s.scheduleItems.position)),
      db.query.grades.findMany({
        where: (g) => eq(g.initiativeId, initiativeId),
        with: { reporter: whoColumns },
        orderBy: (g) => desc(g.id),
      }),
      db.query.comments.findMany({
        where: (c) => eq(c.initiativeId, initiativeId),
        with: { member: whoColumns },
        orderBy: (c) => desc(c.id),
      }),
      db.query.initiativeEvents.findMany({
        where: (e) => eq(e.initiativeId, initiativeId),
        with: { member: whoColumns },
        orderBy: (e) => desc(e.id),
      }),
      db
        .select({ branchId: s.initiativeCrossListings.branchId })
        .from(s.initiativeCrossListings)
        .innerJoin(s.branches, eq(s.branches.id, s.initiativeCrossListings.branchId))
        .where(eq(s.initiativeCrossListings.initiativeId, initiativeId))
        .orderBy(asc(s.branches.position)),
      db.select().from(s.reviews).where(eq(s.reviews.initiativeId, initiativeId)),
    ]);
  return {
    planId: row.planId,
    outlookReason: row.outlookReason,
    crossListedBranchIds: crossListings.map((c) => c.branchId),
    narratives: narratives.map((n) => ({
      fiscalYear: n.fiscalYear,
      period: n.period,
      label: n.label,
      body: n.body,
    })),
    reviews: reviews
      .sort((a, b) => compareReviewPeriodKeysDesc(a.period, b.period))
      .map((r) => ({
        period: r.period,
        asOf: r.asOf,
        weather: r.weather,
        outlook: r.outlook,
        outlookReason: r.outlookReason,
        ...provenanceField(r.source, r.sourceNote),
      })),
    schedule: schedule.map((x) => ({
      item: x.item,
      periodText: x.periodText,
      fromFiscalYear: x.fromFiscalYear,
      toFiscalYear: x.toFiscalYear,
      body: x.body,
      ...provenanceField(x.source, x.sourceNote),
    })),
    grades: grades.map((g) => ({
      fiscalYear: g.fiscalYear,
      kind: g.kind,
      grade: g.grade,
      reason: g.reason,
      at: secs(g.createdAt),
      who: whoOf(g.reporter),
      channel: g.channel,
      ...provenanceField(g.source, g.sourceNote, g.channel),
    })),
    comments: comments.map((c) => ({
      id: c.id,
      body: c.body,
      at: secs(c.createdAt),
      who: whoOf(c.member),
    })),
    events: events.map((e) => ({
      field: e.field,
      from: e.fromValue,
      to: e.toValue,
      reason: e.reason,
      at: secs(e.createdAt),
      who: whoOf(e.member),
      channel: e.channel,
    })),
  };
}

export interface InitiativeChange {
  column?: string;
  weather?: string | null;
  outlook?: { value: string | null; reason: string | null };
  grade?: {
    fiscalYear: number;
    kind: "progress" | "achievement";
    grade: string;
    reason: string | null;
  };
  comment?: string;
}

/**
 * The review a change of 天気 or 今後の方向性 is written to (issue 14 §2): the period of the plan's
 * cadence containing today and today's date, both in Asia/Tokyo (bot/usecases/update-initiative.ts).
 */
export interface ReviewTarget {
  /** Canonical review period key: `FY2025Q3`, `FY2025`. */
  period: string;
  fiscalYear: number;
  /** 時点, `YYYY-MM-DD`. */
  asOf: string;
}

export type UpdateResult =
  | { ok: true; version: number }
  | { ok: false; conflict: true; version: number };

/**
 * Applies a change made in the LIFF app, if the initiative is still at `expectedVersion`.
 * Writes the new state, an event per changed field, the grade version and the comment, and bumps
 * the plan's revision — all in one batch, or nothing. When 天気 or 今後の方向性 changes and `review`
 * is given, the review of that period carries the new value with `review.asOf` as its 時点, the
 * channel and source `entered`: an existing review (an imported one too) is updated in place and
 * keeps the field that did not change; a new one is created, with only the changed field(s).
 */
export async function updateInitiative(
  db: Database,
  input: {
    initiativeId: number;
    planId: string;
    expectedVersion: number;
    memberId: number;
    channel: Channel;
    change: InitiativeChange;
    /** The review the new 天気 or 今後の方向性 is written to; none when absent. */
    review?: ReviewTarget;
  },
): Promise<UpdateResult> {
  const [current] = await db
    .select()
    .from(s.initiatives)
    .where(eq(s.initiatives.id, input.initiativeId));
  if (!current) throw new Error(`initiative ${input.initiativeId} not found`);
  const { change } = input;
  const onlyComment =
    change.comment !== undefined && Object.keys(change).every((k) => k === "comment");
  if (onlyComment) {
    // A comment is appended, not a change of state: someone else's edit in between does not conflict.
    await db.batch([
      db.insert(s.comments).values({
        initiativeId: input.initiativeId,
        memberId: input.memberId,
        body: change.comment ?? "",
      }),
      db.run(
        sql`update ${s.plans} set revision = revision + 1, updated_at = unixepoch() where id = ${input.planId}`,
      ),
    ]);
    return { ok: true, version: current.version };
  }
  if (current.version !== input.expectedVersion)
    return { ok: false, conflict: true, version: current.version };
  const writeId = crypto.randomUUID();
  const set: Partial<typeof s.initiatives.$inferInsert> = {
    version: current.version + 1,
    lastWriteId: writeId,
    updatedAt: new Date(),
  };
  const events: {
    field: "column" | "weather" | "outlook";
    from: string | null;
    to: string | null;
    reason: string | null;
  }[] = [];
  if (change.column !== undefined && change.column !== current.columnKey) {
    set.columnKey = change.column;
    events.push({ field: "column", from: current.columnKey, to: change.column, reason: null });
  }
  if (change.weather !== undefined && change.weather !== current.weather) {
    set.weather = change.weather;
    events.push({ field: "weather", from: current.weather, to: change.weather, reason: null });
  }
  if (
    change.outlook &&
    (change.outlook.value !== current.outlook || change.outlook.reason !== current.outlookReason)
  ) {
    set.outlook = change.outlook.value;
    set.outlookReason = change.outlook.reason;
    events.push({
      field: "outlook",
      from: current.outlook,
      to: change.outlook.value,
      reason: change.outlook.reason,
    });
  }
  const guard = sql`exists (select 1 from ${s.initiatives} where ${s.initiatives.id} = ${input.initiativeId} and ${s.initiatives.lastWriteId} = ${writeId})`;
  const reviewWrites = input.review
    ? reviewStatements(db, {
        initiativeId: input.initiativeId,
        channel: input.channel,
        target: input.review,
        weather: "weather" in set ? { value: set.weather ?? null } : null,
        outlook:
          "outlook" in set
            ? { value: set.outlook ?? null, reason: set.outlookReason ?? null }
            : null,
        guard,
      })
    : [];
  const statements = [
    db
      .update(s.initiatives)
      .set(set)
      .where(
        sql`${s.initiatives.id} = ${input.initiativeId} and ${s.initiatives.version} = ${input.expectedVersion}`,
      ),
    ...events.map((e) =>
      db.run(
        sql`insert into ${s.initiativeEvents} (initiative_id, member_id, channel, field, from_value, to_value, reason)
            select ${input.initiativeId}, ${input.memberId}, ${input.channel}, ${e.field}, ${e.from}, ${e.to}, ${e.reason} where ${guard}`,
      ),
    ),
    ...(change.grade
      ? [
          db.run(
            sql`insert into ${s.grades} (initiative_id, fiscal_year, kind, grade, reason, channel, source, reported_by)
                select ${input.initiativeId}, ${change.grade.fiscalYear}, ${change.grade.kind}, ${change.grade.grade}, ${change.grade.reason}, ${input.channel}, ${writtenSource(input.channel)}, ${input.memberId} where ${guard}`,
          ),
        ]
      : []),
    ...reviewWrites,
    ...(change.comment
      ? [
          db.run(
            sql`insert into ${s.comments} (initiative_id, member_id, body)
                select ${input.initiativeId}, ${input.memberId}, ${change.comment} where ${guard}`,
          ),
        ]
      : []),
    db.run(
      sql`update ${s.plans} set revision = revision + 1, updated_at = unixepoch() where id = ${input.planId} and ${guard}`,
    ),
  ];
  const [first, ...rest] = statements;
  if (!first) throw new Error("no statements");
  const results = await db.batch([first, ...rest]);
  const updated = (results[0] as { rowsAffected: number }).rowsAffected;
  if (updated === 0) {
    const [now] = await db
      .select({ version: s.initiatives.version })
      .from(s.initiatives)
      .where(eq(s.initiatives.id, input.initiativeId));
    return { ok: false, conflict: true, version: now?.version ?? current.version };
  }
  return { ok: true, version: current.version + 1 };
}

/**
 * The statements that write a change of 天気 and/or 今後の方向性 to the review of `target`'s period,
 * each under `guard` (the update's write id) so that a lost race writes nothing: an UPDATE of the
 * period's existing review, then an INSERT when there is none. An UPDATE touches only the changed
 * fields, so a review whose 天気 came from the import keeps it when only 今後の方向性 is entered; its
 * earlier values remain in `initiative_events` (the board's change) and in the source files. A new
 * review that would say nothing (天気 cleared where the period had no review) is not created.
 */
function reviewStatements(
  db: Database,
  w: {
    initiativeId: number;
    channel: Channel;
    target: ReviewTarget;
    weather: { value: string | null } | null;
    outlook: { value: string | null; reason: string | null } | null;
    guard: SQL;
  },
) {
  if (!w.weather && !w.outlook) return [];
  const { period, fiscalYear, asOf } = w.target;
  const source = writtenSource(w.channel);
  const fields = [
    sql`${sql.identifier(s.reviews.asOf.name)} = ${asOf}`,
    sql`${sql.identifier(s.reviews.channel.name)} = ${w.channel}`,
    sql`${sql.identifier(s.reviews.source.name)} = ${source}`,
    // The import's note (why its 時点 was read or inferred) no longer describes an entered review.
    sql`${sql.identifier(s.reviews.sourceNote.name)} = null`,
    ...(w.weather ? [sql`${sql.identifier(s.reviews.weather.name)} = ${w.weather.value}`] : []),
    ...(w.outlook
      ? [
          sql`${sql.identifier(s.reviews.outlook.name)} = ${w.outlook.value}`,
          sql`${sql.identifier(s.reviews.outlookReason.name)} = ${w.outlook.reason}`,
        ]
      : []),
  ];
  const thisReview = sql`${s.reviews.initiativeId} = ${w.initiativeId} and ${s.reviews.period} = ${period}`;
  const weather = w.weather?.value ?? null;
  const outlook = w.outlook?.value ?? null;
  const outlookReason = w.outlook?.reason ?? null;
  return [
    db.run(
      sql`update ${s.reviews} set ${sql.join(fields, sql`, `)} where ${thisReview} and ${w.guard}`,
    ),
    db.run(
      sql`insert into ${s.reviews} (initiative_id, period, fiscal_year, as_of, weather, outlook, outlook_reason, source, channel)
          select ${w.initiativeId}, ${period}, ${fiscalYear}, ${asOf}, ${weather}, ${outlook}, ${outlookReason}, ${source}, ${w.channel}
          where ${w.guard} and (${weather} is not null or ${outlook} is not null)
            and not exists (select 1 from ${s.reviews} where ${thisReview})`,
    ),
  ];
}
