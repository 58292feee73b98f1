/**
 * Writes a validated {@link PlanBundle} into the database in one transaction.
 *
 * Idempotent: rows are matched by the city's own codes (plan id, org unit name, branch ID,
 * initiative code, 指標ID), and only differences are written. Figures and grades are append-only:
 * an imported value that differs from the current one adds a version and keeps the old one.
 * Nothing is deleted: initiatives missing from the bundle are reported, not removed.
 *
 * Provenance (出典・出典メモ, shared/provenance.ts) is part of what is compared: a target, actual or
 * grade whose value is the same but whose provenance changed (an inferred year later confirmed in
 * print) gets a new version, so the history shows when the reading changed; an initiative's name,
 * an indicator and a schedule row are updated in place like their other fields.
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import {
  compareReviewPeriodKeysDesc,
  periodKey,
  type ReviewPeriod,
  reviewPeriodKey,
} from "../shared/fiscal-year.ts";
import type { BundleFigure, BundleReview, PlanBundle } from "../shared/plan-bundle.ts";
import { DEFAULT_BOARD_COLUMNS } from "../shared/plan-meta.ts";
import { PRINTED, type Provenance, storedSource } from "../shared/provenance.ts";
import { insertRows, insertRowsReturningIds } from "./bulk-insert.ts";
import type { Database, Tx } from "./client.ts";
import { bumpPlanRevision } from "./plans.ts";
import * as s from "./schema.ts";

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** What an import did, per kind of row. */
export interface ImportReport {
  planId: string;
  planCreated: boolean;
  departments: ImportCounts;
  branches: ImportCounts;
  initiatives: ImportCounts;
  indicators: ImportCounts;
  /** New target / actual / grade versions written (unchanged ones are skipped). */
  targets: ImportCounts;
  actuals: ImportCounts;
  grades: ImportCounts;
  /** Reviews per period (reviews.csv), replaced in place when they differ. Absent in older reports. */
  reviews?: ImportCounts;
  /** Codes of initiatives in the database that the bundle does not list (kept, not deleted). */
  notInBundle: string[];
  /**
   * Board state (列, 天気, 今後の方向性) that differs between the database and the bundle, for
   * initiatives that already exist. Applied (with an `initiative_events` entry on channel `import`)
   * only with `updateBoard`; otherwise reported and left as the departments set it. An empty cell
   * in the bundle is not a difference.
   */
  boardDifferences: BoardDifference[];
  /** Whether {@link boardDifferences} were applied. */
  boardUpdated: boolean;
  /** Whether anything at all was written. */
  changed: boolean;
}

const counts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0 });

/** One field of an existing initiative's board state that the bundle has otherwise. */
export interface BoardDifference {
  code: string;
  field: "column" | "weather" | "outlook";
  current: string | null;
  imported: string | null;
  /** 今後の方向性's reason as imported (only for `outlook`). */
  reason?: string | null;
  /**
   * For a review entered in LINE or the LIFF app that the file gives otherwise: its period
   * (`FY2025Q3`). Absent for the initiative's own board state.
   */
  period?: string;
}

type ChildTable =
  | typeof s.initiativeDepartments
  | typeof s.initiativeCrossListings
  | typeof s.narratives
  | typeof s.reviews
  | typeof s.scheduleItems;

/**
 * The board state an initiative starts from: its own 天気 and 今後の方向性 (initiatives.csv), else
 * those of its latest review that gives them (reviews.csv), so that the board shows the latest
 * review's 天気.
 */
function withLatestReview(
  i: PlanBundle["initiatives"][number],
  reviews: BundleReview[],
): PlanBundle["initiatives"][number] {
  const latest = (pick: (r: BundleReview) => unknown) =>
    reviews
      .filter((r) => pick(r) !== null)
      .sort((a, b) =>
        compareReviewPeriodKeysDesc(reviewPeriodKey(a.period), reviewPeriodKey(b.period)),
      )[0];
  const weather = i.weather ?? latest((r) => r.weather)?.weather ?? null;
  if (i.outlook !== null) return { ...i, weather };
  const outlook = latest((r) => r.outlook);
  return {
    ...i,
    weather,
    outlook: outlook?.outlook ?? null,
    outlookReason: outlook?.outlookReason ?? null,
  };
}

