/**
 * `npx shinchoku template --out plan.xlsx`: an empty plan workbook in the import format, with a
 * sheet per table (headers, widths, the allowed values as drop-down lists) and a 説明 sheet.
 */

import ExcelJS from "exceljs";
import {
  BUNDLE_FILES,
  type BundleFile,
  NOTE_SHEET,
  TABLE_SHEETS,
} from "../../shared/import-format.ts";
import { INDICATOR_KIND_LABELS, INDICATOR_KINDS } from "../../shared/indicator-kinds.ts";
import { PROVENANCE_LABELS, PROVENANCE_SOURCES } from "../../shared/provenance.ts";
import { fail } from "./db.ts";

interface SheetSpec {
  /** The table; the sheet is named by its Japanese name (shared/import-format.ts TABLE_SHEETS). */
  file: BundleFile;
  columns: { header: string; width: number; required?: boolean; note: string; list?: string[] }[];
}

/**
 * 出典 and 出典メモ (shared/provenance.ts), the last two columns of every sheet whose values can be
 * read or inferred rather than printed; `what` names what they are about on that sheet.
 */
function provenanceColumns(what: string): SheetSpec["columns"] {
  return [
    {
      header: "出典",
      width: 8,
      note: `${what}の出典。空欄は印刷（計画書に書かれているとおり）。読取・推定は資料から読み取った・推し量った値`,
      list: PROVENANCE_SOURCES.map((k) => PROVENANCE_LABELS[k]),
    },
    {
      header: "出典メモ",
      width: 30,
      note: "読み取った・推定した根拠（例: 工程表の列が欠けている）",
    },
  ];
}

const SHEETS: SheetSpec[] = [
  {
    file: BUNDLE_FILES.orgUnits,
    columns: [
      { header: "名称", width: 20, required: true, note: "課・部の名前（例: 総務課）" },
      { header: "上位", width: 16, note: "所属する部（この表の名称）" },
      { header: "種別", width: 8, note: "部 か 課（空欄は課）", list: ["部", "課"] },
    ],
  },
  {
    file: BUNDLE_FILES.branches,
    columns: [
      { header: "ID", width: 10, required: true, note: "体系を区別するID（例: 1、1-ア）" },
      { header: "階層", width: 8, required: true, note: "1 が最上位（計画シートの levels の順）" },
      { header: "記号", width: 10, note: "計画書の記号（例: 【1】、ア、A1）" },
      { header: "名称", width: 40, required: true, note: "基本方針・基本施策などの名称" },
      { header: "上位ID", width: 10, note: "一つ上の階層のID（階層2以下で必須）" },
    ],
  },
  {
    file: BUNDLE_FILES.initiatives,
    columns: [
      {
        header: "コード",
        width: 10,
        required: true,
        note: "計画書のとおりの番号（例: ③-1、B1-5a、No.44）",
      },
      { header: "取組名", width: 36, required: true, note: "" },
      { header: "体系ID", width: 10, required: true, note: "最下層の体系ID" },
      { header: "担当課", width: 24, required: true, note: "; 区切りで複数可。最初が主担当" },
      { header: "再掲", width: 12, note: "再掲先の体系ID（; 区切り）" },
      { header: "親コード", width: 10, note: "枝番の取組の親" },
      { header: "列", width: 14, note: "ボードの列のキー（最初の取込時のみ）" },
      { header: "天気", width: 8, note: "晴れ・くもり・雨", list: ["晴れ", "くもり", "雨"] },
      {
        header: "今後の方向性",
        width: 10,
        note: "",
        list: ["継続", "拡充", "見直し", "完了", "廃止"],
      },
      { header: "方向性理由", width: 30, note: "" },
      { header: "タグ", width: 16, note: "; 区切り" },
      ...provenanceColumns("取組名"),
    ],
  },
  {
    file: BUNDLE_FILES.narratives,
    columns: [
      { header: "コード", width: 10, required: true, note: "取組のコード" },
      { header: "年度", width: 8, note: "空欄は計画全体の記述。年度別はR5など" },
      {
        header: "項目",
        width: 14,
        required: true,
        note: "現状・課題、取組内容 など（計画シートの narrativeLabels）",
      },
      { header: "本文", width: 80, required: true, note: "セル内改行できます" },
    ],
  },
  {
    file: BUNDLE_FILES.schedule,
    columns: [
      { header: "コード", width: 10, required: true, note: "" },
      { header: "項目", width: 30, note: "工程表の行の名前" },
      { header: "期間", width: 12, required: true, note: "R5、R6～R8、R10以降、R7Q2、2024-06" },
      { header: "内容", width: 30, required: true, note: "検討・準備・導入 など" },
      ...provenanceColumns("期間"),
    ],
  },
  {
    file: BUNDLE_FILES.indicators,
    columns: [
      { header: "指標ID", width: 10, required: true, note: "例: ①-1" },
      { header: "コード", width: 10, note: "取組のコード（空欄は計画全体のKGI）" },
      { header: "指標名", width: 40, required: true, note: "" },
      { header: "単位", width: 8, note: "%、人、件、円、千円 など" },
      {
        header: "方向",
        width: 8,
        required: true,
        note: "上昇・低下・到達・期日",
        list: ["上昇", "低下", "到達", "期日"],
      },
      { header: "基準値", width: 24, note: "" },
      { header: "目標（原文）", width: 24, note: "計画書のとおりの目標の書き方" },
      { header: "備考", width: 24, note: "" },
      {
        header: "種類",
        width: 16,
        note: "空欄は水準。削減・累計・効果額（期間合計）など",
        list: INDICATOR_KINDS.map((k) => INDICATOR_KIND_LABELS[k]),
      },
      { header: "基準年度", width: 10, note: "削減・増減の基準の年度（例: R2）" },
      { header: "基準値（数値）", width: 14, note: "基準の値（単位は指標の単位）" },
      {
        header: "共通指標",
        width: 24,
        note: "カタログの共通指標（例: mynumber-card-rate、マイナンバーカード保有率）。該当しなければ空欄",
      },
      {
        header: "担当課",
        width: 14,
        note: "取組の担当課のうち、この指標の数値を報告する課。空欄は取組の最初の担当課",
      },
      ...provenanceColumns("指標（指標名）"),
    ],
  },
  {
    file: BUNDLE_FILES.targets,
    columns: [
      { header: "指標ID", width: 10, required: true, note: "" },
      { header: "期間", width: 10, required: true, note: "R5、R7Q4、2024-06" },
      { header: "値", width: 14, note: "数値（13億、98.4% も可）" },
      { header: "原文", width: 16, note: "計画書のとおり（値が空欄なら必須）" },
      ...provenanceColumns("目標値・年度"),
    ],
  },
  {
    file: BUNDLE_FILES.actuals,
    columns: [
      { header: "指標ID", width: 10, required: true, note: "" },
      { header: "期間", width: 10, required: true, note: "" },
      { header: "値", width: 14, note: "" },
      { header: "原文", width: 16, note: "" },
      { header: "区分", width: 8, note: "確定（年度の実績）か 速報", list: ["確定", "速報"] },
      ...provenanceColumns("実績値"),
    ],
  },
  {
    file: BUNDLE_FILES.grades,
    columns: [
      { header: "コード", width: 10, required: true, note: "" },
      { header: "年度", width: 8, required: true, note: "" },
      { header: "種別", width: 10, required: true, note: "", list: ["進捗状況", "達成状況"] },
      {
        header: "評価",
        width: 6,
        required: true,
        note: "S・A・B・C、対象外は -",
        list: ["S", "A", "B", "C", "-"],
      },
      { header: "理由", width: 60, note: "S と B・C では必須（玉名市の様式）" },
      ...provenanceColumns("評価"),
    ],
  },
];

