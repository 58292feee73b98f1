/**
 * The 進行管理報告書 as a PDF (A4 portrait), with pdfkit and BIZ UDPGothic (a TrueType font from
 * the npm package @expo-google-fonts/biz-udpgothic, embedded as a subset with a ToUnicode map, so
 * the text can be searched and copied). Nothing is downloaded and no system font is used.
 *
 * A cover, a list of the initiatives with the year's grades, then for each initiative the plan page
 * (hierarchy, narratives, 工程, 数値目標) and the year's page (取組実績, grades and reasons, next year's
 * plan), as in Tamana's report. Long texts continue on the next page. Node only.
 */
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import {
  gradeLegend,
  issueMonth,
  type ReportGrades,
  type ReportInitiative,
  type ReportModel,
  reasonBoxes,
  reasonFor,
  reportTitle,
  sectionTitles,
  yearLabel,
  yearShort,
} from "./report-model.ts";

const require = createRequire(import.meta.url);

/** The embedded font files (BIZ UDPGothic Regular and Bold, SIL OFL 1.1). */
export const REPORT_FONT_FILES = {
  regular: require.resolve(
    "@expo-google-fonts/biz-udpgothic/400Regular/BIZUDPGothic_400Regular.ttf",
  ),
  bold: require.resolve("@expo-google-fonts/biz-udpgothic/700Bold/BIZUDPGothic_700Bold.ttf"),
};

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 56, bottom: 48, left: 42, right: 42 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const PAD = 4;
const BODY_SIZE = 9;
const LINE_GAP = 2;
const LABEL_WIDTH = 92;
const COLORS = {
  border: "#333333",
  label: "#E3ECF5",
  head: "#F2F5F8",
  bar: "#CFE2F3",
  barLine: "#6C8EBF",
  text: "#111111",
  muted: "#555555",
};

interface Cell {
  text: string;
  col: number;
  row?: number;
  colSpan?: number;
  rowSpan?: number;
  align?: "left" | "center" | "right";
  valign?: "top" | "middle";
  bold?: boolean;
  size?: number;
  fill?: string;
  /** Draws a Gantt bar (an arrow) behind the text. */
  bar?: boolean;
}

/** Rows that are drawn together, never split across pages. */
interface Block {
  widths: number[];
  cells: Cell[];
  minRowHeight?: number;
}

type Doc = PDFKit.PDFDocument;

function setFont(doc: Doc, cell: { bold?: boolean; size?: number }) {
  doc.font(cell.bold ? "bold" : "regular").fontSize(cell.size ?? BODY_SIZE);
}

function cellWidth(block: Block, cell: Cell) {
  let w = 0;
  for (let i = cell.col; i < cell.col + (cell.colSpan ?? 1); i++) w += block.widths[i] ?? 0;
  return w;
}

/** Horizontal room left and right of a cell's text (a bar's arrow tip takes more on the right). */
function insets(cell: Cell, width: number): [number, number] {
  return cell.bar ? [PAD + 3, PAD + 3 + barTip(width)] : [PAD, PAD];
}

const barTip = (width: number) => Math.min(10, width / 4);

function textHeight(doc: Doc, cell: Cell, width: number) {
  if (!cell.text) return 0;
  setFont(doc, cell);
  const [l, r] = insets(cell, width);
  return doc.heightOfString(cell.text, { width: width - l - r, lineGap: LINE_GAP });
}

/** The height of each row of a block. */
function measure(doc: Doc, block: Block): number[] {
  const rows = Math.max(...block.cells.map((c) => (c.row ?? 0) + (c.rowSpan ?? 1)));
  const heights = new Array<number>(rows).fill(block.minRowHeight ?? 18);
  const spanning: Cell[] = [];
  for (const cell of block.cells) {
    if ((cell.rowSpan ?? 1) > 1) {
      spanning.push(cell);
      continue;
    }
    const h = textHeight(doc, cell, cellWidth(block, cell)) + 2 * PAD;
    const r = cell.row ?? 0;
    heights[r] = Math.max(heights[r] ?? 0, h);
  }
  for (const cell of spanning) {
    const r = cell.row ?? 0;
    const span = cell.rowSpan ?? 1;
    const need = textHeight(doc, cell, cellWidth(block, cell)) + 2 * PAD;
    const have = heights.slice(r, r + span).reduce((a, b) => a + b, 0);
    if (need > have) {
      const extra = (need - have) / span;
      for (let i = r; i < r + span; i++) heights[i] = (heights[i] ?? 0) + extra;
    }
  }
  return heights;
}

