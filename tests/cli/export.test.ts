/**
 * Exports over the real Tamana plan: the yearly 進行管理報告書 (xlsx and pdf), the open-data CSV,
 * and backup → restore, run as a user runs them (`npx shinchoku …`) against real database files.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { inflateSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BackupError,
  createBackup,
  restoreBackup,
  serializeBackup,
} from "../../bot/export/backup.ts";
import { isValidCityCode, OPEN_DATA_COLUMNS } from "../../bot/export/opendata.ts";
import { recordActuals } from "../../db/actuals.ts";
import { addMember } from "../../db/members.ts";
import { logMessage } from "../../db/message-log.ts";
import { inboxDatabaseUrl, openDatabase, openInboxDatabase } from "../../db/node.ts";
import { loadPlanViewUncached } from "../../db/plans.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

const run = promisify(execFile);
const BIN = resolve("bin/shinchoku.js");
const LEAD_ID = "Uaaaabbbbccccddddeeeeffff00001111";
const LEAD_NAME = "玉名 太郎";

let t: TestDatabase;

async function shinchoku(databaseUrl: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  // A member who reports a figure: their LINE id and name must never reach the open data.
  const lead = await addMember(t.db, {
    planId: "tamana",
    lineUserId: LEAD_ID,
    role: "lead",
    department: "総務課",
    displayName: LEAD_NAME,
  });
  const view = await loadPlanViewUncached(t.db, "tamana");
  const paperless = view?.initiatives.find((i) => i.code === "⑲")?.indicators[0];
  if (!paperless) throw new Error("⑲ has no indicator");
  await recordActuals(t.db, [
    {
      planId: "tamana",
      indicatorId: paperless.id,
      period: { kind: "month", fiscalYear: 2024, year: 2024, month: 6 },
      kind: "interim",
      figure: { decimal: "45", value: 45, decimals: 0, qualifier: null },
      rawText: "45%",
      channel: "line",
      memberId: lead.id,
    },
  ]);
  await logMessage(t.db, {
    kind: "push",
    recipients: [LEAD_ID],
    messageCount: 1,
    payload: { messages: [{ type: "text", text: "今月の実績を教えてください" }] },
    status: "offline",
  });
});
afterAll(() => t?.close());

/** Every row of a sheet as text cells (merged cells repeat their value). */
function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(String(row.getCell(c).value ?? ""));
    rows[n - 1] = cells;
  });
  return rows.map((r) => r ?? []);
}

/** The 目標 and 実績 of the first indicator of a sheet, by column heading (`R5年度`). */
function figures(ws: ExcelJS.Worksheet) {
  const rows = sheetRows(ws);
  const headerIndex = rows.findIndex((r) => r.includes("指　標"));
  const header = rows[headerIndex] ?? [];
  const targetRow = rows.slice(headerIndex).find((r) => r.includes("目標")) ?? [];
  const actualRow = rows.slice(headerIndex).find((r) => r.includes("実績")) ?? [];
  const at = (row: string[], year: string) => row[header.indexOf(year)];
  return {
    target: (year: string) => at(targetRow, year),
    actual: (year: string) => at(actualRow, year),
  };
}

/** The grades of a kind (`進捗状況` / `達成状況`) by year (`R5`). */
function grades(ws: ExcelJS.Worksheet, label: string) {
  const rows = sheetRows(ws);
  const i = rows.findIndex((r) => r[0] === label && r.includes("年度"));
  const years = rows[i] ?? [];
  const values = rows[i + 1] ?? [];
  return (year: string) => values[years.indexOf(year)];
}

