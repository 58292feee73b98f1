/**
 * Plan questions answered as a person means them (issue 10), over the four bundled plans: the public
 * table (plan-questions.table.ts), then broader generated cases (every code of every plan in each
 * written form, every title with question words around it), synonyms added by the office, the
 * cut-off of weak matches and the answer when nothing matches.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../bot/chat/questions.ts";
import { configFromEnv } from "../../bot/config.ts";
import { buildAppDeps } from "../../bot/deps.ts";
import type { Message } from "../../bot/line/gateway.ts";
import { loadPlanView } from "../../db/plans.ts";
import { addSynonyms, planSearchFor } from "../../db/search-corpus.ts";
import type { PlanView } from "../../shared/plan-view.ts";
import { searchPlan } from "../../shared/search/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { TABLE, type TableRow } from "./plan-questions.table.ts";

const PLANS = ["tamana", "matsue", "tottori", "inzai"] as const;
type PlanId = (typeof PLANS)[number];
/** The day each plan's questions are asked on (Asia/Tokyo): 目標 means that 年度's. */
const CLOCKS: Record<PlanId, string> = {
  tamana: "2024-06-15T03:00:00Z",
  matsue: "2023-06-15T03:00:00Z",
  tottori: "2024-06-15T03:00:00Z",
  inzai: "2025-10-15T03:00:00Z",
};

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ plans: [...PLANS] });
}, 120_000);
afterAll(() => t.close());

async function planOf(id: string): Promise<PlanView> {
  const plan = await loadPlanView(t.db, id);
  if (!plan) throw new Error(`no plan ${id}`);
  return plan;
}

function depsFor(plan: PlanId) {
  return buildAppDeps({
    db: t.db,
    config: configFromEnv({}),
    clock: () => new Date(CLOCKS[plan]),
    defer: () => {},
    print: () => {},
  });
}

async function ask(plan: PlanId, q: string): Promise<Message[]> {
  return answerQuestion(depsFor(plan), await planOf(plan), undefined, q);
}

/** The initiative codes an answer shows, in order (from its Flex bubbles' headers). */
function codesShown(plan: PlanView, messages: Message[]): string[] {
  const codes: string[] = [];
  const label = `${plan.codeLabel} `;
  for (const m of messages) {
    if (m.type !== "flex") continue;
    const bubbles = m.contents.type === "carousel" ? m.contents.contents : [m.contents];
    for (const b of bubbles) {
      const head = b.header?.contents[0];
      if (head?.type === "text" && head.text?.startsWith(label)) {
        codes.push(head.text.slice(label.length));
      }
    }
  }
  return codes;
}

const textOf = (messages: Message[]) =>
  messages.map((m) => (m.type === "text" ? m.text : JSON.stringify(m))).join("\n");

interface Outcome {
  row: TableRow;
  shown: string[];
  ok: boolean;
  says: boolean;
}

async function run(row: TableRow): Promise<Outcome> {
  const plan = await planOf(row.plan);
  const messages = await ask(row.plan, row.q);
  const shown = codesShown(plan, messages);
  const says = row.says === undefined || textOf(messages).includes(row.says);
  return { row, shown, ok: shown[0] === row.code && says, says };
}

describe("the public table of plan questions", () => {
  it("has at least 200 questions over all four plans", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(200);
    for (const p of PLANS) expect(TABLE.filter((r) => r.plan === p).length).toBeGreaterThan(20);
  });

  it("answers at least 95 % of them with the initiative meant first, and the figure asked", async () => {
    const outcomes: Outcome[] = [];
    for (const row of TABLE) outcomes.push(await run(row));
    const wrong = outcomes.filter((o) => !o.ok);
    const accuracy = (outcomes.length - wrong.length) / outcomes.length;
    console.log(
      `plan questions: top-1 accuracy ${(accuracy * 100).toFixed(1)} % (${outcomes.length - wrong.length}/${outcomes.length})`,
    );
    for (const w of wrong) {
      console.log(
        `  ✗ ${w.row.plan} 「${w.row.q}」 meant ${w.row.code}${w.row.says ? ` saying ${w.row.says}` : ""}; got [${w.shown.join(", ")}]${w.says ? "" : " without the figure"}`,
      );
    }
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  }, 300_000);

  it("answers every code form in the table exactly: that initiative alone", async () => {
    const codeRows = TABLE.filter((r) =>
      /^(no[.．]?\s*|管理番号)?[\dａ-ｚＡ-Ｚa-zA-Z０-９①-⑳][\w０-９ａ-ｚＡ-Ｚ.．\-－]*(番)?$/iu.test(
        r.q,
      ),
    );
    expect(codeRows.length).toBeGreaterThan(15);
    for (const row of codeRows) {
      const plan = await planOf(row.plan);
      expect(codesShown(plan, await ask(row.plan, row.q)), row.q).toEqual([row.code]);
    }
  }, 120_000);
});