function drawBlock(doc: Doc, block: Block, x0: number, y0: number, heights: number[]) {
  const colX = [x0];
  for (const w of block.widths) colX.push((colX.at(-1) ?? x0) + w);
  const rowY = [y0];
  for (const h of heights) rowY.push((rowY.at(-1) ?? y0) + h);
  for (const cell of block.cells) {
    const r = cell.row ?? 0;
    const x = colX[cell.col] ?? x0;
    const y = rowY[r] ?? y0;
    const w = cellWidth(block, cell);
    const h = (rowY[r + (cell.rowSpan ?? 1)] ?? y) - y;
    if (cell.fill) doc.save().rect(x, y, w, h).fill(cell.fill).restore();
    if (cell.bar) {
      const mid = y + h / 2;
      const half = Math.min(h / 2 - 3, Math.max(9, textHeight(doc, cell, w) / 2 + 3));
      const tip = barTip(w);
      doc
        .save()
        .polygon(
          [x + 3, mid - half],
          [x + w - 3 - tip, mid - half],
          [x + w - 3, mid],
          [x + w - 3 - tip, mid + half],
          [x + 3, mid + half],
        )
        .lineWidth(0.6)
        .fillAndStroke(COLORS.bar, COLORS.barLine)
        .restore();
    }
    if (cell.text) {
      setFont(doc, cell);
      const th = textHeight(doc, cell, w);
      const ty = cell.valign === "top" ? y + PAD : y + Math.max(PAD, (h - th) / 2);
      const [l, r] = insets(cell, w);
      doc.fillColor(COLORS.text).text(cell.text, x + l, ty, {
        width: w - l - r,
        align: cell.align ?? "left",
        lineGap: LINE_GAP,
      });
    }
    doc.save().lineWidth(0.6).strokeColor(COLORS.border).rect(x, y, w, h).stroke().restore();
  }
}

/** Where the next block goes; starts a new page when a block does not fit. */
class Pager {
  y = MARGIN.top;
  constructor(
    private doc: Doc,
    private header: string,
  ) {}

  newPage() {
    this.doc.addPage({ size: "A4", margins: MARGIN });
    this.doc
      .font("regular")
      .fontSize(7.5)
      .fillColor(COLORS.muted)
      .text(this.header, MARGIN.left, MARGIN.top - 26, {
        width: CONTENT_WIDTH,
        align: "right",
        lineBreak: false,
      });
    this.doc
      .save()
      .lineWidth(0.4)
      .strokeColor("#999999")
      .moveTo(MARGIN.left, MARGIN.top - 14)
      .lineTo(PAGE.width - MARGIN.right, MARGIN.top - 14)
      .stroke()
      .restore();
    this.y = MARGIN.top;
  }

  space(h: number) {
    this.y += h;
  }

  block(block: Block) {
    const heights = measure(this.doc, block);
    const total = heights.reduce((a, b) => a + b, 0);
    if (this.y + total > BOTTOM && this.y > MARGIN.top) this.newPage();
    drawBlock(this.doc, block, MARGIN.left, this.y, heights);
    this.y += total;
  }

  /** A table: its header, repeated on every page the table continues on, and its row groups. */
  table(title: string, header: Block, rows: Block[]) {
    const headerHeight = measure(this.doc, header).reduce((a, b) => a + b, 0);
    const firstHeight = rows[0] ? measure(this.doc, rows[0]).reduce((a, b) => a + b, 0) : 0;
    if (this.y + 8 + 19.5 + headerHeight + firstHeight > BOTTOM && this.y > MARGIN.top)
      this.newPage();
    else this.space(8);
    this.heading(title, 9.5);
    this.block(header);
    for (const row of rows) {
      const h = measure(this.doc, row).reduce((a, b) => a + b, 0);
      if (this.y + h > BOTTOM && this.y > MARGIN.top) {
        this.newPage();
        this.block(header);
      }
      this.block(row);
    }
  }

