/**
 * The comparison of a common indicator across cities (issue 13 §2, docs/compare.md): the plans of
 * this deployment whose indicator names the catalog entry, and the reference series imported from
 * other cities' open data (`compare import`). Figures only: no member, reporter or LINE id.
 */

import type { MemberView } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import { plansCarryingCatalog, referenceRowsFor } from "../../db/reference-series.ts";
import { type CatalogEntry, findCatalogEntry } from "../../shared/catalog.ts";
import {
  type CompareRow,
  type CompareSeries,
  compareSeries,
  perThousandResidents,
  planCompareRows,
} from "../../shared/compare.ts";
import type { AppDeps } from "../deps.ts";
import { useCaseText } from "../text/usecases.ts";
import { type Failure, fail } from "./result.ts";

/** Who looks: a member of any plan (the LIFF app) or anyone (the public page). */
export type CompareViewer = { kind: "member"; memberships: MemberView[] } | { kind: "public" };

export interface CatalogComparison {
  ok: true;
  entry: CatalogEntry;
  series: CompareSeries[];
  /** Set when the entry is compared per resident but no population figures exist (docs/compare.md). */
  perCapitaNote: string | null;
}

/**
 * Compares the catalog entry `catalogId` across this deployment's plans and the reference series.
 * A member sees their own plans in full, and other plans here only once published, and of those what
 * the public sees: targets and 確定 actuals (as the public page does) — a city's unpublished figures
 * never reach another city's staff. Reference series are public open data and shown to both.
 *
 * @returns `not_found` for an id the catalog lacks; `not_member` for a member view without any plan.
 */
export async function compareCatalog(
  deps: Pick<AppDeps, "db">,
  viewer: CompareViewer,
  catalogId: string,
): Promise<CatalogComparison | Failure<"not_found" | "not_member">> {
  if (viewer.kind === "member" && viewer.memberships.length === 0)
    return fail("not_member", useCaseText.compareMembersOnly);
  const entry = findCatalogEntry(catalogId);
  if (!entry || entry.id !== catalogId)
    return fail("not_found", useCaseText.noCatalogEntry(catalogId));
  const own = (planId: string) =>
    viewer.kind === "member" && viewer.memberships.some((m) => m.planId === planId);
  const plans = (await plansCarryingCatalog(deps.db, entry.id)).filter(
    (p) => own(p.planId) || p.published,
  );
  const rows: CompareRow[] = [];
  const populations = new Map<string, { value: number; asOf: string }>();
  for (const p of plans) {
    const view = await loadPlanView(deps.db, p.planId);
    if (!view) continue;
    if (view.population) populations.set(view.id, view.population);
    // Not their own plan (or the public): what the public page shows, targets and 確定 actuals.
    const planRows = planCompareRows(view, entry.id);
    rows.push(...(own(p.planId) ? planRows : planRows.filter((r) => r.kind !== "interim")));
  }
  for (const r of await referenceRowsFor(deps.db, entry.id))
    rows.push({ ...r, origin: "reference" });
  let series = compareSeries(rows);
  let perCapitaNote: string | null = null;
  if (entry.perCapita) {
    // Per 1,000 residents where the plan gives its population (plan.yaml `population`).
    series = series.map((s) => {
      const population = s.origin === "plan" ? populations.get(s.source) : undefined;
      return { ...s, perThousand: population ? perThousandResidents(s, population) : null };
    });
    if (series.some((s) => !s.perThousand)) perCapitaNote = useCaseText.perCapitaUnavailable;
  }
  return { ok: true, entry, series, perCapitaNote };
}