describe("export report --format xlsx", () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const out = join(t.dir, "report.xlsx");
    const res = await shinchoku(
      t.url,
      "export",
      "report",
      "--plan",
      "tamana",
      "--year",
      "R5",
      "--format",
      "xlsx",
      "--out",
      out,
    );
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("21件の取組事項");
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
  });

  it("has the list sheet and one sheet per 取組事項", () => {
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toHaveLength(22);
    expect(names[0]).toBe("一覧");
    expect(names.slice(1)).toEqual([
      "①",
      "②",
      "③-1",
      "③-2",
      "④",
      "⑤",
      "⑥",
      "⑦",
      "⑧",
      "⑨",
      "⑩",
      "⑪",
      "⑫",
      "⑬",
      "⑭",
      "⑮",
      "⑯",
      "⑰",
      "⑱",
      "⑲",
      "⑳",
    ]);
    const list = sheetRows(wb.getWorksheet("一覧") as ExcelJS.Worksheet).flat();
    expect(list).toContain("第４次玉名市行政改革大綱 実行計画");
    expect(list).toContain("ペーパーレス化の推進");
  });

  it("prints ⑲ with its hierarchy, R5 目標 50% and 実績 40%, grades and reasons", () => {
    const ws = wb.getWorksheet("⑲") as ExcelJS.Worksheet;
    const text = sheetRows(ws).flat();
    expect(text).toContain("基本方針");
    expect(text).toContain("DX（デジタル・トランスフォーメーション）の推進");
    expect(text).toContain("ペーパーレス化の推進");
    expect(text).toContain("総務課");
    const f = figures(ws);
    expect(f.target("R5年度")).toBe("50%");
    expect(f.actual("R5年度")).toBe("40%");
    expect(f.target("R8年度")).toBe("80%");
    // The interim reading of June 2024 (R6) shows as 速報 while R6 has no confirmed 実績.
    expect(f.actual("R6年度")).toBe("45%（速報）");
    expect(grades(ws, "進捗状況")("R5")).toBe("A");
    expect(grades(ws, "達成状況")("R4")).toBe("A");
    expect(grades(ws, "達成状況")("R5")).toBe("B");
    expect(text).toContain(
      "会議のペーパーレス化に対する周知及び担当課への働きかけが不十分であったため。",
    );
    expect(text.some((s) => s.includes("S．計画以上に進捗　A．計画どおり進捗"))).toBe(true);
    expect(text).toContain("「B」又は「C」の場合その要因及び達成に向けた方策");
    expect(text).toContain("（令和5年度の具体的な取組）");
    expect(text).toContain("（令和6年度の取組計画）");
    expect(text.some((s) => s.startsWith("電子決裁の導入検討"))).toBe(true);
  });

  it("prints ① with 98.30% / 98.40% and the plan narratives", () => {
    const ws = wb.getWorksheet("①") as ExcelJS.Worksheet;
    const f = figures(ws);
    expect(f.target("R5年度")).toBe("98.30%");
    expect(f.actual("R5年度")).toBe("98.40%");
    const text = sheetRows(ws).flat();
    expect(text).toContain("現状・課題");
    expect(text.some((s) => s.startsWith("徴税吏員１人が担当する滞納者が300人を超えると"))).toBe(
      true,
    );
    expect(text.some((s) => s.includes("家宅捜索等での実績"))).toBe(true);
  });

  it("keeps the printed text of figures (13億円), marked when the year is read, with the 出典 box", () => {
    const ws = wb.getWorksheet("③-1") as ExcelJS.Worksheet;
    const f = figures(ws);
    // seed 004 line 482 prints three targets without their years (issue 14 §1).
    expect(f.target("R4年度")).toBe("13億円（読取）");
    expect(figures(wb.getWorksheet("①") as ExcelJS.Worksheet).target("R4年度")).toBe("98.20%");
    const text = sheetRows(ws).flat();
    const at = text.indexOf("出典");
    expect(at).toBeGreaterThan(-1);
    expect(text[at + 1]).toContain(
      "③-1-1 目標 R4: 読取（「目標」の見出しのない行に3つの値だけ印刷",
    );
    expect(text[at + 1]).toContain("工程の年度: 推定（工程表の列の位置が抽出で失われたため");
  });

  it("is set up for A4 portrait printing", () => {
    const ws = wb.getWorksheet("①") as ExcelJS.Worksheet;
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe("portrait");
    expect(ws.pageSetup.fitToWidth).toBe(1);
  });
});

/** The decompressed streams of a PDF that pdfkit wrote (FlateDecode). */
function pdfStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const start = pdf.indexOf("stream\n", at);
    if (start < 0) break;
    const end = pdf.indexOf("\nendstream", start);
    if (end < 0) break;
    try {
      out.push(inflateSync(pdf.subarray(start + 7, end)).toString("latin1"));
    } catch {
      // not a Flate stream (the font files are compressed too, but nothing here needs them)
    }
    at = end + 10;
  }
  return out;
}

