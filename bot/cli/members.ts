import { addMember, listMembers, MemberError, removeMember } from "../../db/members.ts";
import { ROLE_LABELS, type Role } from "../../shared/roles.ts";
import { configFromEnv } from "../config.ts";
import { buildAppDeps } from "../deps.ts";
import { linkRichMenuForMember } from "../richmenu/link.ts";
import { fail, withDatabase } from "./db.ts";

async function guard(fn: () => Promise<void>) {
  try {
    await fn();
  } catch (err) {
    if (err instanceof MemberError) fail(err.message);
    else throw err;
  }
}

export const membersCommand = {
  add: (opts: { plan: string; user: string; role: Role; org?: string; name?: string }) =>
    guard(() =>
      withDatabase(async (db) => {
        const m = await addMember(db, {
          planId: opts.plan,
          lineUserId: opts.user,
          role: opts.role,
          orgUnit: opts.org ?? null,
          displayName: opts.name ?? null,
        });
        console.log(
          `登録しました: ${m.lineUserId}（${ROLE_LABELS[m.role]}${m.orgUnit ? `・${m.orgUnit}` : ""}）`,
        );
        // The rich menu of their role (skipped silently when the menus were never deployed).
        const deps = buildAppDeps({ db, config: configFromEnv(process.env), defer: () => {} });
        const link = await linkRichMenuForMember(deps, m);
        if (link.status === "linked")
          console.log(
            `リッチメニュー（${link.kind === "office" ? ROLE_LABELS.office : "担当課"}）をリンクしました。`,
          );
        else if (link.status === "failed")
          console.error(
            `リッチメニューをリンクできませんでした（登録は完了しています）: ${link.error}`,
          );
      }),
    ),
  list: (opts: { plan: string; all?: boolean }) =>
    withDatabase(async (db) => {
      const rows = await listMembers(db, opts.plan, { includeInactive: opts.all === true });
      if (rows.length === 0) {
        console.log(`計画「${opts.plan}」のメンバーはまだいません。`);
        return;
      }
      for (const m of rows) {
        console.log(
          [m.lineUserId, m.role, m.orgUnit ?? "-", m.displayName ?? "", m.active ? "" : "（無効）"]
            .join("\t")
            .trimEnd(),
        );
      }
    }),
  remove: (opts: { plan: string; user: string }) =>
    guard(() =>
      withDatabase(async (db) => {
        await removeMember(db, opts.plan, opts.user);
        console.log(`無効にしました: ${opts.user}（入力した記録は残ります）`);
      }),
    ),
};
