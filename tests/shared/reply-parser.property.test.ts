/**
 * Generated checks of the reply parser, beyond the public table (tests/shared/reply-parser.test.ts):
 * the same figure written in every way a lead may type it reads as the same value; what is not a
 * level (a change, a range) is never a value; and Japanese sentences that are not figures — reasons,
 * promises, remarks, even with a number in them — never read as one.
 */
import { number2kanji } from "@geolonia/japanese-numeral";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Period } from "../../shared/fiscal-year.ts";
import { type DueItem, parseReply, resolveReply } from "../../shared/reply-parser.ts";

const NOVEMBER: Period = { kind: "month", fiscalYear: 2024, year: 2024, month: 11 };
const RUNS = { numRuns: 400 };

/** An indicator's unit, and the ways a lead may write it after a figure (or leave it out). */
const UNITS: { unit: string; written: string[]; scales: boolean }[] = [
  { unit: "%", written: ["", "%", "％", "パーセント"], scales: false },
  { unit: "人", written: ["", "人", "名"], scales: true },
  { unit: "名", written: ["", "名", "人"], scales: true },
  { unit: "件", written: ["", "件"], scales: true },
  { unit: "円", written: ["", "円"], scales: true },
  { unit: "千円", written: ["", "千円"], scales: false },
  { unit: "日", written: ["", "日"], scales: false },
  { unit: "箇所", written: ["", "箇所", "か所", "ヶ所", "カ所"], scales: false },
  { unit: "手続", written: ["", "手続", "件"], scales: false },
];

const item = (unit: string): DueItem[] => [{ n: 1, indicatorId: 1, name: "指標", unit }];

const FULL: Record<string, string> = { ",": "，", ".": "．", "%": "％", "-": "－", "+": "＋" };
/** Full-width digits and signs, as a Japanese phone's keyboard types them. */
function fullWidth(text: string): string {
  return text.replace(/[0-9,.%+-]/gu, (c) =>
    /\d/u.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : (FULL[c] ?? c),
  );
}

/** `1234567` → `1,234,567`. */
function withCommas(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/gu, ",");
}

/** Multiplies a decimal string by 10^exp exactly, canonical form (`"1.25"`, 4 → `"12500"`). */
function shift(decimal: string, exp: number): string {
  const [int = "0", frac = ""] = decimal.split(".");
  const digits = `${int}${frac.padEnd(exp, "0")}`;
  const point = int.length + exp;
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/u, "");
  const rest = digits.slice(point).replace(/0+$/u, "");
  return rest ? `${whole}.${rest}` : whole;
}

/** A non-negative figure: how it is written (without a unit) and its exact value. */
const plainNumber = fc
  .record({
    int: fc.bigInt({ min: 0n, max: 999_999_999_999n }),
    frac: fc.option(fc.stringMatching(/^\d{1,3}$/u), { nil: null }),
    commas: fc.boolean(),
  })
  .map(({ int, frac, commas }) => {
    const digits = int.toString();
    const text = `${commas ? withCommas(digits) : digits}${frac === null ? "" : `.${frac}`}`;
    return {
      text,
      decimal: shift(`${digits}${frac === null ? "" : `.${frac}`}`, 0),
      scaled: false,
    };
  });

/** A figure with a scale word: `12億`, `1.5万`, `3千`, `8億4,635万`. */
const scaledNumber = fc
  .record({
    high: fc.integer({ min: 1, max: 9999 }),
    highFrac: fc.option(fc.stringMatching(/^\d{1,2}$/u), { nil: null }),
    word: fc.constantFrom<[string, number]>(["千", 3], ["万", 4], ["億", 8]),
    low: fc.option(fc.integer({ min: 1, max: 9999 }), { nil: null }),
    commas: fc.boolean(),
  })
  .map(({ high, highFrac, word: [word, exp], low, commas }) => {
    // `8億4,635万`: a second, lower part only after 億, and only without decimals in the first.
    const lowPart = word === "億" && highFrac === null && low !== null ? low : null;
    const highText = `${commas ? withCommas(String(high)) : high}${highFrac === null ? "" : `.${highFrac}`}`;
    const text = `${highText}${word}${lowPart === null ? "" : `${commas ? withCommas(String(lowPart)) : lowPart}万`}`;
    const value =
      BigInt(shift(`${high}${highFrac === null ? "" : `.${highFrac}`}`, exp)) +
      (lowPart === null ? 0n : BigInt(lowPart) * 10_000n);
    return { text, decimal: value.toString(), scaled: true };
  });

