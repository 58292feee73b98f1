/**
 * The 進行管理報告書 as an Excel workbook (exceljs): a 一覧 sheet (cover and the list of initiatives
 * with the year's grades), then one sheet per initiative laid out like Tamana's report — the plan
 * (hierarchy, narratives, 工程, 数値目標) and, after a page break, the year's report (取組実績, grades
 * and reasons, next year's plan). Bordered cells, wrapped text, A4 portrait fitted to the page width,
 * BIZ UDPゴシック (installed with Windows and Office in Japan). Figures are written as printed.
 */
import ExcelJS from "exceljs";
import {
  gradeLegend,
  issueMonth,
  type ReportInitiative,
  type ReportModel,
  reasonBoxes,
  reasonFor,
  reportTitle,
  sectionTitles,
  yearLabel,
  yearShort,
} from "./report-model.ts";

/** The font every cell uses: the Windows name of BIZ UDPGothic, the font of the PDF. */
export const XLSX_FONT = "BIZ UDPゴシック";
const FONT_SIZE = 10;
const FILL = { label: "FFE3ECF5", head: "FFF2F5F8", bar: "FFCFE2F3" };
const THIN = { style: "thin" as const, color: { argb: "FF333333" } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

interface Style {
  bold?: boolean;
  size?: number;
  fill?: string;
  align?: "left" | "center" | "right";
  valign?: "top" | "middle";
  border?: boolean;
}

/** Display width of a text in Excel column units (full-width characters count two). */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    // Latin-1 and half-width katakana are narrow; everything else is full-width.
    w += code <= 0xff || (code >= 0xff61 && code <= 0xff9f) ? 1.05 : 1.9;
  }
  return w;
}

/** Lines a text takes in a cell `width` units wide. */
function lineCount(text: string, width: number): number {
  const usable = Math.max(width - 1.5, 2);
  return text
    .split("\n")
    .reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
}

/** A worksheet with a fixed grid of columns and helpers to write bordered, merged boxes. */
class Sheet {
  row = 1;
  constructor(
    readonly ws: ExcelJS.Worksheet,
    private widths: number[],
  ) {
    ws.columns = widths.map((width) => ({ width }));
  }

  /** Width in column units of columns `c1..c2` (1-based). */
  span(c1: number, c2: number) {
    let w = 0;
    for (let c = c1; c <= c2; c++) w += this.widths[c - 1] ?? 0;
    return w;
  }

  /** Writes a value in `r1..r2 × c1..c2` (merged when larger than one cell) with a style. */
  box(r1: number, c1: number, r2: number, c2: number, value: string, style: Style = {}) {
    if (r1 !== r2 || c1 !== c2) this.ws.mergeCells(r1, c1, r2, c2);
    const master = this.ws.getCell(r1, c1);
    master.value = value;
    master.font = { name: XLSX_FONT, size: style.size ?? FONT_SIZE, bold: style.bold ?? false };
    master.alignment = {
      wrapText: true,
      vertical: style.valign ?? "middle",
      horizontal: style.align ?? "left",
    };
    for (let r = r1; r <= r2; r++)
      for (let c = c1; c <= c2; c++) {
        const cell = this.ws.getCell(r, c);
        if (style.border !== false) cell.border = BORDER;
        if (style.fill)
          cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: style.fill } };
      }
  }

  /** Makes row `r` tall enough for `text` in a box `width` units wide (rows only grow). */
  fit(r: number, text: string, width: number, size = FONT_SIZE, rows = 1) {
    const lineHeight = size * 1.4;
    const need = (lineCount(text, width * (FONT_SIZE / size)) * lineHeight + 5) / rows;
    const row = this.ws.getRow(r);
    row.height = Math.max(row.height ?? 0, need, 18);
  }

  title(text: string, size = 12, c2 = this.widths.length) {
    this.box(this.row, 1, this.row, c2, text, { bold: true, size, border: false });
    this.ws.getRow(this.row).height = size * 1.9;
    this.row++;
  }

  gap(height = 8) {
    this.ws.getRow(this.row).height = height;
    this.row++;
  }

  /** A label in column 1 and a text over the other columns. */
  labelled(label: string, body: string) {
    const last = this.widths.length;
    this.box(this.row, 1, this.row, 1, label, { bold: true, fill: FILL.label, align: "center" });
    this.box(this.row, 2, this.row, last, body, { valign: "top" });
    this.fit(this.row, body, this.span(2, last));
    this.fit(this.row, label, this.span(1, 1));
    this.row++;
  }
}

