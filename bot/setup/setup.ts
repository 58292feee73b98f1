/**
 * `npx shinchoku setup`: does, in order, what going live on Node needs besides the LINE console, and
 * says what is left. Each step is one function here; the CLI (bot/cli/setup.ts) prints their lines.
 *
 * 1. `env` — the values given (`--access-token`, `--public-url`, …, or answered when `ask` is given
 *    and they are not set) are written to the env file (`.env`, bot/setup/env-file.ts), or with
 *    `--workers` put as Worker secrets (`npx wrangler secret put NAME`, the value on stdin), and
 *    used by the following steps.
 * 2. `plan` — `--plan <dir|file.xlsx>` is imported (io/plan-files.ts `importPlanSource`), which also
 *    creates and migrates the database.
 * 3. `webhook` — the webhook URL is set to `<PUBLIC_BASE_URL>/webhook` (`PUT
 *    /v2/bot/channel/webhook/endpoint`, "Set webhook endpoint URL"), then read back (`GET …`, for
 *    "Use webhook", which only the console turns on) and tested (`POST
 *    /v2/bot/channel/webhook/test`).
 * 4. `richmenu` — both rich menus are deployed (bot/richmenu/deploy.ts, as `richmenu deploy`).
 * 5. `invite` — an office invite code is issued for the plan (db/invites.ts `createInvite`), with
 *    the bot's add-friend link (`GET /v2/bot/info`'s `basicId`).
 *
 * With no step flag every step whose inputs are there runs (the webhook needs a token and
 * `PUBLIC_BASE_URL`, the menus a token and `LIFF_ID`, the invite a plan with no office member yet);
 * the others are reported as skipped with what they need. With step flags only those run, and a
 * missing input fails the step.
 */
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Database } from "../../db/client.ts";
import { createInvite, formatInviteCode } from "../../db/invites.ts";
import { countActiveMembers } from "../../db/members.ts";
import { closeDatabase, openDatabaseFromEnv } from "../../db/node.ts";
import { listPlans } from "../../db/plans.ts";
import { importPlanSource } from "../../io/plan-files.ts";
import { formatImportIssue } from "../../shared/import-format.ts";
import { formatReport } from "../cli/import.ts";
import { type AppConfig, ConfigError, configFromEnv, webhookUrl } from "../config.ts";
import { buildAppDeps } from "../deps.ts";
import { createLineGateway, type LineGateway, lineErrorText } from "../line/gateway.ts";
import { commonText, setupText as t } from "../text/cli.ts";
import { envFilePath, updateEnvFile } from "./env-file.ts";
import { publicUrlProblem } from "./public-url.ts";

/** The variables `setup` writes, by the flag that gives each. */
export const SETUP_VARIABLES = {
  publicUrl: "PUBLIC_BASE_URL",
  channelSecret: "LINE_CHANNEL_SECRET",
  accessToken: "LINE_CHANNEL_ACCESS_TOKEN",
  loginChannelId: "LINE_LOGIN_CHANNEL_ID",
  liffId: "LIFF_ID",
  databaseUrl: "DATABASE_URL",
  databaseAuthToken: "DATABASE_AUTH_TOKEN",
} as const;
export type SetupValueFlag = keyof typeof SETUP_VARIABLES;
/** Variables whose values are never printed. */
const SECRET_VARIABLES = new Set([
  "LINE_CHANNEL_SECRET",
  "LINE_CHANNEL_ACCESS_TOKEN",
  "DATABASE_AUTH_TOKEN",
]);

export interface SetupOptions extends Partial<Record<SetupValueFlag, string>> {
  /** Where the values go; default: `SHINCHOKU_ENV_FILE` or `.env`. */
  envFile?: string;
  /** A plan folder or workbook to import. */
  plan?: string;
  /** The plan the invite is for (default: the imported plan, or the only plan). */
  planId?: string;
  webhook?: boolean;
  richmenu?: boolean;
  invite?: boolean;
  /** The 課 of the office invite (optional). */
  org?: string;
  /**
   * Asks the operator for a value (the CLI's prompt on a terminal); an empty answer leaves it unset.
   * Without it, nothing is asked.
   */
  ask?: (question: string) => Promise<string>;
  /** Cloudflare Workers: put the values as Worker secrets instead of writing the env file. */
  workers?: boolean;
  /** How a Worker secret is put; default {@link wranglerSecretPut}. */
  putSecret?: (name: string, value: string) => Promise<void>;
}

