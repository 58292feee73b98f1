import { describe, expect, it } from "vitest";
import type { Period } from "../../shared/fiscal-year.ts";
import {
  type DueItem,
  type PlausibilityWarning,
  parseReply,
  plausibilityWarnings,
  type ReplyProblem,
  resolveReply,
} from "../../shared/reply-parser.ts";

/** The reminder most tests answer: five items, numbered as the bot lists them. */
const FIVE: DueItem[] = [
  { n: 1, indicatorId: 101, name: "ペーパーレス化の割合", unit: "%" },
  { n: 2, indicatorId: 102, name: "時間外勤務の延べ人数", unit: "人" },
  { n: 3, indicatorId: 103, name: "ふるさと納税の寄附額", unit: "円" },
  { n: 4, indicatorId: 104, name: "交付額", unit: "千円" },
  { n: 5, indicatorId: 105, name: "平均取得日数", unit: "日" },
];
const [RATE, PEOPLE, YEN, THOUSAND_YEN, DAYS] = FIVE as [
  DueItem,
  DueItem,
  DueItem,
  DueItem,
  DueItem,
];

/** A month where the rate is item 3 of three, so that `3 40%` answers it. */
const RATE_THIRD: DueItem[] = [
  { ...PEOPLE, n: 1 },
  { ...YEN, n: 2 },
  { ...RATE, n: 3 },
];

/** A reminder with one item due: it is item 1 of the list. */
const only = (item: DueItem): DueItem[] => [{ ...item, n: 1 }];

/** Indicators counted in other units, as the bundled plans have them. */
const MEI: DueItem = { n: 1, indicatorId: 201, name: "研修の受講者数", unit: "名" };
const PLACES: DueItem = { n: 1, indicatorId: 202, name: "公衆無線LANの設置数", unit: "箇所" };
const PROCEDURES: DueItem = { n: 1, indicatorId: 203, name: "オンライン化した手続", unit: "手続" };
const CASES_KEN: DueItem = { n: 1, indicatorId: 204, name: "電子申請の件数", unit: "件" };

/** The November 2024 cycle's period (速報), and the official figure of R6年度. */
const NOVEMBER: Period = { kind: "month", fiscalYear: 2024, year: 2024, month: 11 };
const FY2024: Period = { kind: "fy", fiscalYear: 2024 };

type Expected =
  | "undo"
  | "yes"
  | "no"
  | "other"
  | {
      /** What resolveReply reads, as [item number, value]; recorded only when `problems` is empty. */
      values: [number, number][];
      /** [code, 1-based line number]. */
      problems?: [ReplyProblem["code"], number][];
    };

interface Case {
  text: string;
  /** What the case shows, in the test name. */
  why: string;
  items?: DueItem[];
  /** The indicatorId whose quick reply was tapped. */
  focus?: number;
  /** The period the reminder asked for (a month written before a figure must match it). */
  period?: Period;
  expected: Expected;
}

