/**
 * Reading plans: the list of plans and the whole read model of one plan ({@link PlanView}).
 */

import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { approvalCounts } from "../shared/approval.ts";
import { compareReviewPeriodKeysDesc } from "../shared/fiscal-year.ts";
import { readGovernance } from "../shared/plan-meta.ts";
import type {
  ActualVersion,
  ActualView,
  FigureView,
  InitiativeView,
  PlanView,
  ReviewView,
} from "../shared/plan-view.ts";
import { provenanceField } from "../shared/provenance.ts";
import type { DbOrTx } from "./client.ts";
import * as s from "./schema.ts";

export interface PlanListItem {
  id: string;
  name: string;
  city: string;
}

/** Every plan, by city. */
export async function listPlans(db: DbOrTx): Promise<PlanListItem[]> {
  return db
    .select({ id: s.plans.id, name: s.plans.name, city: s.plans.city })
    .from(s.plans)
    .orderBy(asc(s.plans.createdAt), asc(s.plans.id));
}

/** The plan's source document (plan.yaml `source`), or null when it has none or no such plan. */
export async function planSource(db: DbOrTx, planId: string): Promise<string | null> {
  const [row] = await db
    .select({ source: s.plans.source })
    .from(s.plans)
    .where(eq(s.plans.id, planId));
  return row?.source ?? null;
}

/** Whether the database holds any plan yet. */
export async function hasAnyPlan(db: DbOrTx): Promise<boolean> {
  const rows = await db.select({ id: s.plans.id }).from(s.plans).limit(1);
  return rows.length > 0;
}

/**
 * Marks a plan as changed. Every write that changes what {@link loadPlanView} returns calls this in
 * the same transaction, so cached views are never served stale, across processes too.
 */
export async function bumpPlanRevision(db: DbOrTx, planId: string): Promise<void> {
  await planRevisionBump(db, planId);
}

/** The statement of {@link bumpPlanRevision}, unexecuted, for use inside `db.batch([...])`. */
export function planRevisionBump(db: DbOrTx, planId: string) {
  return db
    .update(s.plans)
    .set({ revision: sql`${s.plans.revision} + 1`, updatedAt: new Date() })
    .where(eq(s.plans.id, planId));
}

/** The prefix of a generated plan's name (bot/demo.ts): demo data is never taken for real figures. */
export const DEMO_PLAN_PREFIX = "【デモ】";

/** Marks a plan as generated demo data: its name starts with {@link DEMO_PLAN_PREFIX} (once). */
export async function markPlanAsDemo(db: DbOrTx, planId: string): Promise<void> {
  await db
    .update(s.plans)
    .set({
      name: sql`case when ${s.plans.name} like ${`${DEMO_PLAN_PREFIX}%`} then ${s.plans.name} else ${DEMO_PLAN_PREFIX} || ${s.plans.name} end`,
      revision: sql`${s.plans.revision} + 1`,
    })
    .where(eq(s.plans.id, planId));
}

// Plan views per database and plan id, each with the revision it was read at. A view is shared by
// every caller and must be treated as read-only. Keyed by the database too: tests and the CLI may
// hold several databases with the same plan at the same revision.
const viewCaches = new WeakMap<object, Map<string, { revision: number; view: PlanView }>>();

function cacheFor(db: DbOrTx): Map<string, { revision: number; view: PlanView }> {
  const key = ("$client" in db ? (db as { $client: object }).$client : db) as object;
  let cache = viewCaches.get(key);
  if (!cache) {
    cache = new Map();
    viewCaches.set(key, cache);
  }
  return cache;
}

/**
 * The read model of a plan, from the cache when the plan's revision has not changed since it was
 * read (one small query), else loaded with {@link loadPlanViewUncached}.
 *
 * @returns the plan (shared and read-only), or `null` when there is no plan with that id.
 */
export async function loadPlanView(db: DbOrTx, planId: string): Promise<PlanView | null> {
  const [row] = await db
    .select({ revision: s.plans.revision })
    .from(s.plans)
    .where(eq(s.plans.id, planId));
  const cache = cacheFor(db);
  if (!row) {
    cache.delete(planId);
    return null;
  }
  const cached = cache.get(planId);
  if (cached && cached.revision === row.revision) return cached.view;
  const view = await loadPlanViewUncached(db, planId);
  if (view) cache.set(planId, { revision: view.revision, view });
  return view;
}

/**
 * Keeps a plan view loaded elsewhere (a worker thread's connection to the same file, at the
 * revision it read) as this database's cached view, unless the cache already holds that revision
 * or a later one.
 * @returns the view callers will now share: the cached one when it was already there.
 */