  heading(text: string, size = 10) {
    const h = size + 10;
    if (this.y + h + 40 > BOTTOM) this.newPage();
    this.doc
      .font("bold")
      .fontSize(size)
      .fillColor(COLORS.text)
      .text(text, MARGIN.left, this.y + 4, { width: CONTENT_WIDTH, lineBreak: false });
    this.y += h;
  }

  /**
   * A label and a text, the text continued on the next page when it does not fit (the label then
   * reads 「（続き）」).
   */
  labelled(label: string, body: string, labelWidth = LABEL_WIDTH) {
    let text = body;
    let first = true;
    for (;;) {
      const block = labelledBlock(first ? label : `${label}\n（続き）`, text, labelWidth);
      const heights = measure(this.doc, block);
      const total = heights.reduce((a, b) => a + b, 0);
      if (this.y + total <= BOTTOM) {
        drawBlock(this.doc, block, MARGIN.left, this.y, heights);
        this.y += total;
        return;
      }
      const room = BOTTOM - this.y - 2 * PAD;
      const [head, tail] =
        room > 60 ? splitToFit(this.doc, text, CONTENT_WIDTH - labelWidth, room) : ["", text];
      if (!head) {
        if (this.y === MARGIN.top) {
          // Cannot happen with a sane font size; draw anyway rather than loop.
          drawBlock(this.doc, block, MARGIN.left, this.y, heights);
          this.y += total;
          return;
        }
        this.newPage();
        continue;
      }
      const part = labelledBlock(first ? label : `${label}\n（続き）`, head, labelWidth);
      const ph = measure(this.doc, part);
      drawBlock(this.doc, part, MARGIN.left, this.y, ph);
      this.newPage();
      text = tail;
      first = false;
    }
  }
}

function labelledBlock(label: string, body: string, labelWidth: number): Block {
  return {
    widths: [labelWidth, CONTENT_WIDTH - labelWidth],
    minRowHeight: 22,
    cells: [
      { text: label, col: 0, bold: true, fill: COLORS.label, align: "center" },
      { text: body, col: 1, valign: "top" },
    ],
  };
}

/** The longest head of `text` (cut at a line end when possible) that fits in `maxHeight`. */
function splitToFit(doc: Doc, text: string, width: number, maxHeight: number): [string, string] {
  setFont(doc, {});
  const fits = (n: number) =>
    doc.heightOfString(text.slice(0, n), { width: width - 2 * PAD, lineGap: LINE_GAP }) <=
    maxHeight;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  if (lo === 0) return ["", text];
  const nl = text.lastIndexOf("\n", lo);
  const cut = nl > lo / 2 ? nl : lo;
  return [text.slice(0, cut).trimEnd(), text.slice(cut).replace(/^\n/u, "")];
}

function branchBlocks(model: ReportModel, it: ReportInitiative): Block[] {
  const codeWidth = 44;
  const blocks: Block[] = it.branches.map((b) => ({
    widths: [LABEL_WIDTH, codeWidth, CONTENT_WIDTH - LABEL_WIDTH - codeWidth],
    minRowHeight: 22,
    cells: [
      { text: b.level, col: 0, bold: true, fill: COLORS.label, align: "center" },
      { text: b.code ?? "", col: 1, align: "center", bold: true },
      { text: b.title, col: 2, bold: true },
    ],
  }));
  const deptLabel = 56;
  const deptWidth = 110;
  blocks.push({
    widths: [
      LABEL_WIDTH,
      codeWidth,
      CONTENT_WIDTH - LABEL_WIDTH - codeWidth - deptLabel - deptWidth,
      deptLabel,
      deptWidth,
    ],
    minRowHeight: 26,
    cells: [
      { text: model.initiativeLabel, col: 0, bold: true, fill: COLORS.label, align: "center" },
      { text: it.code, col: 1, align: "center", bold: true, size: 11 },
      { text: it.title, col: 2, bold: true, size: 11 },
      { text: "担当課", col: 3, bold: true, fill: COLORS.label, align: "center" },
      { text: it.departments.join("\n"), col: 4, align: "center" },
    ],
  });
  return blocks;
}

