/**
 * The LIFF app's API under `/api`.
 *
 * Every route but `/api/config` needs `Authorization: Bearer <LIFF ID token>`, verified with LINE
 * Login (bot/auth.ts). Missing or invalid: 401. A verified user who is not a member of the plan
 * asked for: 403, with how to join. Under `npm run dev` only, `Bearer dev:<LINE userId>` is accepted.
 */
import { Hono } from "hono";
import { z } from "zod";
import { importPlanBundle } from "../../db/import.ts";
import { findMemberships, type MemberView } from "../../db/members.ts";
import { listPlans, loadPlanView } from "../../db/plans.ts";
import { ApiError } from "../../shared/api-errors.ts";
import {
  formatFileOf,
  type ImportIssue,
  isNoteSheet,
  sheetLabel,
  sheetRowsOf,
  unknownSheetIssue,
} from "../../shared/import-format.ts";
import { parsePlanBundle, type TableSource } from "../../shared/plan-bundle.ts";
import {
  AuthError,
  clientAddress,
  DEV_TOKEN_PREFIX,
  TooManyVerifications,
  type VerifiedUser,
} from "../auth.ts";
import type { AppDeps } from "../deps.ts";
import { digestFlexMessage, digestText } from "../digest/flex.ts";
import { buildPlanDigest } from "../digest/send.ts";
import { initiativeRoutes } from "./initiatives.ts";
import { noticeRoutes } from "./notices.ts";
import { officeRoutes } from "./office.ts";
import { apiText } from "./text.ts";
import { validate } from "./validate.ts";

export { apiText } from "./text.ts";

export type ApiVars = { user: VerifiedUser; memberships: MemberView[] };

const planParam = z.object({ planId: z.string().min(1) });

/** A workbook cell as the browser read it; anything but text is read as its string form. */
const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * `POST /api/plans/import`: the tables the browser read, as CSV/YAML text by file name (`files`)
 * or as a workbook's sheets (`sheets`: rows of cells, row 1 first), and whether to only try it.
 */
export const importBodySchema = z
  .object({
    files: z.record(z.string(), z.string()).optional(),
    sheets: z.record(z.string(), z.array(z.array(cell))).optional(),
    dryRun: z.boolean().optional(),
  })
  .refine((b) => b.files !== undefined || b.sheets !== undefined, apiText.importNothing);

/**
 * Who may import a plan through the API: into an existing plan, its DX office (`office` members of
 * that plan); a new plan only an operator listed in `ADMIN_LINE_USER_IDS`, so that an office member
 * of one plan cannot create or replace another. Without that list, new plans are created with the
 * CLI (`npx shinchoku import`), which runs with the database's own credentials. A dry run of a new
 * plan writes nothing, so any office member may check a new plan's files before handing them on.
 * @returns the Japanese reason for a 403, or null when allowed.
 */
export function importRefusal(
  deps: AppDeps,
  userId: string,
  memberships: readonly MemberView[],
  planId: string,
  target: { exists: boolean; dryRun: boolean },
): string | null {
  if (deps.config.adminUserIds.includes(userId)) return null;
  if (!target.exists) return target.dryRun ? null : apiText.importNewPlanAdminOnly(planId);
  if (!memberships.some((m) => m.planId === planId && m.role === "office"))
    return apiText.importNotOffice(planId);
  return null;
}