const CASES: Case[] = [
  // Item number and value on one line, as typed on a phone.
  {
    text: "3 40%",
    why: "number, space, value",
    items: RATE_THIRD,
    expected: { values: [[3, 40]] },
  },
  {
    text: "３　４０％",
    why: "full-width digits and space",
    items: RATE_THIRD,
    expected: { values: [[3, 40]] },
  },
  { text: "3:40%", why: "colon", items: RATE_THIRD, expected: { values: [[3, 40]] } },
  {
    text: "3：40％",
    why: "full-width colon and percent",
    items: RATE_THIRD,
    expected: { values: [[3, 40]] },
  },
  { text: "3: 40%", why: "colon and space", items: RATE_THIRD, expected: { values: [[3, 40]] } },
  { text: "3番 40%", why: "番", items: RATE_THIRD, expected: { values: [[3, 40]] } },
  {
    text: "3番40％",
    why: "番 without a space",
    items: RATE_THIRD,
    expected: { values: [[3, 40]] },
  },
  {
    text: "3. 40%",
    why: "the list's own `3.`",
    items: RATE_THIRD,
    expected: { values: [[3, 40]] },
  },
  {
    text: "３．４０％",
    why: "`3.40%` without a space is a decimal, not item 3",
    items: RATE_THIRD,
    expected: { values: [], problems: [["no_index", 1]] },
  },
  { text: "③ 40%", why: "circled number", items: RATE_THIRD, expected: { values: [[3, 40]] } },
  {
    text: "③４０％",
    why: "circled number, no space (not 340 %)",
    items: RATE_THIRD,
    expected: { values: [[3, 40]] },
  },
  {
    text: "3）40%",
    why: "full-width parenthesis",
    items: RATE_THIRD,
    expected: { values: [[3, 40]] },
  },
  { text: "1 40%", why: "item 1 of five", expected: { values: [[1, 40]] } },
  { text: "1番は40%です", why: "a sentence: 1番は…です", expected: { values: [[1, 40]] } },
  { text: "2は1,083人です。", why: "a sentence: 2は…です。", expected: { values: [[2, 1083]] } },
  { text: "3番：13億円", why: "番 then a colon", expected: { values: [[3, 1_300_000_000]] } },
  { text: "2 1083", why: "a count without its unit", expected: { values: [[2, 1083]] } },
  {
    text: "3 8億4,635万円",
    why: "億 and 万 with a comma",
    expected: { values: [[3, 846_350_000]] },
  },
  {
    text: "3 846,354,905円",
    why: "yen with thousands separators",
    expected: { values: [[3, 846_354_905]] },
  },
  { text: "3 1.2万円", why: "decimal 万", expected: { values: [[3, 12_000]] } },
  { text: "2 1.2万人", why: "decimal 万 on a count", expected: { values: [[2, 12_000]] } },
  {
    text: "4 225,229千円",
    why: "千円 in a 千円 item is not scaled again",
    expected: { values: [[4, 225_229]] },
  },
  {
    text: "4　２２５，２２９",
    why: "a 千円 item without its unit",
    expected: { values: [[4, 225_229]] },
  },
  { text: "5 12.6日", why: "decimal days", expected: { values: [[5, 12.6]] } },
  { text: "1 98.40%", why: "decimals as printed", expected: { values: [[1, 98.4]] } },
  { text: "1 約40%です。", why: "約 and a polite tail", expected: { values: [[1, 40]] } },
  {
    text: "3 8億4,635万円になりました！",
    why: "になりました！",
    expected: { values: [[3, 846_350_000]] },
  },
  { text: "5 12.6日です", why: "です after days", expected: { values: [[5, 12.6]] } },
  { text: "1 －３％", why: "full-width minus", expected: { values: [[1, -3]] } },
  {
    text: "１　４０　％",
    why: "full-width spaces inside the value",
    expected: { values: [[1, 40]] },
  },
  {
    text: "3 8億 4,635万円",
    why: "a space after a scale word",
    expected: { values: [[3, 846_350_000]] },
  },
  {
    text: "2 1,083人くらいです",
    why: "くらいです after a count",
    expected: { values: [[2, 1083]] },
  },

  // Several lines at once.
  {
    text: "1 40%\n2 1,083人\n3 13億円\n4 225,229千円\n5 12.6日",
    why: "all five items",
    expected: {
      values: [
        [1, 40],
        [2, 1083],
        [3, 1_300_000_000],
        [4, 225_229],
        [5, 12.6],
      ],
    },
  },
  {
    text: "1 40%\n\n2 1083人  \n",
    why: "a blank line and trailing spaces",
    expected: {
      values: [
        [1, 40],
        [2, 1083],
      ],
    },
  },
  {
    text: "１　98.40%\r\n２　1,083人\r\n",
    why: "Windows line endings",
    expected: {
      values: [
        [1, 98.4],
        [2, 1083],
      ],
    },
  },
  {
    text: "①　４０％\n②　１，０８３人\n③　８億４，６３５万円",
    why: "circled numbers and full-width figures",
    expected: {
      values: [
        [1, 40],
        [2, 1083],
        [3, 846_350_000],
      ],
    },
  },
  {
    text: "5 12.6日\n　\n1 40%　",
    why: "out of order, a full-width blank line",
    expected: {
      values: [
        [5, 12.6],
        [1, 40],
      ],
    },
  },
  {
    text: "1. 40%\n2. 1,083人\n3. 13億円",
    why: "copying the list's `n.`",
    expected: {
      values: [
        [1, 40],
        [2, 1083],
        [3, 1_300_000_000],
      ],
    },
  },
  {
    text: "1番は40%\n2は1,083人です",
    why: "sentences on several lines",
    expected: {
      values: [
        [1, 40],
        [2, 1083],
      ],
    },
  },

  // A bare value: one item due, or a quick reply tapped.
  { text: "40%", why: "bare, one item due", items: only(RATE), expected: { values: [[1, 40]] } },
  {
    text: "４０％",
    why: "bare full-width, one item due",
    items: only(RATE),
    expected: { values: [[1, 40]] },
  },
  {
    text: "40",
    why: "bare without unit, one item due",
    items: only(RATE),
    expected: { values: [[1, 40]] },
  },
  { text: "約40%", why: "約", items: only(RATE), expected: { values: [[1, 40]] } },
  { text: "40%です", why: "です", items: only(RATE), expected: { values: [[1, 40]] } },
  { text: "40パーセント", why: "パーセント", items: only(RATE), expected: { values: [[1, 40]] } },
  { text: "40％でした。", why: "でした。", items: only(RATE), expected: { values: [[1, 40]] } },
  { text: "40%くらいです", why: "くらいです", items: only(RATE), expected: { values: [[1, 40]] } },
  {
    text: "40 %",
    why: "a space before the unit",
    items: only(RATE),
    expected: { values: [[1, 40]] },
  },
  { text: "98.40%", why: "decimals", items: only(RATE), expected: { values: [[1, 98.4]] } },
  {
    text: "1.40",
    why: "`1.40` is 1.4 %, not item 1",
    items: only(RATE),
    expected: { values: [[1, 1.4]] },
  },
  { text: "1. 40", why: "`1. 40` is item 1", items: only(RATE), expected: { values: [[1, 40]] } },
  {
    text: "1 40%",
    why: "item number with one item due",
    items: only(RATE),
    expected: { values: [[1, 40]] },
  },
  { text: "-3", why: "negative", items: only(RATE), expected: { values: [[1, -3]] } },
  {
    text: "1,083人",
    why: "comma and unit",
    items: only(PEOPLE),
    expected: { values: [[1, 1083]] },
  },
  {
    text: "2024",
    why: "a year-like number is a value, not item 20",
    items: only(PEOPLE),
    expected: { values: [[1, 2024]] },
  },
  {
    text: "12 345",
    why: "a space as thousands separator, one item due",
    items: only(PEOPLE),
    expected: { values: [[1, 12_345]] },
  },
  { text: "13億円", why: "億", items: only(YEN), expected: { values: [[1, 1_300_000_000]] } },
  {
    text: "1.2万",
    why: "decimal 万 without unit",
    items: only(YEN),
    expected: { values: [[1, 12_000]] },
  },
  {
    text: "225,229千円",
    why: "千円",
    items: only(THOUSAND_YEN),
    expected: { values: [[1, 225_229]] },
  },
  { text: "12.6日", why: "days", items: only(DAYS), expected: { values: [[1, 12.6]] } },
  { text: "40%", why: "quick reply tapped", focus: 101, expected: { values: [[1, 40]] } },
  { text: "1,083人", why: "quick reply tapped", focus: 102, expected: { values: [[2, 1083]] } },
  {
    text: "8億4,635万円",
    why: "quick reply tapped",
    focus: 103,
    expected: { values: [[3, 846_350_000]] },
  },
  { text: "225,229", why: "quick reply tapped", focus: 104, expected: { values: [[4, 225_229]] } },
  {
    text: "2024",
    why: "year-like, quick reply tapped",
    focus: 102,
    expected: { values: [[2, 2024]] },
  },
  {
    text: "だいたい1,000人くらいです",
    why: "hedged",
    focus: 102,
    expected: { values: [[2, 1000]] },
  },
  {
    text: "40%\n2 1,083人",
    why: "bare for the tapped item, numbered for another",
    focus: 101,
    expected: {
      values: [
        [1, 40],
        [2, 1083],
      ],
    },
  },

  // Problems: nothing is recorded, and the bot says which line.
  {
    text: "40人",
    why: "people for a % item",
    items: only(RATE),
    expected: { values: [], problems: [["unit_mismatch", 1]] },
  },
  {
    text: "2 40%",
    why: "% for a people item",
    expected: { values: [], problems: [["unit_mismatch", 1]] },
  },
  {
    text: "4 2億2,523万円",
    why: "yen for a 千円 item is asked again, not converted",
    expected: { values: [], problems: [["unit_mismatch", 1]] },
  },
  {
    text: "9 40%",
    why: "no item 9 of five",
    expected: { values: [], problems: [["bad_index", 1]] },
  },
  {
    text: "6 12.6日",
    why: "no item 6 of five",
    expected: { values: [], problems: [["bad_index", 1]] },
  },
  {
    text: "9 40%",
    why: "no item 9, even with a quick reply tapped (not 940 %)",
    focus: 101,
    expected: { values: [], problems: [["bad_index", 1]] },
  },
  {
    text: "2 40%",
    why: "no item 2 of one (not 240 %)",
    items: only(RATE),
    expected: { values: [], problems: [["bad_index", 1]] },
  },
  {
    text: "1 40%\n1 45%",
    why: "item 1 twice",
    expected: { values: [[1, 40]], problems: [["duplicate", 2]] },
  },
  {
    text: "40%\n1 45%",
    why: "the tapped item twice",
    focus: 101,
    expected: { values: [[1, 40]], problems: [["duplicate", 2]] },
  },
  {
    text: "40%",
    why: "bare value, five items due",
    expected: { values: [], problems: [["no_index", 1]] },
  },
  {
    text: "2024",
    why: "year-like, five items due",
    expected: { values: [], problems: [["no_index", 1]] },
  },
  {
    text: "40%\n1,083人",
    why: "bare values, five items due",
    expected: {
      values: [],
      problems: [
        ["no_index", 1],
        ["no_index", 2],
      ],
    },
  },
  {
    text: "1 40%\n2番は累計ですか？\n3 13億円",
    why: "a question among figures",
    expected: {
      values: [
        [1, 40],
        [3, 1_300_000_000],
      ],
      problems: [["unreadable", 2]],
    },
  },
  {
    text: "1 40%\n\nちょっと待ってください\n5 12.6日",
    why: "a remark without digits among figures is skipped",
    expected: {
      values: [
        [1, 40],
        [5, 12.6],
      ],
    },
  },
  {
    text: "1 40%\n2 40%\n9 13億円",
    why: "one good line, a wrong unit and a wrong item",
    expected: {
      values: [[1, 40]],
      problems: [
        ["unit_mismatch", 2],
        ["bad_index", 3],
      ],
    },
  },
  {
    text: "1 40% 2 1,083人",
    why: "two answers on one line with units",
    expected: { values: [], problems: [["not_a_number", 1]] },
  },
  {
    text: "1 40 2 1083",
    why: "two answers on one line without units (not 4,021,083 %)",
    expected: { values: [], problems: [["not_a_number", 1]] },
  },

  // Accounting negatives: ▲ and △ mean minus in Japanese accounts (a negative count is confirmed
  // before recording, by the plausibility check).
  { text: "1 ▲5%", why: "▲ is minus", expected: { values: [[1, -5]] } },
  { text: "5 △1.5日", why: "△ is minus", expected: { values: [[5, -1.5]] } },
  { text: "1 ▲ ５％", why: "▲, a space, full-width", expected: { values: [[1, -5]] } },
  {
    text: "▲３，０００円",
    why: "▲ with full-width thousands",
    items: only(YEN),
    expected: { values: [[1, -3000]] },
  },
  {
    text: "3 ▲1.2億円",
    why: "▲ with a scale word",
    expected: { values: [[3, -120_000_000]] },
  },
  { text: "マイナス3%", why: "マイナス", items: only(RATE), expected: { values: [[1, -3]] } },

  // Counters that mean the indicator's unit.
  { text: "2 16名", why: "名 for 人", expected: { values: [[2, 16]] } },
  {
    text: "1,083名です",
    why: "名 for 人, bare",
    items: only(PEOPLE),
    expected: { values: [[1, 1083]] },
  },
  {
    text: "1.2万名",
    why: "名 with a scale word",
    items: only(PEOPLE),
    expected: { values: [[1, 12_000]] },
  },
  { text: "16人", why: "人 for 名", items: only(MEI), expected: { values: [[1, 16]] } },
  { text: "3ヶ所", why: "ヶ所 for 箇所", items: only(PLACES), expected: { values: [[1, 3]] } },
  { text: "３か所です", why: "か所 for 箇所", items: only(PLACES), expected: { values: [[1, 3]] } },
  { text: "12カ所", why: "カ所 for 箇所", items: only(PLACES), expected: { values: [[1, 12]] } },
  { text: "24件", why: "件 counts 手続", items: only(PROCEDURES), expected: { values: [[1, 24]] } },
  {
    text: "12個",
    why: "個 is not 件",
    items: only(CASES_KEN),
    expected: { values: [], problems: [["unit_mismatch", 1]] },
  },
  {
    text: "5 12名",
    why: "名 is still not 日",
    expected: { values: [], problems: [["unit_mismatch", 1]] },
  },

  // Kanji numerals.
  { text: "2 十六人", why: "十六", expected: { values: [[2, 16]] } },
  { text: "2 二十五名", why: "二十五 and 名", expected: { values: [[2, 25]] } },
  { text: "3 百二十万円", why: "百二十万", expected: { values: [[3, 1_200_000]] } },
  { text: "2 三千人", why: "三千", expected: { values: [[2, 3000]] } },
  { text: "3 一万二千円", why: "一万二千", expected: { values: [[3, 12_000]] } },
  {
    text: "十六",
    why: "a bare kanji numeral",
    items: only(PEOPLE),
    expected: { values: [[1, 16]] },
  },
  { text: "四十％です", why: "kanji and ％", items: only(RATE), expected: { values: [[1, 40]] } },
  {
    text: "参加者は十六名です",
    why: "a sentence with a kanji figure",
    items: only(PEOPLE),
    expected: { values: [[1, 16]] },
  },
  {
    text: "十分です",
    why: "十分 is 'enough', not 10 minutes",
    items: only(RATE),
    expected: "other",
  },
  { text: "一部未集計です", why: "一部 is a word", items: only(RATE), expected: "other" },
  { text: "三月に延期します", why: "a month in a sentence", items: only(RATE), expected: "other" },

  // A note in brackets after the figure.
  { text: "40%（速報値）", why: "a note", items: only(RATE), expected: { values: [[1, 40]] } },
  {
    text: "1 40%（速報値）",
    why: "a note after a numbered value",
    expected: { values: [[1, 40]] },
  },
  {
    text: "40%(暫定)です",
    why: "a note, then です",
    items: only(RATE),
    expected: { values: [[1, 40]] },
  },
  {
    text: "40%です（暫定値）",
    why: "です, then a note",
    items: only(RATE),
    expected: { values: [[1, 40]] },
  },
  {
    text: "3 8億4,635万円【確定値】",
    why: "a note in 【】",
    expected: { values: [[3, 846_350_000]] },
  },
  {
    text: "2 120人（前月比+10人）",
    why: "a change in the note; the level is before it",
    expected: { values: [[2, 120]] },
  },
  {
    text: "実績40%（目標50%）",
    why: "実績 before, the target in the note",
    items: only(RATE),
    expected: { values: [[1, 40]] },
  },

  // The month before the figure is the period, not a value.
  {
    text: "11月 40%",
    why: "a month first",
    items: only(RATE),
    period: NOVEMBER,
    expected: { values: [[1, 40]] },
  },
  {
    text: "１１月　４０％",
    why: "a month first, full-width",
    items: only(RATE),
    period: NOVEMBER,
    expected: { values: [[1, 40]] },
  },
  {
    text: "11月分は40%でした",
    why: "11月分は…でした",
    items: only(RATE),
    period: NOVEMBER,
    expected: { values: [[1, 40]] },
  },
  {
    text: "11月末時点で40%",
    why: "11月末時点で",
    items: only(RATE),
    period: NOVEMBER,
    expected: { values: [[1, 40]] },
  },
  {
    text: "2024年11月 40%",
    why: "year and month",
    items: only(RATE),
    period: NOVEMBER,
    expected: { values: [[1, 40]] },
  },
  {
    text: "1 11月 40%",
    why: "item number, then the month",
    period: NOVEMBER,
    expected: { values: [[1, 40]] },
  },
  {
    text: "11月 40%\n11月 1,083人",
    why: "the month on every line, five items due",
    period: NOVEMBER,
    expected: {
      values: [],
      problems: [
        ["no_index", 1],
        ["no_index", 2],
      ],
    },
  },
  {
    text: "10月 40%",
    why: "another month than the one asked for",
    items: only(RATE),
    period: NOVEMBER,
    expected: { values: [], problems: [["wrong_period", 1]] },
  },
  {
    text: "3月末 85%",
    why: "the 年度's end for an official figure",
    items: only(RATE),
    period: FY2024,
    expected: { values: [[1, 85]] },
  },
  {
    text: "11月 85%",
    why: "a month for an official 年度 figure",
    items: only(RATE),
    period: FY2024,
    expected: { values: [], problems: [["wrong_period", 1]] },
  },

  // A greeting or a remark before the figure.
  {
    text: "お疲れ様です。\n40%です",
    why: "a greeting line first",
    items: only(RATE),
    expected: { values: [[1, 40]] },
  },
  {
    text: "お疲れ様です。40%です",
    why: "a greeting on the same line",
    items: only(RATE),
    expected: { values: [[1, 40]] },
  },
  {
    text: "お疲れさまです 1 40%",
    why: "a greeting, a space, a numbered value",
    expected: { values: [[1, 40]] },
  },
  {
    text: "いつもお世話になっております。\n11月分のご報告です。\n1 40%\n2 120人",
    why: "greetings naming the month, then the figures",
    period: NOVEMBER,
    expected: {
      values: [
        [1, 40],
        [2, 120],
      ],
    },
  },
  {
    text: "ペーパーレス化の割合は40%です",
    why: "the indicator's name first",
    items: only(RATE),
    expected: { values: [[1, 40]] },
  },
  {
    text: "総務課です。11月分は40%でした。",
    why: "who, the month, the figure",
    items: only(RATE),
    period: NOVEMBER,
    expected: { values: [[1, 40]] },
  },

  // A change is not a level: the bot asks what the level is now.
  {
    text: "+5%",
    why: "a plus sign",
    items: only(RATE),
    expected: { values: [], problems: [["change", 1]] },
  },
  {
    text: "＋５％",
    why: "a full-width plus sign",
    items: only(RATE),
    expected: { values: [], problems: [["change", 1]] },
  },
  {
    text: "1 +5%",
    why: "a plus sign after the item number",
    expected: { values: [], problems: [["change", 1]] },
  },
  {
    text: "5ポイント増",
    why: "ポイント増",
    items: only(RATE),
    expected: { values: [], problems: [["change", 1]] },
  },
  {
    text: "1 3ポイント上昇",
    why: "ポイント上昇",
    expected: { values: [], problems: [["change", 1]] },
  },
  {
    text: "5pt",
    why: "pt on a % item",
    items: only(RATE),
    expected: { values: [], problems: [["change", 1]] },
  },
  {
    text: "5ポイント",
    why: "ポイント on a % item",
    items: only(RATE),
    expected: { values: [], problems: [["change", 1]] },
  },
  {
    text: "前月比+5%",
    why: "前月比",
    items: only(RATE),
    expected: { values: [], problems: [["change", 1]] },
  },
  {
    text: "前年比 5%増です",
    why: "前年比 and 増",
    items: only(RATE),
    expected: { values: [], problems: [["change", 1]] },
  },
  { text: "2 10人増", why: "人増", expected: { values: [], problems: [["change", 1]] } },
  {
    text: "前月から2人増えました",
    why: "前月から…増えました",
    items: only(PEOPLE),
    expected: { values: [], problems: [["change", 1]] },
  },
  {
    text: "5%アップしました",
    why: "アップ",
    items: only(RATE),
    expected: { values: [], problems: [["change", 1]] },
  },
  { text: "3 200万円の減少", why: "の減少", expected: { values: [], problems: [["change", 1]] } },
  {
    text: "1 45%\n2 +10人",
    why: "a change among levels: nothing is recorded",
    expected: { values: [[1, 45]], problems: [["change", 2]] },
  },

  // A range, two figures, a target or a date: never recorded.
  {
    text: "40〜45%",
    why: "a range with 〜",
    items: only(RATE),
    expected: { values: [], problems: [["range", 1]] },
  },
  {
    text: "40～45％",
    why: "a range with full-width ～",
    items: only(RATE),
    expected: { values: [], problems: [["range", 1]] },
  },
  { text: "1 40-45%", why: "a range with -", expected: { values: [], problems: [["range", 1]] } },
  {
    text: "40%から45%",
    why: "a range with から",
    items: only(RATE),
    expected: { values: [], problems: [["range", 1]] },
  },
  {
    text: "120～130人程度",
    why: "a range of people",
    focus: 102,
    expected: { values: [], problems: [["range", 1]] },
  },
  {
    text: "40%か45%",
    why: "two figures with か",
    items: only(RATE),
    expected: { values: [], problems: [["ambiguous", 1]] },
  },
  {
    text: "40%、45%",
    why: "two figures with 、",
    items: only(RATE),
    expected: { values: [], problems: [["ambiguous", 1]] },
  },
  {
    text: "目標50%に対して40%",
    why: "a target and an actual",
    items: only(RATE),
    expected: { values: [], problems: [["ambiguous", 1]] },
  },
  {
    text: "目標 50%",
    why: "a target alone",
    items: only(RATE),
    expected: { values: [], problems: [["ambiguous", 1]] },
  },
  {
    text: "40%（見込み）",
    why: "a forecast",
    items: only(RATE),
    expected: { values: [], problems: [["ambiguous", 1]] },
  },
  {
    text: "12月5日",
    why: "a date",
    items: only(DAYS),
    expected: { values: [], problems: [["date", 1]] },
  },
  {
    text: "12/5",
    why: "a date with a slash",
    items: only(DAYS),
    expected: { values: [], problems: [["date", 1]] },
  },
  {
    text: "2024/11/30",
    why: "a full date",
    items: only(PEOPLE),
    expected: { values: [], problems: [["date", 1]] },
  },
  { text: "5 11月", why: "a month as a value", expected: { values: [], problems: [["date", 1]] } },
  { text: "11月分は来週送ります", why: "a promise naming the month", expected: "other" },
  { text: "10時に送ります", why: "a time in a sentence", expected: "other" },
  {
    text: "予算が5%削減されたため",
    why: "a reason with a figure in it",
    items: only(RATE),
    expected: "other",
  },

  // Not figures.
  { text: "ペーパーレスの状況は？", why: "a question", expected: "other" },
  {
    text: "2番は年度累計ですか？",
    why: "a question starting with an item number",
    expected: "other",
  },
  {
    text: "40%でいいですか？",
    why: "a question about a figure is not the figure",
    items: only(RATE),
    expected: "other",
  },
  { text: "了解です", why: "acknowledgement", expected: "other" },
  { text: "よろしくお願いします", why: "greeting", expected: "other" },
  { text: "お疲れ様です。確認して後ほど送ります。", why: "a promise", expected: "other" },
  {
    text: "お疲れ様です。\n1 40%\n2 120人\nよろしくお願いします。",
    why: "greetings around the figures are skipped",
    expected: {
      values: [
        [1, 40],
        [2, 120],
      ],
    },
  },
  { text: "[スタンプ]", why: "sticker placeholder", expected: "other" },
  { text: "👍", why: "emoji", expected: "other" },
  { text: "(^^)", why: "emoticon", expected: "other" },

  // Undo and confirmation answers.
  { text: "取消", why: "undo", expected: "undo" },
  { text: "取り消し", why: "undo", expected: "undo" },
  { text: "キャンセル", why: "undo", expected: "undo" },
  { text: "ｷｬﾝｾﾙ", why: "half-width katakana undo", expected: "undo" },
  { text: "取り消して。", why: "undo with a full stop", expected: "undo" },
  { text: "はい", why: "yes", expected: "yes" },
  { text: "はい。", why: "yes with a full stop", expected: "yes" },
  { text: "ＯＫ", why: "full-width OK", expected: "yes" },
  { text: "OKです", why: "OKです", expected: "yes" },
  { text: "いいえ", why: "no", expected: "no" },
  { text: "違います", why: "no", expected: "no" },
];

