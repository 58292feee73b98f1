/**
 * The LIFF app's reads and writes of one initiative (docs/api.md):
 *
 *   GET   /api/initiatives/:id            detail: path, 再掲, narratives, schedule, indicators, grades, timeline
 *   PATCH /api/initiatives/:id            column, 天気, grade (S/A/B/C per 年度), 今後の方向性, comment
 *   POST  /api/indicators/:id/actuals     enter or correct an actual, with the LINE path's rules
 *   POST  /api/actuals/:id/withdraw       取消 of one entry
 *   POST  /api/actuals/:id/approve        approve a submitted official 実績 (課長 of its 課, office)
 *   POST  /api/actuals/:id/return         return it (差し戻し) with a comment
 *
 * Every write is checked here: membership (403), the member's right to this initiative (403 with the
 * reason), the plan's vocabularies and the grade-reason rule (400), and the version the client saw
 * (409 with the current state; nothing is written).
 */
import { Hono } from "hono";
import { z } from "zod";
import { loadInitiativeExtras } from "../../db/initiatives.ts";
import type { MemberView } from "../../db/members.ts";
import {
  findActualInitiative,
  findIndicatorInitiative,
  findInitiativePlan,
} from "../../db/owners.ts";
import { loadPlanView } from "../../db/plans.ts";
import { ApiError } from "../../shared/api-errors.ts";
import { formatPeriod, parsePeriod, periodKey } from "../../shared/fiscal-year.ts";
import { canEditIndicator, canEditInitiative } from "../../shared/permissions.ts";
import { OUTLOOKS } from "../../shared/plan-bundle.ts";
import type { IndicatorView, InitiativeView, PlanView } from "../../shared/plan-view.ts";
import type { AppDeps } from "../deps.ts";
import { apiText } from "../text/api.ts";
import { decideApproval } from "../usecases/approve-actual.ts";
import { recordActual } from "../usecases/record-actual.ts";
import { toApiError } from "../usecases/result.ts";
import { updateInitiative } from "../usecases/update-initiative.ts";
import { withdrawActual } from "../usecases/withdraw-actual.ts";
import type { ApiVars } from "./index.ts";
import { idParam, validate } from "./validate.ts";