export function rememberPlanView(db: DbOrTx, view: PlanView): PlanView {
  const cache = cacheFor(db);
  const cached = cache.get(view.id);
  if (cached && cached.revision >= view.revision) return cached.view;
  cache.set(view.id, { revision: view.revision, view });
  return view;
}

/**
 * Loads the read model of a plan in a fixed number of queries, whatever its size: the plan,
 * branches, initiatives, owning org units, current grades, indicators, current targets and
 * current actuals.
 *
 * @returns the plan, or `null` when there is no plan with that id.
 */
export async function loadPlanViewUncached(db: DbOrTx, planId: string): Promise<PlanView | null> {
  const [plan] = await db.select().from(s.plans).where(eq(s.plans.id, planId));
  if (!plan) return null;
  const [branchRows, initiativeRows, ownerRows, gradeRows, indicatorRows, reviewRows] =
    await Promise.all([
      db
        .select()
        .from(s.branches)
        .where(eq(s.branches.planId, planId))
        .orderBy(asc(s.branches.position)),
      db
        .select()
        .from(s.initiatives)
        .where(eq(s.initiatives.planId, planId))
        .orderBy(asc(s.initiatives.sortKey)),
      db
        .select({
          initiativeId: s.initiativeDepartments.initiativeId,
          name: s.departments.name,
          position: s.initiativeDepartments.position,
        })
        .from(s.initiativeDepartments)
        .innerJoin(s.departments, eq(s.departments.id, s.initiativeDepartments.departmentId))
        .where(eq(s.departments.planId, planId))
        .orderBy(asc(s.initiativeDepartments.position)),
      db
        .select({
          id: s.grades.id,
          initiativeId: s.grades.initiativeId,
          fiscalYear: s.grades.fiscalYear,
          kind: s.grades.kind,
          grade: s.grades.grade,
          reason: s.grades.reason,
          channel: s.grades.channel,
          source: s.grades.source,
          sourceNote: s.grades.sourceNote,
        })
        .from(s.grades)
        .innerJoin(s.initiatives, eq(s.initiatives.id, s.grades.initiativeId))
        .where(eq(s.initiatives.planId, planId))
        .orderBy(desc(s.grades.id)),
      db
        .select({ i: s.indicators, department: s.departments.name })
        .from(s.indicators)
        .leftJoin(s.departments, eq(s.departments.id, s.indicators.departmentId))
        .where(eq(s.indicators.planId, planId))
        .orderBy(asc(s.indicators.position)),
      db
        .select({
          initiativeId: s.reviews.initiativeId,
          period: s.reviews.period,
          asOf: s.reviews.asOf,
          weather: s.reviews.weather,
          outlook: s.reviews.outlook,
        })
        .from(s.reviews)
        .innerJoin(s.initiatives, eq(s.initiatives.id, s.reviews.initiativeId))
        .where(eq(s.initiatives.planId, planId)),
    ]);
  // Each initiative's latest review (its period ends last).
  const latestReviewBy = new Map<number, ReviewView>();
  for (const { initiativeId, ...r } of reviewRows) {
    const seen = latestReviewBy.get(initiativeId);
    if (!seen || compareReviewPeriodKeysDesc(r.period, seen.period) < 0)
      latestReviewBy.set(initiativeId, r);
  }
  // A subquery, not an id list: a large plan's ids would exceed SQLite's parameter limit.
  const deciders = alias(s.members, "deciders");
  const deciderOrgs = alias(s.departments, "decider_orgs");
  const indicatorIds = db
    .select({ id: s.indicators.id })
    .from(s.indicators)
    .where(eq(s.indicators.planId, planId));
  const [targetRows, actualRows] = indicatorRows.length
    ? await Promise.all([
        db
          .select()
          .from(s.targets)
          .where(and(inArray(s.targets.indicatorId, indicatorIds), isNull(s.targets.withdrawnAt)))
          .orderBy(desc(s.targets.id)),
        // Every version, withdrawn ones too: the current value per period and the history.
        db
          .select({
            a: s.actuals,
            reporter: s.members.displayName,
            reporterOrg: s.departments.name,
            decider: deciders.displayName,
            deciderOrg: deciderOrgs.name,
            reason: sql<
              string | null
            >`(select ${s.actualReasons.reason} from ${s.actualReasons} where ${s.actualReasons.actualId} = ${s.actuals.id} order by ${s.actualReasons.id} desc limit 1)`,
          })
          .from(s.actuals)
          .leftJoin(s.members, eq(s.members.id, s.actuals.reportedBy))
          .leftJoin(s.departments, eq(s.departments.id, s.members.departmentId))
          .leftJoin(deciders, eq(deciders.id, s.actuals.decidedBy))
          .leftJoin(deciderOrgs, eq(deciderOrgs.id, deciders.departmentId))
          .where(inArray(s.actuals.indicatorId, indicatorIds))
          .orderBy(desc(s.actuals.id)),
      ])
    : [[], []];

  const toFigure = (r: (typeof targetRows)[number]): FigureView => ({
    id: r.id,
    period: r.period,
    fiscalYear: r.fiscalYear,
    value: r.value,
    decimals: r.decimals,
    qualifier: r.qualifier,
    rawText: r.rawText,
    channel: r.channel,
    createdAt: Math.floor(r.createdAt.getTime() / 1000),
    ...provenanceField(r.source, r.sourceNote, r.channel),
  });
  // Rows come newest first: the first row seen for a key is the current version.
  const targetsBy = new Map<number, Map<string, FigureView>>();
  for (const r of targetRows) {
    const m = targetsBy.get(r.indicatorId) ?? new Map<string, FigureView>();
    if (!m.has(r.period)) m.set(r.period, toFigure(r));
    targetsBy.set(r.indicatorId, m);
  }
  const actualsBy = new Map<number, Map<string, ActualView>>();
  const awaitingBy = new Map<number, Map<string, ActualView>>();
  const historyBy = new Map<number, ActualVersion[]>();
  const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : null);
  for (const { a: r, reporter, reporterOrg, decider, deciderOrg, reason } of actualRows) {
    const history = historyBy.get(r.indicatorId) ?? [];
    history.push({
      ...toFigure(r),
      kind: r.kind,
      approval: r.approval,
      reporter: reporter ?? reporterOrg ?? null,
      reportedBy: r.reportedBy,
      reason: reason ?? null,
      withdrawnAt: seconds(r.withdrawnAt),
      decidedBy: r.decidedBy === null ? null : (decider ?? deciderOrg ?? null),
      decidedAt: seconds(r.decidedAt),
      decisionComment: r.decisionComment,
    });
    historyBy.set(r.indicatorId, history);
    if (r.withdrawnAt) continue;
    const m = actualsBy.get(r.indicatorId) ?? new Map<string, ActualView>();
    const k = `${r.period}\u0000${r.kind}`;
    if (m.has(k)) continue;
    const view: ActualView = { ...toFigure(r), kind: r.kind, approval: r.approval };
    // Newest first: a version not counted yet (承認待ち, 差し戻し) waits beside the one that counts.
    if (!approvalCounts(r.approval, plan.approval)) {
      const w = awaitingBy.get(r.indicatorId) ?? new Map<string, ActualView>();
      if (!w.has(k)) w.set(k, view);
      awaitingBy.set(r.indicatorId, w);
      continue;
    }
    m.set(k, view);
    actualsBy.set(r.indicatorId, m);
  }
  const byPeriod = (a: FigureView, b: FigureView) =>
    a.fiscalYear - b.fiscalYear || a.period.localeCompare(b.period);

  const indicatorsBy = new Map<number, InitiativeView["indicators"]>();
  const planIndicators: InitiativeView["indicators"] = [];
  for (const { i: r, department } of indicatorRows) {
    const view = {
      id: r.id,
      key: r.key,
      initiativeId: r.initiativeId,
      name: r.name,
      unit: r.unit,
      direction: r.direction,
      kind: r.kind,
      baseFiscalYear: r.baseFiscalYear,
      baseValue: r.baseValue,
      department: department ?? null,
      baseline: r.baseline,
      targetText: r.targetText,
      catalog: r.catalog,
      ...provenanceField(r.source, r.sourceNote),
      targets: [...(targetsBy.get(r.id)?.values() ?? [])].sort(byPeriod),
      actuals: [...(actualsBy.get(r.id)?.values() ?? [])].sort(byPeriod),
      awaiting: [...(awaitingBy.get(r.id)?.values() ?? [])]
        .filter((w) => {
          // Only what is newer than the period's counted version is still awaiting a decision.
          const counted = actualsBy.get(r.id)?.get(`${w.period}\u0000${w.kind}`);
          return !counted || counted.id < w.id;
        })
        .sort(byPeriod),
      history: historyBy.get(r.id) ?? [],
    };
    if (r.initiativeId === null) planIndicators.push(view);
    else {
      const list = indicatorsBy.get(r.initiativeId) ?? [];
      list.push(view);
      indicatorsBy.set(r.initiativeId, list);
    }
  }
  const ownersBy = new Map<number, string[]>();
  for (const r of ownerRows) {
    const list = ownersBy.get(r.initiativeId) ?? [];
    list.push(r.name);
    ownersBy.set(r.initiativeId, list);
  }
  const gradesBy = new Map<number, InitiativeView["grades"]>();
  const seenGrade = new Set<string>();
  for (const r of gradeRows) {
    const k = `${r.initiativeId}\u0000${r.fiscalYear}\u0000${r.kind}`;
    if (seenGrade.has(k)) continue;
    seenGrade.add(k);
    const g = gradesBy.get(r.initiativeId) ?? { progress: [], achievement: [] };
    g[r.kind].push({
      fiscalYear: r.fiscalYear,
      grade: r.grade,
      reason: r.reason,
      ...provenanceField(r.source, r.sourceNote, r.channel),
    });
    gradesBy.set(r.initiativeId, g);
  }
  for (const g of gradesBy.values()) {
    g.progress.sort((a, b) => b.fiscalYear - a.fiscalYear);
    g.achievement.sort((a, b) => b.fiscalYear - a.fiscalYear);
  }

  return {
    id: plan.id,
    revision: plan.revision,
    name: plan.name,
    city: plan.city,
    levels: plan.levels,
    initiativeLabel: plan.initiativeLabel,
    codeLabel: plan.codeLabel,
    startFiscalYear: plan.startFiscalYear,
    endFiscalYear: plan.endFiscalYear,
    boardColumns: plan.boardColumns,
    grades: plan.grades,
    weather: plan.weather,
    reviewCadence: plan.review,
    governance: readGovernance(plan.governance),
    population: plan.population ?? null,
    approval: plan.approval,
    branches: branchRows.map((b) => ({
      id: b.id,
      key: b.key,
      level: b.level,
      code: b.code,
      title: b.title,
      parentId: b.parentId,
      vision: b.vision,
      states: b.states,
    })),
    kgis: planIndicators,
    initiatives: initiativeRows.map((i) => ({
      id: i.id,
      code: i.code,
      sortKey: i.sortKey,
      title: i.title,
      ...(() => {
        const p = provenanceField(i.titleSource, i.titleSourceNote).provenance;
        return p ? { titleProvenance: p } : {};
      })(),
      branchId: i.branchId,
      departments: ownersBy.get(i.id) ?? [],
      columnKey: i.columnKey,
      weather: i.weather,
      outlook: i.outlook,
      version: i.version,
      grades: gradesBy.get(i.id) ?? { progress: [], achievement: [] },
      indicators: indicatorsBy.get(i.id) ?? [],
      ...(latestReviewBy.has(i.id) ? { latestReview: latestReviewBy.get(i.id) } : {}),
    })),
  };
}