/** Integers in kanji numerals (`十六`, `二十五`, `一万二千`), as some leads type them. */
const kanjiNumber = fc.integer({ min: 1, max: 99_999_999 }).map((n) => ({
  text: number2kanji(n),
  decimal: String(n),
  scaled: true,
}));

/** Polite phrasing around the figure, as leads write it in LINE. */
const BEFORE = [
  "",
  "約",
  "およそ",
  "お疲れ様です。",
  "お疲れ様です。\n",
  "いつもお世話になっております。\n",
  "お疲れさまです。総務課です。\n",
  "実績は",
  "指標は",
  "11月分は",
  "11月 ",
  "11月末時点で",
];
const AFTER = [
  "",
  "です",
  "です。",
  "でした",
  "でした。",
  "になりました！",
  "となります。",
  "くらいです",
  "程度",
  "（速報値）",
  "(暫定)",
  "です（暫定値）",
  "です。\nよろしくお願いします。",
];
const INDEX = ["", "1 ", "1: ", "1番 ", "1番は", "①", "1. "];

const figureText = fc
  .record({
    number: fc.oneof(plainNumber, scaledNumber, kanjiNumber),
    unit: fc.constantFrom(...UNITS),
    writtenUnit: fc.nat(),
    before: fc.constantFrom(...BEFORE),
    index: fc.constantFrom(...INDEX),
    after: fc.constantFrom(...AFTER),
    full: fc.boolean(),
    space: fc.constantFrom("", " ", "　"),
  })
  .filter(({ number, unit }) => !number.scaled || unit.scales);

/** The one value read from `text` for a single due indicator of `unit`, or the problems. */
function read(text: string, unit: string) {
  const intent = parseReply(text);
  if (intent.kind !== "figures") return { kind: intent.kind };
  const { values, problems } = resolveReply(intent, item(unit), null, NOVEMBER);
  return {
    kind: intent.kind,
    values: values.map((v) => v.figure.decimal),
    problems: problems.map((p) => p.code),
  };
}

describe("a figure reads the same however it is written", () => {
  it("integers and decimals, half or full width, with or without commas, scale words and kanji, each unit, polite phrasing", () => {
    fc.assert(
      fc.property(figureText, (f) => {
        const written = f.unit.written[f.writtenUnit % f.unit.written.length] ?? "";
        const figure = `${f.full ? fullWidth(f.number.text) : f.number.text}${f.space}${written}`;
        // A greeting comes before the item number (`お疲れ様です。1 40%`), a label after it (`1 実績は40%`).
        const greeting = /[。\n]$/u.test(f.before);
        const text = `${greeting ? f.before + f.index : f.index + f.before}${figure}${f.after}`;
        expect(read(text, f.unit.unit)).toEqual({
          kind: "figures",
          values: [f.number.decimal],
          problems: [],
        });
      }),
      RUNS,
    );
  });

  it("▲, △, マイナス and a minus sign make the figure negative", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.constantFrom("-", "－", "▲", "△", "▲ ", "マイナス"),
        fc.constantFrom(...UNITS),
        fc.constantFrom("", "です", "（速報値）"),
        (n, sign, unit, after) => {
          expect(read(`${sign}${n}${unit.written.at(-1) ?? ""}${after}`, unit.unit)).toEqual({
            kind: "figures",
            values: [`-${n}`],
            problems: [],
          });
        },
      ),
      RUNS,
    );
  });
});