const patchSchema = z
  .object({
    version: z.number().int().positive(),
    column: z.string().min(1).optional(),
    weather: z.string().min(1).nullable().optional(),
    outlook: z
      .object({
        value: z.enum(OUTLOOKS).nullable(),
        reason: z.string().trim().max(2000).nullable(),
      })
      .optional(),
    grade: z
      .object({
        fiscalYear: z.number().int(),
        kind: z.enum(["progress", "achievement"]),
        grade: z.string().min(1).max(2),
        reason: z.string().trim().max(4000).nullable().optional(),
      })
      .optional(),
    comment: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

const actualSchema = z
  .object({
    period: z.string().min(1),
    value: z.union([z.string().min(1), z.number()]),
    kind: z.enum(["interim", "official"]).optional(),
    reason: z.string().trim().max(4000).nullable().optional(),
    /** The id of the version the client saw for this period (null: none yet). */
    baseId: z.number().int().nullable(),
    /** Record even when the value looks implausible (the user confirmed). */
    confirm: z.boolean().optional(),
  })
  .strict();

const returnSchema = z
  .object({
    /** Why it is returned: shown to the lead who submitted it. */
    comment: z.string().trim().min(1).max(2000),
  })
  .strict();

function invalid(message: string): never {
  throw new ApiError("invalid", message);
}

/**
 * 403 with the reason unless the member may enter this indicator's figures: its own 担当課 when it
 * names one, else its initiative's (shared/permissions.ts `canEditIndicator`).
 */
function assertCanEditIndicator(
  member: MemberView,
  initiative: InitiativeView,
  indicator: IndicatorView,
): void {
  const decision = canEditIndicator(member, initiative, indicator);
  if (!decision.allowed) throw new ApiError("forbidden", decision.reason);
}

function findInitiative(plan: PlanView, id: number) {
  return plan.initiatives.find((i) => i.id === id);
}

/**
 * The plan and initiative behind an id, and the caller's membership in that plan.
 * @throws ApiError `not_found` (no such initiative), `not_member` (the caller is not in its plan).
 */
async function context(deps: AppDeps, memberships: MemberView[], initiativeId: number) {
  const planId = await findInitiativePlan(deps.db, initiativeId);
  if (planId === null) throw new ApiError("not_found", apiText.initiativeNotFound);
  const member = memberships.find((m) => m.planId === planId);
  if (!member) throw new ApiError("not_member", apiText.notMember);
  const plan = await loadPlanView(deps.db, planId);
  const initiative = plan ? findInitiative(plan, initiativeId) : undefined;
  if (!plan || !initiative) throw new ApiError("not_found", apiText.initiativeNotFound);
  return { plan, initiative, member };
}

/**
 * The caller's membership in the plan of an actual.
 * @throws ApiError `not_found` (no such actual), `not_member`.
 */
async function actualMember(deps: AppDeps, memberships: MemberView[], actualId: number) {
  const initiativeId = await findActualInitiative(deps.db, actualId);
  if (initiativeId === null) throw new ApiError("not_found", apiText.actualNotFound);
  return (await context(deps, memberships, initiativeId)).member;
}

/** The indicator an actual's version belongs to, as the plan reads now. */
function indicatorOfActual(plan: PlanView, actualId: number) {
  return plan.initiatives
    .flatMap((i) => i.indicators)
    .find((i) => i.history.some((v) => v.id === actualId));
}

/**
 * The branches from the plan's top level down to a branch (柱 → 区分), each with its level's label
 * and its ビジョン and 達成すべき状態 when the plan prints them.
 */
function branchPath(plan: PlanView, branchId: number) {
  const path = [];
  let b = plan.branches.find((x) => x.id === branchId);
  while (b) {
    path.unshift({
      key: b.key,
      level: b.level,
      label: plan.levels[b.level - 1] ?? "",
      code: b.code,
      title: b.title,
      vision: b.vision,
      states: b.states,
    });
    const parentId = b.parentId;
    b = parentId === null ? undefined : plan.branches.find((x) => x.id === parentId);
  }
  return path;
}

export function initiativeRoutes() {
  return (
    new Hono<{ Variables: ApiVars }>()
      .get("/initiatives/:id", validate("param", idParam), async (c) => {
        const { deps } = c.var;
        const { id } = c.req.valid("param");
        const { plan, initiative, member } = await context(deps, c.get("memberships"), id);
        const found = await loadInitiativeExtras(deps.db, id);
        if (!found) throw new ApiError("not_found", apiText.initiativeNotFound);
        const { crossListedBranchIds, ...extras } = found;
        return c.json({
          me: { role: member.role, department: member.department, memberId: member.id },
          plan: {
            id: plan.id,
            name: plan.name,
            city: plan.city,
            codeLabel: plan.codeLabel,
            initiativeLabel: plan.initiativeLabel,
            startFiscalYear: plan.startFiscalYear,
            endFiscalYear: plan.endFiscalYear,
            boardColumns: plan.boardColumns,
            grades: plan.grades,
            weather: plan.weather,
            reviewCadence: plan.reviewCadence,
            approval: plan.approval,
            governance: plan.governance,
          },
          initiative,
          path: branchPath(plan, initiative.branchId),
          // 再掲: the same initiative listed again under another branch. With its own branch, this
          // is which of Matsue's 3つの柱 it serves (each 柱 lists its 取組, 再掲 marks the others').
          crossListings: crossListedBranchIds.map((b) => branchPath(plan, b)),
          permission: canEditInitiative(member, initiative.departments),
          ...extras,
        });
      })

      .patch(
        "/initiatives/:id",
        validate("param", idParam),
        validate("json", patchSchema),
        async (c) => {
          const { deps } = c.var;
          const { id } = c.req.valid("param");
          const { initiative, member } = await context(deps, c.get("memberships"), id);
          const body = c.req.valid("json");
          const result = await updateInitiative(deps, member, {
            initiativeId: initiative.id,
            version: body.version,
            channel: "liff",
            change: {
              ...(body.column !== undefined ? { column: body.column } : {}),
              ...(body.weather !== undefined ? { weather: body.weather } : {}),
              ...(body.outlook ? { outlook: body.outlook } : {}),
              ...(body.grade
                ? { grade: { ...body.grade, reason: body.grade.reason ?? null } }
                : {}),
              ...(body.comment ? { comment: body.comment } : {}),
            },
          });
          if (!result.ok)
            throw toApiError(result, result.code === "conflict" ? { current: result.current } : {});
          const current = result.initiative;
          return c.json({ initiative: current });
        },
      )

      .post(
        "/indicators/:id/actuals",
        validate("param", idParam),
        validate("json", actualSchema),
        async (c) => {
          const { deps } = c.var;
          const { id: indicatorId } = c.req.valid("param");
          const initiativeId = await findIndicatorInitiative(deps.db, indicatorId);
          if (initiativeId === null) throw new ApiError("not_found", apiText.indicatorNotFound);
          const { plan, initiative, member } = await context(
            deps,
            c.get("memberships"),
            initiativeId,
          );
          const indicator = initiative.indicators.find((i) => i.id === indicatorId);
          if (!indicator) throw new ApiError("not_found", apiText.indicatorNotFound);
          assertCanEditIndicator(member, initiative, indicator);
          const body = c.req.valid("json");
          const period = parsePeriod(body.period);
          if (!period) invalid(apiText.badPeriod(body.period));
          const result = await recordActual(deps, member, {
            period,
            ...(body.kind ? { kind: body.kind } : {}),
            entries: [
              {
                indicatorId,
                value: String(body.value),
                rawText: String(body.value),
                baseId: body.baseId,
                reason: body.reason ?? null,
              },
            ],
            confirmed: body.confirm ?? false,
            channel: "liff",
          });
          if (!result.ok) {
            throw toApiError(
              result,
              result.code === "conflict"
                ? { current: result.current }
                : result.code === "confirm_required"
                  ? { warnings: result.implausible.flatMap((v) => v.warnings) }
                  : {},
            );
          }
          const [recorded] = result.recorded;
          const fresh = await loadPlanView(deps.db, plan.id);
          const updated = fresh
            ? findInitiative(fresh, initiative.id)?.indicators.find((i) => i.id === indicatorId)
            : undefined;
          return c.json(
            {
              indicator: updated,
              recorded: {
                id: recorded?.actualId,
                period: periodKey(result.period),
                label: formatPeriod(result.period),
                kind: result.kind,
              },
              behindTarget: recorded?.behindTarget ?? false,
            },
            201,
          );
        },
      )

      // 取消 from the LIFF app: the entry is marked withdrawn and stays in the history.
      .post("/actuals/:id/withdraw", validate("param", idParam), async (c) => {
        const { deps } = c.var;
        const { id: actualId } = c.req.valid("param");
        const initiativeId = await findActualInitiative(deps.db, actualId);
        if (initiativeId === null) throw new ApiError("not_found", apiText.actualNotFound);
        const { member } = await context(deps, c.get("memberships"), initiativeId);
        const result = await withdrawActual(deps, member, { actualId });
        if (!result.ok) throw toApiError(result);
        const { indicator } = result;
        return c.json({ indicator });
      })

      // Approval of an official 実績 (issue 12 §4): the 課長 of its 課 or the office, not the submitter.
      .post("/actuals/:id/approve", validate("param", idParam), async (c) => {
        const { deps } = c.var;
        const { id: actualId } = c.req.valid("param");
        const member = await actualMember(deps, c.get("memberships"), actualId);
        const result = await decideApproval(deps, member, {
          actualIds: [actualId],
          decision: "approved",
          channel: "liff",
        });
        if (!result.ok) throw toApiError(result);
        return c.json({ indicator: indicatorOfActual(result.plan, actualId), told: result.told });
      })

      .post(
        "/actuals/:id/return",
        validate("param", idParam),
        validate("json", returnSchema),
        async (c) => {
          const { deps } = c.var;
          const { id: actualId } = c.req.valid("param");
          const member = await actualMember(deps, c.get("memberships"), actualId);
          const result = await decideApproval(deps, member, {
            actualIds: [actualId],
            decision: "returned",
            comment: c.req.valid("json").comment,
            channel: "liff",
          });
          if (!result.ok) throw toApiError(result);
          return c.json({ indicator: indicatorOfActual(result.plan, actualId), told: result.told });
        },
      )
  );
}
