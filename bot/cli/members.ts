/**
 * `npx shinchoku members add|list|remove`: the same use cases as the office's メンバー page
 * (bot/usecases/office-members.ts), run as the operator and written to the audit log.
 */
import { ROLE_LABELS, type Role } from "../../shared/roles.ts";
import { membersText as t } from "../text/cli.ts";
import { deactivateMember, enrollMember, listPlanMembers } from "../usecases/office-members.ts";
import { fail, operatorFor, withDeps } from "./db.ts";

export const membersCommand = {
  add: (opts: { plan: string; user: string; role: Role; org?: string; name?: string }) =>
    withDeps(async (deps) => {
      const result = await enrollMember(deps, operatorFor(opts.plan), {
        lineUserId: opts.user,
        role: opts.role,
        department: opts.org ?? null,
        displayName: opts.name ?? null,
        channel: "cli",
      });
      if (!result.ok) return fail(result.message);
      const { member: m, link } = result;
      console.log(t.added(m.lineUserId, ROLE_LABELS[m.role], m.department));
      // The rich menu of their role (skipped silently when the menus were never deployed).
      if (link.status === "linked")
        console.log(t.menuLinked(link.kind === "office" ? ROLE_LABELS.office : t.leadMenu));
      else if (link.status === "failed") console.error(t.menuLinkFailed(link.error));
    }),
  list: (opts: { plan: string; all?: boolean }) =>
    withDeps(async (deps) => {
      const result = await listPlanMembers(deps, operatorFor(opts.plan));
      if (!result.ok) return fail(result.message);
      const rows = result.members.filter((m) => opts.all === true || m.active);
      if (rows.length === 0) {
        console.log(t.noMembers(opts.plan));
        return;
      }
      for (const m of rows) {
        console.log(
          [
            m.lineUserId,
            m.role,
            m.department ?? "-",
            m.displayName ?? "",
            m.active ? "" : t.inactive,
          ]
            .join("\t")
            .trimEnd(),
        );
      }
    }),
  remove: (opts: { plan: string; user: string }) =>
    withDeps(async (deps) => {
      const result = await deactivateMember(deps, operatorFor(opts.plan), {
        lineUserId: opts.user,
        channel: "cli",
      });
      if (!result.ok) return fail(result.message);
      console.log(t.removed(opts.user));
    }),
};
