import { describe, expect, it } from "vitest";
import {
  clockMinutes,
  compareReviewPeriodKeysDesc,
  fiscalYearAt,
  fiscalYearCode,
  formatFiscalYear,
  formatIsoDate,
  formatPeriod,
  japaneseMonth,
  parseFiscalYear,
  parseIsoDate,
  parsePeriod,
  parsePeriodKey,
  parseReviewPeriod,
  parseSchedulePeriod,
  periodCode,
  periodKey,
  periodKeyText,
  planFiscalYears,
  reviewPeriodAt,
  reviewPeriodCadence,
  reviewPeriodCode,
  reviewPeriodDays,
  reviewPeriodKey,
  reviewPeriodKeyText,
  tokyoDate,
  tokyoDateTime,
  tokyoIsoDate,
  tokyoMonthKey,
} from "../../shared/fiscal-year.ts";

describe("fiscal years (年度)", () => {
  it.each([
    ["R5", 2023],
    ["Ｒ５", 2023],
    ["r4", 2022],
    ["令和5年度", 2023],
    ["令和元年度", 2019],
    ["R10", 2028],
    ["H30", 2018],
    ["平成30年度", 2018],
    ["FY2023", 2023],
    ["2023年度", 2023],
  ])("reads %s as FY%i", (text, fy) => {
    expect(parseFiscalYear(text)).toBe(fy);
  });

  it.each(["", "R", "令和", "2023", "五年度", "R5Q1"])("refuses %j", (text) => {
    expect(parseFiscalYear(text)).toBeNull();
  });

  it("puts March in the previous fiscal year, in Asia/Tokyo", () => {
    // 2024-03-31 23:30 JST is still FY2023 (R5); 2024-04-01 00:30 JST is FY2024.
    expect(fiscalYearAt(new Date("2024-03-31T14:30:00Z"))).toBe(2023);
    expect(fiscalYearAt(new Date("2024-03-31T15:30:00Z"))).toBe(2024);
    expect(parsePeriod("2024-03")).toEqual({
      kind: "month",
      fiscalYear: 2023,
      year: 2024,
      month: 3,
    });
    expect(parsePeriod("2024-04")).toEqual({
      kind: "month",
      fiscalYear: 2024,
      year: 2024,
      month: 4,
    });
  });

  it("parses quarters and gives canonical keys", () => {
    const q = parsePeriod("R7Q4");
    expect(q).toEqual({ kind: "quarter", fiscalYear: 2025, quarter: 4 });
    expect(q && periodKey(q)).toBe("FY2025Q4");
    const fy = parsePeriod("R5");
    expect(fy && periodKey(fy)).toBe("FY2023");
    const m = parsePeriod("2023-06");
    expect(m && periodKey(m)).toBe("2023-06");
    expect(parsePeriod("2023-13")).toBeNull();
  });

  it("formats for people", () => {
    expect(formatFiscalYear(2023)).toBe("R5年度");
    expect(formatFiscalYear(2019, "long")).toBe("令和元年度");
    expect(formatFiscalYear(2018)).toBe("H30年度");
    expect(formatPeriod({ kind: "quarter", fiscalYear: 2025, quarter: 2 })).toBe(
      "R7年度 第2四半期",
    );
  });

  it("parses schedule ranges and open-ended periods", () => {
    expect(parseSchedulePeriod("R6～R8")).toEqual({ kind: "range", from: 2024, to: 2026 });
    expect(parseSchedulePeriod("R6〜R8")).toEqual({ kind: "range", from: 2024, to: 2026 });
    expect(parseSchedulePeriod("R10年度以降")).toEqual({ kind: "open", from: 2028 });
    expect(parseSchedulePeriod("R5")).toEqual({
      kind: "period",
      period: { kind: "fy", fiscalYear: 2023 },
    });
    expect(parseSchedulePeriod("2024-06")).toEqual({
      kind: "period",
      period: { kind: "month", fiscalYear: 2024, year: 2024, month: 6 },
    });
    expect(parseSchedulePeriod("R8～R6")).toBeNull();
  });
});

