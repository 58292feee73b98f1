/**
 * The DX office's pages (issue 11), each a route over a use case with the CLI's checks and an audit
 * entry for every action (bot/usecases/office*.ts; docs/api.md, "The DX office"):
 *
 *   GET    /api/plans/:planId/members              members with 課, role, active, last report
 *   POST   /api/plans/:planId/invites              an invite code with the bot's add-friend link
 *   PATCH  /api/plans/:planId/members/:userId      role, 課, active (reactivate)
 *   DELETE /api/plans/:planId/members/:userId      deactivate (history kept)
 *   GET    /api/plans/:planId/schedule             the reminder schedule and its next 12 dates
 *   PUT    /api/plans/:planId/schedule             save it
 *   GET    /api/plans/:planId/settings             approval of 確定値, the monthly message budget
 *   PUT    /api/plans/:planId/settings             change them
 *   GET    /api/plans/:planId/reporting            this cycle per 課 and per lead
 *   POST   /api/plans/:planId/reminders/run        run or resume the cycle, or send the follow-up
 *   POST   /api/plans/:planId/digest/send          the cost of a send; with `confirm`, the send
 *
 * Not a member of the plan: 403 `not_member`; a lead or a viewer: 403 `forbidden`.
 */
import { Hono } from "hono";
import { z } from "zod";
import { DEFAULT_INVITE_DAYS } from "../../db/invites.ts";
import type { MemberView } from "../../db/members.ts";
import { ApiError } from "../../shared/api-errors.ts";
import { ROLES } from "../../shared/roles.ts";
import { apiText } from "../text/api.ts";
import { sendDigestFromOffice } from "../usecases/office-digest.ts";
import {
  changeMember,
  deactivateMember,
  issueInvite,
  listPlanMembers,
} from "../usecases/office-members.ts";
import {
  cycleReporting,
  readSchedule,
  runReminders,
  saveSchedule,
} from "../usecases/office-reminders.ts";
import { readPlanSettings, savePlanSettings } from "../usecases/office-settings.ts";
import { type Failure, toApiError } from "../usecases/result.ts";
import type { ApiVars } from "./index.ts";
import { departmentOf, withOrgUnit } from "./legacy-keys.ts";
import { validate } from "./validate.ts";

const planParam = z.object({ planId: z.string().min(1) });
const memberParam = z.object({ planId: z.string().min(1), userId: z.string().min(1).max(100) });
const department = z.string().trim().min(1).max(100).nullable();

const inviteSchema = z
  .object({
    role: z.enum(ROLES),
    department: department.optional(),
    /** The old name of `department` (bot/api/legacy-keys.ts). */
    orgUnit: department.optional(),
    /** Days the code is valid; 14 when left out (as `npx shinchoku invite`). */
    days: z.number().int().optional(),
  })
  .strict()
  .transform(({ orgUnit, ...b }) => ({ ...b, department: departmentOf({ ...b, orgUnit }) }));

