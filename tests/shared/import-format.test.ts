/**
 * The import format's names and cell reading (shared/import-format.ts), which the CLI and the LIFF
 * import page both use: cells as exceljs gives them after a round trip through .xlsx, the way both
 * read a workbook an office saved.
 */
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BUNDLE_FILES,
  decodeTableText,
  formatFileOf,
  isNoteSheet,
  readCell,
  readSheet,
  readWorkbookSheets,
  SHEET_FILES,
  sheetRowsOf,
  TABLE_SHEETS,
  unknownSheetIssue,
} from "../../shared/import-format.ts";

/** Writes a workbook and reads it back, as a saved file is read. */
async function roundTrip(build: (wb: ExcelJS.Workbook) => void): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const read = new ExcelJS.Workbook();
  await read.xlsx.load(await wb.xlsx.writeBuffer());
  return read;
}

describe("readCell", () => {
  let sheet: ExcelJS.Worksheet;
  const cell = (address: string) => readCell(sheet.getCell(address));
  beforeAll(async () => {
    const wb = await roundTrip((wb) => {
      const s = wb.addWorksheet("実績");
      const set = (address: string, value: ExcelJS.CellValue, numFmt?: string) => {
        const c = s.getCell(address);
        c.value = value;
        if (numFmt) c.numFmt = numFmt;
      };
      set("A1", 1083);
      set("A2", 98.4);
      set("A3", 0.9841, "0.00%");
      set("A4", 0.5, "0%");
      set("A5", 0.125, "#,##0.0%");
      set("A6", "１，０８３人");
      set("A7", { richText: [{ text: "令和" }, { font: { bold: true }, text: "５年度" }] });
      set("A8", { formula: "49+1", result: 50 });
      set("A9", { formula: "B1-B1", result: 0 });
      set("A10", { formula: "B1/C1", result: 0.984 }, "0.0%");
      set("A11", { formula: "DATE(2024,4,1)", result: new Date(Date.UTC(2024, 3, 1)) }, "yyyy/m/d");
      set("A12", { formula: "10*3" } as ExcelJS.CellFormulaValue);
      set("A13", { formula: "1/0", result: { error: "#DIV/0!" } });
      set("A14", new Date(Date.UTC(2024, 5, 1)), "yyyy-mm-dd");
      set("A16", { text: "計画書", hyperlink: "https://example.jp/plan.pdf" });
      set("A17", true);
      set("A18", { formula: 'B1&"件"', result: "12件" });
      set("A19", { formula: "1=2", result: false });
    });
    const s = wb.getWorksheet("実績");
    if (!s) throw new Error("no sheet");
    sheet = s;
  });

  it("reads numbers as written and percentage cells as Excel shows them", () => {
    expect(cell("A1")).toEqual({ text: "1083", problem: null });
    expect(cell("A2").text).toBe("98.4");
    expect(cell("A3").text).toBe("98.41%");
    expect(cell("A4").text).toBe("50%");
    expect(cell("A5").text).toBe("12.5%");
  });

  it("keeps text as written: full-width digits are left to the table parsers", () => {
    expect(cell("A6").text).toBe("１，０８３人");
  });

  it("reads rich text, hyperlinks and booleans as their plain text", () => {
    expect(cell("A7").text).toBe("令和５年度");
    expect(cell("A16").text).toBe("計画書");
    expect(cell("A17").text).toBe("true");
  });

  it("reads a date as its ISO date, and an empty cell as empty", () => {
    expect(cell("A14")).toEqual({ text: "2024-06-01", problem: null });
    expect(cell("A15")).toEqual({ text: "", problem: null });
  });

  it("reads a formula as its saved result, with the cell's number format", () => {
    expect(cell("A8")).toEqual({ text: "50", problem: null });
    // exceljs drops a result of 0 or false from `value`; `Cell.result` keeps it.
    expect(cell("A9")).toEqual({ text: "0", problem: null });
    expect(cell("A19")).toEqual({ text: "false", problem: null });
    expect(cell("A10").text).toBe("98.4%");
    expect(cell("A11").text).toBe("2024-04-01");
    expect(cell("A18").text).toBe("12件");
  });

  it("refuses a formula without a saved result, and one whose result is an error", () => {
    expect(cell("A12")).toEqual({
      text: "",
      problem:
        "セル A12 は数式ですが、計算結果が保存されていません。Excel で開いて保存し直してください。",
    });
    expect(cell("A13").problem).toBe(
      "セル A13 の数式の結果がエラー（#DIV/0!）です。数式を直して保存し直してください。",
    );
  });
});

