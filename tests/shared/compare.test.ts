/**
 * The comparison rules (shared/compare.ts) and the reference CSV reader (shared/reference-csv.ts),
 * on hand-made rows: which actual is the latest, what the trend of a 年度 is, which target is shown.
 */
import { describe, expect, it } from "vitest";
import { type CompareRow, compareSeries } from "../../shared/compare.ts";
import { parseReferenceCsv } from "../../shared/reference-csv.ts";

const row = (over: Partial<CompareRow>): CompareRow => ({
  origin: "reference",
  source: "A市",
  cityCode: null,
  city: "A市",
  planName: null,
  catalog: "mynumber-card-rate",
  indicatorName: "保有率",
  baseline: null,
  targetText: null,
  unit: "%",
  period: "FY2023",
  fiscalYear: 2023,
  kind: "official",
  value: 70,
  decimals: 0,
  printed: null,
  ...over,
});

describe("compareSeries", () => {
  it("takes the latest period as latest, a 確定 before a 速報 of the same period", () => {
    const [s] = compareSeries([
      row({ period: "FY2023", value: 70 }),
      row({ period: "2024-03", fiscalYear: 2023, kind: "interim", value: 71 }),
      row({ period: "2024-06", fiscalYear: 2024, kind: "interim", value: 73 }),
      row({ period: "2024-06", fiscalYear: 2024, kind: "official", value: 72.5, decimals: 1 }),
      row({ period: "FY2024", fiscalYear: 2024, kind: "target", value: 75 }),
      row({ period: "FY2025", fiscalYear: 2025, kind: "target", value: 80 }),
    ]);
    expect(s?.latest).toMatchObject({ period: "2024-06", kind: "official", value: 72.5 });
    expect(s?.target).toMatchObject({ fiscalYear: 2024, value: 75 });
    // FY2023's 確定 yearly value wins over the March reading; FY2024 has only readings.
    expect(s?.trend).toEqual([
      { fiscalYear: 2023, actual: 70, target: null, decimals: 0 },
      { fiscalYear: 2024, actual: 72.5, target: 75, decimals: 1 },
      { fiscalYear: 2025, actual: null, target: 80, decimals: 0 },
    ]);
  });

  it("keeps one series per city and indicator, plans here first", () => {
    const series = compareSeries([
      row({ city: "B市", source: "B市" }),
      row({ origin: "plan", source: "tamana", city: "玉名市" }),
      row({ city: "B市", source: "B市", indicatorName: "交付率" }),
    ]);
    expect(series.map((s) => [s.origin, s.city, s.indicatorName])).toEqual([
      ["plan", "玉名市", "保有率"],
      ["reference", "B市", "保有率"],
      ["reference", "B市", "交付率"],
    ]);
  });
});

describe("parseReferenceCsv", () => {
  it("keeps catalog rows, counts the others, reads decimals and NFKC labels", () => {
    const parsed = parseReferenceCsv(
      "\ufeff地方公共団体名,共通指標,期間,区分,値,単位\r\nA市,マイナンバーカード保有率,R5,実績(確定),72.0,％\r\nA市,,FY2023,目標,1,件\r\n",
    );
    expect(parsed).toMatchObject({ ok: true, skipped: 1, cities: ["A市"] });
    if (!parsed.ok) return;
    expect(parsed.rows).toEqual([
      expect.objectContaining({
        catalog: "mynumber-card-rate",
        period: "FY2023",
        fiscalYear: 2023,
        kind: "official",
        value: 72,
        decimals: 1,
      }),
    ]);
  });

  it("reports every bad row with its row and column", () => {
    const parsed = parseReferenceCsv(
      "地方公共団体名,共通指標,期間,区分,値,単位\nA市,staff-count,FY2023,実績（確定）,1083,%\n,staff-count,来年,見込み,1 083,人\n",
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => [i.row, i.column])).toEqual([
      [2, "単位"],
      [3, "地方公共団体名"],
      [3, "期間"],
      [3, "区分"],
      [3, "値"],
    ]);
  });

  it("reads back a cell the exporter guarded against formula injection", () => {
    const parsed = parseReferenceCsv(
      "地方公共団体名,共通指標,期間,区分,値,目標（原文）\nA市,overtime-hours,FY2023,目標,'-10,'-10%（令和3年度比）\n",
    );
    expect(parsed.ok && parsed.rows[0]).toMatchObject({
      value: -10,
      targetText: "-10%（令和3年度比）",
    });
  });

  it("refuses a file without the 共通指標 column", () => {
    const parsed = parseReferenceCsv("地方公共団体名,期間,区分,値\nA市,FY2023,目標,1\n");
    expect(parsed).toMatchObject({ ok: false, issues: [{ row: 1, column: "共通指標" }] });
  });
});
