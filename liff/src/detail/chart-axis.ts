/** The detail chart's value axis, kept apart from Chart.js so that it is tested without a browser. */

/**
 * The value axis: from zero, unless every figure sits in a narrow band far from it — 98–99 % would
 * be one flat line on a 0–100 axis — then around the figures, never past 100 % for a percentage.
 * @param values every figure drawn, in the indicator's unit.
 */
export function yAxisFor(
  values: number[],
  unit: string | null,
): { beginAtZero: boolean; suggestedMin?: number; suggestedMax?: number; max?: number } {
  if (values.length === 0) return { beginAtZero: true };
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo <= 0 || hi - lo >= 0.25 * hi) return { beginAtZero: true };
  const pad = Math.max((hi - lo) * 0.5, hi * 0.01);
  const top = hi + pad;
  return {
    beginAtZero: false,
    suggestedMin: Math.max(0, lo - pad),
    suggestedMax: top,
    ...(unit === "%" && hi <= 100 ? { max: Math.min(100, Math.ceil(top)) } : {}),
  };
}