describe("sheet and file names", () => {
  it("knows every table by its Japanese sheet name and its file stem, folding case and width", () => {
    for (const file of Object.values(BUNDLE_FILES)) {
      expect(formatFileOf(TABLE_SHEETS[file])).toBe(file);
      expect(formatFileOf(file)).toBe(file);
    }
    expect(Object.keys(SHEET_FILES)).toHaveLength(22);
    expect(formatFileOf(" 取組 ")).toBe("initiatives.csv");
    expect(formatFileOf("取組.csv")).toBe("initiatives.csv");
    expect(formatFileOf("Initiatives.CSV")).toBe("initiatives.csv");
    expect(formatFileOf("ｐｌａｎ.yml")).toBe("plan.yaml");
    expect(formatFileOf("取組一覧")).toBeNull();
  });

  it("skips the notes sheets, 説明 and README in any case", () => {
    expect(["説明", " 説明", "README", "readme", "ReadMe"].every(isNoteSheet)).toBe(true);
    expect(isNoteSheet("取組")).toBe(false);
  });

  it("names the sheets that can be used when a sheet is unknown", () => {
    expect(unknownSheetIssue("Sheet1")).toEqual({
      file: "シート「Sheet1」",
      message:
        "このシートは取込形式にありません。使えるシート: 計画、組織、体系、取組、記述、レビュー、工程、指標、目標、実績、評価",
    });
  });
});

describe("decodeTableText", () => {
  it("reads UTF-8 (dropping a BOM), else Shift_JIS as Excel in Japan writes CSV", () => {
    const csv = "コード,取組名\n①,会議のペーパーレス化\n";
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv)]);
    expect(decodeTableText(bom)).toEqual({ text: csv, encoding: "utf-8" });
    expect(decodeTableText(new Uint8Array(iconv.encode(csv, "shift_jis")))).toEqual({
      text: csv,
      encoding: "shift_jis",
    });
  });
});

describe("sheets as tables", () => {
  it("reads a sheet from its first row with a value, naming unreadable cells by row and header", async () => {
    const wb = await roundTrip((wb) => {
      wb.addWorksheet("説明").addRow(["このブックは取込形式です。"]);
      const s = wb.addWorksheet("実績");
      s.getRow(2).values = ["指標ID", "期間", "値"];
      s.getRow(3).values = ["①-1", "R5", 98.4];
      s.getRow(5).values = ["①-1", "R6", { formula: "C3+1" } as ExcelJS.CellFormulaValue];
      wb.addWorksheet("README").addRow(["notes"]);
      wb.addWorksheet("Sheet1").addRow(["x"]);
    });
    const sheets = readWorkbookSheets(wb);
    expect(sheets.map((s) => [s.name, s.file])).toEqual([
      ["実績", "actuals.csv"],
      ["Sheet1", null],
    ]);
    const actuals = sheets[0];
    expect(actuals?.table.rows).toEqual([
      { row: 2, cells: ["指標ID", "期間", "値"] },
      { row: 3, cells: ["①-1", "R5", "98.4"] },
      { row: 5, cells: ["①-1", "R6", ""] },
    ]);
    expect(actuals?.issues).toEqual([
      {
        file: "シート「実績」",
        row: 5,
        column: "C列（値）",
        message:
          "セル C5 は数式ですが、計算結果が保存されていません。Excel で開いて保存し直してください。",
      },
    ]);
    const sheet = wb.getWorksheet("実績");
    if (sheet) expect(readSheet(sheet).table).toEqual(actuals?.table);
  });

  it("reads a sheet sent as rows of cells (the LIFF import) the same way", () => {
    expect(sheetRowsOf([[], ["指標ID", "期間", "値"], ["①-1", "R5", 98.4], [null, ""]])).toEqual({
      rows: [
        { row: 2, cells: ["指標ID", "期間", "値"] },
        { row: 3, cells: ["①-1", "R5", "98.4"] },
      ],
    });
  });
});