describe("era codes (R5, H30) and their round trip", () => {
  it.each([
    [2017, "H29", "H29年度", "平成29年度"],
    [2018, "H30", "H30年度", "平成30年度"],
    [2019, "R1", "R1年度", "令和元年度"],
    [2020, "R2", "R2年度", "令和2年度"],
    [2023, "R5", "R5年度", "令和5年度"],
  ])("writes FY%i as %s / %s / %s and reads each back", (fy, code, short, long) => {
    expect(fiscalYearCode(fy)).toBe(code);
    expect(formatFiscalYear(fy)).toBe(short);
    expect(formatFiscalYear(fy, "long")).toBe(long);
    expect(parseFiscalYear(code)).toBe(fy);
    expect(parseFiscalYear(short)).toBe(fy);
    expect(parseFiscalYear(long)).toBe(fy);
  });

  it.each(["FY2017", "FY2018Q4", "FY2019Q1", "2019-03", "FY2023"])(
    "writes the period %s in the import format and reads it back",
    (key) => {
      const period = parsePeriodKey(key);
      if (!period) throw new Error(key);
      const code = periodCode(period);
      expect(code).not.toMatch(/R-|R0/u);
      const back = parsePeriod(code);
      expect(back && periodKey(back)).toBe(key);
    },
  );

  it("puts R5.3月 (March 2024) in FY R5 and March 2023 in FY R4", () => {
    expect(parsePeriod("2024-03")?.fiscalYear).toBe(parseFiscalYear("R5"));
    expect(parsePeriod("2023-03")?.fiscalYear).toBe(parseFiscalYear("R4"));
  });

  it("writes stored keys for people", () => {
    expect(periodKeyText("2024-05")).toBe("2024年5月");
    expect(periodKeyText("FY2023")).toBe("R5年度");
    expect(periodKeyText("FY2025Q4")).toBe("R7年度 第4四半期");
    expect(periodKeyText("FY2018")).toBe("H30年度");
    expect(periodKeyText("何か")).toBe("何か");
  });

  it("lists a plan's fiscal years", () => {
    expect(planFiscalYears({ startFiscalYear: 2022, endFiscalYear: 2026 })).toEqual([
      2022, 2023, 2024, 2025, 2026,
    ]);
    expect(planFiscalYears({ startFiscalYear: 2024, endFiscalYear: 2024 })).toEqual([2024]);
  });
});

describe("Tokyo calendar dates", () => {
  it("takes 3/31 and 4/1 in Tokyo across the UTC day boundary", () => {
    // 2024-03-31T15:00Z is 2024-04-01 00:00 in Tokyo: a new fiscal year, while UTC is still 3/31.
    const before = new Date("2024-03-31T14:59:59Z");
    const after = new Date("2024-03-31T15:00:00Z");
    expect(tokyoIsoDate(before)).toBe("2024-03-31");
    expect(tokyoIsoDate(after)).toBe("2024-04-01");
    expect(tokyoMonthKey(before)).toBe("2024-03");
    expect(tokyoMonthKey(after)).toBe("2024-04");
    expect(fiscalYearAt(before)).toBe(2023);
    expect(fiscalYearAt(after)).toBe(2024);
    // 09:00 in Tokyo is midnight UTC on the same date.
    expect(tokyoDate(new Date("2024-04-01T00:00:00Z"))).toEqual({ year: 2024, month: 4, day: 1 });
  });

  it("gives the time and weekday in Tokyo", () => {
    // 2024-06-02T23:30Z is Monday 2024-06-03 08:30 in Tokyo.
    expect(tokyoDateTime(new Date("2024-06-02T23:30:05Z"))).toEqual({
      year: 2024,
      month: 6,
      day: 3,
      hour: 8,
      minute: 30,
      second: 5,
      weekday: 1,
    });
    // Midnight is hour 0, never 24.
    expect(tokyoDateTime(new Date("2024-06-02T15:00:00Z")).hour).toBe(0);
    expect(clockMinutes("09:30")).toBe(570);
  });

  it("names the month on the Japanese calendar, changing era on 2019-05-01 (Tokyo)", () => {
    expect(japaneseMonth(new Date("2019-04-30T14:59:00Z"))).toBe("平成31年4月");
    expect(japaneseMonth(new Date("2019-04-30T15:00:00Z"))).toBe("令和元年5月");
    expect(japaneseMonth(new Date("2024-11-30T15:00:00Z"))).toBe("令和6年12月");
    expect(japaneseMonth(new Date("2018-03-01T00:00:00Z"))).toBe("平成30年3月");
  });
});

