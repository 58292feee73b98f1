/**
 * The LIFF app's reads and writes of one initiative (docs/api.md):
 *
 *   GET   /api/initiatives/:id            detail: path, narratives, schedule, indicators, grades, timeline
 *   PATCH /api/initiatives/:id            column, 天気, grade (S/A/B/C per 年度), 今後の方向性, comment
 *   POST  /api/indicators/:id/actuals     enter or correct an actual, with the LINE path's rules
 *
 * Every write is checked here: membership (403), the member's right to this initiative (403 with the
 * reason), the plan's vocabularies and the grade-reason rule (400), and the version the client saw
 * (409 with the current state; nothing is written).
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { addActualReason, recordActuals, withdrawActual } from "../../db/actuals.ts";
import { loadInitiativeExtras, updateInitiative } from "../../db/initiatives.ts";
import type { MemberView } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import { formatPeriod, parsePeriod, periodKey } from "../../shared/fiscal-year.ts";
import { parseFigure } from "../../shared/numbers.ts";
import { canEditInitiative, gradeNeedsReason } from "../../shared/permissions.ts";
import { meetsTarget, type PlanView, targetForYear } from "../../shared/plan-view.ts";
import { plausibilityWarnings } from "../../shared/reply-parser.ts";
import type { AppDeps } from "../deps.ts";
import { type ApiVars, apiText } from "./index.ts";

const OUTLOOKS = ["継続", "拡充", "見直し", "完了", "廃止"] as const;

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

function invalid(message: string): never {
  throw new HTTPException(400, { message });
}

function findInitiative(plan: PlanView, id: number) {
  return plan.initiatives.find((i) => i.id === id);
}

/** The plan and initiative behind an id, and the caller's membership in that plan. */
async function context(deps: AppDeps, memberships: MemberView[], initiativeId: number) {
  const [row] = await deps.db.$client
    .execute({ sql: "select plan_id from initiatives where id = ?", args: [initiativeId] })
    .then((r) => r.rows);
  if (!row) throw new HTTPException(404, { message: "この取組はありません。" });
  const planId = String(row.plan_id);
  const member = memberships.find((m) => m.planId === planId);
  if (!member) throw new HTTPException(403, { message: apiText.notMember });
  const plan = await loadPlanView(deps.db, planId);
  const initiative = plan ? findInitiative(plan, initiativeId) : undefined;
  if (!plan || !initiative) throw new HTTPException(404, { message: "この取組はありません。" });
  return { plan, initiative, member };
}

function branchPath(plan: PlanView, branchId: number) {
  const path = [];
  let b = plan.branches.find((x) => x.id === branchId);
  while (b) {
    path.unshift({
      level: b.level,
      label: plan.levels[b.level - 1] ?? "",
      code: b.code,
      title: b.title,
    });
    const parentId = b.parentId;
    b = parentId === null ? undefined : plan.branches.find((x) => x.id === parentId);
  }
  return path;
}