function yearHeader(years: number[], col: number, row = 0): Cell[] {
  return years.map((y, i) => ({
    text: yearLabel(y),
    col: col + i,
    row,
    align: "center" as const,
    bold: true,
    fill: COLORS.head,
    size: 8.5,
  }));
}

function scheduleBlocks(model: ReportModel, it: ReportInitiative): Block[] {
  if (!it.schedule.length) return [];
  const itemWidth = 118;
  const yearWidth = (CONTENT_WIDTH - itemWidth) / model.years.length;
  const widths = [itemWidth, ...model.years.map(() => yearWidth)];
  const blocks: Block[] = [
    {
      widths,
      minRowHeight: 18,
      cells: [
        { text: "項　目", col: 0, bold: true, fill: COLORS.head, align: "center" },
        ...yearHeader(model.years, 1),
      ],
    },
  ];
  for (const item of it.schedule) {
    const cells: Cell[] = [
      {
        text: item.item,
        col: 0,
        row: 0,
        rowSpan: item.lanes.length,
        fill: COLORS.head,
        size: 8.5,
      },
    ];
    item.lanes.forEach((lane, r) => {
      let next = model.years[0] ?? 0;
      const blank = (from: number, to: number) => {
        for (let y = from; y <= to; y++)
          cells.push({ text: "", col: 1 + model.years.indexOf(y), row: r });
      };
      for (const c of lane.cells) {
        blank(next, c.from - 1);
        cells.push({
          text: c.text,
          col: 1 + model.years.indexOf(c.from),
          colSpan: c.to - c.from + 1,
          row: r,
          align: "center",
          size: 8,
          bar: true,
        });
        next = c.to + 1;
      }
      blank(next, model.years.at(-1) ?? next - 1);
    });
    blocks.push({ widths, cells, minRowHeight: 24 });
  }
  return blocks;
}

function indicatorBlocks(model: ReportModel, it: ReportInitiative): Block[] {
  if (!it.indicators.length) return [];
  const nameWidth = 140;
  const kindWidth = 34;
  const yearWidth = (CONTENT_WIDTH - nameWidth - kindWidth) / model.years.length;
  const widths = [nameWidth, kindWidth, ...model.years.map(() => yearWidth)];
  const blocks: Block[] = [
    {
      widths,
      minRowHeight: 18,
      cells: [
        { text: "指　標", col: 0, colSpan: 2, bold: true, fill: COLORS.head, align: "center" },
        ...yearHeader(model.years, 2),
      ],
    },
  ];
  for (const ind of it.indicators) {
    const name = ind.unit ? `${ind.name}（${ind.unit}）` : ind.name;
    const cells: Cell[] = [
      { text: name, col: 0, row: 0, rowSpan: 2, size: 8.5 },
      { text: "目標", col: 1, row: 0, align: "center", fill: COLORS.head, size: 8.5 },
      { text: "実績", col: 1, row: 1, align: "center", fill: COLORS.head, size: 8.5 },
    ];
    model.years.forEach((y, i) => {
      cells.push({ text: ind.targets.get(y) ?? "", col: 2 + i, row: 0, align: "right" });
      cells.push({ text: ind.actuals.get(y) ?? "", col: 2 + i, row: 1, align: "right" });
    });
    const notes = [ind.baseline, ind.targetText].filter((n): n is string => !!n?.trim());
    if (notes.length)
      cells.push({
        text: `※ ${notes.join("　")}`,
        col: 0,
        row: 2,
        colSpan: widths.length,
        size: 7.5,
      });
    blocks.push({ widths, cells, minRowHeight: 18 });
  }
  return blocks;
}

