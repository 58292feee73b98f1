/**
 * `npx shinchoku doctor`: checks, one item at a time, that a shinchoku server is ready to go live,
 * and says how to fix what is not. It reads the same environment as the server (bot/config.ts
 * `configFromEnv`, plus `DATABASE_URL`/`DATABASE_AUTH_TOKEN` and `PUBLIC_BASE_URL`), talks to LINE
 * only through the gateway (bot/line/gateway.ts) and changes nothing: it sends no message, applies
 * no migration and never creates the database file.
 *
 * The items, in order ({@link CHECK_IDS}):
 * - `line.access_token` — `GET /v2/bot/info` ("Get bot info") answers with the token;
 * - `line.channel_secret` — set (a warning when it is not LINE's 32 hex digits);
 * - `public_base_url` — `PUBLIC_BASE_URL` is an `https://` origin;
 * - `webhook.endpoint` — `GET /v2/bot/channel/webhook/endpoint` is `<PUBLIC_BASE_URL>/webhook`;
 * - `webhook.active` — the same answer's `active` ("Use webhook" in the console);
 * - `webhook.test` — `POST /v2/bot/channel/webhook/test` to this server's URL answers 200 (which
 *   also proves the channel secret: a wrong one is answered 401);
 * - `login.channel_id`, `liff.id` — both set, and the LIFF ID is `<login channel id>-…`;
 * - `db.reachable`, `db.migrations` — the database answers, and its `__drizzle_migrations` holds
 *   every entry of db/migrations/meta/_journal.json;
 * - `db.inbox` — the webhook inbox (docs/reliability.md §1): on Node with a file database its own file
 *   `<name>.inbox.db` (db/node.ts `inboxDatabaseUrl`) opens and has its tables (no file yet — before
 *   the server's first start — is fine); elsewhere the
 *   main database's inbox tables. Events not yet handled a minute after they arrived, and events
 *   given up after their last attempt, are a warning;
 * - `plan.imported` — at least one plan (and `DEFAULT_PLAN_ID`, when set, is one of them);
 * - `members.office` — every plan has an active office member;
 * - `richmenu.deployed` — both menus in `rich_menus`, and their aliases on LINE point at them
 *   (`GET /v2/bot/richmenu/alias/{id}`);
 * - `richmenu.default` — `GET /v2/bot/user/all/richmenu` ("Get default rich menu ID") is the lead
 *   menu;
 * - `reminders.schedule` — every plan has a reminder schedule (`reminder_settings`);
 * - `line.quota` — `GET /v2/bot/message/quota` and `/quota/consumption`: messages left this month.
 *
 * Status of an item: `ok`; `warn` for what works but deserves a look; `fail` for what stops the bot;
 * `skip` when an item it needs failed first (the token for LINE's items, the database for the
 * content). The report is `ok` (exit 0) when no item failed: warnings are allowed. The warnings are
 * - a channel secret that is not 32 hex digits (LINE's form; the webhook test is the real proof);
 * - a reminder schedule that exists but is turned off (`schedule set --disable`);
 * - a default rich menu that is not shinchoku's lead menu (a city may choose its own);
 * - fewer messages left this month than one reminder to every lead (sending stops at the limit);
 * - an inbox file without its tables (the server creates them at start), and unhandled or failed
 *   events in the inbox.
 */
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Database } from "../../db/client.ts";
import { lastAppliedMigration, pingDatabase } from "../../db/health.ts";
import { inboxHealth } from "../../db/inbox.ts";
import { hasOpenInvite } from "../../db/invites.ts";
import { countActiveMembers } from "../../db/members.ts";
import {
  closeDatabase,
  DEFAULT_DATABASE_URL,
  inboxDatabaseUrl,
  MIGRATIONS_FOLDER,
  openDatabase,
} from "../../db/node.ts";
import { listPlans } from "../../db/plans.ts";
import { getReminderSettings } from "../../db/reminders.ts";
import { getDeployedRichMenus } from "../../db/rich-menus.ts";
import * as s from "../../db/schema.ts";
import { type AppConfig, configFromEnv, LOCAL_CHANNEL_SECRET, webhookUrl } from "../config.ts";
import { createLineGateway, LineApiError, type LineGateway } from "../line/gateway.ts";
import { doctorInboxText as INBOX_TEXT, doctorChecks as t } from "../text/cli.ts";
import { publicUrlProblem } from "./public-url.ts";

