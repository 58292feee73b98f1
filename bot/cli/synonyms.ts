/**
 * `npx shinchoku synonyms add|list|remove --plan <id>`: the office's own search synonyms, stored in
 * the database and used from the next question on (no deploy). See docs/questions.md.
 */
import { listPlans } from "../../db/plans.ts";
import { addSynonyms, listSynonyms, removeSynonyms, SynonymError } from "../../db/search-corpus.ts";
import { fail, withDatabase } from "./db.ts";

const SOURCE_LABELS = { plan: "plan.yaml", office: "追加" } as const;

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
      if (!(await planExists(db, opts.plan))) return fail(`計画「${opts.plan}」はありません。`);
      try {
        const row = await addSynonyms(db, opts.plan, wordsOf(words));
        console.log(`同じ意味の言葉として登録しました（#${row.id}）: ${row.words.join(" = ")}`);
        console.log("次の質問から検索に使われます。");
      } catch (err) {
        if (err instanceof SynonymError) return fail(err.message);
        throw err;
      }
    }),
  list: (opts: { plan: string }) =>
    withDatabase(async (db) => {
      if (!(await planExists(db, opts.plan))) return fail(`計画「${opts.plan}」はありません。`);
      const rows = await listSynonyms(db, opts.plan);
      if (rows.length === 0) {
        console.log(
          `計画「${opts.plan}」の同義語はまだありません（組み込みの辞書は常に使われます）。`,
        );
        return;
      }
      for (const r of rows) {
        console.log(`#${r.id}\t${SOURCE_LABELS[r.source]}\t${r.words.join(" = ")}`);
      }
    }),
  remove: (id: string, opts: { plan: string }) =>
    withDatabase(async (db) => {
      const n = Number(id.replace(/^#/u, ""));
      if (!Number.isInteger(n))
        return fail("削除する同義語の番号（list の #）を指定してください。");
      if (await removeSynonyms(db, opts.plan, n)) console.log(`削除しました（#${n}）。`);
      else
        fail(
          `#${n} は削除できません（番号が違うか、plan.yaml の同義語です。plan.yaml は取り込み直してください）。`,
        );
    }),
};
