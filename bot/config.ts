/**
 * Runtime configuration, read from the environment by each runtime entry (bot/node.ts,
 * bot/worker.ts, bot/dev.ts) and passed to the app factory. Nothing here is read at module scope.
 */

export const LINE_API_DEFAULT = "https://api.line.me";
export const LINE_DATA_API_DEFAULT = "https://api-data.line.me";

/**
 * The channel secret used when none is configured and nothing can be sent to LINE (no access
 * token): it lets `npx shinchoku chat` sign events for a local server. It is never used when
 * `LINE_CHANNEL_ACCESS_TOKEN` is set.
 */
export const LOCAL_CHANNEL_SECRET = "shinchoku-local-channel-secret";

export interface AppConfig {
  /** LINE_CHANNEL_SECRET: verifies `x-line-signature`. */
  channelSecret: string;
  /** LINE_CHANNEL_ACCESS_TOKEN; null = offline mode (messages go to the log, not to LINE). */
  channelAccessToken: string | null;
  /** LINE_API_BASE_URL: Messaging API and LINE Login (`/oauth2/v2.1/verify`). */
  lineApiBaseUrl: string;
  /** LINE_DATA_API_BASE_URL: content and rich menu images. */
  lineDataApiBaseUrl: string;
  /**
   * LINE_TIMEOUT_MS: how long one LINE request may take before the gateway aborts it (default
   * 10000); a send is retried twice after that, so a push gives up after about 3 × this + 2.5 s.
   */
  lineTimeoutMs: number;
  /** LINE_LOGIN_CHANNEL_ID: the `client_id` an ID token must have been issued to. */
  loginChannelId: string | null;
  /** LIFF_ID: the LIFF app the client initialises. */
  liffId: string | null;
  /**
   * PUBLIC_BASE_URL: where LINE and staff reach this server, an origin such as
   * `https://shinchoku.example.jp` (trailing slashes removed); the webhook URL is
   * `<publicBaseUrl>/webhook` and the LIFF endpoint `<publicBaseUrl>/`. Read by `npx shinchoku
   * doctor` and `setup`; null when unset.
   */
  publicBaseUrl: string | null;
  /** DEFAULT_PLAN_ID: the plan answered to users who are not members of any plan. */
  defaultPlanId: string | null;
  /**
   * ADMIN_LINE_USER_IDS (comma-separated LINE user ids): the operators who may create a new plan
   * through the API (`POST /api/plans/import`). Office members import into their own plan only;
   * without this list, new plans are created by the operator with the CLI (`npx shinchoku import`).
   */
  adminUserIds: readonly string[];
  /**
   * Development mode: accept `Bearer dev:<userId>`. Set only by bot/dev.ts (`npm run dev`), never
   * from the environment.
   */
  devAuth: boolean;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

type Env = Record<string, string | undefined>;

const nonEmpty = (v: string | undefined): string | null => (v && v.trim() !== "" ? v.trim() : null);
const positiveInt = (v: string | undefined): number | null => {
  const n = Number(nonEmpty(v) ?? Number.NaN);
  return Number.isInteger(n) && n > 0 ? n : null;
};

/** The path LINE posts webhook events to (bot/app.ts). */
export const WEBHOOK_PATH = "/webhook";

/** The webhook URL LINE must be set to: `<PUBLIC_BASE_URL>/webhook`; null without a public URL. */
export function webhookUrl(config: Pick<AppConfig, "publicBaseUrl">): string | null {
  return config.publicBaseUrl ? `${config.publicBaseUrl}${WEBHOOK_PATH}` : null;
}

/** The default of LINE_TIMEOUT_MS. */
export const DEFAULT_LINE_TIMEOUT_MS = 10_000;

/**
 * Reads the configuration from environment variables.
 *
 * @throws ConfigError when an access token is set without a channel secret: a real channel must
 * never fall back to the local secret.
 */
export function configFromEnv(env: Env, options: { devAuth?: boolean } = {}): AppConfig {
  const channelAccessToken = nonEmpty(env.LINE_CHANNEL_ACCESS_TOKEN);
  let channelSecret = nonEmpty(env.LINE_CHANNEL_SECRET);
  if (!channelSecret) {
    if (channelAccessToken) {
      throw new ConfigError(
        "LINE_CHANNEL_ACCESS_TOKEN is set but LINE_CHANNEL_SECRET is not: set the channel secret from the LINE Developers console.",
      );
    }
    channelSecret = LOCAL_CHANNEL_SECRET;
  }
  return {
    channelSecret,
    channelAccessToken,
    lineApiBaseUrl: (nonEmpty(env.LINE_API_BASE_URL) ?? LINE_API_DEFAULT).replace(/\/+$/u, ""),
    lineDataApiBaseUrl: (nonEmpty(env.LINE_DATA_API_BASE_URL) ?? LINE_DATA_API_DEFAULT).replace(
      /\/+$/u,
      "",
    ),
    lineTimeoutMs: positiveInt(env.LINE_TIMEOUT_MS) ?? DEFAULT_LINE_TIMEOUT_MS,
    loginChannelId: nonEmpty(env.LINE_LOGIN_CHANNEL_ID),
    liffId: nonEmpty(env.LIFF_ID),
    publicBaseUrl: nonEmpty(env.PUBLIC_BASE_URL)?.replace(/\/+$/u, "") ?? null,
    defaultPlanId: nonEmpty(env.DEFAULT_PLAN_ID),
    adminUserIds: (env.ADMIN_LINE_USER_IDS ?? "").split(/[\s,]+/u).filter(Boolean),
    devAuth: options.devAuth === true,
  };
}