describe("reading a reply to a KPI reminder", () => {
  it("has enough real-world cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(180);
  });

  for (const c of CASES) {
    const name = `${JSON.stringify(c.text)}: ${c.why}${c.focus ? ` (quick reply ${c.focus})` : ""}`;
    it(name, () => {
      const intent = parseReply(c.text);
      if (typeof c.expected === "string") {
        expect(intent.kind).toBe(c.expected);
        return;
      }
      expect(intent.kind).toBe("figures");
      if (intent.kind !== "figures") return;
      const { values, problems } = resolveReply(
        intent,
        c.items ?? FIVE,
        c.focus ?? null,
        c.period ?? null,
      );
      expect({
        values: values.map((v) => [v.item.n, v.figure.value]),
        problems: problems.map((p) => [p.code, p.line]),
      }).toEqual({ values: c.expected.values, problems: c.expected.problems ?? [] });
    });
  }

  it("says what was expected and found on a unit mismatch", () => {
    const intent = parseReply("1 40人");
    if (intent.kind !== "figures") throw new Error(`figures expected, got ${intent.kind}`);
    expect(resolveReply(intent, FIVE).problems).toEqual([
      { code: "unit_mismatch", line: 1, raw: "1 40人", expected: "%", found: "人" },
    ]);
  });

  it("keeps the decimals as typed and the value exact", () => {
    const intent = parseReply("1 98.40%\n3 1.2万円");
    if (intent.kind !== "figures") throw new Error(`figures expected, got ${intent.kind}`);
    const { values } = resolveReply(intent, FIVE);
    expect(values.map((v) => [v.figure.decimal, v.figure.decimals, v.text])).toEqual([
      ["98.4", 2, "1 98.40%"],
      ["12000", 0, "3 1.2万円"],
    ]);
  });
});

