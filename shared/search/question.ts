/**
 * Reading a question as a person means it: what it asks for (目標, 実績, いつ, 担当), for which 年度,
 * about which initiative (a code) or topic (the words left once the asking is taken away).
 *
 * 「企業誘致の目標は？」 → asks `target`, topic 「企業誘致」; 「⑲の進捗」 → code 19, asks `card`;
 * 「R5年度の実績」 → asks `actual` for FY2023; 「総務課の者ですが、ペーパーレスの進み具合について教えて
 * いただけますか」 → topic 「総務課」「ペーパーレス」.
 */
import { parseFiscalYear } from "../fiscal-year.ts";
import { type CodeMention, codeMentions } from "./codes.ts";
import { foldWidth } from "./normalize.ts";

/** What a question asks for about the initiative(s) it names; `card` = everything, as a card. */
export type Ask = "target" | "actual" | "schedule" | "department" | "card";

export interface ParsedQuestion {
  /** The question after {@link foldWidth}. */
  folded: string;
  ask: Ask;
  /** A 年度 named in the question (`R5年度`, `2023年度`, `令和5年度`): the fiscal year, e.g. 2023. */
  fiscalYear: number | null;
  /** `今年度` 0, `昨年度`/`前年度` -1, `来年度` +1: relative to the current fiscal year; else null. */
  relativeYear: number | null;
  /** Code-like words (whether they are the plan's codes is checked against the plan). */
  codes: CodeMention[];
  /** The words left to search for, in order, as typed (folded), each a segment without particles. */
  segments: string[];
}

// Order matters where one pattern would claim another's words: 担当 before 目標/実績 so that
// 「目標の担当は？」 asks for the 担当課.
const ASKS = {
  department:
    /(どこの(課|部署|部|係|担当)|どこが|どこで(担当|やって)|担当(課|部署|部|係|者)?(は|を|って|が|どこ|[?？]|$)|所管|誰が|だれが|誰の|担当して|主管)/u,
  schedule:
    /(いつ|スケジュール|予定|工程|時期|期限|日程|ロードマップ|マイルストーン|何年度まで|何月)/u,
  /** Words that ask for the actual even beside 目標 (「目標の達成状況」). */
  actualFirst: /(実績|達成(率|状況|度|でき))/u,
  target: /(目標|ゴール|目指|めざ|kpi|kgi)/u,
  actual:
    /(いくら|何件|何人|何回|何個|何%|何パーセント|何割|どれくらい|どのくらい|どれだけ|どれほど|数値|数字|結果|件数は|金額|額は|率は|人数は|は何)/u,
};

/** What a question asks for: 担当, then いつ, then 実績 over 目標 (「目標の達成状況」), then 目標. */
function askOf(text: string, hasYear: boolean): Ask {
  if (ASKS.department.test(text)) return "department";
  if (ASKS.schedule.test(text)) return "schedule";
  if (ASKS.actualFirst.test(text)) return "actual";
  if (ASKS.target.test(text)) return "target";
  if (ASKS.actual.test(text)) return "actual";
  return hasYear ? "actual" : "card";
}

/** Phrases that ask, greet or soften rather than name something; removed before searching. */
const ASKING = [
  // greetings and politeness around a question
  "お疲れ様です",
  "おつかれさまです",
  "お疲れさまです",
  "お世話になっております",
  "お世話になります",
  "よろしくお願いいたします",
  "よろしくお願いします",
  "宜しくお願いします",
  "お願いします",
  "お願いいたします",
  "すみません",
  "恐れ入りますが",
  "恐縮ですが",
  "失礼します",
  "ありがとうございます",
  "の者ですが",
  "の者です",
  "ですが",
  "なのですが",
  "なんですが",
  "教えていただけますでしょうか",
  "教えていただけますか",
  "教えていただけませんか",
  "教えていただきたい",
  "教えてもらえますか",
  "教えてもらえる",
  "教えてほしい",
  "教えて下さい",
  "教えてください",
  "教えて",
  "おしえて",
  "いただけますでしょうか",
  "いただけますか",
  "いただけませんか",
  "でしょうか",
  "知りたいのですが",
  "知りたいです",
  "知りたい",
  "確認したい",
  "確認させて",
  "見せてください",
  "見せて",
  "見たい",
  "表示して",
  "調べて",
  "聞きたい",
  "伺いたい",
  "を確認",
  // asking how something stands
  "について",
  "に関して",
  "に関する",
  "の件",
  "はどうなっていますか",
  "はどうなってる",
  "どうなっていますか",
  "どうなっている",
  "どうなってる",
  "どうなった",
  "どうですか",
  "どうでしょう",
  "どんな感じ",
  "いかがですか",
  "いかが",
  "どう",
  "進捗状況",
  "進捗率",
  "進捗",
  "しんちょく",
  "進み具合",
  "進みぐあい",
  "進行状況",
  "状況",
  "状態",
  "現状",
  "最新",
  "最近",
  "ですか",
  "ますか",
  "ください",
  "下さい",
  "ってなに",
  "って何",
  "とは",
  "の取り組み",
  "の取組",
  "取り組み",
  "取組",
  // what is asked for (recognised by ASKS first)
  "目標値",
  "目標",
  "ゴール",
  "目指して",
  "実績値",
  "実績",
  "いくら",
  "何件",
  "何人",
  "何回",
  "何個",
  "何%",
  "何パーセント",
  "何割",
  "どれくらい",
  "どのくらい",
  "どれだけ",
  "どれほど",
  "数値",
  "数字",
  "達成率",
  "達成状況",
  "達成度",
  "達成",
  "結果",
  "いつから",
  "いつまで",
  "いつごろ",
  "いつ頃",
  "いつ",
  "スケジュール",
  "予定",
  "工程表",
  "工程",
  "時期",
  "期限",
  "日程",
  "担当課",
  "担当部署",
  "担当者",
  "担当",
  "どこの課",
  "どこの部署",
  "どこの部",
  "どこが",
  "どこ",
  "所管課",
  "所管",
  "だれが",
  "誰が",
  "誰",
  "は何",
  "なに",
  "何",
]
  // 「は何人」 before 「は何」: the longest phrase at a place wins, and は何 must not leave 人 behind.
  .flatMap((p) => (/^何./u.test(p) ? [p, `は${p}`] : [p]))
  .sort((a, b) => b.length - a.length);
