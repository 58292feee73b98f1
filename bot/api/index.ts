/**
 * The LIFF app's API under `/api`.
 *
 * Every route but `/api/config` needs `Authorization: Bearer <LIFF ID token>`, verified with LINE
 * Login (bot/auth.ts). Missing or invalid: 401. A verified user who is not a member of the plan
 * asked for: 403, with how to join. Under `npm run dev` only, `Bearer dev:<LINE userId>` is accepted.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { importPlanBundle } from "../../db/import.ts";
import { findMemberships, type MemberView } from "../../db/members.ts";
import { listPlans, loadPlanView } from "../../db/plans.ts";
import { latestCycle } from "../../db/reminders.ts";
import { ApiError } from "../../shared/api-errors.ts";
import { periodKeyText } from "../../shared/fiscal-year.ts";
import { rateHeadline } from "../../shared/reporting-rate.ts";
import {
  AuthError,
  clientAddress,
  DEV_TOKEN_PREFIX,
  TooManyVerifications,
  type VerifiedUser,
} from "../auth.ts";
import { preparePlanAnswersInSteps } from "../chat/questions.ts";
import type { AppDeps } from "../deps.ts";
import { digestFlexMessage, digestText } from "../digest/flex.ts";
import { buildPlanDigest } from "../digest/send.ts";
import { cycleReportingRate } from "../reminders/reporting.ts";
import { apiText } from "../text/api.ts";
import { compareCatalog } from "../usecases/compare-catalog.ts";
import { importGate, importPlan } from "../usecases/import-plan.ts";
import { toApiError } from "../usecases/result.ts";
import { type ImportBody, parseImportBody, pendingInline } from "./import-request.ts";
import { initiativeRoutes } from "./initiatives.ts";
import { withOrgUnit } from "./legacy-keys.ts";
import { noticeRoutes } from "./notices.ts";
import { officeRoutes } from "./office.ts";
import { validate } from "./validate.ts";

export { apiText } from "../text/api.ts";

export type ApiVars = { deps: AppDeps; user: VerifiedUser; memberships: MemberView[] };

const planParam = z.object({ planId: z.string().min(1) });
const catalogParam = z.object({ catalogId: z.string().min(1).max(100) });

export { importBodySchema } from "./import-request.ts";

/**
 * Types `POST /api/plans/import`'s JSON body for the RPC client (liff/src/api.ts) without reading
 * it: the body is read and checked off the request path (`AppDeps.readImport`).
 */
const importBodyType: MiddlewareHandler<
  { Variables: ApiVars },
  string,
  { in: { json: ImportBody }; out: { json: ImportBody } }
> = async (_c, next) => {
  await next();
};

export function apiRoutes() {
  return (
    new Hono<{ Variables: ApiVars }>()
      .get("/config", (c) =>
        c.json({
          liffId: c.var.deps.config.liffId,
          devAuth: c.var.deps.config.devAuth,
        }),
      )

      .use("*", async (c, next) => {
        const { deps } = c.var;
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
            .map((m) => withOrgUnit({ planId: m.planId, role: m.role, department: m.department })),
        });
      })

      .get("/plans", async (c) => {
        const { deps } = c.var;
        const memberships = c.get("memberships");
        const plans = await listPlans(deps.db);
        return c.json({
          plans: plans.map((p) => {
            const m = memberships.find((x) => x.planId === p.id);
            return {
              ...p,
              member: m ? withOrgUnit({ role: m.role, department: m.department }) : null,
            };
          }),
        });
      })

      .get("/plans/:planId/board", validate("param", planParam), async (c) => {
        const { deps } = c.var;
        const { planId } = c.req.valid("param");
        const plan = await loadPlanView(deps.db, planId);
        if (!plan) throw new ApiError("not_found", apiText.planNotFound(planId));
        const member = c.get("memberships").find((m) => m.planId === planId);
        if (!member) throw new ApiError("not_member", apiText.notMember);
        // The latest cycle's 提出率 headline for the board header (issue 12): null before any cycle.
        const cycle = await latestCycle(deps.db, planId);
        const rate = cycle ? await cycleReportingRate(deps, plan, cycle) : null;
        const reporting = rate
          ? { period: periodKeyText(rate.period), headline: rateHeadline(rate) }
          : null;
        return c.json({
          me: withOrgUnit({ role: member.role, department: member.department }),
          reporting,
          ...plan,
        });
      })

      // The DX office's digest preview (the LIFF preview page): what `digest --send` would send.
      .get("/plans/:planId/digest", validate("param", planParam), async (c) => {
        const { deps } = c.var;
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
      .post("/plans/import", importBodyType, async (c) => {
        const { deps } = c.var;
        const importer = {
          kind: "user" as const,
          userId: c.get("user").userId,
          memberships: c.get("memberships"),
        };
        const gate = importGate(deps, importer);
        if (gate) throw toApiError(gate);
        // Read and written off the request path on Node (a worker thread with its own connection):
        // a large plan is seconds of CPU. On Workers both run in the request.
        const read =
          deps.readImport ??
          (async (bytes: Uint8Array) =>
            pendingInline(parseImportBody(bytes), (bundle, dryRun) =>
              importPlanBundle(deps.db, bundle, { dryRun }),
            ));
        const parsed = await read(new Uint8Array(await c.req.arrayBuffer()));
        if (!parsed.ok)
          throw new ApiError(
            "invalid",
            parsed.message,
            parsed.issues ? { issues: parsed.issues } : undefined,
          );
        const { planId, dryRun } = parsed;
        const writing = performance.now();
        // The use case drops the read plan (its thread ends) when the importer may not write it.
        const result = await importPlan(deps, importer, parsed);
        if (!result.ok) throw toApiError(result);
        const { report } = result;
        c.header(
          "server-timing",
          `parse;dur=${parsed.parseMs.toFixed(1)}, write;dur=${(performance.now() - writing).toFixed(1)}`,
        );
        // The chat's answers on the new revision are prepared now, not on its first question. A plan
        // the import has just created has no members yet, so nobody can ask about it: its answers
        // are prepared by its first question instead, and the event loop (which preparing a large
        // plan holds for a second, docs/benchmarks.md "import") stays free for the webhooks.
        // A large plan's view is loaded off the event loop and its index built in steps
        // (`preparePlanAnswersInSteps`), so webhooks are answered meanwhile.
        if (!dryRun && report.changed && !report.planCreated)
          deps.defer(preparePlanAnswersInSteps(deps, planId));
        return c.json({ report, dryRun });
      })

      // A common indicator across the plans here and the imported reference series (docs/compare.md).
      .get("/catalog/:catalogId/compare", validate("param", catalogParam), async (c) => {
        const { catalogId } = c.req.valid("param");
        const result = await compareCatalog(
          c.var.deps,
          { kind: "member", memberships: c.get("memberships") },
          catalogId,
        );
        if (!result.ok) throw toApiError(result);
        return c.json({
          entry: result.entry,
          series: result.series,
          perCapitaNote: result.perCapitaNote,
        });
      })

      .route("/", initiativeRoutes())
      .route("/", noticeRoutes())
      .route("/", officeRoutes())
  );
}

/** The API's routes with their inputs and outputs: the type the LIFF app's `hc` client is built on. */
export type ApiRoutes = ReturnType<typeof apiRoutes>;
