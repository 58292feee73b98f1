/**
 * `npx shinchoku synonyms add|list|remove --plan <id>`: the office's own search synonyms, stored in
 * the database and used from the next question on (no deploy). See docs/questions.md.
 */
import { listPlans } from "../../db/plans.ts";
import { addSynonyms, listSynonyms, removeSynonyms, SynonymError } from "../../db/search-corpus.ts";
import { commonText, synonymsText as t } from "../text/cli.ts";
import { fail, withDatabase } from "./db.ts";

const SOURCE_LABELS = t.sources;

/** Splits `残業,時間外勤務` or `残業 時間外勤務` (full-width commas and spaces too) into words. */
function wordsOf(args: string[]): string[] {
  return args.flatMap((a) => a.split(/[,、，\s\u3000]+/u)).filter((w) => w.length > 0);
}

async function planExists(db: Parameters<typeof listPlans>[0], planId: string): Promise<boolean> {
  return (await listPlans(db)).some((p) => p.id === planId);
}

export const synonymsCommand = {
  add: (words: string[], opts: { plan: string }) =>
    withDatabase(async (db) => {
      if (!(await planExists(db, opts.plan))) return fail(commonText.noPlan(opts.plan));
      try {
        const row = await addSynonyms(db, opts.plan, wordsOf(words));
        console.log(t.added(row.id, row.words));
        console.log(t.usedFromNext);
      } catch (err) {
        if (err instanceof SynonymError) return fail(err.message);
        throw err;
      }
    }),
  list: (opts: { plan: string }) =>
    withDatabase(async (db) => {
      if (!(await planExists(db, opts.plan))) return fail(commonText.noPlan(opts.plan));
      const rows = await listSynonyms(db, opts.plan);
      if (rows.length === 0) {
        console.log(t.none(opts.plan));
        return;
      }
      for (const r of rows) {
        console.log(`#${r.id}\t${SOURCE_LABELS[r.source]}\t${r.words.join(" = ")}`);
      }
    }),
  remove: (id: string, opts: { plan: string }) =>
    withDatabase(async (db) => {
      const n = Number(id.replace(/^#/u, ""));
      if (!Number.isInteger(n)) return fail(t.badId);
      if (await removeSynonyms(db, opts.plan, n)) console.log(t.removed(n));
      else fail(t.cannotRemove(n));
    }),
};