export const CHECK_IDS = [
  "line.access_token",
  "line.channel_secret",
  "public_base_url",
  "webhook.endpoint",
  "webhook.active",
  "webhook.test",
  "login.channel_id",
  "liff.id",
  "db.reachable",
  "db.migrations",
  "db.inbox",
  "plan.imported",
  "members.office",
  "richmenu.deployed",
  "richmenu.default",
  "reminders.schedule",
  "line.quota",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];
export type CheckStatus = "ok" | "warn" | "fail" | "skip";

/** One item of the report. `fix` (Japanese, one sentence) is null for `ok` and `skip`. */
export interface DoctorCheck {
  id: CheckId;
  /** What is checked, in Japanese (「チャネルアクセストークン」). */
  label: string;
  status: CheckStatus;
  /** What was found, in Japanese. */
  message: string;
  fix: string | null;
}

/**
 * The whole report, also the `--json` output: `ok` is true when no item failed; `counts` has every
 * status; `checks` is in {@link CHECK_IDS} order.
 */
export interface DoctorReport {
  ok: boolean;
  counts: Record<CheckStatus, number>;
  checks: DoctorCheck[];
}

export const CHECK_LABELS: Record<CheckId, string> = t.labels;

/** How long the database may take to answer one query before the check fails. */
const DB_TIMEOUT_MS = 10_000;

type Env = Record<string, string | undefined>;

export interface DoctorOptions {
  /** For tests: the `fetch` the LINE gateway uses. */
  fetch?: typeof fetch;
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/u, "") === b.replace(/\/+$/u, "");

/** Rejects when `promise` takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(t.timeout(what, ms / 1000))), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const errorText = (err: unknown) =>
  err instanceof LineApiError
    ? `${err.status ?? t.connectionError} ${err.body}`.trim()
    : err instanceof Error
      ? err.message
      : String(err);

/**
 * Runs every check against the environment `env` (usually `process.env`) and returns the report.
 * Never throws for what it checks: a failing database or LINE becomes a `fail` item.
 */
