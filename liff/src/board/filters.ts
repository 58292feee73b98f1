/**
 * The board's filters, kept in the page's query string so that a department's view can be linked:
 * `/?plan=tamana&org=総務課`. Other parameters (`plan`, `as`) are left as they are.
 */
import type { BranchView, InitiativeView } from "../../../shared/plan-view.ts";
import { compactText } from "../../../shared/text.ts";
import { isBehindTarget, isForecastBehind } from "../progress.ts";

export interface BoardFilters {
  /** 担当課 */
  org: string;
  /** A branch id of any level; its sub-branches are included. */
  branch: string;
  column: string;
  weather: string;
  behind: boolean;
  /** Only initiatives with an indicator forecast to miss its 年度 target (`forecast=1`). */
  forecast: boolean;
  q: string;
}

export const NO_FILTERS: BoardFilters = {
  org: "",
  branch: "",
  column: "",
  weather: "",
  behind: false,
  forecast: false,
  q: "",
};

const PARAMS = {
  org: "org",
  branch: "branch",
  column: "col",
  weather: "weather",
  q: "q",
} as const;

export function filtersFromSearch(search: string): BoardFilters {
  const p = new URLSearchParams(search);
  return {
    org: p.get(PARAMS.org) ?? "",
    branch: p.get(PARAMS.branch) ?? "",
    column: p.get(PARAMS.column) ?? "",
    weather: p.get(PARAMS.weather) ?? "",
    behind: p.get("behind") === "1",
    forecast: p.get("forecast") === "1",
    q: p.get(PARAMS.q) ?? "",
  };
}

/** The query string with these filters, keeping every parameter that is not a filter. */
export function searchWithFilters(search: string, filters: BoardFilters): string {
  const p = new URLSearchParams(search);
  for (const key of Object.keys(PARAMS) as (keyof typeof PARAMS)[]) {
    const value = filters[key];
    if (value) p.set(PARAMS[key], value);
    else p.delete(PARAMS[key]);
  }
  if (filters.behind) p.set("behind", "1");
  else p.delete("behind");
  if (filters.forecast) p.set("forecast", "1");
  else p.delete("forecast");
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function activeFilterCount(f: BoardFilters): number {
  return [f.org, f.branch, f.column, f.weather, f.behind, f.forecast].filter(Boolean).length;
}

/** Branch ids under (and including) `rootId`. */
function branchFamily(branches: BranchView[], rootId: number): Set<number> {
  const family = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const b of branches) {
      if (b.parentId !== null && family.has(b.parentId) && !family.has(b.id)) {
        family.add(b.id);
        grew = true;
      }
    }
  }
  return family;
}

/**
 * Whether the keyword is in the code, title or 担当課: NFKC and case folded, spaces ignored (as the
 * chat's search does), so `19`, `⑲` and `ﾍﾟｰﾊﾟｰ` all find ⑲ ペーパーレス化の推進. Several words must all match.
 */
export function matchesKeyword(initiative: InitiativeView, q: string): boolean {
  const words = q
    .split(/[\s\u3000]+/u)
    .map(compactText)
    .filter((w) => w.length > 0);
  if (words.length === 0) return true;
  const haystack = [initiative.code, initiative.title, ...initiative.departments].map(compactText);
  return words.every((w) => haystack.some((h) => h.includes(w)));
}

export function filterInitiatives(
  initiatives: InitiativeView[],
  branches: BranchView[],
  f: BoardFilters,
): InitiativeView[] {
  const family = f.branch ? branchFamily(branches, Number(f.branch)) : null;
  return initiatives.filter(
    (i) =>
      (!f.org || i.departments.includes(f.org)) &&
      (!family || family.has(i.branchId)) &&
      (!f.column || i.columnKey === f.column) &&
      (!f.weather || (f.weather === "none" ? i.weather === null : i.weather === f.weather)) &&
      (!f.behind || isBehindTarget(i)) &&
      (!f.forecast || isForecastBehind(i)) &&
      matchesKeyword(i, f.q),
  );
}