const PLAN_ROWS: [string, string, string][] = [
  ["id", "", "計画ID（半角英小文字・数字・ハイフン。例: tamana）"],
  ["name", "", "計画の名称"],
  ["city", "", "自治体名（例: 玉名市）"],
  ["source", "", "出典（計画書の名称・発行年月）"],
  ["period.from", "", "計画の最初の年度（例: R4）"],
  ["period.to", "", "計画の最後の年度（例: R8）"],
  ["review", "yearly", "yearly（毎年）・quarterly（四半期）・biennial（2年）"],
  ["levels", "", "体系の階層名を ; 区切りで上から（例: 基本方針;基本施策）"],
  ["initiativeLabel", "取組", "取組の呼び方（例: 取組事項）"],
  ["codeLabel", "番号", "番号の呼び方（例: 管理番号）"],
  ["narrativeLabels", "現状・課題;取組内容;取組効果", "記述シートで使う項目名（; 区切り）"],
  ["grades.progress.label", "進捗状況", "評価を使わない計画では grades の行を消してください"],
  ["grades.progress.scale.S", "計画以上に進捗", ""],
  ["grades.progress.scale.A", "計画どおり進捗", ""],
  ["grades.progress.scale.B", "計画より遅れている", ""],
  ["grades.progress.scale.C", "未着手", ""],
  ["grades.progress.reasonRequired", "S;B;C", "理由が必要な評価"],
  ["grades.achievement.label", "達成状況", ""],
  ["grades.achievement.scale.S", "目標を大幅に達成", ""],
  ["grades.achievement.scale.A", "目標どおり達成", ""],
  ["grades.achievement.scale.B", "目標を下回った", ""],
  ["grades.achievement.scale.C", "目標を大幅に下回った", ""],
  ["grades.achievement.reasonRequired", "S;B;C", ""],
  ["weather", "晴れ;くもり;雨", "天気の値"],
];

/** Builds the template workbook. */
export function templateWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "shinchoku";
  const help = wb.addWorksheet(NOTE_SHEET);
  help.columns = [{ width: 14 }, { width: 16 }, { width: 8 }, { width: 70 }];
  help.addRow(["shinchoku 計画取込用ブック"]).font = { bold: true, size: 14 };
  help.addRow([
    "シートごとに1つの表です。1行目が見出しです。見出しは変えないでください。取り込み: npx shinchoku import plan.xlsx",
  ]);
  help.addRow([]);
  help.addRow(["シート", "列", "必須", "説明"]).font = { bold: true };
  for (const sheet of SHEETS)
    for (const c of sheet.columns)
      help.addRow([TABLE_SHEETS[sheet.file], c.header, c.required ? "必須" : "", c.note]);

  const plan = wb.addWorksheet(TABLE_SHEETS[BUNDLE_FILES.plan]);
  plan.columns = [
    { header: "項目", width: 34 },
    { header: "値", width: 36 },
    { header: "説明", width: 60 },
  ];
  plan.getRow(1).font = { bold: true };
  for (const r of PLAN_ROWS) plan.addRow(r);

  for (const spec of SHEETS) {
    const sheet = wb.addWorksheet(TABLE_SHEETS[spec.file], {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    sheet.columns = spec.columns.map((c) => ({ header: c.header, width: c.width }));
    const head = sheet.getRow(1);
    head.font = { bold: true };
    spec.columns.forEach((c, i) => {
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
  if (!opts.out.toLowerCase().endsWith(".xlsx"))
    return fail("--out には .xlsx のファイル名を指定してください。");
  await templateWorkbook().xlsx.writeFile(opts.out);
  console.log(`取込用のひな形を書き出しました: ${opts.out}`);
}
