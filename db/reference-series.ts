/**
 * Reference series (issue 13 §2, docs/compare.md): other cities' published figures of common
 * indicators, imported from open-data CSV files (shared/reference-csv.ts). Read-only for everyone:
 * a source is replaced whole by a new import or removed whole, never edited row by row.
 */
import { asc, count, eq, max, sql } from "drizzle-orm";
import type { ReferenceRow } from "../shared/reference-csv.ts";
import { insertRows } from "./bulk-insert.ts";
import type { Database } from "./client.ts";
import * as s from "./schema.ts";

/**
 * Replaces every row of `source` with `rows`, in one transaction: a reader sees the old rows or the
 * new ones, never a mix, and a failure leaves the old rows.
 *
 * @returns how many rows the source had before.
 */
export async function replaceReferenceSource(
  db: Database,
  source: string,
  file: string,
  rows: ReferenceRow[],
): Promise<{ replaced: number }> {
  let replaced = 0;
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ n: count() })
      .from(s.referenceSeries)
      .where(eq(s.referenceSeries.source, source));
    replaced = before?.n ?? 0;
    await tx.delete(s.referenceSeries).where(eq(s.referenceSeries.source, source));
    await insertRows(
      tx,
      s.referenceSeries,
      rows.map((r) => ({ ...r, source, file })),
    );
  });
  return { replaced };
}

/** Deletes a source's rows; returns how many there were (0: no such source). */
export async function removeReferenceSource(db: Database, source: string): Promise<number> {
  const deleted = await db
    .delete(s.referenceSeries)
    .where(eq(s.referenceSeries.source, source))
    .returning({ id: s.referenceSeries.id });
  return deleted.length;
}

export interface ReferenceSourceSummary {
  source: string;
  /** The cities in it (地方公共団体名), sorted. */
  cities: string[];
  /** The catalog ids in it, sorted. */
  catalogs: string[];
  rows: number;
  file: string;
  /** Unix seconds of the import. */
  importedAt: number;
}

/** Every imported source, by label. */
export async function listReferenceSources(db: Database): Promise<ReferenceSourceSummary[]> {
  const t = s.referenceSeries;
  const rows = await db
    .select({
      source: t.source,
      cities: sql<string>`group_concat(distinct ${t.city})`,
      catalogs: sql<string>`group_concat(distinct ${t.catalog})`,
      rows: count(),
      file: max(t.file),
      importedAt: sql<number>`max(${t.importedAt})`,
    })
    .from(t)
    .groupBy(t.source)
    .orderBy(asc(t.source));
  return rows.map((r) => ({
    source: r.source,
    cities: (r.cities ?? "").split(",").filter(Boolean).sort(),
    catalogs: (r.catalogs ?? "").split(",").filter(Boolean).sort(),
    rows: r.rows,
    file: r.file ?? "",
    importedAt: Number(r.importedAt),
  }));
}

export type StoredReferenceRow = ReferenceRow & { source: string };

/** Every reference figure of a catalog entry, by source, city, period. */
export async function referenceRowsFor(
  db: Database,
  catalog: string,
): Promise<StoredReferenceRow[]> {
  const t = s.referenceSeries;
  return db
    .select({
      source: t.source,
      cityCode: t.cityCode,
      city: t.city,
      planName: t.planName,
      catalog: t.catalog,
      indicatorName: t.indicatorName,
      baseline: t.baseline,
      targetText: t.targetText,
      unit: t.unit,
      period: t.period,
      fiscalYear: t.fiscalYear,
      kind: t.kind,
      value: t.value,
      decimals: t.decimals,
      printed: t.printed,
    })
    .from(t)
    .where(eq(t.catalog, catalog))
    .orderBy(asc(t.source), asc(t.city), asc(t.id));
}

/** The plans of this deployment with an indicator naming `catalog`, with whether each is published. */
export async function plansCarryingCatalog(
  db: Database,
  catalog: string,
): Promise<{ planId: string; published: boolean }[]> {
  const rows = await db
    .selectDistinct({ planId: s.indicators.planId, published: s.plans.published })
    .from(s.indicators)
    .innerJoin(s.plans, eq(s.plans.id, s.indicators.planId))
    .where(eq(s.indicators.catalog, catalog))
    .orderBy(asc(s.indicators.planId));
  return rows.map((r) => ({ planId: r.planId, published: r.published }));
}
