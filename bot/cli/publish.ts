import { setPlanPublished } from "../../db/plans.ts";
import { fail, withDatabase } from "./db.ts";

/** `npx shinchoku publish --plan <id> [--off]`: publishes (or withdraws) the plan's public page. */
export async function publishCommand(opts: { plan: string; off?: boolean }) {
  await withDatabase(async (db) => {
    if (!(await setPlanPublished(db, opts.plan, !opts.off)))
      return fail(`計画「${opts.plan}」はありません。`);
    console.log(
      opts.off
        ? `計画「${opts.plan}」の公開ページを非公開にしました。`
        : `計画「${opts.plan}」を公開しました: /public/${opts.plan}（LINE ID や報告者の名前は表示されません）`,
    );
  });
}
