/**
 * `GET /api/plans/:planId/notices`: what the office must know about the plan, shown as a banner on
 * the LIFF board and office pages. Today: reminder cycles LINE's monthly limit (429) stopped, with how
 * many were sent, how many wait and how to resume (bot/reminders/notices.ts). Any member of the plan
 * may read them; not a member: 403 `not_member`.
 */
import { Hono } from "hono";
import { ApiError } from "../../shared/api-errors.ts";
import { limitNotices } from "../reminders/notices.ts";
import { apiText } from "../text/api.ts";
import type { ApiVars } from "./index.ts";

export function noticeRoutes() {
  return new Hono<{ Variables: ApiVars }>().get("/plans/:planId/notices", async (c) => {
    const { deps } = c.var;
    const planId = c.req.param("planId");
    if (!c.get("memberships").some((m) => m.planId === planId))
      throw new ApiError("not_member", apiText.notMember);
    return c.json({ notices: await limitNotices(deps, [planId]) });
  });
}
