import { describe, expect, it } from "vitest";
import {
  formatFigure,
  formatFigureWithQualifier,
  parseFigure,
  parseJapaneseNumber,
  plainFigure,
  showFigure,
} from "../../shared/numbers.ts";

describe("Japanese numbers", () => {
  it.each([
    ["98.40%", "98.4", 2, "%"],
    ["９８．４０％", "98.4", 2, "%"],
    ["1,083人", "1083", 0, "人"],
    ["１，６５０千円", "1650000", 0, "円"],
    ["13億円", "1300000000", 0, "円"],
    ["13億5,000万円", "1350000000", 0, "円"],
    ["1.2万件", "12000", 0, "件"],
    ["846,354,905円", "846354905", 0, "円"],
    ["0.5", "0.5", 1, ""],
    ["-3", "-3", 0, ""],
    ["12.6日", "12.6", 1, "日"],
    ["60％以下", "60", 0, "%以下"],
  ])("reads %s", (text, decimal, decimals, rest) => {
    const n = parseJapaneseNumber(text);
    expect(n).not.toBeNull();
    expect(n?.decimal).toBe(decimal);
    expect(n?.value).toBe(Number(decimal));
    expect(n?.decimals).toBe(decimals);
    expect(n?.rest).toBe(rest);
  });

  it("scales exactly, without floating-point noise", () => {
    expect(parseJapaneseNumber("1.1万")?.decimal).toBe("11000");
    expect(parseJapaneseNumber("0.07億")?.decimal).toBe("7000000");
    expect(parseJapaneseNumber("11.17億")?.value).toBe(1117000000);
  });

  it.each(["", "約", "なし", "-", "%"])("finds no number in %j", (text) => {
    expect(parseJapaneseNumber(text)).toBeNull();
  });
});

describe("figures in an indicator's unit", () => {
  it("accepts the unit, a scale word with it, or no unit", () => {
    expect(parseFigure("40%", "%")).toMatchObject({ ok: true, figure: { value: 40 } });
    expect(parseFigure("40", "%")).toMatchObject({ ok: true, figure: { value: 40 } });
    expect(parseFigure("４０パーセント", "%")).toMatchObject({ ok: true, figure: { value: 40 } });
    expect(parseFigure("13億円", "円")).toMatchObject({ ok: true, figure: { value: 1300000000 } });
    expect(parseFigure("225,229千円", "千円")).toMatchObject({
      ok: true,
      figure: { value: 225229 },
    });
  });

  it("keeps 以上・以下・未満 as a qualifier", () => {
    expect(parseFigure("60％以下", "%")).toMatchObject({
      ok: true,
      figure: { value: 60, qualifier: "以下" },
    });
  });

  it("refuses another unit and non-numbers", () => {
    expect(parseFigure("40人", "%")).toEqual({
      ok: false,
      error: { code: "unit_mismatch", expected: "%", found: "人" },
    });
    expect(parseFigure("たくさん", "件")).toEqual({ ok: false, error: { code: "not_a_number" } });
  });

  it("formats with separators, decimals as entered, and the unit", () => {
    expect(formatFigure(98.4, "%", 2)).toBe("98.40%");
    expect(formatFigure(846354905, "円")).toBe("846,354,905円");
    expect(formatFigure(1083, "人")).toBe("1,083人");
  });

  it("formats a figure with its qualifier, and a stored one with its printed text", () => {
    expect(formatFigureWithQualifier({ value: 60, decimals: 0, qualifier: "以下" }, "%")).toBe(
      "60%以下",
    );
    expect(formatFigureWithQualifier({ value: 98.4, decimals: 2, qualifier: null }, "%")).toBe(
      "98.40%",
    );
    const stored = { value: null, decimals: 0, qualifier: null, rawText: "KPI設定予定" };
    expect(showFigure(stored, "件")).toBe("KPI設定予定");
    expect(showFigure({ ...stored, rawText: null }, "件")).toBe("—");
    expect(showFigure({ ...stored, rawText: null }, "件", "")).toBe("");
    expect(showFigure({ ...stored, value: 1083 }, "人")).toBe("1,083人");
  });

  it("writes plain numbers for machine-readable exports", () => {
    expect(plainFigure(98.4, 2)).toBe("98.40");
    expect(plainFigure(1300000000, 0)).toBe("1300000000");
    expect(plainFigure(-2.5, 1)).toBe("-2.5");
    expect(plainFigure(null, 2)).toBe("");
    expect(plainFigure(Number.NaN, 0)).toBe("");
  });
});