/** Full-width forms of ASCII letters, digits and `-.`: `B1-5a` → `Ｂ１－５ａ`. */
const fullWidth = (s: string) =>
  s.replace(/[!-~]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

/** The ways staff write one code: as printed, plain digits, No., 番, full width, lower case. */
function writtenForms(code: string): string[] {
  const plain = code.normalize("NFKC").replace(/^No\./u, "").toLowerCase();
  const forms = new Set([
    code,
    plain,
    plain.toUpperCase(),
    `No.${plain}`,
    `no ${plain}`,
    `${plain}番`,
    `No．${fullWidth(plain)}`,
    fullWidth(plain.toUpperCase()),
    `${code}の進捗`,
    `${plain}の進捗は？`,
    `${code}について教えて`,
  ]);
  const first = plain.match(/^\d+/u)?.[0];
  if (first && Number(first) >= 1 && Number(first) <= 20) {
    forms.add(plain.replace(/^\d+/u, CIRCLED[Number(first) - 1] ?? first));
  }
  if (plain.includes("-")) forms.add(plain.replace(/-/gu, "ー"));
  return [...forms];
}

describe("codes in every written form (generated from the plans)", () => {
  for (const planId of PLANS) {
    it(`${planId}: every code in every form answers exactly that initiative`, async () => {
      const plan = await planOf(planId);
      const search = await planSearchFor(t.db, plan);
      const misses: string[] = [];
      for (const i of plan.initiatives) {
        for (const form of writtenForms(i.code)) {
          const hits = searchPlan(search, form).hits.map((h) => h.initiative.code);
          if (hits.length !== 1 || hits[0] !== i.code) misses.push(`${form} → [${hits.join(",")}]`);
        }
      }
      expect(misses).toEqual([]);
    });
  }

  it("a bare number that is not a code matches nothing inside other fields (「①」 is ① alone)", async () => {
    const plan = await planOf("tamana");
    const search = await planSearchFor(t.db, plan);
    expect(searchPlan(search, "①").hits.map((h) => h.initiative.code)).toEqual(["①"]);
    expect(searchPlan(search, "④").hits.map((h) => h.initiative.code)).toEqual(["④"]);
    // ⑥ and ⑫'s indicators say 「次年度4月1日時点」: numbers are never searched as words.
    expect(searchPlan(search, "4月1日").hits.map((h) => h.initiative.code)).not.toContain("①");
    expect(searchPlan(search, "99").hits).toEqual([]);
    // Not codes: years, counts, amounts.
    expect(searchPlan(search, "R5年度の実績").question.codes).toEqual([]);
    expect(searchPlan(search, "20件").question.codes).toEqual([]);
  });
});

/** Question wrappings staff put around the name of a thing. */
const WRAPS = [
  (s: string) => s,
  (s: string) => `${s}の進捗は？`,
  (s: string) => `${s}について教えて`,
  (s: string) => `「${s}」はどうなってる？`,
  (s: string) => `${s}の進み具合はどうですか`,
  (s: string) => `お疲れ様です。${s}の状況を教えてください。`,
];

describe("every initiative's title with question words around it (generated)", () => {
  for (const planId of PLANS) {
    it(`${planId}: the title, however asked, answers that initiative first`, async () => {
      const plan = await planOf(planId);
      const search = await planSearchFor(t.db, plan);
      const misses: string[] = [];
      let total = 0;
      for (const i of plan.initiatives) {
        for (const wrap of WRAPS) {
          total++;
          const q = wrap(i.title);
          const hits = searchPlan(search, q).hits;
          if (hits[0]?.initiative.code !== i.code) {
            misses.push(`${q} → [${hits.map((h) => h.initiative.code).join(",")}]`);
          }
        }
      }
      // Titles that share every word with another (印西 B1-7A/B/C's siblings) may tie: allow 2 %.
      expect(misses.length / total, misses.join("\n")).toBeLessThanOrEqual(0.02);
    });
  }
});

describe("ranking and synonyms", () => {
  it("answers a long polite message about ペーパーレス from 総務課 with ⑲, not all 総務課 cards", async () => {
    const plan = await planOf("tamana");
    const codes = codesShown(
      plan,
      await ask(
        "tamana",
        "お疲れ様です。総務課の田中です。ペーパーレスの進み具合について教えていただけますでしょうか。よろしくお願いします。",
      ),
    );
    expect(codes[0]).toBe("⑲");
    expect(codes.length).toBeLessThanOrEqual(3);
  });

  it("gives a specific question one to three cards", async () => {
    const plan = await planOf("tamana");
    for (const q of ["企業誘致の目標は？", "残業は何人？", "ふるさと納税の寄付額はいくら？"]) {
      const codes = codesShown(plan, await ask("tamana", q));
      expect(codes.length, q).toBeGreaterThanOrEqual(1);
      expect(codes.length, q).toBeLessThanOrEqual(3);
    }
  });

  it("uses a synonym the office adds from the next question on, without a restart", async () => {
    const plan = await planOf("tottori");
    const before = searchPlan(await planSearchFor(t.db, plan), "パソコンの電源オフ運動").hits;
    expect(before.map((h) => h.initiative.code)).not.toContain("221040");
    await addSynonyms(t.db, "tottori", ["パソコンの電源オフ運動", "早期帰宅勧奨"]);
    const after = await planOf("tottori");
    expect(after.revision).toBeGreaterThan(plan.revision);
    const codes = codesShown(after, await ask("tottori", "パソコンの電源オフ運動"));
    expect(codes[0]).toBe("221040");
  });

  it("uses the plan's own synonyms from plan.yaml", async () => {
    const plan = await planOf("inzai");
    const codes = codesShown(plan, await ask("inzai", "脱ハンコ"));
    expect(codes[0]).toBe("B1-5a");
  });
});

describe("when nothing matches", () => {
  it("says so and offers the three closest initiatives as quick replies", async () => {
    const [message] = await ask("tamana", "駐輪場の整備");
    expect(message?.type).toBe("text");
    if (message?.type !== "text") return;
    expect(message.text).toContain("当てはまる取組が見つかりませんでした");
    const items = message.quickReply?.items ?? [];
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(3);
    for (const item of items) {
      expect(item.action?.type).toBe("message");
      expect(item.action?.label?.length).toBeLessThanOrEqual(20);
    }
  });

  it("answers an unrelated question with no initiative at all", async () => {
    const plan = await planOf("tamana");
    const search = await planSearchFor(t.db, plan);
    expect(searchPlan(search, "今日の天気は？").hits).toEqual([]);
  });
});
