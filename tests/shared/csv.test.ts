/** CSV cells that spreadsheet software would run as formulas are written as text (OWASP). */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCellValue, csvSafeCell, toCsv } from "../../shared/csv.ts";

describe("csvSafeCell", () => {
  it.each([
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ["+5%", "'+5%"],
    ["-5%", "'-5%"],
    ["-", "'-"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["'=1", "''=1"],
  ])("guards %j as %j", (cell, written) => {
    expect(csvSafeCell(cell)).toBe(written);
    expect(csvCellValue(written)).toBe(cell);
  });

  it.each(["-5", "-2.5", "98.40", "1300000000", "0", "", "総務課", "'quoted", "a=b", "▲5"])(
    "leaves %j as it is (numbers stay numbers) and reads it back unchanged",
    (cell) => {
      expect(csvSafeCell(cell)).toBe(cell);
      expect(csvCellValue(cell)).toBe(cell);
    },
  );
});

describe("toCsv", () => {
  it("guards every text cell, records and arrays alike, and a parser reads the guarded text", () => {
    const text = toCsv([
      ["=1+1", "-5", -5, "@a", null],
      ["ok", "+1", 2.5, "x", "-x"],
    ]);
    expect(parse(text)).toEqual([
      ["'=1+1", "-5", "-5", "'@a", ""],
      ["ok", "'+1", "2.5", "x", "'-x"],
    ]);
    const withHeader = toCsv([{ a: "=cmd", b: "1" }], { header: true, columns: ["a", "b"] });
    expect(withHeader).toBe("a,b\n'=cmd,1\n");
  });
});