describe("export report --format pdf", () => {
  let pdf: Buffer;
  beforeAll(async () => {
    const out = join(t.dir, "report.pdf");
    const res = await shinchoku(
      t.url,
      "export",
      "report",
      "--plan",
      "tamana",
      "--year",
      "2023",
      "--format",
      "pdf",
      "--out",
      out,
    );
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    pdf = readFileSync(out);
  });

  it("is an A4 PDF with at least a page per 取組事項", () => {
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pages = pdf.toString("latin1").match(/\/Type \/Page\b(?!s)/gu) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(21);
    expect(pdf.toString("latin1")).toContain("/MediaBox [0 0 595.28 841.89]");
  });

  it("embeds the Japanese font with a ToUnicode map, so the text can be extracted", () => {
    const raw = pdf.toString("latin1");
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+BIZUDPGothic-Regular/u);
    expect(raw).toContain("/FontFile2");
    expect(raw).toContain("/ToUnicode");
    const cmaps = pdfStreams(pdf).filter((s) => s.includes("begincmap"));
    expect(cmaps.length).toBeGreaterThan(0);
    const mapped = cmaps.join("\n").toLowerCase();
    // 玉 U+7389, 名 U+540D, 市 U+5E02, ⑲ U+2472: the glyphs map back to these characters.
    for (const hex of ["7389", "540d", "5e02", "2472"]) expect(mapped).toContain(`<${hex}>`);
  });

  it("refuses a year outside the plan period and an unreadable year", async () => {
    const outside = await shinchoku(
      t.url,
      "export",
      "report",
      "--plan",
      "tamana",
      "--year",
      "R10",
      "--out",
      join(t.dir, "x.pdf"),
    );
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain("計画期間（R4年度〜R8年度）の外です");
    const bad = await shinchoku(
      t.url,
      "export",
      "report",
      "--plan",
      "tamana",
      "--year",
      "来年",
      "--out",
      join(t.dir, "x.pdf"),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--year は年度です");
  });
});

