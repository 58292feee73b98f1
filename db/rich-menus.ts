/**
 * The rich menus deployed to the LINE channel (`npx shinchoku richmenu deploy`), and which menu a
 * LINE user gets: the office menu when any of their active memberships is `office`, else the lead
 * menu (leads and viewers).
 */
import { eq } from "drizzle-orm";
import type { Role } from "../shared/roles.ts";
import type { DbOrTx } from "./client.ts";
import type { RichMenuKind } from "./schema.ts";
import * as s from "./schema.ts";

export type DeployedRichMenu = typeof s.richMenus.$inferSelect;

/** The menu for a set of roles: `office` wins, so an office member always has the office tools. */
export function richMenuKindFor(roles: Iterable<Role>): RichMenuKind {
  for (const role of roles) if (role === "office") return "office";
  return "lead";
}

/** The deployed menus by kind; empty when `richmenu deploy` never ran. */
export async function getDeployedRichMenus(
  db: DbOrTx,
): Promise<Partial<Record<RichMenuKind, DeployedRichMenu>>> {
  const rows = await db.select().from(s.richMenus);
  return Object.fromEntries(rows.map((r) => [r.kind, r]));
}

/** Records the menus of a deployment, replacing the earlier ones. */
export async function saveDeployedRichMenus(
  db: DbOrTx,
  menus: { kind: RichMenuKind; richMenuId: string; aliasId: string; imageSha256: string }[],
  now: Date,
): Promise<void> {
  for (const m of menus) {
    await db
      .insert(s.richMenus)
      .values({ ...m, deployedAt: now })
      .onConflictDoUpdate({
        target: s.richMenus.kind,
        set: {
          richMenuId: m.richMenuId,
          aliasId: m.aliasId,
          imageSha256: m.imageSha256,
          deployedAt: now,
        },
      });
  }
}

/** Every LINE user with an active membership, with the menu kind for their roles (all plans). */
export async function richMenuKindsOfActiveUsers(db: DbOrTx): Promise<Map<string, RichMenuKind>> {
  const rows = await db
    .select({ lineUserId: s.members.lineUserId, role: s.members.role })
    .from(s.members)
    .where(eq(s.members.active, true));
  const roles = new Map<string, Role[]>();
  for (const r of rows) roles.set(r.lineUserId, [...(roles.get(r.lineUserId) ?? []), r.role]);
  return new Map([...roles].map(([user, list]) => [user, richMenuKindFor(list)]));
}
