/**
 * The board's bars read a figure as the digest does (issue 11 §4): 99 % of target is 順調 (green),
 * not "behind"; 90 % is 遅れ気味; 80 % is 要注意. Direction-aware, as the digest.
 */
import { describe, expect, it } from "vitest";
import { indicatorStanding } from "../../liff/src/progress.ts";
import { indicatorStatus } from "../../shared/digest.ts";
import type { IndicatorView } from "../../shared/plan-view.ts";

function indicator(direction: IndicatorView["direction"], target: number, actual: number) {
  const figure = (id: number, value: number) => ({
    id,
    period: "FY2025",
    fiscalYear: 2025,
    value,
    decimals: 0,
    qualifier: null,
    rawText: null,
    channel: "import",
    createdAt: 0,
  });
  return {
    id: 1,
    key: "x-1",
    initiativeId: 1,
    name: "電子申請率",
    unit: "%",
    direction,
    baseline: null,
    targetText: null,
    targets: [figure(1, target)],
    actuals: [{ ...figure(2, actual), kind: "official" as const }],
  } as unknown as IndicatorView;
}

describe("the board's bar colours", () => {
  it("uses the digest's thresholds, so a bar and the digest agree", () => {
    for (const [actual, status] of [
      [99, "on_track"],
      [100, "on_track"],
      [95, "on_track"],
      [90, "behind"],
      [80, "at_risk"],
    ] as const) {
      const ind = indicator("higher", 100, actual);
      const standing = indicatorStanding(ind);
      expect(standing?.status, `${actual}%`).toBe(status);
      expect(standing?.status).toBe(indicatorStatus(ind).status);
    }
    // Lower is better: 101 against a ceiling of 100 is within 95 %; 120 is not.
    expect(indicatorStanding(indicator("lower", 100, 101))?.status).toBe("on_track");
    expect(indicatorStanding(indicator("lower", 100, 120))?.status).toBe("at_risk");
    // Not yet at target, but on track: the bar is green while the count of targets met says 0.
    expect(indicatorStanding(indicator("higher", 100, 99))).toMatchObject({
      onTarget: false,
      status: "on_track",
    });
  });
});
