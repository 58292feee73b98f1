import { describe, expect, it } from "vitest";
import {
  fiscalYearAt,
  formatFiscalYear,
  formatPeriod,
  parseFiscalYear,
  parsePeriod,
  parseSchedulePeriod,
  periodKey,
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