function gradeBlock(model: ReportModel, kind: "progress" | "achievement", g?: ReportGrades): Block {
  const scale = model.gradeScales[kind];
  const gradeWidth = 34;
  const legendWidth = CONTENT_WIDTH - LABEL_WIDTH - gradeWidth * model.years.length;
  const widths = [LABEL_WIDTH, ...model.years.map(() => gradeWidth), legendWidth];
  const legend = scale ? gradeLegend(scale) : [];
  const half = Math.ceil(legend.length / 2);
  const legendText = [legend.slice(0, half).join("　"), legend.slice(half).join("　")]
    .filter(Boolean)
    .join("\n");
  return {
    widths,
    minRowHeight: 18,
    cells: [
      {
        text: scale?.label ?? "",
        col: 0,
        row: 0,
        rowSpan: 2,
        bold: true,
        fill: COLORS.label,
        align: "center",
      },
      ...model.years.map((y, i) => ({
        text: yearShort(y),
        col: 1 + i,
        row: 0,
        align: "center" as const,
        bold: true,
        fill: COLORS.head,
        size: 8.5,
      })),
      ...model.years.map((y, i) => ({
        text: g?.byYear.get(y) ?? "",
        col: 1 + i,
        row: 1,
        align: "center" as const,
        bold: true,
        size: 12,
      })),
      { text: legendText, col: 1 + model.years.length, row: 0, rowSpan: 2, size: 8 },
    ],
  };
}

function gradeSection(
  pager: Pager,
  model: ReportModel,
  it: ReportInitiative,
  kind: "progress" | "achievement",
) {
  const scale = model.gradeScales[kind];
  if (!scale) return;
  const g = it.grades[kind];
  pager.block(gradeBlock(model, kind, g));
  const boxes = reasonBoxes(kind, scale);
  if (boxes.top) pager.labelled(boxes.top.label, reasonFor(g, "top", boxes.top.key) || "");
  pager.labelled(boxes.low.label, reasonFor(g, "low", boxes.top?.key ?? null) || "");
}

function initiativePages(pager: Pager, model: ReportModel, it: ReportInitiative) {
  pager.newPage();
  pager.heading("［取組事項別内容］", 11);
  for (const b of branchBlocks(model, it)) pager.block(b);
  for (const n of it.planNarratives) pager.labelled(n.label, n.body);
  const [scheduleHeader, ...schedule] = scheduleBlocks(model, it);
  if (scheduleHeader) pager.table("具体的な取組（工程）", scheduleHeader, schedule);
  const [indicatorHeader, ...indicators] = indicatorBlocks(model, it);
  if (indicatorHeader) pager.table("数値目標", indicatorHeader, indicators);
  else
    pager.table(
      "数値目標",
      {
        widths: [CONTENT_WIDTH],
        cells: [{ text: "数値目標は設定されていません。", col: 0, size: 8.5 }],
      },
      [],
    );

  const titles = sectionTitles(model.fiscalYear);
  pager.newPage();
  pager.heading(`${it.code}　${it.title}`, 10.5);
  pager.heading(titles.work);
  const [first, ...rest] = it.yearNarratives;
  if (first) pager.labelled(first.label, first.body);
  else pager.labelled("取組実績", "");
  for (const n of rest) pager.labelled(n.label, n.body);
  gradeSection(pager, model, it, "progress");
  if (model.gradeScales.achievement) {
    pager.space(8);
    pager.heading(titles.achievement);
    gradeSection(pager, model, it, "achievement");
  }
  if (it.sources.length) {
    pager.space(8);
    pager.labelled("出典", it.sources.join("\n"));
  }
  pager.space(8);
  pager.heading(titles.next);
  if (it.nextNarratives.length) for (const n of it.nextNarratives) pager.labelled(n.label, n.body);
  else pager.labelled("取組内容", "");
}

function coverPage(doc: Doc, model: ReportModel) {
  doc.addPage({ size: "A4", margins: MARGIN });
  const title = reportTitle(model);
  const center = { width: CONTENT_WIDTH, align: "center" as const };
  doc.fillColor(COLORS.text).font("bold").fontSize(22);
  doc.text(title.plan, MARGIN.left, 250, center);
  doc.moveDown(0.8).fontSize(20).text(title.kind, center);
  doc.moveDown(0.6).font("regular").fontSize(14).text(`（${title.year}）`, center);
  doc.font("regular").fontSize(14).text(issueMonth(), MARGIN.left, 620, center);
  doc.moveDown(0.8).font("bold").fontSize(18).text(model.city, center);
}