describe("what is not a level is never a value", () => {
  const number = fc.oneof(plainNumber, kanjiNumber);

  it("a change: a plus sign or a change word, before or after", () => {
    const change = fc.oneof(
      fc.constantFrom("+", "＋", "プラス").map((p) => ({ before: p, after: "" })),
      fc
        .constantFrom(
          "増",
          "減",
          "増加",
          "減少",
          "の増加",
          "アップ",
          "ダウン",
          "上昇",
          "低下",
          "ポイント増",
          "pt減",
        )
        .map((w) => ({ before: "", after: w })),
      fc
        .constantFrom("前月比", "前年比", "前年度比", "前月比で", "前年同月比 ", "前月から")
        .map((w) => ({ before: w, after: "" })),
    );
    fc.assert(
      fc.property(
        number,
        change,
        fc.constantFrom(...UNITS),
        fc.constantFrom("", "です", "しました"),
        (n, c, unit, tail) => {
          // A kanji numeral runs into 千円's 千 (`十千円`): such units are only written in digits.
          fc.pre(!n.scaled || unit.scales);
          const written = unit.written.at(-1) ?? "";
          const r = read(
            `${c.before}${n.text}${written}${c.after}${c.after ? tail : ""}`,
            unit.unit,
          );
          expect(r.values ?? []).toEqual([]);
          expect(r.problems).toEqual(["change"]);
        },
      ),
      RUNS,
    );
  });

  it("a range between two figures", () => {
    fc.assert(
      fc.property(
        plainNumber,
        plainNumber,
        fc.constantFrom("〜", "～", "~", "-", "から"),
        fc.constantFrom(...UNITS),
        fc.boolean(),
        (a, b, dash, unit, unitTwice) => {
          const written = unit.written.at(-1) ?? "";
          const r = read(
            `${a.text}${unitTwice ? written : ""}${dash}${b.text}${written}`,
            unit.unit,
          );
          expect(r.values ?? []).toEqual([]);
          expect(r.problems).toEqual(["range"]);
        },
      ),
      RUNS,
    );
  });
});

/** Words of the sentences leads send that are not figures: reasons, promises, remarks. */
const SUBJECTS = [
  "会議",
  "資料",
  "担当者",
  "システム",
  "予算",
  "研修",
  "申請",
  "窓口",
  "一部の課",
  "議会対応",
  "一覧表",
  "集計",
  "担当課",
  "万一の場合",
];
const PARTICLES = ["が", "は", "を", "の", "に", "で", "も"];
const OBJECTS = [
  "準備",
  "確認",
  "調整",
  "集計",
  "入力",
  "更新",
  "予定",
  "延期",
  "遅れ",
  "見直し",
  "一旦保留",
  "十分な検討",
  "一緒に作業",
  "三月の議会",
];
const ENDINGS = [
  "しています",
  "中です",
  "のため遅れています",
  "が必要です",
  "できていません",
  "してから送ります",
  "を進めています。",
  "が十分ではありません",
  "について確認させてください",
  "は一度見直します",
  "です。よろしくお願いします。",
];
/** Sentences with a number that is not the figure asked for. */
const WITH_NUMBER = [
  (n: number) => `予算が${n}%削減されたため遅れています`,
  (n: number) => `${n}月に延期します`,
  (n: number) => `${n}時に送ります`,
  (n: number) => `${n}件の問い合わせがあり集計が遅れています`,
  (n: number) => `${(n % 12) + 1}月分は来週送ります`,
  (n: number) => `人員が${n}名減ったため遅れています`,
  (n: number) => `${n}日までに送ります`,
];

describe("sentences that are not figures never read as one", () => {
  it("random sentences without a figure", () => {
    const sentence = fc
      .array(
        fc.tuple(
          fc.constantFrom(...SUBJECTS),
          fc.constantFrom(...PARTICLES),
          fc.constantFrom(...OBJECTS),
        ),
        { minLength: 1, maxLength: 3 },
      )
      .chain((parts) =>
        fc.constantFrom(...ENDINGS).map((end) => parts.map((p) => p.join("")).join("、") + end),
      );
    fc.assert(
      fc.property(
        sentence,
        fc.constantFrom("", "お疲れ様です。", "お疲れ様です。\n"),
        (s, greeting) => {
          expect(parseReply(`${greeting}${s}`).kind).toBe("other");
        },
      ),
      RUNS,
    );
  });

  it("sentences with a number in them are not a figure either", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.constantFrom(...WITH_NUMBER), (n, make) => {
        expect(parseReply(make(n)).kind).toBe("other");
      }),
      RUNS,
    );
  });
});