/** A sheet name Excel accepts: no `:\/?*[]`, at most 31 characters, unique in the workbook. */
function sheetName(code: string, used: Set<string>): string {
  const base = code.replace(/[:\\/?*[\]]/gu, "_").slice(0, 28) || "取組";
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  used.add(name.toLowerCase());
  return name;
}

const PAGE_SETUP: Partial<ExcelJS.PageSetup> = {
  paperSize: 9, // A4
  orientation: "portrait",
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  margins: { left: 0.5, right: 0.5, top: 0.7, bottom: 0.6, header: 0.3, footer: 0.3 },
};

function addSheet(wb: ExcelJS.Workbook, name: string, header: string) {
  const ws = wb.addWorksheet(name, {
    pageSetup: PAGE_SETUP,
    views: [{ showGridLines: false }],
  });
  ws.headerFooter.oddHeader = `&R&"${XLSX_FONT}"&8${header.replace(/&/gu, "&&")}`;
  ws.headerFooter.oddFooter = `&C&"${XLSX_FONT}"&8- &P -`;
  return ws;
}

function listSheet(wb: ExcelJS.Workbook, model: ReportModel, header: string) {
  const kinds = (["progress", "achievement"] as const).filter((k) => model.gradeScales[k]);
  const sheet = new Sheet(addSheet(wb, "一覧", header), [26, 8, 34, 14, ...kinds.map(() => 10)]);
  const last = 4 + kinds.length;
  const title = reportTitle(model);
  sheet.title(title.plan, 16, last);
  sheet.title(title.kind, 14, last);
  sheet.title(`（${title.year}）　${model.city}　${issueMonth()}`, 11, last);
  sheet.gap();
  sheet.title(`${model.initiativeLabel}一覧`, 12, last);
  const head = { bold: true, fill: FILL.label, align: "center" as const };
  const r0 = sheet.row;
  sheet.box(r0, 1, r0, 1, model.levels.at(-1) ?? "", head);
  sheet.box(r0, 2, r0, 2, model.codeLabel, head);
  sheet.box(r0, 3, r0, 3, model.initiativeLabel, head);
  sheet.box(r0, 4, r0, 4, "担当課", head);
  kinds.forEach((k, i) => {
    sheet.box(
      r0,
      5 + i,
      r0,
      5 + i,
      `${model.gradeScales[k]?.label ?? ""}\n${yearShort(model.fiscalYear)}`,
      { ...head, size: 9 },
    );
  });
  sheet.ws.getRow(r0).height = 30;
  sheet.row++;
  sheet.ws.views = [{ showGridLines: false, state: "frozen", ySplit: r0 }];
  sheet.ws.pageSetup.printTitlesRow = `${r0}:${r0}`;

  let top: string | null = null;
  let groupStart = sheet.row;
  let groupKey: string | null = null;
  let groupLabel = "";
  const closeGroup = () => {
    if (groupKey === null || sheet.row === groupStart) return;
    sheet.box(groupStart, 1, sheet.row - 1, 1, groupLabel, { size: 9 });
    sheet.fit(groupStart, groupLabel, sheet.span(1, 1), 9, sheet.row - groupStart);
  };
  for (const it of model.initiatives) {
    const first = it.branches[0];
    const lowest = it.branches.at(-1);
    const topKey = it.branches.length > 1 && first ? `${first.code ?? ""}${first.title}` : null;
    const key = `${topKey}\u0000${lowest?.code ?? ""}${lowest?.title ?? ""}`;
    if (key !== groupKey || topKey !== top) {
      closeGroup();
      if (topKey !== null && topKey !== top && first) {
        sheet.box(
          sheet.row,
          1,
          sheet.row,
          last,
          `${first.level}　${first.code ?? ""}　${first.title}`,
          {
            bold: true,
            fill: FILL.head,
          },
        );
        sheet.ws.getRow(sheet.row).height = 20;
        sheet.row++;
      }
      top = topKey;
      groupKey = key;
      groupStart = sheet.row;
      groupLabel = lowest ? `${lowest.code ? `${lowest.code}　` : ""}${lowest.title}` : "";
    }
    const r = sheet.row;
    sheet.box(r, 2, r, 2, it.code, { align: "center" });
    sheet.box(r, 3, r, 3, it.title);
    sheet.box(r, 4, r, 4, it.departments.join("\n"), { size: 9 });
    kinds.forEach((k, i) => {
      sheet.box(r, 5 + i, r, 5 + i, it.grades[k]?.grade ?? "", { align: "center", bold: true });
    });
    sheet.fit(r, it.title, sheet.span(3, 3));
    sheet.fit(r, it.departments.join("\n"), sheet.span(4, 4), 9);
    sheet.row++;
  }
  closeGroup();
}