/**
 * Publishes (or withdraws) a plan's public page (`/public/<id>`).
 * @returns false when there is no such plan.
 */
export async function setPlanPublished(
  db: DbOrTx,
  planId: string,
  published: boolean,
): Promise<boolean> {
  const result = await db
    .update(s.plans)
    .set({ published, updatedAt: new Date() })
    .where(eq(s.plans.id, planId));
  return result.rowsAffected > 0;
}

/** A plan's settings that are not part of its import: approval of official 実績 and the message budget. */
export interface PlanSettings {
  approval: "none" | "required";
  /** Monthly LINE messages the plan may use; null = no budget of its own. */
  messageBudget: number | null;
}

/** The plan's {@link PlanSettings}, or null when there is no such plan. */
export async function getPlanSettings(db: DbOrTx, planId: string): Promise<PlanSettings | null> {
  const [row] = await db
    .select({ approval: s.plans.approval, messageBudget: s.plans.messageBudget })
    .from(s.plans)
    .where(eq(s.plans.id, planId));
  return row ?? null;
}

/**
 * Changes the plan's settings (only the ones given), bumping its revision: the approval mode
 * changes which figures count in the plan view.
 * @returns false when there is no such plan.
 */
export async function setPlanSettings(
  db: DbOrTx,
  planId: string,
  change: Partial<PlanSettings>,
): Promise<boolean> {
  const result = await db
    .update(s.plans)
    .set({ ...change, revision: sql`${s.plans.revision} + 1`, updatedAt: new Date() })
    .where(eq(s.plans.id, planId));
  return result.rowsAffected > 0;
}
