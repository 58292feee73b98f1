import { setPlanPublished } from "../../db/plans.ts";
import { commonText, publishText } from "../text/cli.ts";
import { fail, withDatabase } from "./db.ts";

/** `npx shinchoku publish --plan <id> [--off]`: publishes (or withdraws) the plan's public page. */
export async function publishCommand(opts: { plan: string; off?: boolean }) {
  await withDatabase(async (db) => {
    if (!(await setPlanPublished(db, opts.plan, !opts.off)))
      return fail(commonText.noPlan(opts.plan));
    console.log(opts.off ? publishText.withdrawn(opts.plan) : publishText.published(opts.plan));
  });
}