export async function runDoctor(env: Env, options: DoctorOptions = {}): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const add = (id: CheckId, status: CheckStatus, message: string, fix: string | null = null) => {
    checks.push({ id, label: CHECK_LABELS[id], status, message, fix });
  };
  const skip = (id: CheckId, why: string) => add(id, "skip", why);

  const rawSecret = env.LINE_CHANNEL_SECRET?.trim() ?? "";
  // The server refuses a token without a secret (ConfigError); the doctor reports it instead.
  const config: AppConfig = configFromEnv({
    ...env,
    LINE_CHANNEL_SECRET: rawSecret || LOCAL_CHANNEL_SECRET,
  });

  const databaseUrl = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  const db = await openForDoctor(databaseUrl, env.DATABASE_AUTH_TOKEN?.trim() || undefined);

  const line = createLineGateway({
    db: null,
    channelAccessToken: config.channelAccessToken,
    apiBaseUrl: config.lineApiBaseUrl,
    dataApiBaseUrl: config.lineDataApiBaseUrl,
    retry: { timeoutMs: config.lineTimeoutMs },
    // The report says what failed; the gateway's own error lines would only repeat it.
    logError: () => {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  try {
    const lineOk = await checkToken(line, config, add);
    checkSecret(rawSecret, add);
    const publicOk = checkPublicUrl(config, add);
    await checkWebhook(line, config, lineOk, publicOk, add, skip);
    checkLiff(config, add);
    const dbOk = await checkDatabase(db, databaseUrl, add, skip);
    await checkInbox(db.db, dbOk, databaseUrl, add, skip);
    await checkContent(db.db, dbOk, config, line, lineOk, add, skip);
  } finally {
    if (db.db) closeDatabase(db.db);
  }

  checks.sort((a, b) => CHECK_IDS.indexOf(a.id) - CHECK_IDS.indexOf(b.id));
  const counts: Record<CheckStatus, number> = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of checks) counts[c.status]++;
  return { ok: counts.fail === 0, counts, checks };
}

type Add = (id: CheckId, status: CheckStatus, message: string, fix?: string | null) => void;
type Skip = (id: CheckId, why: string) => void;

/** `line.access_token`; true when LINE accepted the token (the other LINE items can run). */
async function checkToken(line: LineGateway, config: AppConfig, add: Add): Promise<boolean> {
  if (!line.channel || !config.channelAccessToken) {
    add("line.access_token", "fail", t.token.missing, t.token.fix);
    return false;
  }
  try {
    const bot = await line.channel.botInfo();
    add("line.access_token", "ok", t.token.valid(bot.displayName, bot.basicId));
    return true;
  } catch (err) {
    if (err instanceof LineApiError && (err.status === 401 || err.status === 403)) {
      add("line.access_token", "fail", t.token.refused(err.status), t.token.fix);
    } else {
      add(
        "line.access_token",
        "fail",
        t.token.unreachable(config.lineApiBaseUrl, errorText(err)),
        t.token.unreachableFix,
      );
    }
    return false;
  }
}

/** `line.channel_secret`: set; a warning when it is not 32 hex digits. */
function checkSecret(secret: string, add: Add): void {
  const fix = t.secret.fix;
  if (!secret) {
    add("line.channel_secret", "fail", t.secret.missing, fix);
  } else if (!/^[0-9a-f]{32}$/u.test(secret)) {
    add("line.channel_secret", "warn", t.secret.notHex, fix);
  } else {
    add("line.channel_secret", "ok", t.secret.set);
  }
}

/** `public_base_url`; true when it is a usable `https://` origin. */
function checkPublicUrl(config: AppConfig, add: Add): boolean {
  const fix = t.publicUrl.fix;
  if (!config.publicBaseUrl) {
    add("public_base_url", "fail", t.publicUrl.missing, fix);
    return false;
  }
  const problem = publicUrlProblem(config.publicBaseUrl);
  if (problem) {
    add("public_base_url", "fail", t.publicUrl.problem(config.publicBaseUrl, problem), fix);
    return false;
  }
  add("public_base_url", "ok", config.publicBaseUrl);
  return true;
}

/** `webhook.endpoint`, `webhook.active`, `webhook.test`. */
async function checkWebhook(
  line: LineGateway,
  config: AppConfig,
  lineOk: boolean,
  publicOk: boolean,
  add: Add,
  skip: Skip,
): Promise<void> {
  const expected = publicOk ? webhookUrl(config) : null;
  if (!lineOk || !line.channel) {
    for (const id of ["webhook.endpoint", "webhook.active", "webhook.test"] as const)
      skip(id, t.skippedNoToken);
    return;
  }
  const setFix = t.webhook.setFix;
  let endpoint: { endpoint: string; active: boolean };
  try {
    endpoint = await line.channel.webhookEndpoint();
  } catch (err) {
    add("webhook.endpoint", "fail", t.notFromLine(errorText(err)), t.tryAgainFix);
    skip("webhook.active", t.webhook.skippedNoEndpoint);
    skip("webhook.test", t.webhook.skippedNoEndpoint);
    return;
  }
  if (!endpoint.endpoint) {
    add("webhook.endpoint", "fail", t.webhook.notSet, setFix(expected ?? t.webhook.placeholderUrl));
  } else if (!expected) {
    add(
      "webhook.endpoint",
      "fail",
      t.webhook.unverifiable(endpoint.endpoint),
      t.webhook.fixPublicUrlFirst,
    );
  } else if (!sameUrl(endpoint.endpoint, expected)) {
    add(
      "webhook.endpoint",
      "fail",
      t.webhook.elsewhere(endpoint.endpoint, expected),
      setFix(expected),
    );
  } else {
    add("webhook.endpoint", "ok", endpoint.endpoint);
  }

  if (endpoint.active) add("webhook.active", "ok", t.webhook.on);
  else add("webhook.active", "fail", t.webhook.off, t.webhook.offFix);

  // This server's URL when known (whatever LINE has now), else the URL LINE has.
  const target = expected ?? (endpoint.endpoint || null);
  if (!target) {
    skip("webhook.test", t.webhook.skippedNoTarget);
    return;
  }
  try {
    const result = await line.channel.testWebhook(target);
    if (result.success) {
      add("webhook.test", "ok", t.webhook.answered(target, result.statusCode));
    } else if (result.statusCode === 401 || result.statusCode === 403) {
      add(
        "webhook.test",
        "fail",
        t.webhook.signatureRefused(target, result.statusCode),
        t.webhook.signatureFix,
      );
    } else {
      const answered =
        result.statusCode > 0 ? t.webhook.status(result.statusCode) : t.webhook.noAnswer;
      add(
        "webhook.test",
        "fail",
        t.webhook.unreachable(target, answered, result.reason, result.detail),
        t.webhook.unreachableFix(target),
      );
    }
  } catch (err) {
    add("webhook.test", "fail", t.webhook.testRefused(errorText(err)), t.webhook.testRefusedFix);
  }
}

/** `login.channel_id` and `liff.id`: set, and the LIFF ID belongs to the Login channel. */
function checkLiff(config: AppConfig, add: Add): void {
  const loginId = config.loginChannelId;
  const loginFix = t.liff.loginFix;
  if (!loginId) {
    add("login.channel_id", "fail", t.liff.loginMissing, loginFix);
  } else if (!/^\d+$/u.test(loginId)) {
    add("login.channel_id", "fail", t.liff.loginNotNumber(loginId), loginFix);
  } else {
    add("login.channel_id", "ok", loginId);
  }

  const endpoint = config.publicBaseUrl ? `${config.publicBaseUrl}/` : t.liff.placeholderEndpoint;
  const liffFix = t.liff.fix(endpoint);
  const liffId = config.liffId;
  if (!liffId) {
    add("liff.id", "fail", t.liff.missing, liffFix);
    return;
  }
  const owner = /^(\d+)-[A-Za-z0-9]+$/u.exec(liffId)?.[1];
  if (!owner) {
    add("liff.id", "fail", t.liff.badForm(liffId), liffFix);
  } else if (loginId && /^\d+$/u.test(loginId) && owner !== loginId) {
    add("liff.id", "fail", t.liff.otherChannel(liffId, owner, loginId), t.liff.otherChannelFix);
  } else {
    add("liff.id", "ok", t.liff.ok(liffId));
  }
}

interface OpenedDatabase {
  db: Database | null;
  /** Why it could not be opened (a missing file); null when opened. */
  problem: string | null;
}

/** Opens the database without creating it: a `file:` URL whose file does not exist is reported. */
async function openForDoctor(url: string, authToken: string | undefined): Promise<OpenedDatabase> {
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length);
    if (path && path !== ":memory:" && !existsSync(resolve(path)))
      return { db: null, problem: t.database.fileMissing(resolve(path)) };
  }
  try {
    return { db: openDatabase(url, authToken), problem: null };
  } catch (err) {
    return { db: null, problem: errorText(err) };
  }
}