/** What is asked for, in this order, when it is neither given nor in the environment. */
export const ASKED: { flag: SetupValueFlag; question: string }[] = (
  ["publicUrl", "channelSecret", "accessToken", "loginChannelId", "liffId"] as const
).map((flag) => ({ flag, question: t.questions[flag] }));

export type StepStatus = "done" | "skipped" | "failed" | "todo";

/** What a step did: `todo` = done as far as the API allows, the rest is for the operator. */
export interface SetupStep {
  step: "env" | "plan" | "webhook" | "richmenu" | "invite";
  status: StepStatus;
  /** Lines to print, in Japanese. */
  lines: string[];
}

export interface SetupResult {
  ok: boolean;
  steps: SetupStep[];
  /** The office invite code issued (formatted `ABCD-EFGH`), if any. */
  inviteCode: string | null;
}

/**
 * Runs the steps against `env` (process.env: the env step writes the given values into it too).
 * Never throws for a step's failure: it becomes a `failed` step and `ok` is false.
 */
export async function runSetup(
  options: SetupOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SetupResult> {
  const explicit = Boolean(options.webhook || options.richmenu || options.invite);
  const steps: SetupStep[] = [];
  const result: SetupResult = { ok: true, steps, inviteCode: null };
  const push = (step: SetupStep) => {
    steps.push(step);
    if (step.status === "failed") result.ok = false;
  };

  if (options.ask) {
    const asked: Partial<Record<SetupValueFlag, string>> = {};
    for (const { flag, question } of ASKED) {
      if (options[flag] !== undefined || env[SETUP_VARIABLES[flag]]?.trim()) continue;
      const answer = (await options.ask(t.ask(question))).trim();
      if (answer) asked[flag] = answer;
    }
    options = { ...options, ...asked };
  }
  const envStep = await writeValues(options, env);
  if (envStep) {
    push(envStep);
    if (envStep.status === "failed") return result;
  }

  let config: AppConfig;
  try {
    config = configFromEnv(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    push({
      step: "env",
      status: "failed",
      lines: [t.secretWithoutToken],
    });
    return result;
  }

  let db: Database | null = null;
  let needsDb = Boolean(options.plan) || options.richmenu || options.invite || !explicit;
  if (needsDb && options.workers && !/^(libsql|https?):\/\//u.test(env.DATABASE_URL ?? "")) {
    // A Worker's database is Turso: importing into a local file would only mislead.
    needsDb = false;
    push({
      step: "plan",
      status: explicit || options.plan ? "failed" : "skipped",
      lines: [t.workersNeedTurso],
    });
  }
  if (needsDb) {
    try {
      db = await openDatabaseFromEnv(env);
    } catch (err) {
      push({
        step: "plan",
        status: "failed",
        lines: [
          t.databaseUnopened(env.DATABASE_URL || "file:./data/shinchoku.db", lineErrorText(err)),
        ],
      });
      return result;
    }
  }
  try {
    const deps = db ? buildAppDeps({ db, config, defer: () => {} }) : null;
    const line = deps?.line ?? null;
    let planId = options.planId ?? null;
    if (options.plan && db) {
      const step = await importStep(db, options.plan, options.planId);
      push(step.step);
      planId = step.planId ?? planId;
      if (step.step.status === "failed") return result;
    }
    if (options.webhook || !explicit) push(await webhookStep(config, line, explicit));
    if ((options.richmenu || !explicit) && deps) push(await richMenuStep(deps, explicit));
    if ((options.invite || !explicit) && db) {
      const step = await inviteStep(db, config, line, planId, options.org ?? null, explicit);
      push(step.step);
      result.inviteCode = step.code;
    }
  } finally {
    if (db) closeDatabase(db);
  }
  return result;
}

/**
 * `npx wrangler secret put <name>` with the value on stdin, in the working directory (wrangler.toml's
 * Worker).
 * @throws Error when wrangler exits with another code than 0.
 */
export function wranglerSecretPut(name: string, value: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn("npx", ["wrangler", "secret", "put", name], {
      stdio: ["pipe", "inherit", "inherit"],
      // npx is npx.cmd on Windows, which only a shell runs.
      shell: process.platform === "win32",
    });
    child.on("error", fail);
    child.on("exit", (code) =>
      code === 0 ? done() : fail(new Error(t.wranglerFailed(name, code))),
    );
    child.stdin.end(value);
  });
}

/**
 * Step 1: writes the given values to the env file (or, with `workers`, puts each as a Worker secret)
 * and into `env`. Null when none was given.
 */