function initiativeSheet(
  wb: ExcelJS.Workbook,
  model: ReportModel,
  it: ReportInitiative,
  name: string,
  header: string,
) {
  const years = model.years;
  const Y0 = 4; // first year column
  const last = Y0 + years.length - 1;
  const sheet = new Sheet(addSheet(wb, name, header), [
    15,
    8,
    12,
    ...years.map(() => Math.max(9, Math.round(60 / years.length))),
  ]);
  const label = { bold: true, fill: FILL.label, align: "center" as const };
  const head = { bold: true, fill: FILL.head, align: "center" as const, size: 9 };

  sheet.title("［取組事項別内容］", 12);
  for (const b of it.branches) {
    const r = sheet.row;
    sheet.box(r, 1, r, 1, b.level, label);
    sheet.box(r, 2, r, 2, b.code ?? "", { align: "center", bold: true });
    sheet.box(r, 3, r, last, b.title, { bold: true });
    sheet.fit(r, b.title, sheet.span(3, last));
    sheet.row++;
  }
  {
    const r = sheet.row;
    sheet.box(r, 1, r, 1, model.initiativeLabel, label);
    sheet.box(r, 2, r, 2, it.code, { align: "center", bold: true, size: 12 });
    sheet.box(r, 3, r, last - 2, it.title, { bold: true, size: 12 });
    sheet.box(r, last - 1, r, last - 1, "担当課", label);
    sheet.box(r, last, r, last, it.departments.join("\n"), { align: "center", size: 9 });
    sheet.fit(r, it.title, sheet.span(3, last - 2), 12);
    sheet.fit(r, it.departments.join("\n"), sheet.span(last, last), 9);
    sheet.ws.getRow(r).height = Math.max(sheet.ws.getRow(r).height ?? 0, 26);
    sheet.row++;
  }
  for (const n of it.planNarratives) sheet.labelled(n.label, n.body);

  if (it.schedule.length) {
    sheet.gap();
    sheet.title("具体的な取組（工程）", 10.5);
    const r = sheet.row;
    sheet.box(r, 1, r, Y0 - 1, "項　目", head);
    years.forEach((y, i) => {
      sheet.box(r, Y0 + i, r, Y0 + i, yearLabel(y), head);
    });
    sheet.row++;
    for (const item of it.schedule) {
      const start = sheet.row;
      for (const lane of item.lanes) {
        let next = years[0] ?? 0;
        for (const c of lane.cells) {
          for (let y = next; y < c.from; y++)
            sheet.box(sheet.row, Y0 + years.indexOf(y), sheet.row, Y0 + years.indexOf(y), "");
          const c1 = Y0 + years.indexOf(c.from);
          const c2 = Y0 + years.indexOf(c.to);
          sheet.box(sheet.row, c1, sheet.row, c2, `${c.text} →`, {
            align: "center",
            fill: FILL.bar,
            size: 9,
          });
          sheet.fit(sheet.row, `${c.text} →`, sheet.span(c1, c2), 9);
          next = c.to + 1;
        }
        for (let y = next; y <= (years.at(-1) ?? 0); y++)
          sheet.box(sheet.row, Y0 + years.indexOf(y), sheet.row, Y0 + years.indexOf(y), "");
        sheet.row++;
      }
      sheet.box(start, 1, sheet.row - 1, Y0 - 1, item.item, { fill: FILL.head, size: 9 });
      sheet.fit(start, item.item, sheet.span(1, Y0 - 1), 9, sheet.row - start);
    }
  }

  sheet.gap();
  sheet.title("数値目標", 10.5);
  if (it.indicators.length) {
    const r = sheet.row;
    sheet.box(r, 1, r, Y0 - 1, "指　標", head);
    years.forEach((y, i) => {
      sheet.box(r, Y0 + i, r, Y0 + i, yearLabel(y), head);
    });
    sheet.row++;
    for (const ind of it.indicators) {
      const r1 = sheet.row;
      const name = ind.unit ? `${ind.name}（${ind.unit}）` : ind.name;
      sheet.box(r1, 1, r1 + 1, 2, name, { size: 9 });
      sheet.box(r1, 3, r1, 3, "目標", { ...head, bold: false });
      sheet.box(r1 + 1, 3, r1 + 1, 3, "実績", { ...head, bold: false });
      years.forEach((y, i) => {
        sheet.box(r1, Y0 + i, r1, Y0 + i, ind.targets.get(y) ?? "", { align: "right" });
        sheet.box(r1 + 1, Y0 + i, r1 + 1, Y0 + i, ind.actuals.get(y) ?? "", { align: "right" });
      });
      sheet.fit(r1, name, sheet.span(1, 2), 9, 2);
      sheet.fit(r1 + 1, name, sheet.span(1, 2), 9, 2);
      sheet.row += 2;
      const notes = [ind.baseline, ind.targetText].filter((n): n is string => !!n?.trim());
      if (notes.length) {
        const text = `※ ${notes.join("　")}`;
        sheet.box(sheet.row, 1, sheet.row, last, text, { size: 8.5 });
        sheet.fit(sheet.row, text, sheet.span(1, last), 8.5);
        sheet.row++;
      }
    }
  } else {
    sheet.box(sheet.row, 1, sheet.row, last, "数値目標は設定されていません。", { size: 9 });
    sheet.row++;
  }

  // The year's report starts on a new printed page, as in Tamana's report.
  sheet.ws.getRow(sheet.row - 1).addPageBreak();
  const titles = sectionTitles(model.fiscalYear);
  sheet.title(`${it.code}　${it.title}`, 11);
  sheet.title(titles.work, 10.5);
  if (it.yearNarratives.length) for (const n of it.yearNarratives) sheet.labelled(n.label, n.body);
  else sheet.labelled("取組実績", "");

  const gradeRows = (kind: "progress" | "achievement") => {
    const scale = model.gradeScales[kind];
    if (!scale) return;
    const g = it.grades[kind];
    const r = sheet.row;
    sheet.box(r, 1, r + 2, 1, scale.label, label);
    sheet.box(r, 2, r, 3, "年度", head);
    sheet.box(r + 1, 2, r + 1, 3, "評価", head);
    years.forEach((y, i) => {
      sheet.box(r, Y0 + i, r, Y0 + i, yearShort(y), head);
      sheet.box(r + 1, Y0 + i, r + 1, Y0 + i, g?.byYear.get(y) ?? "", {
        align: "center",
        bold: true,
        size: 12,
      });
    });
    const legend = gradeLegend(scale).join("　");
    sheet.box(r + 2, 2, r + 2, last, legend, { size: 9 });
    sheet.fit(r + 2, legend, sheet.span(2, last), 9);
    sheet.ws.getRow(r + 1).height = 22;
    sheet.row += 3;
    const boxes = reasonBoxes(kind, scale);
    if (boxes.top) sheet.labelled(boxes.top.label, reasonFor(g, "top", boxes.top.key));
    sheet.labelled(boxes.low.label, reasonFor(g, "low", boxes.top?.key ?? null));
  };
  gradeRows("progress");
  if (model.gradeScales.achievement) {
    sheet.gap();
    sheet.title(titles.achievement, 10.5);
    gradeRows("achievement");
  }
  if (it.sources.length) {
    sheet.gap();
    sheet.labelled("出典", it.sources.join("\n"));
  }
  sheet.gap();
  sheet.title(titles.next, 10.5);
  if (it.nextNarratives.length) for (const n of it.nextNarratives) sheet.labelled(n.label, n.body);
  else sheet.labelled("取組内容", "");
  sheet.ws.pageSetup.printArea = `A1:${sheet.ws.getColumn(last).letter}${sheet.row - 1}`;
}

/** Renders the report as an .xlsx workbook. */
export async function renderReportXlsx(model: ReportModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const title = reportTitle(model);
  wb.creator = "shinchoku";
  wb.title = `${title.plan} ${title.kind}（${title.year}）`;
  wb.subject = title.kind;
  wb.company = model.city;
  wb.created = new Date();
  const header = `${title.plan}　${title.kind}（${title.year}）`;
  listSheet(wb, model, header);
  const used = new Set<string>(["一覧"]);
  for (const it of model.initiatives)
    initiativeSheet(wb, model, it, sheetName(it.code, used), header);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