/** `db.reachable` and `db.migrations`; true when the database answers (the content checks can run). */
async function checkDatabase(
  opened: OpenedDatabase,
  url: string,
  add: Add,
  skip: Skip,
): Promise<boolean> {
  const shown = url.replace(/\?.*$/u, "");
  const createFix = t.database.createFix;
  const db = opened.db;
  if (!db) {
    add("db.reachable", "fail", `${shown}: ${opened.problem}`, createFix);
    skip("db.migrations", t.database.skippedNotOpen);
    return false;
  }
  try {
    await within(pingDatabase(db), DB_TIMEOUT_MS, shown);
    add("db.reachable", "ok", t.database.reachable(shown));
  } catch (err) {
    add(
      "db.reachable",
      "fail",
      t.database.unreachable(shown, errorText(err)),
      t.database.unreachableFix,
    );
    skip("db.migrations", t.skippedNoDatabase);
    return false;
  }

  const journal = JSON.parse(
    await readFile(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8"),
  ) as { entries: { tag: string; when: number }[] };
  const applyFix = t.database.applyFix;
  const last = await within(lastAppliedMigration(db), DB_TIMEOUT_MS, shown);
  const total = journal.entries.length;
  const pending = journal.entries.filter((e) => last === null || e.when > last);
  const newest = journal.entries.at(-1);
  if (pending.length > 0) {
    add(
      "db.migrations",
      "fail",
      t.database.pending(
        total,
        total - pending.length,
        pending.map((e) => e.tag),
      ),
      applyFix,
    );
  } else if (last !== null && newest && last > newest.when) {
    add("db.migrations", "fail", t.database.newer, t.database.newerFix);
  } else {
    add("db.migrations", "ok", t.database.upToDate(total, newest?.tag ?? "-"));
  }
  return true;
}

/** Whether `path` is an SQLite database file (its 16-byte header), or empty (SQLite's new file). */
function isSqliteFile(path: string): boolean {
  const header = Buffer.alloc(16);
  const fd = openSync(path, "r");
  try {
    const n = readSync(fd, header, 0, 16, 0);
    return n === 0 || header.toString("latin1") === "SQLite format 3\0";
  } finally {
    closeSync(fd);
  }
}

/** How long an event may wait in the inbox before the doctor warns (a running server takes seconds). */
const INBOX_STUCK_MS = 60_000;

/**
 * `db.inbox`: the inbox file beside an embedded database (exists, opens, has its tables), or the
 * main database's inbox tables; a warning for events unhandled after {@link INBOX_STUCK_MS} and for
 * failed ones. Creates nothing (a missing file is reported, not opened).
 */
async function checkInbox(
  main: Database | null,
  mainOk: boolean,
  url: string,
  add: Add,
  skip: Skip,
  now = new Date(),
): Promise<void> {
  if (!main || !mainOk) {
    skip("db.inbox", INBOX_TEXT.skipNoDatabase);
    return;
  }
  const inboxUrl = inboxDatabaseUrl(url);
  const path = inboxUrl ? resolve(inboxUrl.slice("file:".length)) : null;
  // Before the server's first start there is no file, and nothing in it to lose: not a problem.
  if (path && !existsSync(path)) {
    add("db.inbox", "ok", INBOX_TEXT.notCreated(path));
    return;
  }
  let inbox: Database | null = null;
  const where = path ?? INBOX_TEXT.mainDatabase;
  try {
    if (path) {
      // Opening applies the pragmas in the background, whose failure on a file that is not a
      // database would end the process: the file's header is checked first.
      if (!isSqliteFile(path)) throw new Error(INBOX_TEXT.notSqlite);
      inbox = openDatabase(`file:${path}`);
    }
    const health = await within(inboxHealth(inbox ?? main), DB_TIMEOUT_MS, where);
    if (health.missingTables.length > 0) {
      // In the main database the migrations create them: `db.migrations` already says so.
      if (path)
        add(
          "db.inbox",
          "warn",
          INBOX_TEXT.noTables(path, health.missingTables),
          INBOX_TEXT.startFix,
        );
      else skip("db.inbox", INBOX_TEXT.skipNotMigrated);
      return;
    }
    const waited = health.oldestUnfinishedAt
      ? now.getTime() - health.oldestUnfinishedAt.getTime()
      : 0;
    if (health.unfinished > 0 && waited >= INBOX_STUCK_MS) {
      const age = INBOX_TEXT.age(Math.floor(waited / 60_000));
      add(
        "db.inbox",
        "warn",
        INBOX_TEXT.stuck(where, health.unfinished, age, health.failed),
        INBOX_TEXT.stuckFix,
      );
    } else if (health.failed > 0) {
      add(
        "db.inbox",
        "warn",
        `${where}: ${INBOX_TEXT.failed(health.failed)}`,
        INBOX_TEXT.failedFix,
      );
    } else {
      add("db.inbox", "ok", INBOX_TEXT.ok(where, health.unfinished));
    }
  } catch (err) {
    add("db.inbox", "fail", INBOX_TEXT.unreadable(where, errorText(err)), INBOX_TEXT.unreadableFix);
  } finally {
    if (inbox) closeDatabase(inbox);
  }
}

/** The plan, its members, rich menus, schedules and LINE's quota. */
async function checkContent(
  db: Database | null,
  dbOk: boolean,
  config: AppConfig,
  line: LineGateway,
  lineOk: boolean,
  add: Add,
  skip: Skip,
): Promise<void> {
  const dbItems = [
    "plan.imported",
    "members.office",
    "richmenu.deployed",
    "reminders.schedule",
  ] as const;
  if (!db || !dbOk) {
    for (const id of dbItems) skip(id, t.skippedNoDatabase);
    if (lineOk) await checkDefaultMenu(null, line, add, skip);
    else skip("richmenu.default", t.skippedNoToken);
    await checkQuota(null, line, lineOk, add, skip);
    return;
  }
  // Each item on its own: a table a pending migration has not created yet fails that item only.
  const guarded = async (id: CheckId, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      add(id, "fail", t.cannotCheck(errorText(err)), t.migrateFirstFix);
    }
  };

  let plans: { id: string; name: string }[] = [];
  await guarded("plan.imported", async () => {
    plans = await listPlans(db);
    const importFix = t.plan.importFix;
    if (plans.length === 0) {
      add("plan.imported", "fail", t.plan.none, importFix);
    } else if (config.defaultPlanId && !plans.some((p) => p.id === config.defaultPlanId)) {
      add(
        "plan.imported",
        "fail",
        t.plan.defaultMissing(
          config.defaultPlanId,
          plans.map((p) => p.id),
        ),
        t.plan.defaultMissingFix,
      );
    } else {
      add("plan.imported", "ok", t.plan.found(plans));
    }
  });

  await guarded("members.office", async () => {
    if (plans.length === 0) return skip("members.office", t.skippedNoPlan);
    const missing: string[] = [];
    let total = 0;
    for (const plan of plans) {
      const n = await countActiveMembers(db, "office", plan.id);
      if (n === 0) missing.push(plan.id);
      total += n;
    }
    if (missing.length > 0) {
      const first = missing[0] ?? "";
      // An office invite issued (by `setup` or `invite`) and not used yet: the code is waiting.
      const waiting = await hasOpenInvite(db, first, "office", new Date());
      add(
        "members.office",
        "fail",
        t.office.missing(missing),
        waiting ? t.office.inviteWaitingFix(first) : t.office.inviteFix(first),
      );
    } else {
      add("members.office", "ok", t.office.count(total));
    }
  });

  let deployed: Awaited<ReturnType<typeof getDeployedRichMenus>> = {};
  await guarded("richmenu.deployed", async () => {
    deployed = await getDeployedRichMenus(db);
    const deployFix = t.richmenu.deployFix;
    const kinds = s.RICH_MENU_KINDS.filter((k) => !deployed[k]);
    if (kinds.length > 0) {
      add("richmenu.deployed", "fail", t.richmenu.notDeployed, deployFix);
      return;
    }
    if (!lineOk || !line.richMenus) {
      add("richmenu.deployed", "ok", t.richmenu.deployedUnchecked);
      return;
    }
    for (const kind of s.RICH_MENU_KINDS) {
      const menu = deployed[kind];
      if (!menu) continue;
      const current = await line.richMenus.getAlias(menu.aliasId);
      if (current !== menu.richMenuId) {
        add("richmenu.deployed", "fail", t.richmenu.aliasMoved(menu.aliasId), deployFix);
        return;
      }
    }
    const when = Object.values(deployed)
      .map((m) => m.deployedAt)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    add("richmenu.deployed", "ok", t.richmenu.deployed(when));
  });

  if (lineOk) await checkDefaultMenu(deployed, line, add, skip);
  else skip("richmenu.default", t.skippedNoToken);

  let leads = 0;
  await guarded("reminders.schedule", async () => {
    if (plans.length === 0) return skip("reminders.schedule", t.skippedNoPlan);
    const missing: string[] = [];
    const off: string[] = [];
    const on: string[] = [];
    for (const plan of plans) {
      const settings = await getReminderSettings(db, plan.id);
      if (!settings) missing.push(plan.id);
      else if (!settings.enabled) off.push(plan.id);
      else on.push(t.schedule.plan(plan.id, settings.dayOfMonth, settings.time));
    }
    leads = await countActiveMembers(db, "lead");
    if (missing.length > 0) {
      add(
        "reminders.schedule",
        "fail",
        t.schedule.missing(missing),
        t.schedule.missingFix(missing[0] ?? ""),
      );
    } else if (off.length > 0) {
      add("reminders.schedule", "warn", t.schedule.off(off), t.schedule.offFix(off[0] ?? ""));
    } else {
      add("reminders.schedule", "ok", t.schedule.plans(on));
    }
  });

  await checkQuota(leads, line, lineOk, add, skip);
}