function listPages(pager: Pager, model: ReportModel) {
  pager.newPage();
  const kinds = (["progress", "achievement"] as const).filter((k) => model.gradeScales[k]);
  const gradeWidth = 50;
  const codeWidth = 46;
  const deptWidth = 86;
  const branchWidth = 136;
  const titleWidth =
    CONTENT_WIDTH - codeWidth - deptWidth - branchWidth - gradeWidth * kinds.length;
  const widths = [branchWidth, codeWidth, titleWidth, deptWidth, ...kinds.map(() => gradeWidth)];
  const head = (text: string, col: number, size?: number): Cell => ({
    text,
    col,
    bold: true,
    fill: COLORS.label,
    align: "center",
    ...(size ? { size } : {}),
  });
  const header: Block = {
    widths,
    minRowHeight: 28,
    cells: [
      head(model.levels.at(-1) ?? "", 0),
      head(model.codeLabel, 1),
      head(model.initiativeLabel, 2),
      head("担当課", 3),
      ...kinds.map((k, i) =>
        head(`${model.gradeScales[k]?.label ?? ""}\n${yearShort(model.fiscalYear)}`, 4 + i, 8),
      ),
    ],
  };
  // Consecutive initiatives under the same branch share its cell; a row per top-level branch.
  const rows: Block[] = [];
  let top: string | null = null;
  let group: ReportInitiative[] = [];
  const flush = () => {
    const branch = group[0]?.branches.at(-1);
    if (!branch) return;
    const cells: Cell[] = [
      {
        text: `${branch.code ? `${branch.code}　` : ""}${branch.title}`,
        col: 0,
        row: 0,
        rowSpan: group.length,
        size: 8.5,
      },
    ];
    group.forEach((it, r) => {
      cells.push(
        { text: it.code, col: 1, row: r, align: "center" },
        { text: it.title, col: 2, row: r },
        { text: it.departments.join("\n"), col: 3, row: r, size: 8 },
        ...kinds.map((k, i) => ({
          text: it.grades[k]?.grade ?? "",
          col: 4 + i,
          row: r,
          align: "center" as const,
          bold: true,
        })),
      );
    });
    rows.push({ widths, cells, minRowHeight: 22 });
    group = [];
  };
  for (const it of model.initiatives) {
    const first = it.branches[0];
    const topKey = it.branches.length > 1 && first ? `${first.code ?? ""}${first.title}` : null;
    if (
      group.length &&
      (group[0]?.branches.at(-1)?.title !== it.branches.at(-1)?.title || topKey !== top)
    )
      flush();
    if (topKey !== null && topKey !== top && first) {
      rows.push({
        widths: [CONTENT_WIDTH],
        minRowHeight: 20,
        cells: [
          {
            text: `${first.level}　${first.code ?? ""}　${first.title}`,
            col: 0,
            bold: true,
            fill: COLORS.head,
          },
        ],
      });
    }
    top = topKey;
    group.push(it);
  }
  flush();
  pager.table(`${model.planName}　${model.initiativeLabel}一覧`, header, rows);
}

/** Renders the report as a PDF. */
export async function renderReportPdf(model: ReportModel): Promise<Buffer> {
  const title = reportTitle(model);
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    autoFirstPage: false,
    bufferPages: true,
    lang: "ja-JP",
    displayTitle: true,
    info: {
      Title: `${title.plan} ${title.kind}（${title.year}）`,
      Author: model.city,
      Subject: title.kind,
      Creator: "shinchoku",
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", REPORT_FONT_FILES.regular);
  doc.registerFont("bold", REPORT_FONT_FILES.bold);

  coverPage(doc, model);
  const pager = new Pager(doc, `${title.plan}　${title.kind}（${title.year}）`);
  listPages(pager, model);
  for (const it of model.initiatives) initiativePages(pager, model, it);

  // Page numbers, below the bottom margin (margins off so that no page is added).
  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    const page = doc.switchToPage(i);
    const bottom = page.margins.bottom;
    page.margins.bottom = 0;
    doc
      .font("regular")
      .fontSize(8)
      .fillColor(COLORS.muted)
      .text(`- ${i} -`, MARGIN.left, PAGE.height - 30, {
        width: CONTENT_WIDTH,
        align: "center",
        lineBreak: false,
      });
    page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
