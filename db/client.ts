/**
 * The database handle: drizzle over a libSQL client.
 *
 * Node opens `file:` (embedded, no server), `:memory:`, `http(s)://` or `libsql://` (Turso) URLs with
 * `@libsql/client`; Workers use `@libsql/client/web` over HTTP (see bot/worker.ts). Both give the
 * same {@link Database}.
 */
import type { Client } from "@libsql/client";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { drizzle } from "drizzle-orm/libsql/web";
import * as relations from "./relations.ts";
import * as tables from "./schema.ts";

/** The tables and their relations (db/relations.ts), for `db.query`. */
const schema = { ...tables, ...relations };

export type Database = LibSQLDatabase<typeof schema> & { $client: Client };
/** A transaction handle; data-access functions accept either. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type DbOrTx = Database | Tx;

/** Wraps a libSQL client (Node or web) as a drizzle database with the shinchoku schema. */
export function databaseFromClient(client: Client): Database {
  return drizzle(client, { schema });
}
