/**
 * Where a reading comes from (issue 14 §1): every target, actual, schedule year, grade and name can
 * say whether the source prints it, the transcriber read it off a damaged or ambiguous page, inferred
 * it, or a person entered it in LINE or the LIFF app, with a note saying why.
 *
 * - `printed` 印刷: printed in the source as it stands. The default for imported rows.
 * - `read` 読取: in the source, but read rather than printed plainly (a scanned table, a cell that
 *   spans columns, a figure written in the text rather than the table).
 * - `inferred` 推定: not in the source; the transcriber's inference (a lost Gantt column's year, a
 *   target year taken from the plan period, a reconstructed name).
 * - `entered` 入力: entered by staff in LINE or the LIFF app (set by the write path, never imported
 *   as the default).
 *
 * Import columns 出典 and 出典メモ (docs/import-format.md "出典"). In the database a `null` source is
 * `printed` for imported rows and `entered` for rows written from LINE or the LIFF app
 * ({@link sourceOf}). Pure: no I/O; dependency-free, so the LIFF app can import it.
 */

export const PROVENANCE_SOURCES = ["printed", "read", "inferred", "entered"] as const;
export type ProvenanceSource = (typeof PROVENANCE_SOURCES)[number];

/** The import format's word for each source (出典), also the mark people read. */
export const PROVENANCE_LABELS: Record<ProvenanceSource, string> = {
  printed: "印刷",
  read: "読取",
  inferred: "推定",
  entered: "入力",
};

const SOURCE_BY_WORD: Record<string, ProvenanceSource> = Object.fromEntries([
  ...PROVENANCE_SOURCES.map((k) => [k, k] as const),
  ...PROVENANCE_SOURCES.map((k) => [PROVENANCE_LABELS[k], k] as const),
  ["読み取り", "read"],
  ["読取り", "read"],
]);

/** Reads 「出典」 (a Japanese word or the English key); null when it is neither. */
export function parseProvenanceSource(text: string): ProvenanceSource | null {
  return SOURCE_BY_WORD[text.normalize("NFKC").trim()] ?? null;
}

/** A reading's provenance: its source and the note that says why (出典メモ), null when none. */
export interface Provenance {
  source: ProvenanceSource;
  note: string | null;
}

/** The provenance of a plainly printed value with no note. */
export const PRINTED: Provenance = { source: "printed", note: null };

/**
 * The source of a stored row: its `source` column when set, else what its channel implies — a row
 * written from LINE or the LIFF app was `entered`, an imported or CLI row `printed`.
 */
export function sourceOf(stored: string | null | undefined, channel?: string): ProvenanceSource {
  if (stored && (PROVENANCE_SOURCES as readonly string[]).includes(stored))
    return stored as ProvenanceSource;
  return channel === "line" || channel === "liff" ? "entered" : "printed";
}

/**
 * The `source` column's value for an imported provenance: null for `printed` (so that a plan
 * imported before the column existed re-imports unchanged), else the source.
 */
export function storedSource(p: Provenance): ProvenanceSource | null {
  return p.source === "printed" ? null : p.source;
}

/** Whether a reading needs a mark: anything but a printed value without a note. */
export function isMarked(p: Provenance): boolean {
  return p.source !== "printed" || p.note !== null;
}

/**
 * Whether the LIFF app marks a reading: read or inferred, or any note. An `entered` figure or grade
 * has no mark of its own — the page already says who entered it and through which channel (the 入力
 * column of the monthly readings, the history, the timeline), and a 「入力」 beside every monthly
 * reading and every graded card would bury the marks that matter (the transcription's doubts).
 */
export function showsMark(p: Provenance): boolean {
  return p.source === "read" || p.source === "inferred" || p.note !== null;
}

/**
 * The two export cells (出典, 出典メモ) of a provenance: empty for a printed value, as the import reads
 * an empty 出典 as printed; the Japanese word otherwise.
 */
export function provenanceCells(p: Provenance): [string, string] {
  return [p.source === "printed" ? "" : PROVENANCE_LABELS[p.source], p.note ?? ""];
}

/**
 * The `source` column of a row a person writes: `entered` from LINE or the LIFF app, null (printed)
 * from the CLI or an import, whose figures come from the printed plan.
 */
export function writtenSource(channel: string): "entered" | null {
  return channel === "line" || channel === "liff" ? "entered" : null;
}

/**
 * A stored row's provenance for a read model: `{ provenance }` when it needs a mark
 * ({@link isMarked}), else `{}` so that printed values add nothing to the payload.
 */
export function provenanceField(
  stored: string | null | undefined,
  note: string | null | undefined,
  channel?: string,
): { provenance?: Provenance } {
  const p: Provenance = { source: sourceOf(stored, channel), note: note ?? null };
  return isMarked(p) ? { provenance: p } : {};
}