export function initiativeRoutes(deps: AppDeps) {
  const app = new Hono<{ Variables: ApiVars }>();

  app.get("/initiatives/:id", async (c) => {
    const id = Number(c.req.param("id"));
    const { plan, initiative, member } = await context(deps, c.get("memberships"), id);
    const extras = await loadInitiativeExtras(deps.db, id);
    return c.json({
      me: { role: member.role, orgUnit: member.orgUnit },
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
      },
      initiative,
      path: branchPath(plan, initiative.branchId),
      permission: canEditInitiative(member, initiative.departments),
      ...extras,
    });
  });

  app.patch("/initiatives/:id", async (c) => {
    const id = Number(c.req.param("id"));
    const { plan, initiative, member } = await context(deps, c.get("memberships"), id);
    const decision = canEditInitiative(member, initiative.departments);
    if (!decision.allowed)
      return c.json({ error: { code: "forbidden", message: decision.reason } }, 403);
    const parsed = patchSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      invalid(
        `入力の形が正しくありません: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("、")}`,
      );
    const body = parsed.data;
    if (body.column !== undefined && !plan.boardColumns.some((col) => col.key === body.column))
      invalid(`列「${body.column}」はこの計画にありません。`);
    if (body.weather && !plan.weather.includes(body.weather))
      invalid(`天気は ${plan.weather.join("・")} のいずれかです。`);
    if (body.outlook?.value && !body.outlook.reason)
      invalid("今後の方向性には理由を書いてください。");
    if (body.grade) {
      const scale = plan.grades[body.grade.kind];
      if (!scale) invalid("この計画にはこの評価がありません。");
      if (body.grade.grade !== "-" && !(body.grade.grade in scale.scale))
        invalid(`評価は ${Object.keys(scale.scale).join("・")} のいずれかです。`);
      if (
        body.grade.fiscalYear < plan.startFiscalYear ||
        body.grade.fiscalYear > plan.endFiscalYear
      )
        invalid("計画期間外の年度です。");
      if (gradeNeedsReason(scale, body.grade.grade) && !body.grade.reason) {
        invalid(
          `${scale.label}が「${body.grade.grade}」のときは理由が必要です（S は理由、B・C は理由と改善に向けた方策）。`,
        );
      }
    }
    const result = await updateInitiative(deps.db, {
      initiativeId: id,
      planId: plan.id,
      expectedVersion: body.version,
      memberId: member.id,
      channel: "liff",
      change: {
        ...(body.column !== undefined ? { column: body.column } : {}),
        ...(body.weather !== undefined ? { weather: body.weather } : {}),
        ...(body.outlook ? { outlook: body.outlook } : {}),
        ...(body.grade ? { grade: { ...body.grade, reason: body.grade.reason ?? null } } : {}),
        ...(body.comment ? { comment: body.comment } : {}),
      },
    });
    const fresh = await loadPlanView(deps.db, plan.id);
    const current = fresh ? findInitiative(fresh, id) : undefined;
    if (!result.ok) {
      return c.json(
        {
          error: {
            code: "conflict",
            message:
              "ほかの人が先に更新しました。最新の内容を表示します。入力した内容を確かめて、もう一度保存してください。",
          },
          current,
        },
        409,
      );
    }
    return c.json({ initiative: current });
  });

  app.post("/indicators/:id/actuals", async (c) => {
    const indicatorId = Number(c.req.param("id"));
    const [row] = await deps.db.$client
      .execute({ sql: "select initiative_id from indicators where id = ?", args: [indicatorId] })
      .then((r) => r.rows);
    if (!row || row.initiative_id === null)
      throw new HTTPException(404, { message: "この指標はありません。" });
    const { plan, initiative, member } = await context(
      deps,
      c.get("memberships"),
      Number(row.initiative_id),
    );
    const decision = canEditInitiative(member, initiative.departments);
    if (!decision.allowed)
      return c.json({ error: { code: "forbidden", message: decision.reason } }, 403);
    const parsed = actualSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      invalid(
        `入力の形が正しくありません: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("、")}`,
      );
    const body = parsed.data;
    const indicator = initiative.indicators.find((i) => i.id === indicatorId);
    if (!indicator) throw new HTTPException(404, { message: "この指標はありません。" });
    const period = parsePeriod(body.period);
    if (!period) invalid(`「${body.period}」は期間として読めません（例: R5、2024-06）。`);
    if (period.fiscalYear < plan.startFiscalYear || period.fiscalYear > plan.endFiscalYear)
      invalid("計画期間外の期間です。");
    const kind = body.kind ?? (period.kind === "fy" ? "official" : "interim");
    const figure = parseFigure(String(body.value), indicator.unit);
    if (!figure.ok) {
      invalid(
        figure.error.code === "unit_mismatch"
          ? `単位が違います（この指標は「${indicator.unit}」です）。`
          : `「${body.value}」は数値として読めません。`,
      );
    }
    const key = periodKey(period);
    const current = indicator.actuals.find((a) => a.period === key && a.kind === kind) ?? null;
    if ((current?.id ?? null) !== body.baseId) {
      return c.json(
        {
          error: {
            code: "conflict",
            message: "ほかの人が先にこの期間の実績を更新しました。最新の値を確かめてください。",
          },
          current,
        },
        409,
      );
    }
    const last =
      indicator.history.find((v) => v.value !== null && v.withdrawnAt === null)?.value ?? null;
    const warnings = plausibilityWarnings(indicator.unit, figure.figure.value, last);
    if (warnings.length > 0 && !body.confirm) {
      return c.json(
        {
          error: {
            code: "confirm_required",
            message: "確認が必要な値です。正しければ、もう一度保存してください。",
          },
          warnings,
        },
        422,
      );
    }
    const target = targetForYear(indicator, period.fiscalYear);
    const behind =
      meetsTarget(indicator.direction, target?.value ?? null, figure.figure.value) === false;
    const [actualId] = await recordActuals(deps.db, [
      {
        planId: plan.id,
        indicatorId,
        period,
        kind,
        figure: figure.figure,
        rawText: String(body.value),
        channel: "liff",
        memberId: member.id,
      },
    ]);
    if (behind && body.reason && actualId !== undefined) {
      await addActualReason(deps.db, {
        actualId,
        reason: body.reason,
        memberId: member.id,
        channel: "liff",
      });
    }
    const fresh = await loadPlanView(deps.db, plan.id);
    const updated = fresh
      ? findInitiative(fresh, initiative.id)?.indicators.find((i) => i.id === indicatorId)
      : undefined;
    return c.json(
      {
        indicator: updated,
        recorded: { id: actualId, period: key, label: formatPeriod(period), kind },
        behindTarget: behind,
      },
      201,
    );
  });

  // 取消 from the LIFF app: the entry is marked withdrawn and stays in the history.
  app.post("/actuals/:id/withdraw", async (c) => {
    const actualId = Number(c.req.param("id"));
    const [row] = await deps.db.$client
      .execute({
        sql: "select i.initiative_id from actuals a join indicators i on i.id = a.indicator_id where a.id = ?",
        args: [actualId],
      })
      .then((r) => r.rows);
    if (!row || row.initiative_id === null)
      throw new HTTPException(404, { message: "この実績はありません。" });
    const { plan, initiative, member } = await context(
      deps,
      c.get("memberships"),
      Number(row.initiative_id),
    );
    const decision = canEditInitiative(member, initiative.departments);
    if (!decision.allowed)
      return c.json({ error: { code: "forbidden", message: decision.reason } }, 403);
    const done = await withdrawActual(deps.db, actualId, plan.id, deps.clock());
    if (!done)
      return c.json(
        { error: { code: "conflict", message: "この実績はすでに取り消されています。" } },
        409,
      );
    const fresh = await loadPlanView(deps.db, plan.id);
    const indicator = fresh?.initiatives
      .find((i) => i.id === initiative.id)
      ?.indicators.find((ind) => ind.history.some((v) => v.id === actualId));
    return c.json({ indicator });
  });

  return app;
}
