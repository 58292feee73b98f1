/** The detail chart's value axis (issue 11 §4): 98–99 % is not flattened by a 0–100 axis. */
import { describe, expect, it } from "vitest";
import { yAxisFor } from "../../liff/src/detail/chart-axis.ts";

describe("the detail chart's value axis", () => {
  it("zooms in on percentages close together, never past 100 %", () => {
    const axis = yAxisFor([98.2, 98.9, 99.4], "%");
    expect(axis.beginAtZero).toBe(false);
    expect(axis.suggestedMin).toBeGreaterThan(96);
    expect(axis.suggestedMin).toBeLessThan(98.2);
    expect(axis.max).toBe(100);
  });

  it("starts at zero when figures spread or reach zero, or there are none", () => {
    expect(yAxisFor([10, 45, 60], "%")).toEqual({ beginAtZero: true });
    expect(yAxisFor([0, 3], "件")).toEqual({ beginAtZero: true });
    expect(yAxisFor([], "%")).toEqual({ beginAtZero: true });
  });

  it("zooms in on large counts close together, without a percentage cap", () => {
    const axis = yAxisFor([846_354_905, 900_000_000], "円");
    expect(axis.beginAtZero).toBe(false);
    expect(axis.max).toBeUndefined();
  });
});