describe("plausibility of a figure before recording it", () => {
  it.each<[string, string | null, number, number | null, PlausibilityWarning[]]>([
    ["120 % on a rate", "%", 120, null, [{ code: "over_ceiling", ceiling: 100 }]],
    ["120 % with a full-width unit", "％", 120, 98.4, [{ code: "over_ceiling", ceiling: 100 }]],
    ["exactly 100 %", "%", 100, 98.4, []],
    ["400 people after 40", "人", 400, 40, [{ code: "ten_times", last: 40 }]],
    ["4 people after 40", "人", 4, 40, [{ code: "ten_times", last: 40 }]],
    ["39 people after 40", "人", 39, 40, []],
    ["9 times the last", "人", 360, 40, []],
    [
      "400 % after 40 %",
      "%",
      400,
      40,
      [
        { code: "over_ceiling", ceiling: 100 },
        { code: "ten_times", last: 40 },
      ],
    ],
    ["a negative count", "人", -3, 40, [{ code: "negative" }]],
    ["a first figure", "円", 1_300_000_000, null, []],
    ["after a zero", "人", 12, 0, []],
    ["a unit-less number over 100", null, 120, null, []],
  ])("%s", (_name, unit, value, last, expected) => {
    expect(plausibilityWarnings(unit, value, last)).toEqual(expected);
  });
});