async function writeValues(
  options: SetupOptions,
  env: NodeJS.ProcessEnv,
): Promise<SetupStep | null> {
  const values: Record<string, string> = {};
  for (const [flag, name] of Object.entries(SETUP_VARIABLES)) {
    const value = options[flag as SetupValueFlag];
    if (value !== undefined) values[name] = value.trim();
  }
  if (Object.keys(values).length === 0) return null;
  const problems: string[] = [];
  if (values.PUBLIC_BASE_URL !== undefined) {
    values.PUBLIC_BASE_URL = values.PUBLIC_BASE_URL.replace(/\/+$/u, "");
    const problem = publicUrlProblem(values.PUBLIC_BASE_URL);
    if (problem) problems.push(t.badPublicUrl(values.PUBLIC_BASE_URL, problem));
  }
  if (values.LINE_LOGIN_CHANNEL_ID !== undefined && !/^\d+$/u.test(values.LINE_LOGIN_CHANNEL_ID))
    problems.push(t.badLoginChannelId);
  const login = values.LINE_LOGIN_CHANNEL_ID ?? env.LINE_LOGIN_CHANNEL_ID;
  if (values.LIFF_ID !== undefined) {
    const owner = /^(\d+)-[A-Za-z0-9]+$/u.exec(values.LIFF_ID)?.[1];
    if (!owner) problems.push(t.badLiffId(values.LIFF_ID));
    else if (login && owner !== login)
      problems.push(t.liffOfOtherChannel(values.LIFF_ID, owner, login));
  }
  if (problems.length > 0)
    return { step: "env", status: "failed", lines: [...problems, t.nothingWritten] };

  const shown = (k: string) => (SECRET_VARIABLES.has(k) ? t.secretHidden(k) : `${k}=${values[k]}`);
  if (options.workers) {
    const put = options.putSecret ?? wranglerSecretPut;
    const done: string[] = [];
    for (const [name, value] of Object.entries(values)) {
      try {
        await put(name, value);
        done.push(name);
      } catch (err) {
        return {
          step: "env",
          status: "failed",
          lines: [
            t.secretFailed(name, err instanceof Error ? err.message : String(err)),
            ...(done.length ? [t.secretsSoFar(done)] : []),
            t.checkWrangler,
          ],
        };
      }
    }
    Object.assign(env, values);
    return {
      step: "env",
      status: "done",
      lines: [t.secretsPut(Object.keys(values).map(shown))],
    };
  }
  const path = options.envFile ? resolve(options.envFile) : envFilePath(env);
  if (!path)
    return {
      step: "env",
      status: "failed",
      lines: [t.noEnvFile],
    };
  const overridden = Object.keys(values).filter(
    (k) => env[k] !== undefined && env[k] !== "" && env[k] !== values[k],
  );
  const { added, changed } = updateEnvFile(path, values);
  Object.assign(env, values);
  const lines = [t.written(path, [...added, ...changed].map(shown))];
  if (overridden.length > 0) lines.push(t.overridden(overridden));
  return { step: "env", status: "done", lines };
}

/** Step 2: imports the plan. */
async function importStep(
  db: Database,
  path: string,
  planId: string | undefined,
): Promise<{ step: SetupStep; planId: string | null }> {
  const target = resolve(path);
  if (!(await stat(target).catch(() => null)))
    return {
      step: {
        step: "plan",
        status: "failed",
        lines: [commonText.planSourceMissing(path)],
      },
      planId: null,
    };
  const imported = await importPlanSource(db, target, planId ? { planId } : {});
  if (!imported.ok)
    return {
      step: {
        step: "plan",
        status: "failed",
        lines: [
          t.importRefused(imported.issues.length),
          ...imported.issues.map((i) => `  ${formatImportIssue(i)}`),
        ],
      },
      planId: null,
    };
  return {
    step: { step: "plan", status: "done", lines: formatReport(imported.report, false).split("\n") },
    planId: imported.report.planId,
  };
}

