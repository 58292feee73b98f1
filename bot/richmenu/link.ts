/**
 * Linking a LINE user to the rich menu of their role, when they join (invite code) or their role
 * changes (`npx shinchoku members add`). Skipped silently when the menus were never deployed or in
 * offline mode; a failure is logged and reported, never thrown, so it cannot break a join.
 *
 * @see https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-user
 */
import { findMemberships } from "../../db/members.ts";
import { getDeployedRichMenus, richMenuKindFor } from "../../db/rich-menus.ts";
import type { RichMenuKind } from "../../db/schema.ts";
import type { AppDeps } from "../deps.ts";
import { lineErrorText } from "../line/gateway.ts";

export type LinkResult =
  | { status: "linked"; kind: RichMenuKind; richMenuId: string }
  | { status: "skipped"; reason: "not_deployed" | "offline" | "not_member" }
  | { status: "failed"; kind: RichMenuKind; error: string };

/**
 * Links the member's LINE user to the menu for their roles (office if any active membership is
 * `office`, else lead). Never throws.
 */
export async function linkRichMenuForMember(
  deps: Pick<AppDeps, "db" | "line">,
  member: { lineUserId: string },
): Promise<LinkResult> {
  let kind: RichMenuKind = "lead";
  try {
    const menus = await getDeployedRichMenus(deps.db);
    if (!menus.lead && !menus.office) return { status: "skipped", reason: "not_deployed" };
    const client = deps.line.richMenus;
    if (!client) return { status: "skipped", reason: "offline" };
    const memberships = await findMemberships(deps.db, member.lineUserId);
    if (memberships.length === 0) return { status: "skipped", reason: "not_member" };
    kind = richMenuKindFor(memberships.map((m) => m.role));
    const menu = menus[kind] ?? menus.lead ?? menus.office;
    if (!menu) return { status: "skipped", reason: "not_deployed" };
    await client.linkUser(member.lineUserId, menu.richMenuId);
    return { status: "linked", kind: menu.kind, richMenuId: menu.richMenuId };
  } catch (err) {
    const error = lineErrorText(err);
    console.error(`rich menu link failed for ${member.lineUserId} (${kind}): ${error}`);
    return { status: "failed", kind, error };
  }
}
