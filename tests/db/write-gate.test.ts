/**
 * db/node.ts `gateWrites` (issue 9 §5): while the import's worker thread holds the database file's
 * write lock, the server's own writes wait on a promise — the event loop goes on — instead of in
 * SQLite's busy handler, which sleeps the thread; reads go on; and the import's write starts only
 * between the server's transactions.
 */
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { gateWrites, openDatabase, type WriteGate } from "../../db/node.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

let t: TestDatabase;
let db: Database;
let gate: WriteGate;

beforeAll(async () => {
  t = await createTestDatabase();
  db = openDatabase(t.url);
  gate = gateWrites(db);
  await db.$client.execute("create table notes (id integer primary key, body text)");
});
afterAll(() => {
  db.$client.close();
  t.close();
});

/** What the import's thread does: a write transaction on its own connection, held for `ms`. */
async function otherConnectionWrites(ms: number, log: string[]) {
  const other = createClient({ url: t.url });
  try {
    const tx = await other.transaction("write");
    log.push("import begins");
    await tx.execute("insert into notes (body) values ('import')");
    await new Promise((r) => setTimeout(r, ms));
    await tx.commit();
    log.push("import commits");
  } finally {
    other.close();
  }
}

describe("the write gate", () => {
  it("holds the server's writes, not its reads or its event loop, while another connection writes", async () => {
    const log: string[] = [];
    let turns = 0;
    const ticker = setInterval(() => turns++, 5);
    const importing = gate.hold(() => otherConnectionWrites(300, log));
    const writes = Promise.all([
      db.$client.execute("insert into notes (body) values ('webhook')"),
      db.$client.batch(["insert into notes (body) values ('batch')"], "write"),
      db.transaction(async (tx) => {
        await tx.run("insert into notes (body) values ('transaction')");
      }),
    ]).then(() => log.push("server writes done"));
    const read = db.$client.execute("select count(*) n from notes").then((rs) => {
      log.push("server read done");
      return Number(rs.rows[0]?.n);
    });
    await Promise.all([importing, writes, read]);
    clearInterval(ticker);
    expect(log).toEqual([
      "import begins",
      "server read done",
      "import commits",
      "server writes done",
    ]);
    expect(await read).toBe(0);
    // SQLite's busy handler would have given the event loop no turn for the 300 ms.
    expect(turns).toBeGreaterThan(20);
    const rows = await db.$client.execute("select body from notes order by id");
    expect(rows.rows.map((r) => r.body)).toEqual(["import", "webhook", "batch", "transaction"]);
  });

  it("starts the other connection's write only when the server's open transaction has ended", async () => {
    const log: string[] = [];
    let finish = () => {};
    const serverTx = db.transaction(async (tx) => {
      await tx.run("insert into notes (body) values ('server transaction')");
      log.push("server transaction open");
      await new Promise<void>((done) => {
        finish = done;
      });
      log.push("server transaction ends");
    });
    await new Promise((r) => setTimeout(r, 20));
    const importing = gate.hold(() => otherConnectionWrites(10, log));
    await new Promise((r) => setTimeout(r, 50));
    finish();
    await Promise.all([serverTx, importing]);
    expect(log).toEqual([
      "server transaction open",
      "server transaction ends",
      "import begins",
      "import commits",
    ]);
  });
});
