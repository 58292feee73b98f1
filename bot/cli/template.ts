/**
 * `npx shinchoku template --out plan.xlsx`: an empty plan workbook in the import format, with a
 * sheet per table (headers, widths, the allowed values as drop-down lists) and a 説明 sheet.
 */

import ExcelJS from "exceljs";
import {
  BUNDLE_FILES,
  NOTE_SHEET,
  TABLE_COLUMNS,
  TABLE_SHEETS,
} from "../../shared/import-format.ts";
import { type TemplateColumn, templateText as t } from "../text/cli.ts";
import { fail } from "./db.ts";

type TableKey = keyof typeof TABLE_COLUMNS;

interface SheetColumn extends TemplateColumn {
  header: string;
  required: boolean;
}

/**
 * A table's sheet: the columns the template describes (bot/text/cli.ts `templateText.columns`,
 * in its order), required as the import format says (shared/import-format.ts `TABLE_COLUMNS`).
 */
function sheetColumns(table: TableKey): SheetColumn[] {
  const required = TABLE_COLUMNS[table].required;
  return Object.entries(t.columns[table] as Record<string, TemplateColumn>).map(
    ([header, column]) => ({ header, required: required.includes(header), ...column }),
  );
}

const TABLES = Object.keys(t.columns) as TableKey[];

/** Builds the template workbook. */
export function templateWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "shinchoku";
  const help = wb.addWorksheet(NOTE_SHEET);
  help.columns = [{ width: 14 }, { width: 16 }, { width: 8 }, { width: 70 }];
  help.addRow([t.title]).font = { bold: true, size: 14 };
  help.addRow([t.intro]);
  help.addRow([]);
  help.addRow([...t.noteHeadings]).font = { bold: true };
  for (const table of TABLES)
    for (const c of sheetColumns(table))
      help.addRow([
        TABLE_SHEETS[BUNDLE_FILES[table]],
        c.header,
        c.required ? t.required : "",
        c.note,
      ]);

  const plan = wb.addWorksheet(TABLE_SHEETS[BUNDLE_FILES.plan]);
  const [key, value, about] = t.planHeadings;
  plan.columns = [
    { header: key, width: 34 },
    { header: value, width: 36 },
    { header: about, width: 60 },
  ];
  plan.getRow(1).font = { bold: true };
  for (const r of t.planRows) plan.addRow(r);

  for (const table of TABLES) {
    const columns = sheetColumns(table);
    const sheet = wb.addWorksheet(TABLE_SHEETS[BUNDLE_FILES[table]], {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    const head = sheet.getRow(1);
    head.font = { bold: true };
    columns.forEach((c, i) => {
      const cell = head.getCell(i + 1);
      cell.fill = {
        type: "pattern",
        pattern: "solid",
        fgColor: { argb: c.required ? "FFD7F5E3" : "FFEFF1F4" },
      };
      if (c.note) cell.note = c.note;
      if (c.list) {
        for (let r = 2; r <= 500; r++) {
          sheet.getCell(r, i + 1).dataValidation = {
            type: "list",
            allowBlank: true,
            formulae: [`"${c.list.join(",")}"`],
          };
        }
      }
    });
  }
  return wb;
}

export async function templateCommand(opts: { out: string }) {
  if (!opts.out.toLowerCase().endsWith(".xlsx")) return fail(t.badOut);
  await templateWorkbook().xlsx.writeFile(opts.out);
  console.log(t.written(opts.out));
}