const memberPatchSchema = z
  .object({
    role: z.enum(ROLES).optional(),
    department: department.optional(),
    /** The old name of `department` (bot/api/legacy-keys.ts). */
    orgUnit: department.optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, apiText.memberChangeEmpty)
  .transform(({ orgUnit, ...b }) => {
    const department = departmentOf({ ...b, orgUnit });
    return { ...b, ...(department !== undefined ? { department } : {}) };
  });

const scheduleSchema = z
  .object({
    enabled: z.boolean(),
    dayOfMonth: z.number().int(),
    time: z.string(),
    periodMode: z.enum(["previous_month", "current_month"]),
    followUpDays: z.number().int().nullable(),
    escalate: z.boolean(),
    deadlineBusinessDays: z.number().int().nullable().optional(),
  })
  .strict();

const settingsSchema = z
  .object({
    approval: z.enum(["none", "required"]).optional(),
    /** Monthly LINE messages; null removes the budget. */
    messageBudget: z.number().int().nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, apiText.settingsChangeEmpty);

const runSchema = z.object({ followUp: z.boolean().optional() }).strict();

const digestSendSchema = z
  .object({ to: z.string().min(1), confirm: z.boolean().optional() })
  .strict();

/** The caller's membership of the plan. @throws ApiError `not_member`. */
function memberOf(memberships: MemberView[], planId: string): MemberView {
  const member = memberships.find((m) => m.planId === planId);
  if (!member) throw new ApiError("not_member", apiText.notMember);
  return member;
}

/** A success without its `ok` flag, each member of a union on its own. */
type Answer<R> = R extends { ok: true } ? Omit<R, "ok"> : never;

/** The use case's success without `ok`, as the route answers it; a failure thrown as an ApiError. */
function ok<R extends { ok: boolean }>(result: R): Answer<R> {
  if (!result.ok) throw toApiError(result as unknown as Failure<string>);
  const { ok: _, ...answer } = result;
  return answer as Answer<R>;
}

export function officeRoutes() {
  return new Hono<{ Variables: ApiVars }>()
    .get("/plans/:planId/members", validate("param", planParam), async (c) => {
      const { deps } = c.var;
      const actor = memberOf(c.get("memberships"), c.req.valid("param").planId);
      const { members } = ok(await listPlanMembers(deps, actor));
      return c.json({ members: members.map(withOrgUnit) });
    })

    .post(
      "/plans/:planId/invites",
      validate("param", planParam),
      validate("json", inviteSchema),
      async (c) => {
        const { deps } = c.var;
        const actor = memberOf(c.get("memberships"), c.req.valid("param").planId);
        const body = c.req.valid("json");
        const invite = ok(
          await issueInvite(deps, actor, {
            role: body.role,
            department: body.department ?? null,
            days: body.days ?? DEFAULT_INVITE_DAYS,
            channel: "liff",
          }),
        );
        return c.json(
          {
            code: invite.code,
            expiresAt: invite.expiresAt.toISOString(),
            addFriendUrl: invite.addFriendUrl,
          },
          201,
        );
      },
    )

    .patch(
      "/plans/:planId/members/:userId",
      validate("param", memberParam),
      validate("json", memberPatchSchema),
      async (c) => {
        const { deps } = c.var;
        const { planId, userId } = c.req.valid("param");
        const actor = memberOf(c.get("memberships"), planId);
        const body = c.req.valid("json");
        const { member } = ok(
          await changeMember(deps, actor, {
            lineUserId: userId,
            ...(body.role !== undefined ? { role: body.role } : {}),
            ...(body.department !== undefined ? { department: body.department } : {}),
            ...(body.active !== undefined ? { active: body.active } : {}),
            channel: "liff",
          }),
        );
        return c.json({ member: withOrgUnit(member) });
      },
    )

    .delete("/plans/:planId/members/:userId", validate("param", memberParam), async (c) => {
      const { deps } = c.var;
      const { planId, userId } = c.req.valid("param");
      const actor = memberOf(c.get("memberships"), planId);
      ok(await deactivateMember(deps, actor, { lineUserId: userId, channel: "liff" }));
      return c.json({ deactivated: userId });
    })

    .get("/plans/:planId/settings", validate("param", planParam), async (c) => {
      const { deps } = c.var;
      const actor = memberOf(c.get("memberships"), c.req.valid("param").planId);
      return c.json(ok(await readPlanSettings(deps, actor)));
    })

    .put(
      "/plans/:planId/settings",
      validate("param", planParam),
      validate("json", settingsSchema),
      async (c) => {
        const { deps } = c.var;
        const actor = memberOf(c.get("memberships"), c.req.valid("param").planId);
        const body = c.req.valid("json");
        ok(
          await savePlanSettings(deps, actor, {
            ...(body.approval !== undefined ? { approval: body.approval } : {}),
            ...(body.messageBudget !== undefined ? { messageBudget: body.messageBudget } : {}),
            channel: "liff",
          }),
        );
        return c.json(ok(await readPlanSettings(deps, actor)));
      },
    )

    .get("/plans/:planId/schedule", validate("param", planParam), async (c) => {
      const { deps } = c.var;
      const actor = memberOf(c.get("memberships"), c.req.valid("param").planId);
      const view = ok(await readSchedule(deps, actor));
      return c.json(view);
    })

    .put(
      "/plans/:planId/schedule",
      validate("param", planParam),
      validate("json", scheduleSchema),
      async (c) => {
        const { deps } = c.var;
        const actor = memberOf(c.get("memberships"), c.req.valid("param").planId);
        const body = c.req.valid("json");
        ok(
          await saveSchedule(deps, actor, {
            ...body,
            deadlineBusinessDays: body.deadlineBusinessDays ?? null,
            channel: "liff",
          }),
        );
        const view = ok(await readSchedule(deps, actor));
        return c.json(view);
      },
    )

    .get("/plans/:planId/reporting", validate("param", planParam), async (c) => {
      const { deps } = c.var;
      const actor = memberOf(c.get("memberships"), c.req.valid("param").planId);
      const view = ok(await cycleReporting(deps, actor));
      return c.json(
        view.cycle !== null && view.departments && view.leads
          ? {
              ...view,
              leads: view.leads.map(withOrgUnit),
              departments: view.departments,
              orgUnits: view.departments.map(withOrgUnit),
            }
          : view,
      );
    })

    .post(
      "/plans/:planId/reminders/run",
      validate("param", planParam),
      validate("json", runSchema),
      async (c) => {
        const { deps } = c.var;
        const actor = memberOf(c.get("memberships"), c.req.valid("param").planId);
        const body = c.req.valid("json");
        const result = ok(
          await runReminders(deps, actor, { followUp: body.followUp === true, channel: "liff" }),
        );
        return c.json(result);
      },
    )

    .post(
      "/plans/:planId/digest/send",
      validate("param", planParam),
      validate("json", digestSendSchema),
      async (c) => {
        const { deps } = c.var;
        const actor = memberOf(c.get("memberships"), c.req.valid("param").planId);
        const body = c.req.valid("json");
        const result = ok(
          await sendDigestFromOffice(deps, actor, {
            to: body.to,
            confirm: body.confirm === true,
            channel: "liff",
          }),
        );
        return c.json(result);
      },
    );
}