/** Step 3: sets the webhook URL, reads back "Use webhook" and tests the endpoint. */
async function webhookStep(
  config: AppConfig,
  line: LineGateway | null,
  explicit: boolean,
): Promise<SetupStep> {
  const missing = explicit ? "failed" : "skipped";
  const url = webhookUrl(config);
  if (!config.channelAccessToken)
    return {
      step: "webhook",
      status: missing,
      lines: [t.webhookNoToken],
    };
  if (!url || publicUrlProblem(config.publicBaseUrl ?? ""))
    return {
      step: "webhook",
      status: missing,
      lines: [t.webhookNoUrl],
    };
  // The webhook needs no database: with `--webhook` alone, a gateway of its own (it sends nothing).
  const gateway =
    line ??
    createLineGateway({
      db: null,
      channelAccessToken: config.channelAccessToken,
      apiBaseUrl: config.lineApiBaseUrl,
      retry: { timeoutMs: config.lineTimeoutMs },
      logError: () => {},
    });
  const channel = gateway.channel;
  if (!channel) throw new Error("a gateway with a token has channel calls");
  try {
    await channel.setWebhookEndpoint(url);
  } catch (err) {
    return {
      step: "webhook",
      status: "failed",
      lines: [t.webhookNotSet(lineErrorText(err)), ...tokenHint(err)],
    };
  }
  const lines = [t.webhookSet(url)];
  const left: string[] = [];
  try {
    const { active } = await channel.webhookEndpoint();
    if (!active) left.push(t.webhookOff);
    const test = await channel.testWebhook(url);
    if (test.success) lines.push(t.webhookAnswered(test.statusCode));
    else left.push(t.webhookUnreached(test.statusCode, test.reason, url));
  } catch (err) {
    left.push(t.webhookUnchecked(lineErrorText(err)));
  }
  const status: StepStatus = left.length > 0 ? "todo" : "done";
  lines.push(...left);
  return { step: "webhook", status, lines };
}

/** The fix for a refused token, when LINE answered 401. */
function tokenHint(err: unknown): string[] {
  return lineErrorText(err).startsWith("401") ? [t.tokenRefused] : [];
}

/** Step 4: deploys both rich menus. */
async function richMenuStep(
  deps: ReturnType<typeof buildAppDeps>,
  explicit: boolean,
): Promise<SetupStep> {
  const missing = explicit ? "failed" : "skipped";
  if (!deps.config.channelAccessToken)
    return {
      step: "richmenu",
      status: missing,
      lines: [t.richmenuNoToken],
    };
  if (!deps.config.liffId && !explicit)
    return {
      step: "richmenu",
      status: "skipped",
      lines: [t.richmenuNoLiff],
    };
  // Loaded here, so that the other steps never load the canvas binary.
  const { deployRichMenus, RichMenuError } = await import("../richmenu/deploy.ts");
  const lines: string[] = [];
  try {
    const report = await deployRichMenus(deps, { log: (l) => lines.push(`  ${l}`) });
    lines.unshift(t.richmenuDeployed(report.defaultRichMenuId));
    if (report.linkFailures.length > 0) {
      lines.push(t.richmenuLinkFailures);
      return { step: "richmenu", status: "failed", lines };
    }
    return { step: "richmenu", status: "done", lines };
  } catch (err) {
    const message = err instanceof RichMenuError ? err.message : lineErrorText(err);
    return {
      step: "richmenu",
      status: "failed",
      lines: [...lines, t.richmenuFailed(message), ...tokenHint(err)],
    };
  }
}

/** Step 5: issues the first office invite. */
async function inviteStep(
  db: Database,
  config: AppConfig,
  line: LineGateway | null,
  planId: string | null,
  org: string | null,
  explicit: boolean,
): Promise<{ step: SetupStep; code: string | null }> {
  const missing = explicit ? "failed" : "skipped";
  let plan = planId;
  if (!plan) {
    const plans = await listPlans(db);
    plan = plans.length === 1 ? (plans[0]?.id ?? null) : null;
    if (!plan)
      return {
        step: {
          step: "invite",
          status: missing,
          lines: [plans.length === 0 ? t.inviteNoPlan : t.inviteManyPlans(plans.map((p) => p.id))],
        },
        code: null,
      };
  }
  if (!explicit) {
    const office = await countActiveMembers(db, "office", plan);
    if (office > 0)
      return {
        step: {
          step: "invite",
          status: "skipped",
          lines: [t.inviteHasOffice(plan)],
        },
        code: null,
      };
  }
  let created: { code: string; expiresAt: Date };
  try {
    created = await createInvite(db, {
      planId: plan,
      department: org,
      role: "office",
      now: new Date(),
    });
  } catch (err) {
    return {
      step: {
        step: "invite",
        status: "failed",
        lines: [t.inviteFailed(lineErrorText(err))],
      },
      code: null,
    };
  }
  const code = formatInviteCode(created.code);
  const until = commonText.inviteUntil(created.expiresAt);
  const lines = [t.inviteIssued(plan, until, code)];
  let basicId: string | null = null;
  if (config.channelAccessToken && line?.channel) {
    basicId = await line.channel
      .botInfo()
      .then((b) => b.basicId)
      .catch(() => null);
  }
  lines.push(basicId ? t.addFriend(basicId) : t.addFriendNoLink);
  return { step: { step: "invite", status: "done", lines }, code };
}