describe("export opendata", () => {
  let text: string;
  let rows: Record<string, string>[];
  beforeAll(async () => {
    const out = join(t.dir, "opendata.csv");
    const res = await shinchoku(
      t.url,
      "export",
      "opendata",
      "--plan",
      "tamana",
      "--city-code",
      "432067",
      "--out",
      out,
    );
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    text = readFileSync(out, "utf8");
    rows = parse(text, { bom: true, columns: true });
  });

  it("is UTF-8 with a BOM, CRLF, and Japanese column names with the code and city first", () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const header = text.slice(1, text.indexOf("\r\n"));
    expect(header).toBe(OPEN_DATA_COLUMNS.join(","));
    expect(header.startsWith("全国地方公共団体コード,ID,地方公共団体名,")).toBe(true);
  });

  it("has a row per indicator, period and kind, with plain numbers and ISO dates", () => {
    const paperless = rows.filter((r) => r.指標ID === "⑲-1" && r.期間 === "FY2023");
    const actual = paperless.find((r) => r.区分 === "実績（確定）");
    const target = paperless.find((r) => r.区分 === "目標");
    expect(actual).toMatchObject({
      全国地方公共団体コード: "432067",
      地方公共団体名: "玉名市",
      取組コード: "⑲",
      担当課: "総務課",
      年度: "2023",
      "年度（和暦）": "令和5年度",
      期間開始日: "2023-04-01",
      期間終了日: "2024-03-31",
      値: "40",
      単位: "%",
      表記: "40%",
    });
    expect(target?.値).toBe("50");
    // 出典 and 出典メモ, appended after 登録日 (issue 14 §1): printed figures say 印刷; 共通指標 is last.
    expect(OPEN_DATA_COLUMNS.slice(-4)).toEqual(["登録日", "出典", "出典メモ", "共通指標"]);
    expect([actual?.出典, actual?.出典メモ]).toEqual(["印刷", ""]);
    const inferred = rows.find(
      (r) => r.指標ID === "②-1" && r.期間 === "FY2025" && r.区分 === "目標",
    );
    expect(inferred?.出典).toBe("推定");
    expect(inferred?.出典メモ).toContain("「50% 100%」の2つだけ印刷");
    const interim = rows.find((r) => r.指標ID === "⑲-1" && r.区分 === "実績（速報）");
    expect(interim).toMatchObject({ 期間: "2024-06", 期間開始日: "2024-06-01", 値: "45" });
    expect(interim?.登録日).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    const first = rows.find((r) => r.指標ID === "①-1" && r.期間 === "FY2023" && r.区分 === "目標");
    expect(first?.値).toBe("98.30");
    const donations = rows.find(
      (r) => r.指標ID === "③-1-1" && r.期間 === "FY2022" && r.区分 === "目標",
    );
    expect(donations).toMatchObject({ 値: "1300000000", 単位: "円", 表記: "13億円" });
    const rate = rows.find((r) => r.指標ID === "③-1-2" && r.期間 === "FY2022" && r.区分 === "目標");
    expect(rate?.条件).toBe("以下");
  });

  it("names the common indicator (共通指標) in the last column, empty when there is none", () => {
    expect(OPEN_DATA_COLUMNS.at(-1)).toBe("共通指標");
    const paperless = rows.find((r) => r.指標ID === "⑲-1");
    expect(paperless?.共通指標).toBe("paperless-meeting-rate");
    const card = rows.find((r) => r.指標ID === "⑮-2");
    expect(card?.共通指標).toBe("mynumber-card-rate");
    expect(rows.find((r) => r.指標ID === "①-1")?.共通指標).toBe("");
  });

  it("holds no personal data", () => {
    expect(text).not.toContain(LEAD_ID);
    expect(text).not.toContain(LEAD_NAME);
    expect(text).not.toMatch(/\bU[0-9a-f]{32}\b/u);
  });

  it("checks the city code", async () => {
    expect(isValidCityCode("432067")).toBe(true);
    expect(isValidCityCode("131016")).toBe(true); // 千代田区
    expect(isValidCityCode("432068")).toBe(false);
    const res = await shinchoku(
      t.url,
      "export",
      "opendata",
      "--plan",
      "tamana",
      "--city-code",
      "43206",
      "--out",
      join(t.dir, "x.csv"),
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("全国地方公共団体コード");
  });
});