const ASKING_RE = new RegExp(ASKING.map((p) => p.replace(/[?]/gu, "\\$&")).join("|"), "gu");

/** A 年度 as people write it; 元 for 1. */
const YEAR_RE =
  /(?:令和|(?<![a-z])r)\s*(\d{1,2}|元)\s*(?:年度|年)?|(?:平成|(?<![a-z])h)\s*(\d{1,2}|元)\s*(?:年度|年)|(?:(?<![a-z])fy\s*(\d{4}))|(?<!\d)(\d{4})\s*年度/gu;
const RELATIVE_YEARS: [RegExp, number][] = [
  [/(今年度|本年度|今年|ことし|今期)/u, 0],
  [/(昨年度|前年度|去年|昨年|前期)/u, -1],
  [/(来年度|次年度|来年)/u, 1],
];

/** Hiragana particles between words: split there (`企業誘致の目標` → `企業誘致`, `目標`). */
const PARTICLE_SPLIT =
  /(?<=[^\p{Script=Hiragana}\s])(?:って|には|では|とは|から|まで|より|など|の|を|は|が|に|で|と|や|へ|も)+(?=[^\p{Script=Hiragana}]|$)/gu;
/** Leftovers that are only asking: particles, sentence endings, polite verb tails. */
const FILLER =
  /^(?:[のをはがにでとやへもねよかなっ]|です|ます|ね|よ|か|って|だけ|など|あと|また|それ|これ|あれ|この|その)+$/u;

/**
 * Reads a question: what is asked, the 年度, code-like words, and the words to search for.
 *
 * @param text the message as sent.
 */
export function parseQuestion(text: string): ParsedQuestion {
  const folded = foldWidth(text);
  let rest = folded;
  let fiscalYear: number | null = null;
  rest = rest.replace(YEAR_RE, (m, r, h, fy, y) => {
    const parsed = r
      ? parseFiscalYear(`令和${r}年度`)
      : h
        ? parseFiscalYear(`平成${h}年度`)
        : parseFiscalYear(`${fy ?? y}年度`);
    // `r` + digits may also be a code-like word (no plan uses it); a year only with 年/年度 or alone.
    if (r && !/年/u.test(m) && /[a-z0-9-]/u.test(folded.charAt(folded.indexOf(m) + m.length))) {
      return m;
    }
    if (parsed !== null) fiscalYear ??= parsed;
    return " ";
  });
  let relativeYear: number | null = null;
  for (const [re, delta] of RELATIVE_YEARS) {
    if (re.test(rest)) {
      relativeYear ??= delta;
      rest = rest.replace(new RegExp(re.source, "gu"), " ");
    }
  }
  const codes = codeMentions(rest);
  // Code-like words are not searched as text: a bare number is a code or nothing.
  for (const c of [...codes].reverse()) rest = `${rest.slice(0, c.start)} ${rest.slice(c.end)}`;
  const ask = askOf(rest, fiscalYear !== null);
  const segments = rest
    .replace(ASKING_RE, " ")
    .replace(PARTICLE_SPLIT, " ")
    .split(/[^\p{L}\p{N}\p{M}ー・&+.-]+/u)
    .map((s) => s.replace(/^[・.\-ー]+|[・.-]+$/gu, ""))
    .filter((s) => s.length > 0 && !FILLER.test(s) && !/^\d+$/u.test(s));
  return { folded, ask, fiscalYear, relativeYear, codes, segments };
}
