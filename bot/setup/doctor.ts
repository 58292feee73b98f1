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
import { hasOpenInvite } from "../../db/invites.ts";
import { inboxHealth } from "../../db/inbox.ts";
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
import { publicUrlProblem } from "./public-url.ts";

/** The `db.inbox` item's text (Japanese), in one place so it can move to the CLI's text module. */
const INBOX_TEXT = {
  label: "Webhook の受信箱",
  notCreated: (path: string) => `${path} がまだありません（サーバーの起動時に作られます）`,
  startFix: "npm start でサーバーを起動してください。",
  unreadable: (path: string, why: string) => `${path} を開けません: ${why}`,
  unreadableFix:
    "サーバーを止め、このファイルを別の名前に移してから起動すると、空の受信箱が作られます（中の未処理のメッセージは失われます）。",
  noTables: (path: string, tables: string) =>
    `${path} に表（${tables}）がありません（サーバーの起動時に作られます）`,
  ok: (where: string, unfinished: number) =>
    unfinished > 0
      ? `${where}（処理中 ${unfinished}件）`
      : `${where}（未処理のメッセージはありません）`,
  stuck: (where: string, unfinished: number, age: string) =>
    `${where}: 未処理のメッセージが ${unfinished}件あります（最も古いものは ${age}に受信）`,
  stuckFix:
    "サーバーが起動しているか確かめてください。起動中なら、ログの「inbox」の行で処理が止まっている理由を確かめてください。",
  failed: (n: number) => `応答できなかったメッセージが ${n}件あります`,
  failedFix:
    "ログの「inbox」の行で失敗の理由を確かめてください（LINE の送信上限や接続の失敗など）。",
  mainDatabase: "データベース内",
  notSqlite: "SQLite のデータベースファイルではありません",
  skipNoDatabase: "データベースに接続できないため確かめていません",
  skipNotMigrated: "データベースの更新（マイグレーション）が済んでいないため確かめていません",
  age: (minutes: number) =>
    minutes < 60
      ? `${minutes}分前`
      : minutes < 48 * 60
        ? `${Math.floor(minutes / 60)}時間前`
        : `${Math.floor(minutes / 1440)}日前`,
} as const;

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

export const CHECK_LABELS: Record<CheckId, string> = {
  "line.access_token": "チャネルアクセストークン",
  "line.channel_secret": "チャネルシークレット",
  public_base_url: "公開URL（PUBLIC_BASE_URL）",
  "webhook.endpoint": "Webhook URL",
  "webhook.active": "Webhookの利用",
  "webhook.test": "Webhookの疎通",
  "login.channel_id": "LINE ログインのチャネルID",
  "liff.id": "LIFF ID",
  "db.reachable": "データベース",
  "db.migrations": "データベースの更新（マイグレーション）",
  "db.inbox": INBOX_TEXT.label,
  "plan.imported": "計画",
  "members.office": "DX推進担当のメンバー",
  "richmenu.deployed": "リッチメニュー",
  "richmenu.default": "既定のリッチメニュー",
  "reminders.schedule": "リマインドの日程",
  "line.quota": "今月の送信可能数",
};

