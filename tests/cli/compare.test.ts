/**
 * Two deployments compare without sharing a database (issue 13 §2): one database exports two plans'
 * open data (`export opendata`), another brings both in with `compare import`, and the figures it
 * holds as reference series are the published ones. Run as a user runs them, against real files.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordActuals } from "../../db/actuals.ts";
import { loadPlanViewUncached } from "../../db/plans.ts";
import { listReferenceSources, referenceRowsFor } from "../../db/reference-series.ts";
import { toCsv } from "../../shared/csv.ts";
import { createTestDatabase, importWithCatalog, type TestDatabase } from "../support/db.ts";

const run = promisify(execFile);
const BIN = resolve("bin/shinchoku.js");

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

let source: TestDatabase;
let target: TestDatabase;
let tamanaCsv: string;
let matsueCsv: string;

beforeAll(async () => {
  source = await createTestDatabase({ plans: ["tamana"] });
  await importWithCatalog(source.db, "matsue", { "No.3-1": "online-procedures" });
  const matsue = await loadPlanViewUncached(source.db, "matsue");
  const procedures = [
    ...(matsue?.kgis ?? []),
    ...(matsue?.initiatives ?? []).flatMap((i) => i.indicators),
  ].find((k) => k.key === "No.3-1");
  if (!procedures) throw new Error("Matsue has no No.3-1");
  await recordActuals(source.db, [
    {
      planId: "matsue",
      indicatorId: procedures.id,
      period: { kind: "fy", fiscalYear: 2022 },
      kind: "official",
      figure: { decimal: "24", value: 24, decimals: 0, qualifier: null },
      rawText: "24手続",
      channel: "cli",
      memberId: null,
    },
  ]);
  target = await createTestDatabase();
  tamanaCsv = join(source.dir, "tamana.csv");
  matsueCsv = join(source.dir, "matsue.csv");
  for (const [plan, code, out] of [
    ["tamana", "432067", tamanaCsv],
    ["matsue", "322016", matsueCsv],
  ] as const) {
    const res = await shinchoku(
      source.url,
      ...["export", "opendata", "--plan", plan, "--city-code", code, "--out", out],
    );
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
  }
}, 120_000);
afterAll(() => {
  source?.close();
  target?.close();
});

const catalogRows = (file: string) =>
  (
    parseCsv(readFileSync(file, "utf8"), { bom: true, columns: true }) as Record<string, string>[]
  ).filter((r) => r.共通指標 !== "");

describe("compare import", () => {
  it("brings two deployments' published figures in as reference series, figure for figure", async () => {
    const a = await shinchoku(target.url, "compare", "import", tamanaCsv);
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    expect(a.stdout).toContain("参照データ「玉名市」を取り込みました");
    const b = await shinchoku(target.url, "compare", "import", matsueCsv, "--label", "松江市");
    expect(b.code).toBe(0);

    for (const [file, label] of [
      [tamanaCsv, "玉名市"],
      [matsueCsv, "松江市"],
    ] as const) {
      const published = catalogRows(file);
      expect(published.length).toBeGreaterThan(0);
      const stored = (
        await Promise.all(
          [...new Set(published.map((r) => r.共通指標 ?? ""))].map((c) =>
            referenceRowsFor(target.db, c),
          ),
        )
      )
        .flat()
        .filter((r) => r.source === label);
      expect(stored).toHaveLength(published.length);
      for (const p of published) {
        const kinds: Record<string, string> = {
          目標: "target",
          "実績（確定）": "official",
          "実績（速報）": "interim",
        };
        const kind = kinds[p.区分 ?? ""];
        const s = stored.find(
          (r) => r.catalog === p.共通指標 && r.period === p.期間 && r.kind === kind,
        );
        expect(s, `${label} ${p.ID}`).toBeDefined();
        expect(s?.value ?? "").toBe(p.値 === "" ? "" : Number(p.値));
        expect(s).toMatchObject({
          city: p.地方公共団体名,
          cityCode: p.全国地方公共団体コード,
          indicatorName: p.指標名,
          unit: p.単位,
          fiscalYear: Number(p.年度),
        });
      }
    }

    const card = await referenceRowsFor(target.db, "mynumber-card-rate");
    expect(card.find((r) => r.period === "FY2023" && r.kind === "official")).toMatchObject({
      source: "玉名市",
      value: 72,
      decimals: 1,
      printed: "72.0%",
    });
    const procedures = await referenceRowsFor(target.db, "online-procedures");
    expect(procedures.find((r) => r.source === "松江市" && r.kind === "official")).toMatchObject({
      city: "松江市",
      cityCode: "322016",
      period: "FY2022",
      value: 24,
    });
    const tamana2023 = procedures.filter((r) => r.source === "玉名市" && r.period === "FY2023");
    expect(tamana2023.map((r) => [r.kind, r.value])).toEqual([
      ["target", 26],
      ["official", 42],
    ]);
  });

  it("replaces a source's rows on a re-import, lists and removes sources", async () => {
    const before = (await listReferenceSources(target.db)).find((s) => s.source === "玉名市");
    const again = await shinchoku(target.url, "compare", "import", tamanaCsv);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`前回の${before?.rows}行と置き換えました`);
    const after = (await listReferenceSources(target.db)).find((s) => s.source === "玉名市");
    expect(after?.rows).toBe(before?.rows);

    const list = await shinchoku(target.url, "compare", "list");
    expect(list.stdout).toMatch(/^玉名市\t玉名市\t\d+行\t/mu);
    expect(list.stdout).toMatch(/^松江市\t松江市\t/mu);

    const removed = await shinchoku(target.url, "compare", "remove", "松江市");
    expect(removed.code).toBe(0);
    expect((await listReferenceSources(target.db)).map((s) => s.source)).toEqual(["玉名市"]);
    const missing = await shinchoku(target.url, "compare", "remove", "松江市");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("参照データ「松江市」はありません");
  });

  it("reports every bad row with its row and column, and writes nothing", async () => {
    const before = await listReferenceSources(target.db);
    const [header = [], ...body] = parseCsv(readFileSync(tamanaCsv, "utf8"), {
      bom: true,
    }) as string[][];
    const at = (name: string) => header.indexOf(name);
    const mapped = body.map((r, i) => ({ r, row: i + 2 })).filter(({ r }) => r[at("共通指標")]);
    const [first, second] = mapped;
    if (!first || !second) throw new Error("too few catalog rows");
    first.r[at("期間")] = "来年";
    second.r[at("値")] = "1,083";
    second.r[at("共通指標")] = "unknown-entry";
    const bad = join(source.dir, "bad.csv");
    writeFileSync(bad, `\ufeff${toCsv([header, ...body])}`);
    const res = await shinchoku(target.url, "compare", "import", bad, "--label", "玉名市");
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${first.row}行目・列「期間」`);
    expect(res.stderr).toContain(`${second.row}行目・列「値」`);
    expect(res.stderr).toContain(`${second.row}行目・列「共通指標」`);
    expect(res.stderr).toContain("何も取り込んでいません");
    expect(await listReferenceSources(target.db)).toEqual(before);

    const both = join(source.dir, "both.csv");
    const matsueBody = (
      parseCsv(readFileSync(matsueCsv, "utf8"), { bom: true }) as string[][]
    ).slice(1);
    writeFileSync(
      both,
      `\ufeff${toCsv([header, ...matsueBody, ...mapped.slice(2).map((m) => m.r)])}`,
    );
    const unlabelled = await shinchoku(target.url, "compare", "import", both);
    expect(unlabelled.code).toBe(1);
    expect(unlabelled.stderr).toContain("--label で取込名を指定してください");
    expect(await listReferenceSources(target.db)).toEqual(before);

    const old = join(source.dir, "old.csv");
    writeFileSync(old, `\ufeff${toCsv([header.slice(0, -1), ...body.map((r) => r.slice(0, -1))])}`);
    const noColumn = await shinchoku(target.url, "compare", "import", old);
    expect(noColumn.code).toBe(1);
    expect(noColumn.stderr).toContain("列「共通指標」がありません");
  });
});
