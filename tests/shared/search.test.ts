import { describe, expect, it } from "vitest";
import type { InitiativeView } from "../../shared/plan-view.ts";
import { searchInitiatives, searchTerms } from "../../shared/search.ts";
import { codeSortKey } from "../../shared/text.ts";

function initiative(
  code: string,
  title: string,
  departments: string[],
  indicators: string[] = [],
): InitiativeView {
  return {
    id: Math.floor(Math.random() * 1e9),
    code,
    sortKey: codeSortKey(code),
    title,
    branchId: 1,
    departments,
    columnKey: "started",
    weather: null,
    outlook: null,
    version: 1,
    grades: { progress: [], achievement: [] },
    indicators: indicators.map((name, i) => ({
      id: i,
      key: `${code}-${i}`,
      initiativeId: 1,
      name,
      unit: "%",
      direction: "higher",
      kind: "level",
      baseFiscalYear: null,
      baseValue: null,
      department: null,
      baseline: null,
      targetText: null,
      targets: [],
      actuals: [],
      history: [],
    })),
  };
}

const PLAN = [
  initiative("①", "税収確保の強化", ["税務課"], ["現年分収納率の向上"]),
  initiative("⑩", "スキル向上研修の実施", ["総務課"], ["派遣研修の受講人数"]),
  initiative("⑮", "行政手続のオンライン化", ["総務課", "情報政策課", "地域振興課", "市民課"]),
  initiative("⑯", "窓口業務DXの推進", ["情報政策課"]),
  initiative("⑲", "ペーパーレス化の推進", ["総務課"]),
  initiative("③-1", "ふるさと納税の推進", ["地域振興課"]),
];

const codes = (q: string) => searchInitiatives(PLAN, q).map((h) => h.initiative.code);

describe("plan search", () => {
  it("strips question phrasing", () => {
    expect(searchTerms("ペーパーレスについて教えてください")).toEqual(["ペーパーレス"]);
    expect(searchTerms("「窓口DX」の進捗は？")).toEqual(["窓口dx"]);
  });

  it("finds an initiative by part of its title", () => {
    expect(codes("ペーパーレス")[0]).toBe("⑲");
    expect(codes("ペーパーレスの進捗は？")[0]).toBe("⑲");
  });

  it("matches two-character words", () => {
    expect(codes("窓口")).toEqual(["⑯"]);
    expect(codes("収納")).toEqual(["①"]);
    expect(codes("研修")).toEqual(["⑩"]);
  });

  it("normalises full-width and half-width forms", () => {
    expect(codes("窓口ＤＸ")).toEqual(["⑯"]);
    expect(codes("ﾍﾟｰﾊﾟｰﾚｽ")).toEqual(["⑲"]);
  });

  it("splits a phrase at particles when it matches nothing whole", () => {
    expect(codes("窓口のDX")).toEqual(["⑯"]);
  });

  it("finds an initiative by its code, circled or not", () => {
    expect(codes("⑲")[0]).toBe("⑲");
    expect(codes("19")[0]).toBe("⑲");
    expect(codes("③-1")[0]).toBe("③-1");
  });

  it("finds every initiative of a department", () => {
    expect(codes("総務課").sort()).toEqual(["⑩", "⑮", "⑲"].sort());
  });

  it("returns nothing for unrelated words", () => {
    expect(codes("天気予報")).toEqual([]);
    expect(codes("？")).toEqual([]);
  });
});