export function apiRoutes(deps: AppDeps) {
  return (
    new Hono<{ Variables: ApiVars }>()
      .get("/config", (c) =>
        c.json({
          liffId: deps.config.liffId,
          devAuth: deps.config.devAuth,
        }),
      )

      .use("*", async (c, next) => {
        const header = c.req.header("authorization") ?? "";
        const match = /^Bearer\s+(.+)$/iu.exec(header);
        if (!match?.[1]) throw new AuthError(apiText.missingToken);
        const token = match[1].trim();
        let user: VerifiedUser;
        if (token.startsWith(DEV_TOKEN_PREFIX)) {
          // Development tokens exist only in `npm run dev`; the production entry never sets devAuth.
          if (!deps.config.devAuth)
            throw new AuthError("Development tokens are not accepted by this server.");
          const userId = token.slice(DEV_TOKEN_PREFIX.length);
          if (!userId) throw new AuthError("dev: token without a user id.");
          user = { userId, name: null };
        } else {
          try {
            user = await deps.verifier.verify(token, clientAddress(c));
          } catch (err) {
            // Beyond the limit: the client is told when it may try again.
            if (err instanceof TooManyVerifications)
              c.header("Retry-After", String(err.retryAfterSeconds));
            throw err;
          }
        }
        c.set("user", user);
        c.set("memberships", await findMemberships(deps.db, user.userId));
        await next();
      })

      .get("/me", (c) => {
        const user = c.get("user");
        return c.json({
          userId: user.userId,
          memberships: c
            .get("memberships")
            .map((m) => ({ planId: m.planId, role: m.role, orgUnit: m.orgUnit })),
        });
      })

      .get("/plans", async (c) => {
        const memberships = c.get("memberships");
        const plans = await listPlans(deps.db);
        return c.json({
          plans: plans.map((p) => {
            const m = memberships.find((x) => x.planId === p.id);
            return { ...p, member: m ? { role: m.role, orgUnit: m.orgUnit } : null };
          }),
        });
      })

      .get("/plans/:planId/board", validate("param", planParam), async (c) => {
        const { planId } = c.req.valid("param");
        const plan = await loadPlanView(deps.db, planId);
        if (!plan) throw new ApiError("not_found", apiText.planNotFound(planId));
        const member = c.get("memberships").find((m) => m.planId === planId);
        if (!member) throw new ApiError("not_member", apiText.notMember);
        return c.json({ me: { role: member.role, orgUnit: member.orgUnit }, ...plan });
      })

      // The DX office's digest preview (the LIFF preview page): what `digest --send` would send.
      .get("/plans/:planId/digest", validate("param", planParam), async (c) => {
        const { planId } = c.req.valid("param");
        const member = c.get("memberships").find((m) => m.planId === planId);
        if (!member) throw new ApiError("not_member", apiText.notMember);
        if (member.role !== "office") throw new ApiError("forbidden", apiText.digestOfficeOnly);
        const digest = await buildPlanDigest(deps, planId);
        return c.json({
          digest,
          text: digestText(digest),
          message: digestFlexMessage(digest, { liffId: deps.config.liffId }),
        });
      })

      // Import from the LIFF app (office only). The client reads the workbook or CSV files itself and
      // sends the tables (see importBodySchema), with `dryRun`.
      .post("/plans/import", validate("json", importBodySchema), async (c) => {
        const body = c.req.valid("json");
        const memberships = c.get("memberships");
        const admin = deps.config.adminUserIds.includes(c.get("user").userId);
        if (!admin && !memberships.some((m) => m.role === "office"))
          throw new ApiError("forbidden", apiText.importOfficeOnly);
        const sources: Record<string, TableSource> = { ...(body.files ?? {}) };
        const names: Record<string, string> = {};
        const unknown: ImportIssue[] = [];
        // The sheets as io/plan-files.ts `readPlanWorkbook` takes a workbook's (shared/import-format.ts).
        for (const [sheet, rows] of Object.entries(body.sheets ?? {})) {
          if (isNoteSheet(sheet)) continue;
          const file = formatFileOf(sheet);
          if (!file) {
            unknown.push(unknownSheetIssue(sheet));
            continue;
          }
          sources[file] = sheetRowsOf(rows);
          names[file] = sheetLabel(sheet);
        }
        const parsed = parsePlanBundle(sources, { names });
        const issues = [...unknown, ...(parsed.ok ? [] : parsed.issues)];
        if (!parsed.ok || issues.length)
          throw new ApiError("invalid", apiText.importIssues(issues.length), { issues });
        const planId = parsed.bundle.plan.id;
        const existing = (await listPlans(deps.db)).some((p) => p.id === planId);
        const dryRun = body.dryRun === true;
        const refusal = importRefusal(deps, c.get("user").userId, memberships, planId, {
          exists: existing,
          dryRun,
        });
        if (refusal) throw new ApiError("forbidden", refusal);
        const report = await importPlanBundle(deps.db, parsed.bundle, { dryRun });
        return c.json({ report, dryRun });
      })

      .route("/", initiativeRoutes(deps))
      .route("/", noticeRoutes(deps))
      .route("/", officeRoutes(deps))
  );
}

/** The API's routes with their inputs and outputs: the type the LIFF app's `hc` client is built on. */
export type ApiRoutes = ReturnType<typeof apiRoutes>;