describe("backup and restore", () => {
  it("restores a backup into a fresh database: the same plan, figures and history", async () => {
    const file = join(t.dir, "backup.json.gz");
    const backup = await shinchoku(t.url, "backup", "--out", file);
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain("計画 1件");

    const target = `file:${join(t.dir, "restored.db")}`;
    const restore = await shinchoku(target, "restore", file);
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain("復元しました");

    const restored = openDatabase(target);
    try {
      const before = await loadPlanViewUncached(t.db, "tamana");
      const after = await loadPlanViewUncached(restored, "tamana");
      expect(after).toEqual(before);
      expect(after?.initiatives).toHaveLength(21);
      const history = after?.initiatives.find((i) => i.code === "⑲")?.indicators[0]?.history;
      expect(history?.map((h) => h.reporter)).toContain(LEAD_NAME);
      for (const table of ["members", "message_log", "grades", "narratives", "actuals"]) {
        const a = await t.db.$client.execute(`select * from ${table} order by rowid`);
        const b = await restored.$client.execute(`select * from ${table} order by rowid`);
        const values = (rs: typeof a) => rs.rows.map((r) => rs.columns.map((_, i) => r[i]));
        expect(values(b)).toEqual(values(a));
        expect(b.rows.length).toBeGreaterThan(0);
      }
    } finally {
      restored.$client.close();
    }

    // The target holds a plan now: refused without --force, with a Japanese message.
    const again = await shinchoku(target, "restore", file);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("計画がすでにあります（tamana）");
    expect(again.stderr).toContain("--force");
    const forced = await shinchoku(target, "restore", file, "--force");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("それまでのデータ");
  });

  it("writes nothing when a restore fails half-way", async () => {
    const target = await createTestDatabase();
    try {
      const backup = await createBackup(t.db);
      // A duplicate grade id: the insert of the grades fails after plans, initiatives… went in.
      const grades = backup.tables.grades;
      const firstGrade = grades?.rows[0];
      if (!grades || !firstGrade) throw new Error("no grades");
      grades.rows.push([...firstGrade]);
      await expect(restoreBackup(target.db, backup)).rejects.toThrow(BackupError);
      await expect(restoreBackup(target.db, backup)).rejects.toThrow("何も変更していません");
      for (const table of ["plans", "initiatives", "members", "actuals"]) {
        const rs = await target.db.$client.execute(`select count(*) from ${table}`);
        expect(Number(rs.rows[0]?.[0])).toBe(0);
      }
    } finally {
      target.close();
    }
  });

  it("carries the inbox file's unfinished events and dedupe ids through backup and restore", async () => {
    // The inbox file the server keeps beside the database, with two events acknowledged and not
    // yet handled (one claimed by the process being backed up), one done, and their dedupe ids.
    const inbox = await openInboxDatabase(t.url, t.db);
    const now = Math.floor(Date.now() / 1000);
    try {
      const events: [string, string, string, number][] = [
        ["ev-a", "user:U1", "pending", 1],
        ["ev-b", "user:U1", "running", 2],
        ["ev-done", "user:U2", "done", 1],
      ];
      for (const [id, lane, status, attempts] of events) {
        await inbox.$client.execute({
          sql: "insert into webhook_inbox (webhook_event_id, event_type, lane, payload, status, attempts, lease_until, created_at) values (?, 'message', ?, ?, ?, ?, ?, ?)",
          args: [id, lane, JSON.stringify({ webhookEventId: id }), status, attempts, now + 60, now],
        });
        await inbox.$client.execute({
          sql: "insert into webhook_events (webhook_event_id, event_type) values (?, 'message')",
          args: [id],
        });
      }
    } finally {
      inbox.$client.close();
    }

    const file = join(t.dir, "backup-inbox.json.gz");
    const backup = await shinchoku(t.url, "backup", "--out", file);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain("受信箱の未処理メッセージ 2件");

    const target = `file:${join(t.dir, "restored-inbox.db")}`;
    const restore = await shinchoku(target, "restore", file);
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain("受信箱の未処理メッセージ 2件を戻しました");

    // Back in the target's own inbox file, pending (for the next start), in their order.
    const restored = openDatabase(inboxDatabaseUrl(target) ?? "");
    const main = openDatabase(target);
    try {
      const rows = await restored.$client.execute(
        "select webhook_event_id, lane, status, attempts, payload, lease_until from webhook_inbox order by id",
      );
      expect(rows.rows.map((r) => rows.columns.map((_, i) => r[i]))).toEqual([
        ["ev-a", "user:U1", "pending", 1, JSON.stringify({ webhookEventId: "ev-a" }), null],
        ["ev-b", "user:U1", "pending", 2, JSON.stringify({ webhookEventId: "ev-b" }), null],
      ]);
      const ledger = await restored.$client.execute(
        "select webhook_event_id from webhook_events order by webhook_event_id",
      );
      expect(ledger.rows.map((r) => r[0])).toEqual(["ev-a", "ev-b", "ev-done"]);
      const inMain = await main.$client.execute("select count(*) from webhook_inbox");
      expect(Number(inMain.rows[0]?.[0])).toBe(0);
    } finally {
      restored.$client.close();
      main.$client.close();
    }

    // Restored again over it: the events are there already, none is added twice.
    const again = await shinchoku(target, "restore", file, "--force");
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("受信箱");
    const check = openDatabase(inboxDatabaseUrl(target) ?? "");
    try {
      const n = await check.$client.execute("select count(*) from webhook_inbox");
      expect(Number(n.rows[0]?.[0])).toBe(2);
    } finally {
      check.$client.close();
    }
  });

  it("refuses a file that is not a backup", async () => {
    const file = join(t.dir, "not-a-backup.json.gz");
    writeFileSync(file, serializeBackup({ hello: "world" } as never));
    const res = await shinchoku(`file:${join(t.dir, "other.db")}`, "restore", file);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("shinchoku のバックアップファイルではありません");
  });
});
