/**
 * The webhook inbox in a file of its own on Node (db/node.ts `openInboxDatabase`, issue 9 §5): a
 * write transaction on the main database file (a plan import) does not hold the webhook's enqueue;
 * the inbox file's tables are those of the main database's migrations; events acknowledged into the
 * main database before the inbox had its own file are moved and handled once. The real server with
 * the inbox file, killed and restarted, is tests/bot/shutdown.test.ts.
 */
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainInbox, toInboxEvent } from "../../bot/inbox.ts";
import type { Database } from "../../db/client.ts";
import { adoptInboxRows, enqueueWebhookEvents, ensureInboxSchema } from "../../db/inbox.ts";
import { inboxDatabaseUrl, openDatabase, openInboxDatabase } from "../../db/node.ts";
import { createTestApp, TEST_CHANNEL_SECRET } from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";
import { textEvent, webhookBody } from "../support/webhook.ts";

const USER = "Uinboxfile000000000000000000000001";
const REPLY = "/v2/bot/message/reply";

let t: TestDatabase;
let line: FakeLine;
let inbox: Database;

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
});
afterAll(async () => {
  await line.stop();
  inbox?.$client.close();
  t.close();
});

/** Columns and indexes of the two inbox tables, as SQLite reports them. */
async function inboxShape(db: Database) {
  const shape: Record<string, unknown> = {};
  for (const table of ["webhook_events", "webhook_inbox"]) {
    const columns = await db.$client.execute(`pragma table_info(${table})`);
    shape[table] = columns.rows.map((r) => [r.name, r.type, r.notnull, r.dflt_value, r.pk]);
    const indexes = await db.$client.execute(
      `select name, sql from sqlite_master where type = 'index' and tbl_name = '${table}' and name not like 'sqlite_%' order by name`,
    );
    shape[`${table} indexes`] = indexes.rows.map((r) => [
      r.name,
      String(r.sql).replace(/\s+/gu, " "),
    ]);
  }
  return shape;
}

describe("the inbox file", () => {
  it("sits beside an embedded database file, and nowhere else", () => {
    expect(inboxDatabaseUrl("file:./data/shinchoku.db")).toBe("file:./data/shinchoku.inbox.db");
    expect(inboxDatabaseUrl("file:/var/lib/shinchoku/main.sqlite")).toBe(
      "file:/var/lib/shinchoku/main.sqlite.inbox.db",
    );
    expect(inboxDatabaseUrl(":memory:")).toBeNull();
    expect(inboxDatabaseUrl("file::memory:")).toBeNull();
    expect(inboxDatabaseUrl("libsql://shinchoku-city.turso.io")).toBeNull();
    expect(inboxDatabaseUrl("http://127.0.0.1:8080")).toBeNull();
  });

  it("has the same tables and indexes as the main database's migrations", async () => {
    const url = inboxDatabaseUrl(t.url);
    if (!url) throw new Error("no inbox url");
    const own = openDatabase(url.replace(".inbox.db", ".shape.db"));
    try {
      await ensureInboxSchema(own);
      await ensureInboxSchema(own); // safe on every start
      expect(await inboxShape(own)).toEqual(await inboxShape(t.db));
    } finally {
      own.$client.close();
    }
  });

  it("moves events acknowledged into the main database before, and handles each once", async () => {
    const first = textEvent("ペーパーレス", USER);
    const second = textEvent("窓口", USER);
    const done = textEvent("研修", USER);
    await enqueueWebhookEvents(
      t.db,
      [first, second, done].map((e) => toInboxEvent(e as never)),
    );
    await t.db.$client.execute({
      sql: "update webhook_inbox set status = 'done' where webhook_event_id = ?",
      args: [done.webhookEventId],
    });

    inbox = await openInboxDatabase(t.url, t.db);
    expect(inbox).not.toBe(t.db);
    const moved = await inbox.$client.execute(
      "select webhook_event_id from webhook_inbox order by id",
    );
    expect(moved.rows.map((r) => r.webhook_event_id)).toEqual([
      first.webhookEventId,
      second.webhookEventId,
    ]);
    const left = await t.db.$client.execute("select count(*) n from webhook_inbox");
    expect(Number(left.rows[0]?.n)).toBe(0);
    // The next start moves nothing twice.
    expect(await adoptInboxRows(t.db, inbox)).toEqual({ events: 0, ledger: 0 });

    const harness = createTestApp(t.db, line);
    const deps = { ...harness.deps, inboxDb: inbox };
    line.reset();
    expect(await drainInbox(deps)).toEqual({ handled: 2, failed: 0 });
    expect(line.requests.filter((r) => r.path === REPLY)).toHaveLength(2);

    // A redelivery of any of the three — the done one's id came over with the dedupe ledger — is
    // acknowledged and not handled again.
    const again = await enqueueWebhookEvents(
      inbox,
      [first, second, done].map((e) => toInboxEvent(e as never)),
    );
    expect(again.inserted).toBe(0);
  });

  it("takes a webhook's events while another connection holds the main file's write lock", async () => {
    const harness = createTestApp(t.db, line);
    const { createApp } = await import("../../bot/app.ts");
    const app = createApp({ ...harness.deps, inboxDb: inbox });
    // What the import's worker thread does: a write transaction on its own connection to the file.
    const importer = createClient({ url: t.url });
    await importer.execute("PRAGMA busy_timeout = 5000");
    const tx = await importer.transaction("write");
    try {
      await tx.execute("update plans set name = name");
      const event = textEvent("ペーパーレス", USER);
      const { body, signature } = webhookBody([event], TEST_CHANNEL_SECRET);
      const started = performance.now();
      const res = await app.request("/webhook", {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-line-signature": signature },
      });
      const ms = performance.now() - started;
      expect(res.status).toBe(200);
      // Without the inbox file the enqueue waits for the lock (here: until busy_timeout, 5 s).
      expect(ms).toBeLessThan(1000);
      const row = await inbox.$client.execute({
        sql: "select status from webhook_inbox where webhook_event_id = ?",
        args: [event.webhookEventId],
      });
      expect(row.rows).toHaveLength(1);
    } finally {
      await tx.rollback();
      importer.close();
    }
    await harness.settle();
  });
});
