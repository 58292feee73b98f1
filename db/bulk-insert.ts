/**
 * Inserting many rows with one short statement: the rows travel as one JSON parameter and SQLite
 * reads them with `json_each`, so a statement's text and its parameters stay the same size whatever
 * the number of rows. drizzle's own multi-row INSERT binds one parameter per column of every row;
 * for a 20,000-row plan import its SQL building and SQLite's parsing of the long statement took
 * most of the write transaction (issue 9 §5, docs/benchmarks.md "import"), which holds the database's
 * write lock and so every webhook's inbox write.
 *
 * Values go through each column's own `mapToDriverValue` (JSON columns, timestamps, booleans), so
 * what is stored is what drizzle would store. A column missing from every row gets its SQL default.
 *
 * @see https://www.sqlite.org/json1.html#jeach
 */
import { type Column, getTableColumns, getTableName, type SQL, sql, type Table } from "drizzle-orm";
import type { DbOrTx } from "./client.ts";

/** Rows per statement: bounds the JSON text held at once (a few MB at most). */
const ROWS_PER_STATEMENT = 5000;

function statementFor<T extends Table>(
  table: T,
  rows: T["$inferInsert"][],
  returning: SQL | undefined,
): SQL {
  const columns = getTableColumns(table) as Record<string, Column>;
  const keys = Object.keys(columns).filter((k) =>
    rows.some((r) => (r as Record<string, unknown>)[k] !== undefined),
  );
  const values = rows.map((r) =>
    keys.map((k) => {
      const v = (r as Record<string, unknown>)[k];
      const column = columns[k] as Column;
      if (v === undefined) {
        if (column.hasDefault)
          throw new Error(`${getTableName(table)}.${column.name}: set in some rows, not in others`);
        return null;
      }
      return v === null ? null : column.mapToDriverValue(v);
    }),
  );
  const names = sql.join(
    keys.map((k) => sql.identifier((columns[k] as Column).name)),
    sql`, `,
  );
  const reads = sql.join(
    keys.map((_, i) => sql.raw(`json_extract(value, '$[${i}]')`)),
    sql`, `,
  );
  return sql`insert into ${sql.identifier(getTableName(table))} (${names}) select ${reads} from json_each(${JSON.stringify(values)}) order by key${returning ? sql` returning ${returning}` : sql``}`;
}

/**
 * Inserts `rows` into `table`, {@link ROWS_PER_STATEMENT} rows per statement.
 * @throws what the database throws (a constraint), like a drizzle INSERT.
 */
export async function insertRows<T extends Table>(
  db: DbOrTx,
  table: T,
  rows: T["$inferInsert"][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    await db.run(statementFor(table, rows.slice(i, i + ROWS_PER_STATEMENT), undefined));
}

/**
 * Inserts `rows` into `table` and returns each new row's `id` with its `key` column, the unique
 * name the caller finds it by (an initiative's code, an indicator's key) — not by position, since
 * SQLite does not promise RETURNING's order.
 */
export async function insertRowsReturningIds<T extends Table>(
  db: DbOrTx,
  table: T,
  rows: T["$inferInsert"][],
  key: Column,
): Promise<{ id: number; key: string }[]> {
  const out: { id: number; key: string }[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const returning = sql`"id", ${sql.identifier(key.name)} as "key"`;
    const found = await db.all<{ id: number; key: string }>(
      statementFor(table, rows.slice(i, i + ROWS_PER_STATEMENT), returning),
    );
    for (const r of found) out.push({ id: Number(r.id), key: String(r.key) });
  }
  return out;
}
