/**
 * The LIFF app's API under `/api`.
 *
 * Every route but `/api/config` needs `Authorization: Bearer <LIFF ID token>`, verified with LINE
 * Login (bot/auth.ts). Missing or invalid: 401. A verified user who is not a member of the plan
 * asked for: 403, with how to join. Under `npm run dev` only, `Bearer dev:<LINE userId>` is accepted.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { importPlanBundle } from "../../db/import.ts";
import { findMemberships, type MemberView } from "../../db/members.ts";
import { listPlans, loadPlanView } from "../../db/plans.ts";
import { parsePlanBundle, SHEET_FILES, type TableSource } from "../../shared/plan-bundle.ts";
import { AuthError, DEV_TOKEN_PREFIX, type VerifiedUser } from "../auth.ts";
import type { AppDeps } from "../deps.ts";
import { digestFlexMessage, digestText } from "../digest/flex.ts";
import { buildPlanDigest } from "../digest/send.ts";
import { initiativeRoutes } from "./initiatives.ts";

export type ApiVars = { user: VerifiedUser; memberships: MemberView[] };

export const apiText = {
  notMember:
    "この計画のメンバーとして登録されていません。DX推進担当に登録を依頼し、届いた招待コードを LINE のトークで送ってください。",
  missingToken: "ログインが必要です。LINE アプリからもう一度開いてください。",
  planNotFound: (id: string) => `計画「${id}」はありません。`,
};

export function apiRoutes(deps: AppDeps) {
  const app = new Hono<{ Variables: ApiVars }>();

  app.get("/config", (c) =>
    c.json({
      liffId: deps.config.liffId,
      devAuth: deps.config.devAuth,
    }),
  );

  app.use("*", async (c, next) => {
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
      user = await deps.verifier.verify(token);
    }
    c.set("user", user);
    c.set("memberships", await findMemberships(deps.db, user.userId));
    await next();
  });

  app.get("/me", (c) => {
    const user = c.get("user");
    return c.json({
      userId: user.userId,
      memberships: c
        .get("memberships")
        .map((m) => ({ planId: m.planId, role: m.role, orgUnit: m.orgUnit })),
    });
  });

  app.get("/plans", async (c) => {
    const memberships = c.get("memberships");
    const plans = await listPlans(deps.db);
    return c.json({
      plans: plans.map((p) => {
        const m = memberships.find((x) => x.planId === p.id);
        return { ...p, member: m ? { role: m.role, orgUnit: m.orgUnit } : null };
      }),
    });
  });

  app.get("/plans/:planId/board", async (c) => {
    const planId = c.req.param("planId");
    const plan = await loadPlanView(deps.db, planId);
    if (!plan) throw new HTTPException(404, { message: apiText.planNotFound(planId) });
    const member = c.get("memberships").find((m) => m.planId === planId);
    if (!member) {
      return c.json({ error: { code: "not_member", message: apiText.notMember } }, 403);
    }
    return c.json({ me: { role: member.role, orgUnit: member.orgUnit }, ...plan });
  });

  // The DX office's digest preview (the LIFF preview page): what `digest --send` would send.
  app.get("/plans/:planId/digest", async (c) => {
    const planId = c.req.param("planId");
    const member = c.get("memberships").find((m) => m.planId === planId);
    if (!member) return c.json({ error: { code: "not_member", message: apiText.notMember } }, 403);
    if (member.role !== "office") {
      return c.json(
        {
          error: {
            code: "forbidden",
            message: "ダイジェストのプレビューはDX推進担当の方だけが使えます。",
          },
        },
        403,
      );
    }
    const digest = await buildPlanDigest(deps, planId);
    return c.json({
      digest,
      text: digestText(digest),
      message: digestFlexMessage(digest, { liffId: deps.config.liffId }),
    });
  });

  // Import from the LIFF app (office only). The client reads the workbook or CSV files itself and sends
  // the tables: `{ files: { "plan.yaml": "...", "initiatives.csv": "..." } }` or
  // `{ sheets: { "計画": [["項目","値"], …], "取組": [[…]] } }`, with `dryRun`.
  app.post("/plans/import", async (c) => {
    const body = (await c.req.json().catch(() => null)) as {
      files?: Record<string, string>;
      sheets?: Record<string, string[][]>;
      dryRun?: boolean;
    } | null;
    if (!body || (!body.files && !body.sheets)) {
      return c.json({ error: { code: "invalid", message: "取り込むファイルがありません。" } }, 400);
    }
    const memberships = c.get("memberships");
    if (!memberships.some((m) => m.role === "office")) {
      return c.json(
        { error: { code: "forbidden", message: "計画の取り込みはDX推進担当の方だけができます。" } },
        403,
      );
    }
    const sources: Record<string, TableSource> = { ...(body.files ?? {}) };
    const names: Record<string, string> = {};
    const unknown: string[] = [];
    for (const [sheet, rows] of Object.entries(body.sheets ?? {})) {
      const file = SHEET_FILES[sheet.trim()];
      if (!file) {
        if (!["説明", "README"].includes(sheet)) unknown.push(sheet);
        continue;
      }
      sources[file] = {
        rows: rows.map((cells, i) => ({ row: i + 1, cells: cells.map((x) => String(x ?? "")) })),
      };
      names[file] = `シート「${sheet}」`;
    }
    const parsed = parsePlanBundle(sources, { names });
    const issues = [
      ...unknown.map((sheet) => ({
        file: `シート「${sheet}」`,
        message: "このシートは取込形式にありません。",
      })),
      ...(parsed.ok ? [] : parsed.issues),
    ];
    if (!parsed.ok || issues.length)
      return c.json(
        {
          error: {
            code: "invalid",
            message: `${issues.length}件の問題があります。何も取り込んでいません。`,
          },
          issues,
        },
        400,
      );
    const planId = parsed.bundle.plan.id;
    const existing = (await listPlans(deps.db)).some((p) => p.id === planId);
    if (existing && !memberships.some((m) => m.planId === planId && m.role === "office")) {
      return c.json(
        {
          error: {
            code: "forbidden",
            message: `計画「${planId}」のDX推進担当ではないため取り込めません。`,
          },
        },
        403,
      );
    }
    const report = await importPlanBundle(deps.db, parsed.bundle, { dryRun: body.dryRun === true });
    return c.json({ report, dryRun: body.dryRun === true });
  });

  app.route("/", initiativeRoutes(deps));

  return app;
}