/** The two columns of a provenance as stored (`printed` as null). */
function provenanceColumns(p: Provenance = PRINTED): {
  source: Provenance["source"] | null;
  sourceNote: string | null;
} {
  return { source: storedSource(p), sourceNote: p.note };
}

/** Deletes the child rows of the initiatives `ids`, then inserts `rows` (db/bulk-insert.ts). */
async function replaceChildRows<T extends ChildTable>(
  tx: Tx,
  table: T,
  change: { ids: number[]; rows: T["$inferInsert"][] },
): Promise<void> {
  // One id per bound parameter; SQLite allows 32,766 (https://www.sqlite.org/limits.html).
  for (let i = 0; i < change.ids.length; i += 5000)
    await tx.delete(table).where(inArray(table.initiativeId, change.ids.slice(i, i + 5000)));
  await insertRows(tx, table, change.rows);
}

/** A narrative's stored period: its review period's key, or its 年度's (bundles without periods). */
function narrativePeriodKey(n: PlanBundle["narratives"][number]): string | null {
  const period: ReviewPeriod | null =
    n.period ?? (n.fiscalYear === null ? null : { kind: "fy", fiscalYear: n.fiscalYear });
  return period === null ? null : reviewPeriodKey(period);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Imports a plan bundle. With `dryRun`, everything is computed inside the transaction and then
 * rolled back, so the report says what an import would do.
 *
 * @throws whatever the database throws; the transaction is rolled back and nothing is written.
 */
export async function importPlanBundle(
  db: Database,
  bundle: PlanBundle,
  options: {
    dryRun?: boolean;
    /** Apply the bundle's 列, 天気 and 今後の方向性 to initiatives that exist (`import --update-board`). */
    updateBoard?: boolean;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<ImportReport> {
  let report: ImportReport | undefined;
  const rollback = new Error("dry run");
  try {
    await db.transaction(async (tx) => {
      report = await writeBundle(
        tx,
        bundle,
        options.onProgress ?? (() => {}),
        options.updateBoard === true,
      );
      if (options.dryRun) throw rollback;
    });
  } catch (err) {
    if (err !== rollback) throw err;
  }
  if (!report) throw new Error("import produced no report");
  return report;
}

/** The bundle's board state where it is given and differs from the initiative's. */
function boardDifferences(
  i: PlanBundle["initiatives"][number],
  existing: {
    columnKey: string;
    weather: string | null;
    outlook: string | null;
    outlookReason: string | null;
  },
): BoardDifference[] {
  const out: BoardDifference[] = [];
  if (i.column && i.column !== existing.columnKey)
    out.push({ code: i.code, field: "column", current: existing.columnKey, imported: i.column });
  if (i.weather && i.weather !== existing.weather)
    out.push({ code: i.code, field: "weather", current: existing.weather, imported: i.weather });
  if (
    i.outlook &&
    (i.outlook !== existing.outlook || (i.outlookReason ?? null) !== existing.outlookReason)
  )
    out.push({
      code: i.code,
      field: "outlook",
      current: existing.outlook,
      imported: i.outlook,
      reason: i.outlookReason ?? null,
    });
  return out;
}

function boardChange(diffs: BoardDifference[]): Partial<typeof s.initiatives.$inferInsert> {
  const set: Partial<typeof s.initiatives.$inferInsert> = {};
  for (const d of diffs) {
    if (d.field === "column" && d.imported) set.columnKey = d.imported;
    if (d.field === "weather") set.weather = d.imported;
    if (d.field === "outlook") {
      set.outlook = d.imported;
      set.outlookReason = d.reason ?? null;
    }
  }
  return set;
}

async function writeBundle(
  tx: Tx,
  bundle: PlanBundle,
  progress: (done: number, total: number) => void,
  updateBoard = false,
): Promise<ImportReport> {
  // Progress in rows: initiatives, indicators and figures dominate the work of a large plan.
  const total =
    bundle.initiatives.length * 2 +
    bundle.indicators.length +
    bundle.targets.length +
    bundle.actuals.length +
    bundle.grades.length;
  let done = 0;
  const step = (n: number) => {
    done += n;
    progress(Math.min(done, total), total);
  };
  const { plan } = bundle;
  const report: ImportReport = {
    planId: plan.id,
    planCreated: false,
    departments: counts(),
    branches: counts(),
    initiatives: counts(),
    indicators: counts(),
    targets: counts(),
    actuals: counts(),
    grades: counts(),
    reviews: counts(),
    notInBundle: [],
    boardDifferences: [],
    boardUpdated: false,
    changed: false,
  };

  // Plan
  const planRow = {
    name: plan.name,
    city: plan.city,
    source: plan.source ?? null,
    startFiscalYear: plan.period.from,
    endFiscalYear: plan.period.to,
    review: plan.review.cadence,
    revisionYears: plan.review.revisionYears ?? null,
    levels: plan.levels,
    initiativeLabel: plan.initiativeLabel,
    codeLabel: plan.codeLabel,
    narrativeLabels: plan.narrativeLabels,
    grades: plan.grades,
    boardColumns: plan.boardColumns ?? [...DEFAULT_BOARD_COLUMNS],
    weather: plan.weather,
    tags: plan.tags,
    governance: plan.governance,
    population: plan.population ?? null,
  };
  const [existingPlan] = await tx.select().from(s.plans).where(eq(s.plans.id, plan.id));
  if (!existingPlan) {
    await tx.insert(s.plans).values({ id: plan.id, ...planRow });
    report.planCreated = true;
  } else {
    const current = Object.fromEntries(
      Object.keys(planRow).map((k) => [k, existingPlan[k as keyof typeof existingPlan]]),
    );
    if (!same(current, planRow)) {
      await tx
        .update(s.plans)
        .set({ ...planRow, updatedAt: new Date() })
        .where(eq(s.plans.id, plan.id));
      report.changed = true;
    }
  }
  // Search synonyms of plan.yaml: replaced as a whole; the office's own (`synonyms add`) are kept.
  const planSynonyms = await tx
    .select({ words: s.searchSynonyms.words })
    .from(s.searchSynonyms)
    .where(and(eq(s.searchSynonyms.planId, plan.id), eq(s.searchSynonyms.source, "plan")))
    .orderBy(asc(s.searchSynonyms.id));
  const wantSynonyms = plan.synonyms ?? [];
  if (
    !same(
      planSynonyms.map((r) => r.words),
      wantSynonyms,
    )
  ) {
    await tx
      .delete(s.searchSynonyms)
      .where(and(eq(s.searchSynonyms.planId, plan.id), eq(s.searchSynonyms.source, "plan")));
    if (wantSynonyms.length > 0) {
      await tx
        .insert(s.searchSynonyms)
        .values(wantSynonyms.map((words) => ({ planId: plan.id, words, source: "plan" as const })));
    }
    report.changed = true;
  }
  const defaultColumn = planRow.boardColumns[0]?.key ?? "eight-years";

  // Org units: two passes so that a parent may come after its child.
  const orgRows = await tx.select().from(s.departments).where(eq(s.departments.planId, plan.id));
  const orgByName = new Map(orgRows.map((o) => [o.name, o]));
  const newDepartments = bundle.departments
    .filter((o) => !orgByName.has(o.name))
    .map((o) => ({ planId: plan.id, name: o.name, kind: o.kind }));
  const newOrgByName = new Map(newDepartments.map((o) => [o.name, o]));
  for (const { id, key } of await insertRowsReturningIds(
    tx,
    s.departments,
    newDepartments,
    s.departments.name,
  )) {
    const o = newOrgByName.get(key);
    if (o) orgByName.set(key, { ...o, id, parentId: null });
  }
  report.departments.created += newDepartments.length;
  for (const o of bundle.departments) {
    const row = orgByName.get(o.name);
    if (!row) continue;
    const parentId = o.parent ? (orgByName.get(o.parent)?.id ?? null) : null;
    const isNew = !orgRows.some((r) => r.id === row.id);
    if (row.parentId !== parentId || row.kind !== o.kind) {
      await tx
        .update(s.departments)
        .set({ parentId, kind: o.kind })
        .where(eq(s.departments.id, row.id));
      if (!isNew) report.departments.updated++;
    } else if (!isNew) report.departments.unchanged++;
  }

  // Branches, top level first so parents exist.
  const branchRows = await tx.select().from(s.branches).where(eq(s.branches.planId, plan.id));
  const branchByKey = new Map(branchRows.map((b) => [b.key, b]));
  const orderedBranches = bundle.branches
    .map((b, position) => ({ ...b, position }))
    .sort((a, b) => a.level - b.level);
  // New branches are inserted a level at a time (one statement per chunk), after their parents.
  let newBranches: Omit<(typeof branchRows)[number], "id">[] = [];
  const insertBranches = async () => {
    const byKey = new Map(newBranches.map((b) => [b.key, b]));
    for (const { id, key } of await insertRowsReturningIds(
      tx,
      s.branches,
      newBranches,
      s.branches.key,
    )) {
      const b = byKey.get(key);
      if (b) branchByKey.set(key, { ...b, id });
    }
    newBranches = [];
  };
  let level: number | undefined;
  for (const b of orderedBranches) {
    if (b.level !== level) {
      await insertBranches();
      level = b.level;
    }
    const parentId = b.parent ? (branchByKey.get(b.parent)?.id ?? null) : null;
    const values = {
      level: b.level,
      code: b.code,
      title: b.title,
      parentId,
      position: b.position,
      vision: b.vision,
      states: b.states,
    };
    const existing = branchByKey.get(b.id);
    if (!existing) {
      newBranches.push({ planId: plan.id, key: b.id, ...values });
      report.branches.created++;
    } else if (
      !same(
        [
          existing.level,
          existing.code,
          existing.title,
          existing.parentId,
          existing.position,
          existing.vision,
          existing.states,
        ],
        [
          values.level,
          values.code,
          values.title,
          values.parentId,
          values.position,
          values.vision,
          values.states,
        ],
      )
    ) {
      await tx.update(s.branches).set(values).where(eq(s.branches.id, existing.id));
      report.branches.updated++;
    } else report.branches.unchanged++;
  }
  await insertBranches();

  // Initiatives
  const initiativeRows = await tx
    .select()
    .from(s.initiatives)
    .where(eq(s.initiatives.planId, plan.id));
  const existingInitiatives = new Map(initiativeRows.map((i) => [i.code, i]));
  const initiativeByCode = new Map<string, { id: number; parentId: number | null }>(
    existingInitiatives,
  );
  const touched = new Set<number>();
  const newInitiatives: (typeof s.initiatives.$inferInsert)[] = [];
  const bundleReviews = new Map<string, BundleReview[]>();
  for (const r of bundle.reviews ?? [])
    bundleReviews.set(r.initiative, [...(bundleReviews.get(r.initiative) ?? []), r]);
  for (const fromFile of bundle.initiatives) {
    const i = withLatestReview(fromFile, bundleReviews.get(fromFile.code) ?? []);
    const branchId = branchByKey.get(i.branch)?.id;
    if (branchId === undefined) throw new Error(`branch ${i.branch} missing after import`);
    const existing = existingInitiatives.get(i.code);
    const values = {
      sortKey: i.sortKey,
      title: i.title,
      branchId,
      tags: i.tags,
      titleSource: storedSource(i.provenance ?? PRINTED),
      titleSourceNote: i.provenance?.note ?? null,
    };
    // Board state (列, 天気, 今後の方向性) is the starting state: afterwards departments set it in the
    // LIFF app, with history, and a re-import must not silently undo their changes.
    const boardState = {
      columnKey: i.column ?? defaultColumn,
      weather: i.weather,
      outlook: i.outlook,
      outlookReason: i.outlookReason,
    };
    if (!existing) {
      newInitiatives.push({ planId: plan.id, code: i.code, ...boardState, ...values });
      report.initiatives.created++;
    } else {
      const current = Object.fromEntries(
        Object.keys(values).map((k) => [k, existing[k as keyof typeof existing]]),
      );
      const board = boardDifferences(i, existing);
      report.boardDifferences.push(...board);
      const applyBoard = updateBoard && board.length > 0;
      if (!same(current, values) || applyBoard) {
        await tx
          .update(s.initiatives)
          .set({
            ...values,
            ...(applyBoard ? boardChange(board) : {}),
            version: existing.version + 1,
            updatedAt: new Date(),
          })
          .where(eq(s.initiatives.id, existing.id));
        if (applyBoard)
          await tx.insert(s.initiativeEvents).values(
            board.map((d) => ({
              initiativeId: existing.id,
              memberId: null,
              channel: "import" as const,
              field: d.field,
              fromValue: d.current,
              toValue: d.imported,
              reason: d.reason ?? null,
            })),
          );
        touched.add(existing.id);
      }
    }
  }
  for (const { id, key } of await insertRowsReturningIds(
    tx,
    s.initiatives,
    newInitiatives,
    s.initiatives.code,
  ))
    initiativeByCode.set(key, { id, parentId: null });
  step(bundle.initiatives.length);
  // Parents after all rows exist.
  for (const i of bundle.initiatives) {
    const row = initiativeByCode.get(i.code);
    if (!row) continue;
    const parentId = i.parent ? (initiativeByCode.get(i.parent)?.id ?? null) : null;
    if (row.parentId !== parentId) {
      await tx.update(s.initiatives).set({ parentId }).where(eq(s.initiatives.id, row.id));
      touched.add(row.id);
    }
  }
  const bundleCodes = new Set(bundle.initiatives.map((i) => i.code));
  report.notInBundle = initiativeRows.filter((r) => !bundleCodes.has(r.code)).map((r) => r.code);
  // Subqueries, not id lists: a large plan's ids would exceed SQLite's parameter limit.
  const planInitiativeIds = tx
    .select({ id: s.initiatives.id })
    .from(s.initiatives)
    .where(eq(s.initiatives.planId, plan.id));

  // Child rows of initiatives: replaced per initiative only when they differ.
  const links = await tx
    .select()
    .from(s.initiativeDepartments)
    .where(inArray(s.initiativeDepartments.initiativeId, planInitiativeIds));
  const cross = await tx
    .select()
    .from(s.initiativeCrossListings)
    .where(inArray(s.initiativeCrossListings.initiativeId, planInitiativeIds));
  const narr = await tx
    .select()
    .from(s.narratives)
    .where(inArray(s.narratives.initiativeId, planInitiativeIds));
  const sched = await tx
    .select()
    .from(s.scheduleItems)
    .where(inArray(s.scheduleItems.initiativeId, planInitiativeIds));
  const revs = await tx
    .select()
    .from(s.reviews)
    .where(inArray(s.reviews.initiativeId, planInitiativeIds));
  const groupBy = <T, K>(rows: T[], key: (r: T) => K) => {
    const m = new Map<K, T[]>();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return m;
  };
  const linksBy = groupBy(links, (l) => l.initiativeId);
  const crossBy = groupBy(cross, (c) => c.initiativeId);
  const narrBy = groupBy(narr, (n) => n.initiativeId);
  const schedBy = groupBy(sched, (x) => x.initiativeId);
  const revsBy = groupBy(revs, (r) => r.initiativeId);
  const bundleNarr = groupBy(bundle.narratives, (n) => n.initiative);
  const bundleSched = groupBy(bundle.schedule, (x) => x.initiative);
  const reviewCounts = report.reviews ?? counts();
  // What differs is collected, then deleted and inserted a chunk per statement.
  const replace = {
    links: { ids: [] as number[], rows: [] as (typeof s.initiativeDepartments.$inferInsert)[] },
    cross: { ids: [] as number[], rows: [] as (typeof s.initiativeCrossListings.$inferInsert)[] },
    narr: { ids: [] as number[], rows: [] as (typeof s.narratives.$inferInsert)[] },
    sched: { ids: [] as number[], rows: [] as (typeof s.scheduleItems.$inferInsert)[] },
    revs: { ids: [] as number[], rows: [] as (typeof s.reviews.$inferInsert)[] },
  };
  for (const i of bundle.initiatives) {
    const row = initiativeByCode.get(i.code);
    if (!row) continue;
    const id = row.id;
    step(1);

    const wantLinks = i.departments.map((d, position) => ({
      departmentId: orgByName.get(d)?.id ?? -1,
      position,
    }));
    const haveLinks = (linksBy.get(id) ?? [])
      .sort((a, b) => a.position - b.position)
      .map((l) => ({ departmentId: l.departmentId, position: l.position }));
    if (!same(wantLinks, haveLinks)) {
      if (haveLinks.length) replace.links.ids.push(id);
      replace.links.rows.push(...wantLinks.map((l) => ({ initiativeId: id, ...l })));
      touched.add(id);
    }

    const wantCross = i.crossListed.map((k) => branchByKey.get(k)?.id ?? -1).sort();
    const haveCross = (crossBy.get(id) ?? []).map((c) => c.branchId).sort();
    if (!same(wantCross, haveCross)) {
      if (haveCross.length) replace.cross.ids.push(id);
      replace.cross.rows.push(...wantCross.map((branchId) => ({ initiativeId: id, branchId })));
      touched.add(id);
    }

    const wantNarr = (bundleNarr.get(i.code) ?? []).map((n, position) => ({
      fiscalYear: n.fiscalYear,
      period: narrativePeriodKey(n),
      label: n.label,
      body: n.text,
      position,
    }));
    const haveNarr = (narrBy.get(id) ?? [])
      .sort((a, b) => a.position - b.position)
      .map((n) => ({
        fiscalYear: n.fiscalYear,
        period: n.period,
        label: n.label,
        body: n.body,
        position: n.position,
      }));
    if (!same(wantNarr, haveNarr)) {
      if (haveNarr.length) replace.narr.ids.push(id);
      replace.narr.rows.push(...wantNarr.map((n) => ({ initiativeId: id, ...n })));
      touched.add(id);
    }

    // Reviews: compared as a set by period (their order carries no meaning).
    const reviewValues = (r: {
      period: string;
      fiscalYear: number;
      asOf: string;
      weather: string | null;
      outlook: string | null;
      outlookReason: string | null;
      source: string | null;
      sourceNote: string | null;
    }) => [
      r.period,
      r.fiscalYear,
      r.asOf,
      r.weather,
      r.outlook,
      r.outlookReason,
      r.source,
      r.sourceNote,
    ];
    let wantRevs = (bundleReviews.get(i.code) ?? [])
      .map((r) => ({
        period: reviewPeriodKey(r.period),
        fiscalYear: r.period.fiscalYear,
        asOf: r.asOf,
        weather: r.weather,
        outlook: r.outlook,
        outlookReason: r.outlookReason,
        ...provenanceColumns(r.provenance),
      }))
      .sort((a, b) => a.period.localeCompare(b.period));
    // A review entered in LINE or the LIFF app (its current period's 天気 or 今後の方向性) is what a
    // person said: a re-import keeps it. Where the file gives that period otherwise, the difference
    // is reported with the board's, and the file's row replaces it only with `updateBoard`.
    const entered = (revsBy.get(id) ?? []).filter((r) => {
      if (r.channel !== "liff" && r.channel !== "line") return false;
      const fromFile = wantRevs.find((w) => w.period === r.period);
      if (!fromFile) return true;
      for (const field of ["weather", "outlook"] as const)
        if (fromFile[field] !== r[field])
          report.boardDifferences.push({
            code: i.code,
            field,
            current: r[field],
            imported: fromFile[field],
            period: r.period,
            ...(field === "outlook" ? { reason: fromFile.outlookReason } : {}),
          });
      return !updateBoard;
    });
    const keptPeriods = new Set(entered.map((r) => r.period));
    wantRevs = wantRevs.filter((w) => !keptPeriods.has(w.period));
    const haveRevs = (revsBy.get(id) ?? [])
      .filter((r) => !entered.includes(r))
      .sort((a, b) => a.period.localeCompare(b.period));
    if (!same(wantRevs.map(reviewValues), haveRevs.map(reviewValues))) {
      if (haveRevs.length || entered.length) replace.revs.ids.push(id);
      // Every row names its created_at (the bulk insert takes a column from all rows or none), so
      // that a kept review keeps its own.
      const createdAt = new Date();
      replace.revs.rows.push(
        ...wantRevs.map((r) => ({ initiativeId: id, ...r, channel: "import" as const, createdAt })),
        ...entered.map(({ id: _, ...r }) => r),
      );
      for (const r of wantRevs) {
        const old = haveRevs.find((h) => h.period === r.period);
        if (!old) reviewCounts.created++;
        else if (!same(reviewValues(old), reviewValues(r))) reviewCounts.updated++;
        else reviewCounts.unchanged++;
      }
      touched.add(id);
    } else reviewCounts.unchanged += wantRevs.length;

    const wantSched = (bundleSched.get(i.code) ?? []).map((x, position) => {
      const p = x.period;
      const from = p.kind === "period" ? p.period.fiscalYear : p.from;
      const to = p.kind === "period" ? p.period.fiscalYear : p.kind === "range" ? p.to : null;
      return {
        item: x.item,
        periodText: x.periodText,
        fromFiscalYear: from,
        toFiscalYear: to,
        body: x.text,
        position,
        ...provenanceColumns(x.provenance),
      };
    });
    const haveSched = (schedBy.get(id) ?? [])
      .sort((a, b) => a.position - b.position)
      .map((x) => ({
        item: x.item,
        periodText: x.periodText,
        fromFiscalYear: x.fromFiscalYear,
        toFiscalYear: x.toFiscalYear,
        body: x.body,
        position: x.position,
        source: x.source,
        sourceNote: x.sourceNote,
      }));
    if (!same(wantSched, haveSched)) {
      if (haveSched.length) replace.sched.ids.push(id);
      replace.sched.rows.push(...wantSched.map((x) => ({ initiativeId: id, ...x })));
      touched.add(id);
    }
  }
  await replaceChildRows(tx, s.initiativeDepartments, replace.links);
  await replaceChildRows(tx, s.initiativeCrossListings, replace.cross);
  await replaceChildRows(tx, s.narratives, replace.narr);
  await replaceChildRows(tx, s.scheduleItems, replace.sched);
  await replaceChildRows(tx, s.reviews, replace.revs);
  for (const row of initiativeRows) {
    if (touched.has(row.id)) report.initiatives.updated++;
    else if (bundleCodes.has(row.code)) report.initiatives.unchanged++;
  }

  // Indicators
  const indicatorRows = await tx
    .select()
    .from(s.indicators)
    .where(eq(s.indicators.planId, plan.id));
  const existingIndicators = new Map(indicatorRows.map((r) => [r.key, r]));
  const indicatorByKey = new Map<string, { id: number }>(existingIndicators);
  const newIndicators: (typeof s.indicators.$inferInsert)[] = [];
  for (const ind of bundle.indicators) {
    const values = {
      initiativeId: ind.initiative ? (initiativeByCode.get(ind.initiative)?.id ?? null) : null,
      name: ind.name,
      unit: ind.unit,
      direction: ind.direction,
      kind: ind.kind,
      baseFiscalYear: ind.baseFiscalYear,
      baseValue: ind.baseValue,
      departmentId: ind.department === null ? null : (orgByName.get(ind.department)?.id ?? null),
      baseline: ind.baseline,
      targetText: ind.targetText,
      note: ind.note,
      catalog: ind.catalog ?? null,
      position: ind.position,
      ...provenanceColumns(ind.provenance),
    };
    const existing = existingIndicators.get(ind.id);
    if (!existing) {
      newIndicators.push({ planId: plan.id, key: ind.id, ...values });
      report.indicators.created++;
    } else {
      const current = Object.fromEntries(
        Object.keys(values).map((k) => [k, existing[k as keyof typeof existing]]),
      );
      if (!same(current, values)) {
        await tx.update(s.indicators).set(values).where(eq(s.indicators.id, existing.id));
        report.indicators.updated++;
      } else report.indicators.unchanged++;
    }
  }

  for (const { id, key } of await insertRowsReturningIds(
    tx,
    s.indicators,
    newIndicators,
    s.indicators.key,
  ))
    indicatorByKey.set(key, { id });
  step(bundle.indicators.length);
  // Figures: append a version when the figure differs from the current one.
  const planIndicatorIds = tx
    .select({ id: s.indicators.id })
    .from(s.indicators)
    .where(eq(s.indicators.planId, plan.id));
  const figureRow = (f: BundleFigure) => ({
    indicatorId: indicatorByKey.get(f.indicator)?.id ?? -1,
    period: periodKey(f.period),
    fiscalYear: f.period.fiscalYear,
    value: f.figure?.value ?? null,
    decimals: f.figure?.decimals ?? 0,
    qualifier: f.figure?.qualifier ?? null,
    rawText: f.text,
    ...provenanceColumns(f.provenance),
  });
  const comparable = (r: {
    value: number | null;
    decimals: number;
    qualifier: string | null;
    rawText: string | null;
    source: string | null;
    sourceNote: string | null;
  }) => [r.value, r.decimals, r.qualifier, r.rawText, r.source, r.sourceNote];

  const targetRows = await tx
    .select()
    .from(s.targets)
    .where(and(inArray(s.targets.indicatorId, planIndicatorIds), isNull(s.targets.withdrawnAt)));
  const latestTarget = new Map<string, (typeof targetRows)[number]>();
  for (const r of targetRows) {
    const k = `${r.indicatorId}\u0000${r.period}`;
    const cur = latestTarget.get(k);
    if (!cur || r.id > cur.id) latestTarget.set(k, r);
  }
  const newTargets = [];
  for (const t of bundle.targets) {
    const row = figureRow(t);
    const cur = latestTarget.get(`${row.indicatorId}\u0000${row.period}`);
    if (cur && same(comparable(cur), comparable(row))) report.targets.unchanged++;
    else {
      newTargets.push({ ...row, channel: "import" as const });
      if (cur) report.targets.updated++;
      else report.targets.created++;
    }
  }
  await insertRows(tx, s.targets, newTargets);
  step(bundle.targets.length);

  const actualRows = await tx
    .select()
    .from(s.actuals)
    .where(and(inArray(s.actuals.indicatorId, planIndicatorIds), isNull(s.actuals.withdrawnAt)));
  const latestActual = new Map<string, (typeof actualRows)[number]>();
  for (const r of actualRows) {
    const k = `${r.indicatorId}\u0000${r.period}\u0000${r.kind}`;
    const cur = latestActual.get(k);
    if (!cur || r.id > cur.id) latestActual.set(k, r);
  }
  const newActuals = [];
  for (const a of bundle.actuals) {
    const row = figureRow(a);
    const cur = latestActual.get(`${row.indicatorId}\u0000${row.period}\u0000${a.kind}`);
    if (cur && same(comparable(cur), comparable(row))) report.actuals.unchanged++;
    else {
      newActuals.push({ ...row, kind: a.kind, channel: "import" as const });
      if (cur) report.actuals.updated++;
      else report.actuals.created++;
    }
  }
  await insertRows(tx, s.actuals, newActuals);
  step(bundle.actuals.length);

  const gradeRows = await tx
    .select()
    .from(s.grades)
    .where(inArray(s.grades.initiativeId, planInitiativeIds));
  const latestGrade = new Map<string, (typeof gradeRows)[number]>();
  for (const r of gradeRows) {
    const k = `${r.initiativeId}\u0000${r.fiscalYear}\u0000${r.kind}`;
    const cur = latestGrade.get(k);
    if (!cur || r.id > cur.id) latestGrade.set(k, r);
  }
  const newGrades = [];
  for (const g of bundle.grades) {
    const initiativeId = initiativeByCode.get(g.initiative)?.id ?? -1;
    const cur = latestGrade.get(`${initiativeId}\u0000${g.fiscalYear}\u0000${g.kind}`);
    const provenance = provenanceColumns(g.provenance);
    if (
      cur &&
      cur.grade === g.grade &&
      cur.reason === g.reason &&
      cur.source === provenance.source &&
      cur.sourceNote === provenance.sourceNote
    )
      report.grades.unchanged++;
    else {
      newGrades.push({
        initiativeId,
        fiscalYear: g.fiscalYear,
        kind: g.kind,
        grade: g.grade,
        reason: g.reason,
        channel: "import" as const,
        ...provenance,
      });
      if (cur) report.grades.updated++;
      else report.grades.created++;
    }
  }
  await insertRows(tx, s.grades, newGrades);
  step(bundle.grades.length);

  const sections = [
    report.departments,
    report.branches,
    report.initiatives,
    report.indicators,
    report.targets,
    report.actuals,
    report.grades,
    reviewCounts,
  ];
  report.changed ||= report.planCreated || sections.some((c) => c.created > 0 || c.updated > 0);
  report.boardUpdated = updateBoard && report.boardDifferences.length > 0;
  if (report.changed) await bumpPlanRevision(tx, plan.id);
  return report;
}
