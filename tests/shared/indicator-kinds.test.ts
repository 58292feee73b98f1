/**
 * Indicator kinds (issue 14 §4): the import words, the note people read, and how a cumulative
 * kind is held against its target by its running total, in the digest and on the board alike.
 */
import { describe, expect, it } from "vitest";
import { indicatorStanding } from "../../liff/src/progress.ts";
import { indicatorStatus } from "../../shared/digest.ts";
import { formatFiscalYear } from "../../shared/fiscal-year.ts";
import { measureOf } from "../../shared/forecast.ts";
import {
  comparableValue,
  INDICATOR_KIND_LABELS,
  INDICATOR_KINDS,
  type IndicatorKind,
  kindNote,
  parseIndicatorKind,
} from "../../shared/indicator-kinds.ts";
import { parsePlanBundle } from "../../shared/plan-bundle.ts";
import type { ActualView, IndicatorView } from "../../shared/plan-view.ts";

const year = (fy: number) => formatFiscalYear(fy, "long");

function figure(period: string, fiscalYear: number, value: number | null) {
  return {
    id: fiscalYear,
    period,
    fiscalYear,
    value,
    decimals: 0,
    qualifier: null,
    rawText: null,
    channel: "import",
    createdAt: 0,
  };
}

function indicator(kind: IndicatorKind, actuals: ActualView[]): IndicatorView {
  return {
    id: 1,
    key: "x-1",
    initiativeId: 1,
    name: "ビデオ会議への参加者数",
    unit: "人",
    direction: "higher",
    kind,
    baseFiscalYear: null,
    baseValue: null,
    department: null,
    baseline: null,
    targetText: null,
    targets: [figure("FY2024", 2024, 5000)],
    actuals,
    history: [],
  };
}

const yearly = (fy: number, value: number): ActualView => ({
  ...figure(`FY${fy}`, fy, value),
  kind: "official",
});

describe("indicator kinds", () => {
  it("reads every label and key, with full-width brackets or not, and refuses others", () => {
    for (const kind of INDICATOR_KINDS) {
      expect(parseIndicatorKind(INDICATOR_KIND_LABELS[kind])).toBe(kind);
      expect(parseIndicatorKind(kind)).toBe(kind);
    }
    expect(parseIndicatorKind("効果額(期間合計)")).toBe("effect_total");
    expect(parseIndicatorKind(" 削減 ")).toBe("reduction");
    expect(parseIndicatorKind("割合")).toBeNull();
  });

  it("says how to read a figure, with the base year where there is one", () => {
    const base = { baseFiscalYear: 2020, baseValue: null };
    expect(kindNote({ kind: "reduction", ...base }, year)).toBe("削減量・令和2年度比");
    expect(kindNote({ kind: "change", ...base }, year)).toBe("基準からの増減・令和2年度比");
    expect(kindNote({ kind: "cumulative", ...base }, year)).toBe("計画期間の累計");
    expect(kindNote({ kind: "level", ...base }, year)).toBeNull();
  });

  it("adds earlier years only for cumulative kinds", () => {
    expect(comparableValue("cumulative", 1200, [1000, null, 900])).toBe(3100);
    expect(comparableValue("effect_total", 50, [60])).toBe(110);
    expect(comparableValue("level", 1200, [1000, 900])).toBe(1200);
    expect(comparableValue("cumulative", null, [1000])).toBeNull();
  });

  it("holds a running total against the period's target in the digest and on the board", () => {
    // 延べ5,000人 by R6: 1,000 a year for R2–R5 and 1,200 in R6 is 5,200 — met. As a level, 1,200
    // of 5,000 would read as 24 % (要注意).
    const actuals = [2020, 2021, 2022, 2023].map((fy) => yearly(fy, 1000));
    actuals.push(yearly(2024, 1200));
    const total = indicator("cumulative", actuals);
    expect(indicatorStatus(total)).toMatchObject({ status: "on_track", ratio: 5200 / 5000 });
    expect(indicatorStanding(total)).toMatchObject({ onTarget: true, status: "on_track" });
    const level = indicator("level", actuals);
    expect(indicatorStatus(level)).toMatchObject({ status: "at_risk", ratio: 1200 / 5000 });
  });

  it("counts each earlier year once, by its latest figure (確定 over 速報)", () => {
    const interim: ActualView = { ...figure("2023-09", 2023, 400), kind: "interim" };
    const total = indicator("cumulative", [interim, yearly(2023, 1000), yearly(2024, 4000)]);
    expect(indicatorStatus(total).ratio).toBe(5000 / 5000);
  });
});

describe("the import format's 種類, 基準年度 and 基準値（数値）", () => {
  const files = (indicatorRows: string) => ({
    "plan.yaml": "id: k\nname: 計画\ncity: 市\nperiod: { from: R2, to: R6 }\nlevels: [柱]\n",
    "org_units.csv": "名称\n情報政策課\n",
    "branches.csv": "ID,階層,上位ID,記号,名称\n1,1,,柱1,柱\n",
    "initiatives.csv": "コード,取組名,体系ID,担当課\nA,取組,1,情報政策課\n",
    "indicators.csv": `指標ID,コード,指標名,単位,方向,種類,基準年度,基準値（数値）\n${indicatorRows}`,
  });

  it("reads them, defaulting to a level", () => {
    const result = parsePlanBundle(
      files("A-1,A,端末台数,台,上昇,削減,R1,445\nA-2,A,利用率,%,上昇,,,\n"),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.bundle.indicators.map((i) => [i.kind, i.baseFiscalYear, i.baseValue])).toEqual([
      ["reduction", 2019, 445],
      ["level", null, null],
    ]);
  });

  it("names the row and column of every bad cell and keeps nothing", () => {
    const result = parsePlanBundle(files("A-1,A,端末台数,台,上昇,割合,昨年度,多い\n"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.row, i.column])).toEqual([
      [2, "F列（種類）"],
      [2, "G列（基準年度）"],
      [2, "H列（基準値（数値））"],
    ]);
  });
});

describe("the forecast reads the plan's 種類", () => {
  it("sums a 累計 or 効果額 over the months and reads a 削減 as a level, whatever the unit says", () => {
    const base = { name: "指標", unit: "%", catalog: null };
    expect(measureOf({ ...base, kind: "cumulative" })).toBe("cumulative");
    expect(measureOf({ ...base, unit: "万円", kind: "effect_yearly" })).toBe("cumulative");
    expect(measureOf({ ...base, unit: "台", kind: "reduction" })).toBe("level");
    // Without a kind, the unit decides: 台 is a count summed over the months.
    expect(measureOf({ ...base, unit: "台", kind: "level" })).toBe("cumulative");
  });
});