const CONSOLE = "LINE Developers コンソール（https://developers.line.biz/console/）";
const TOKEN_FIX = `${CONSOLE}で Messaging API チャネルを開き、「Messaging API設定」の「チャネルアクセストークン（長期）」を発行して LINE_CHANNEL_ACCESS_TOKEN に設定してください。`;
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
      timer = setTimeout(
        () => reject(new Error(`${what}: ${ms / 1000} 秒以内に応答がありません`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

const errorText = (err: unknown) =>
  err instanceof LineApiError
    ? `${err.status ?? "接続エラー"} ${err.body}`.trim()
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
    add(
      "line.access_token",
      "fail",
      "LINE_CHANNEL_ACCESS_TOKEN が設定されていません（LINE には何も送れません）",
      TOKEN_FIX,
    );
    return false;
  }
  try {
    const bot = await line.channel.botInfo();
    add("line.access_token", "ok", `有効です（ボット「${bot.displayName}」、ID ${bot.basicId}）`);
    return true;
  } catch (err) {
    if (err instanceof LineApiError && (err.status === 401 || err.status === 403)) {
      add(
        "line.access_token",
        "fail",
        `LINE がトークンを受け付けません（${err.status}）。別のチャネルのトークンか、発行し直して無効になったトークンです`,
        TOKEN_FIX,
      );
    } else {
      add(
        "line.access_token",
        "fail",
        `LINE（${config.lineApiBaseUrl}）に問い合わせできません: ${errorText(err)}`,
        "ネットワーク（プロキシ・ファイアウォール）と LINE_API_BASE_URL（通常は未設定で https://api.line.me）を確かめてください。",
      );
    }
    return false;
  }
}

/** `line.channel_secret`: set; a warning when it is not 32 hex digits. */
function checkSecret(secret: string, add: Add): void {
  const fix = `${CONSOLE}で Messaging API チャネルの「チャネル基本設定」にある「チャネルシークレット」を LINE_CHANNEL_SECRET に設定してください。`;
  if (!secret) {
    add(
      "line.channel_secret",
      "fail",
      "LINE_CHANNEL_SECRET が設定されていません（LINE からの Webhook を確かめられません）",
      fix,
    );
  } else if (!/^[0-9a-f]{32}$/u.test(secret)) {
    add(
      "line.channel_secret",
      "warn",
      "設定されていますが、LINE のチャネルシークレットの形（32桁の英数字 0-9a-f）ではありません",
      fix,
    );
  } else {
    add("line.channel_secret", "ok", "設定されています（正しいかは Webhook の疎通で確かめます）");
  }
}

/** `public_base_url`; true when it is a usable `https://` origin. */
function checkPublicUrl(config: AppConfig, add: Add): boolean {
  const fix =
    "このサーバーを LINE とスマートフォンから開ける URL（例: https://shinchoku.example.jp）を PUBLIC_BASE_URL に設定してください。";
  if (!config.publicBaseUrl) {
    add("public_base_url", "fail", "PUBLIC_BASE_URL が設定されていません", fix);
    return false;
  }
  const problem = publicUrlProblem(config.publicBaseUrl);
  if (problem) {
    add("public_base_url", "fail", `${config.publicBaseUrl} は ${problem}`, fix);
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
      skip(id, "チャネルアクセストークンが使えないため確かめていません");
    return;
  }
  const setFix = (url: string) =>
    `npx shinchoku setup --webhook を実行するか、${CONSOLE}の「Messaging API設定」で Webhook URL を ${url} にしてください。`;
  let endpoint: { endpoint: string; active: boolean };
  try {
    endpoint = await line.channel.webhookEndpoint();
  } catch (err) {
    add(
      "webhook.endpoint",
      "fail",
      `LINE から取得できません: ${errorText(err)}`,
      "しばらくしてからもう一度実行してください。",
    );
    skip("webhook.active", "Webhook URL を取得できなかったため確かめていません");
    skip("webhook.test", "Webhook URL を取得できなかったため確かめていません");
    return;
  }
  if (!endpoint.endpoint) {
    add(
      "webhook.endpoint",
      "fail",
      "設定されていません",
      setFix(expected ?? "https://<このサーバー>/webhook"),
    );
  } else if (!expected) {
    add(
      "webhook.endpoint",
      "fail",
      `${endpoint.endpoint} になっていますが、PUBLIC_BASE_URL が使えないため、このサーバーか確かめられません`,
      "PUBLIC_BASE_URL（公開URL）の項目を直してください。",
    );
  } else if (!sameUrl(endpoint.endpoint, expected)) {
    add(
      "webhook.endpoint",
      "fail",
      `${endpoint.endpoint} になっています（このサーバーは ${expected}）`,
      setFix(expected),
    );
  } else {
    add("webhook.endpoint", "ok", endpoint.endpoint);
  }

  if (endpoint.active) add("webhook.active", "ok", "オンです");
  else
    add(
      "webhook.active",
      "fail",
      "オフです（LINE はメッセージをサーバーに送りません）",
      `${CONSOLE}の「Messaging API設定」で「Webhookの利用」をオンにしてください（API からはオンにできません）。`,
    );

  // This server's URL when known (whatever LINE has now), else the URL LINE has.
  const target = expected ?? (endpoint.endpoint || null);
  if (!target) {
    skip("webhook.test", "送り先の URL がないため確かめていません");
    return;
  }
  try {
    const result = await line.channel.testWebhook(target);
    if (result.success) {
      add(
        "webhook.test",
        "ok",
        `LINE からの確認に ${target} が ${result.statusCode} で応答しました`,
      );
    } else if (result.statusCode === 401 || result.statusCode === 403) {
      add(
        "webhook.test",
        "fail",
        `${target} が LINE の署名を拒否しました（${result.statusCode}）`,
        "LINE_CHANNEL_SECRET がこのチャネルのチャネルシークレットか確かめ、サーバーを再起動してください。",
      );
    } else {
      const answered = result.statusCode > 0 ? `ステータス ${result.statusCode}` : "応答なし";
      add(
        "webhook.test",
        "fail",
        `${target} に届きません（${answered}、${result.reason}${result.detail ? `: ${result.detail}` : ""}）`,
        `サーバーが起動していて、${target} がインターネットから HTTPS で開けるか（証明書・リバースプロキシ・Cloudflare Tunnel）確かめてください。`,
      );
    }
  } catch (err) {
    add(
      "webhook.test",
      "fail",
      `LINE が確認を受け付けません: ${errorText(err)}`,
      "PUBLIC_BASE_URL が https:// の URL か確かめてください。",
    );
  }
}

/** `login.channel_id` and `liff.id`: set, and the LIFF ID belongs to the Login channel. */
function checkLiff(config: AppConfig, add: Add): void {
  const loginId = config.loginChannelId;
  const loginFix = `${CONSOLE}で LINE ログインチャネルの「チャネル基本設定」にある「チャネルID」（数字）を LINE_LOGIN_CHANNEL_ID に設定してください。`;
  if (!loginId) {
    add(
      "login.channel_id",
      "fail",
      "LINE_LOGIN_CHANNEL_ID が設定されていません（LIFF アプリのログインを確かめられません）",
      loginFix,
    );
  } else if (!/^\d+$/u.test(loginId)) {
    add("login.channel_id", "fail", `「${loginId}」は数字のチャネルIDではありません`, loginFix);
  } else {
    add("login.channel_id", "ok", loginId);
  }

  const endpoint = config.publicBaseUrl ? `${config.publicBaseUrl}/` : "https://<このサーバー>/";
  const liffFix = `LINE ログインチャネルの「LIFF」タブで LIFF アプリを追加し（サイズ Full、エンドポイントURL ${endpoint}、スコープ openid と profile）、その LIFF ID を LIFF_ID に設定してください。`;
  const liffId = config.liffId;
  if (!liffId) {
    add("liff.id", "fail", "LIFF_ID が設定されていません（職員がボードを開けません）", liffFix);
    return;
  }
  const owner = /^(\d+)-[A-Za-z0-9]+$/u.exec(liffId)?.[1];
  if (!owner) {
    add(
      "liff.id",
      "fail",
      `「${liffId}」は LIFF ID の形（チャネルID-英数字）ではありません`,
      liffFix,
    );
  } else if (loginId && /^\d+$/u.test(loginId) && owner !== loginId) {
    add(
      "liff.id",
      "fail",
      `${liffId} は LINE ログインチャネル ${owner} の LIFF アプリです（LINE_LOGIN_CHANNEL_ID は ${loginId}）`,
      "LIFF アプリを持つ LINE ログインチャネルのチャネルIDと、その LIFF ID を組にして設定してください。",
    );
  } else {
    add("liff.id", "ok", `${liffId}（https://liff.line.me/${liffId}）`);
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
      return { db: null, problem: `${resolve(path)} がありません` };
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
  const createFix =
    "DATABASE_URL を確かめてください。新しく始めるときは npx shinchoku import <計画フォルダ> か npm start でデータベースが作られます。";
  const db = opened.db;
  if (!db) {
    add("db.reachable", "fail", `${shown}: ${opened.problem}`, createFix);
    skip("db.migrations", "データベースが開けないため確かめていません");
    return false;
  }
  try {
    await within(pingDatabase(db), DB_TIMEOUT_MS, shown);
    add("db.reachable", "ok", `${shown} に接続できます`);
  } catch (err) {
    add(
      "db.reachable",
      "fail",
      `${shown} に接続できません: ${errorText(err)}`,
      "DATABASE_URL と DATABASE_AUTH_TOKEN（Turso のトークン）を確かめてください。",
    );
    skip("db.migrations", "データベースに接続できないため確かめていません");
    return false;
  }

  const journal = JSON.parse(
    await readFile(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8"),
  ) as { entries: { tag: string; when: number }[] };
  const applyFix =
    "npm start（Node）でサーバーを起動するか npx shinchoku のコマンドを一度実行すると適用されます。Turso なら DATABASE_URL=libsql://… DATABASE_AUTH_TOKEN=… npm run deploy で適用されます。";
  const last = await within(lastAppliedMigration(db), DB_TIMEOUT_MS, shown);
  const total = journal.entries.length;
  const pending = journal.entries.filter((e) => last === null || e.when > last);
  const newest = journal.entries.at(-1);
  if (pending.length > 0) {
    add(
      "db.migrations",
      "fail",
      `${total}件中 ${total - pending.length}件だけ適用済みです（未適用: ${pending.map((e) => e.tag).join(", ")}）`,
      applyFix,
    );
  } else if (last !== null && newest && last > newest.when) {
    add(
      "db.migrations",
      "fail",
      "このプログラムより新しいマイグレーションが適用されています（古いプログラムで開いています）",
      "サーバーと同じ版の shinchoku（git pull）で実行してください。",
    );
  } else {
    add(
      "db.migrations",
      "ok",
      `最新です（${total}件すべて適用済み、最後は ${newest?.tag ?? "-"}）`,
    );
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
          INBOX_TEXT.noTables(path, health.missingTables.join("、")),
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
      const failed = health.failed > 0 ? `。${INBOX_TEXT.failed(health.failed)}` : "";
      add(
        "db.inbox",
        "warn",
        `${INBOX_TEXT.stuck(where, health.unfinished, age)}${failed}`,
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
    for (const id of dbItems) skip(id, "データベースに接続できないため確かめていません");
    if (lineOk) await checkDefaultMenu(null, line, add, skip);
    else skip("richmenu.default", "チャネルアクセストークンが使えないため確かめていません");
    await checkQuota(null, line, lineOk, add, skip);
    return;
  }
  // Each item on its own: a table a pending migration has not created yet fails that item only.
  const guarded = async (id: CheckId, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      add(
        id,
        "fail",
        `確かめられません: ${errorText(err)}`,
        "データベースの更新（マイグレーション）を先に直してください。",
      );
    }
  };

  let plans: { id: string; name: string }[] = [];
  await guarded("plan.imported", async () => {
    plans = await listPlans(db);
    const importFix =
      "npx shinchoku import <計画フォルダ>（例: data/plans/tamana）か Excel ブック（npx shinchoku template で作るひな形）を取り込んでください。";
    if (plans.length === 0) {
      add("plan.imported", "fail", "計画がありません", importFix);
    } else if (config.defaultPlanId && !plans.some((p) => p.id === config.defaultPlanId)) {
      add(
        "plan.imported",
        "fail",
        `DEFAULT_PLAN_ID の計画「${config.defaultPlanId}」がありません（あるのは ${plans.map((p) => p.id).join(", ")}）`,
        "DEFAULT_PLAN_ID を取り込んだ計画の ID にするか、その計画を取り込んでください。",
      );
    } else {
      add(
        "plan.imported",
        "ok",
        `${plans.length}件（${plans.map((p) => `${p.id}「${p.name}」`).join("、")}）`,
      );
    }
  });

  await guarded("members.office", async () => {
    if (plans.length === 0) return skip("members.office", "計画がないため確かめていません");
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
        `DX推進担当がいない計画があります: ${missing.join(", ")}`,
        waiting
          ? `計画「${first}」の DX推進担当の招待コードは発行済みで、まだ使われていません。担当者がボットを友だち追加し、トークにコードを送ると登録されます（コードを無くしたら npx shinchoku invite --plan ${first} --role office）。`
          : `npx shinchoku invite --plan ${first} --role office で招待コードを発行し、担当者が LINE のトークでボットに送ってください。`,
      );
    } else {
      add("members.office", "ok", `${total}人`);
    }
  });

  let deployed: Awaited<ReturnType<typeof getDeployedRichMenus>> = {};
  await guarded("richmenu.deployed", async () => {
    deployed = await getDeployedRichMenus(db);
    const deployFix =
      "npx shinchoku richmenu deploy を実行してください（LIFF_ID を設定してから。ボタンがボードを開きます）。";
    const kinds = s.RICH_MENU_KINDS.filter((k) => !deployed[k]);
    if (kinds.length > 0) {
      add("richmenu.deployed", "fail", "まだ LINE に登録していません", deployFix);
      return;
    }
    if (!lineOk || !line.richMenus) {
      add("richmenu.deployed", "ok", "登録済みです（LINE 側はトークンが使えないため未確認）");
      return;
    }
    for (const kind of s.RICH_MENU_KINDS) {
      const menu = deployed[kind];
      if (!menu) continue;
      const current = await line.richMenus.getAlias(menu.aliasId);
      if (current !== menu.richMenuId) {
        add(
          "richmenu.deployed",
          "fail",
          `LINE のエイリアス ${menu.aliasId} が登録したメニューを指していません（コンソールや別のツールで変わりました）`,
          deployFix,
        );
        return;
      }
    }
    const when = Object.values(deployed)
      .map((m) => m.deployedAt)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    add(
      "richmenu.deployed",
      "ok",
      `担当課用と DX推進担当用を登録済みです${when ? `（${when.toLocaleDateString("ja-JP", { timeZone: "Asia/Tokyo" })}）` : ""}`,
    );
  });

  if (lineOk) await checkDefaultMenu(deployed, line, add, skip);
  else skip("richmenu.default", "チャネルアクセストークンが使えないため確かめていません");

  let leads = 0;
  await guarded("reminders.schedule", async () => {
    if (plans.length === 0) return skip("reminders.schedule", "計画がないため確かめていません");
    const missing: string[] = [];
    const off: string[] = [];
    const on: string[] = [];
    for (const plan of plans) {
      const settings = await getReminderSettings(db, plan.id);
      if (!settings) missing.push(plan.id);
      else if (!settings.enabled) off.push(plan.id);
      else on.push(`${plan.id} 毎月${settings.dayOfMonth}日 ${settings.time}`);
    }
    leads = await countActiveMembers(db, "lead");
    if (missing.length > 0) {
      add(
        "reminders.schedule",
        "fail",
        `日程が決まっていない計画があります: ${missing.join(", ")}`,
        `npx shinchoku schedule set --plan ${missing[0]} --day 5 --time 09:00 のように毎月の日時を決めてください。`,
      );
    } else if (off.length > 0) {
      add(
        "reminders.schedule",
        "warn",
        `止めてある計画があります: ${off.join(", ")}`,
        `再開するときは npx shinchoku schedule set --plan ${off[0]} --day <日> を実行してください。`,
      );
    } else {
      add("reminders.schedule", "ok", on.join("、"));
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
  if (!line.richMenus)
    return skip("richmenu.default", "チャネルアクセストークンが使えないため確かめていません");
  try {
    const current = await line.richMenus.getDefault();
    const lead = deployed?.lead?.richMenuId ?? null;
    if (!current) {
      add(
        "richmenu.default",
        "fail",
        "設定されていません（メンバーでない人にはメニューが出ません）",
        "npx shinchoku richmenu deploy を実行してください。",
      );
    } else if (deployed === null) {
      add(
        "richmenu.default",
        "ok",
        `${current}（登録済みのメニューかはデータベースに接続できないため未確認）`,
      );
    } else if (current !== lead) {
      add(
        "richmenu.default",
        "warn",
        `${current} は shinchoku の担当課メニューではありません`,
        "shinchoku のメニューを既定にするには npx shinchoku richmenu deploy を実行してください。",
      );
    } else {
      add("richmenu.default", "ok", `担当課メニュー（${current}）`);
    }
  } catch (err) {
    add(
      "richmenu.default",
      "fail",
      `LINE から取得できません: ${errorText(err)}`,
      "しばらくしてからもう一度実行してください。",
    );
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
  if (!lineOk) return skip("line.quota", "チャネルアクセストークンが使えないため確かめていません");
  try {
    const quota = await line.quota();
    if (!quota) return skip("line.quota", "チャネルアクセストークンが使えないため確かめていません");
    if (quota.limit === null) {
      add("line.quota", "ok", `上限なし（今月 ${quota.used}通 送信済み）`);
      return;
    }
    const left = Math.max(0, quota.limit - quota.used);
    const figures = `今月 ${quota.used} / ${quota.limit}通、残り ${left}通`;
    const planFix =
      "LINE Official Account Manager の「設定」→「利用と請求」でプランを確かめてください（返信は数えられません。リマインドとダイジェストの送信が数えられます）。";
    if (left === 0) {
      add("line.quota", "fail", `${figures}（今月はもう送れません）`, planFix);
    } else if (leads !== null && left < leads) {
      add(
        "line.quota",
        "warn",
        `${figures}（担当課リーダー ${leads}人に1通ずつ送るには足りません）`,
        planFix,
      );
    } else {
      add("line.quota", "ok", figures);
    }
  } catch (err) {
    add(
      "line.quota",
      "fail",
      `LINE から取得できません: ${errorText(err)}`,
      "しばらくしてからもう一度実行してください。",
    );
  }
}