describe("review periods (issue 14 §2)", () => {
  it("reads a half-year only as a review period, and every period by its cadence", () => {
    expect(parseReviewPeriod("R7H1")).toEqual({ kind: "half", fiscalYear: 2025, half: 1 });
    expect(parseReviewPeriod("ＦＹ２０２５ｈ２")).toEqual({
      kind: "half",
      fiscalYear: 2025,
      half: 2,
    });
    // Figures are never reported per half-year: parsePeriod keeps refusing it.
    expect(parsePeriod("R7H1")).toBeNull();
    // H30 is still 平成30年度, not a half.
    expect(parseReviewPeriod("H30")).toEqual({ kind: "fy", fiscalYear: 2018 });
    expect(parseReviewPeriod("R7H3")).toBeNull();
    const cadences = ["R7", "R7H2", "R7Q2", "2025-08"].map((p) => {
      const period = parseReviewPeriod(p);
      return (
        period && [reviewPeriodCadence(period), reviewPeriodKey(period), reviewPeriodCode(period)]
      );
    });
    expect(cadences).toEqual([
      ["yearly", "FY2025", "R7"],
      ["half-yearly", "FY2025H2", "R7H2"],
      ["quarterly", "FY2025Q2", "R7Q2"],
      ["monthly", "2025-08", "2025-08"],
    ]);
    expect(reviewPeriodKeyText("FY2025H1")).toBe("R7年度 上期");
    expect(reviewPeriodKeyText("FY2025Q2")).toBe("R7年度 第2四半期");
  });

  it("gives each period's days, orders keys latest first and reads 時点 dates", () => {
    const days = (t: string) => {
      const p = parseReviewPeriod(t);
      return p && reviewPeriodDays(p);
    };
    expect(days("R7")).toEqual({ from: "2025-04-01", to: "2026-03-31" });
    expect(days("R7H2")).toEqual({ from: "2025-10-01", to: "2026-03-31" });
    expect(days("R7Q4")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(days("2024-02")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(
      ["FY2024", "FY2025Q1", "FY2025", "FY2025Q4", "FY2025Q2"].sort(compareReviewPeriodKeysDesc),
    ).toEqual(["FY2025Q4", "FY2025", "FY2025Q2", "FY2025Q1", "FY2024"]);
    expect(parseIsoDate("2025/9/29")).toBe("2025-09-29");
    expect(parseIsoDate("２０２５-０９-２９")).toBe("2025-09-29");
    expect(parseIsoDate("2025-02-29")).toBeNull();
    expect(parseIsoDate("R7.9.29")).toBeNull();
    expect(formatIsoDate("2025-09-29")).toBe("2025年9月29日");
  });

  it("finds the period of each cadence containing an instant, by its date in Tokyo", () => {
    const at = (iso: string) =>
      (["yearly", "half-yearly", "quarterly", "monthly"] as const).map((c) =>
        reviewPeriodKey(reviewPeriodAt(c, new Date(iso))),
      );
    // 2025-09-30T15:30Z is 2025-10-01 00:30 in Tokyo: already Q3 and 下期, still R7.
    expect(at("2025-09-30T15:30:00Z")).toEqual(["FY2025", "FY2025H2", "FY2025Q3", "2025-10"]);
    expect(at("2025-09-30T14:30:00Z")).toEqual(["FY2025", "FY2025H1", "FY2025Q2", "2025-09"]);
    // 1 April in Tokyo starts the next 年度; the last of March is its Q4.
    expect(at("2026-03-31T15:00:00Z")).toEqual(["FY2026", "FY2026H1", "FY2026Q1", "2026-04"]);
    expect(at("2026-03-31T14:59:59Z")).toEqual(["FY2025", "FY2025H2", "FY2025Q4", "2026-03"]);
    // Every instant lies within its period's days.
    for (const iso of ["2025-04-01T00:00:00+09:00", "2025-12-31T23:59:00+09:00"])
      for (const c of ["yearly", "half-yearly", "quarterly", "monthly"] as const) {
        const days = reviewPeriodDays(reviewPeriodAt(c, new Date(iso)));
        expect(iso.slice(0, 10) >= days.from && iso.slice(0, 10) <= days.to).toBe(true);
      }
  });
});