/** `richmenu.default`: LINE's default menu is the deployed lead menu (`deployed` null: unknown). */
async function checkDefaultMenu(
  deployed: Partial<Record<s.RichMenuKind, { richMenuId: string }>> | null,
  line: LineGateway,
  add: Add,
  skip: Skip,
): Promise<void> {
  if (!line.richMenus) return skip("richmenu.default", t.skippedNoToken);
  try {
    const current = await line.richMenus.getDefault();
    const lead = deployed?.lead?.richMenuId ?? null;
    if (!current) {
      add("richmenu.default", "fail", t.richmenu.noDefault, t.richmenu.noDefaultFix);
    } else if (deployed === null) {
      add("richmenu.default", "ok", t.richmenu.defaultUnchecked(current));
    } else if (current !== lead) {
      add("richmenu.default", "warn", t.richmenu.defaultOther(current), t.richmenu.defaultOtherFix);
    } else {
      add("richmenu.default", "ok", t.richmenu.defaultLead(current));
    }
  } catch (err) {
    add("richmenu.default", "fail", t.notFromLine(errorText(err)), t.tryAgainFix);
  }
}

/**
 * `line.quota`: messages left this month. None left fails (reminders and digests stop); fewer than
 * one reminder per lead (`leads`, null when unknown) is a warning.
 */
async function checkQuota(
  leads: number | null,
  line: LineGateway,
  lineOk: boolean,
  add: Add,
  skip: Skip,
): Promise<void> {
  if (!lineOk) return skip("line.quota", t.skippedNoToken);
  try {
    const quota = await line.quota();
    if (!quota) return skip("line.quota", t.skippedNoToken);
    if (quota.limit === null) {
      add("line.quota", "ok", t.quota.unlimited(quota.used));
      return;
    }
    const left = Math.max(0, quota.limit - quota.used);
    const figures = t.quota.figures(quota.used, quota.limit, left);
    const planFix = t.quota.planFix;
    if (left === 0) {
      add("line.quota", "fail", t.quota.exhausted(figures), planFix);
    } else if (leads !== null && left < leads) {
      add("line.quota", "warn", t.quota.short(figures, leads), planFix);
    } else {
      add("line.quota", "ok", figures);
    }
  } catch (err) {
    add("line.quota", "fail", t.notFromLine(errorText(err)), t.tryAgainFix);
  }
}
