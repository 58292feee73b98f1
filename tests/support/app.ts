/**
 * The app wired for tests: a real database, the real LINE gateway pointed at a fake LINE server,
 * and a deferred-work queue the test can wait on.
 */
import { createApp } from "../../bot/app.ts";
import { type AppConfig, configFromEnv } from "../../bot/config.ts";
import { buildAppDeps, createDeferQueue } from "../../bot/deps.ts";
import type { Database } from "../../db/client.ts";
import type { FakeLine } from "./fake-line.ts";

export const TEST_CHANNEL_SECRET = "test-channel-secret-0123456789ab";
export const TEST_ACCESS_TOKEN = "test-channel-access-token";

export function testConfig(line: FakeLine | null, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    ...configFromEnv({
      LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
      ...(line
        ? {
            LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
            LINE_API_BASE_URL: line.url,
            LINE_DATA_API_BASE_URL: line.url,
            LINE_LOGIN_CHANNEL_ID: line.loginChannelId,
          }
        : {}),
    }),
    ...overrides,
  };
}

export function createTestApp(
  db: Database,
  line: FakeLine | null,
  overrides: Partial<AppConfig> = {},
) {
  const config = testConfig(line, overrides);
  const queue = createDeferQueue();
  let now = new Date("2024-06-10T01:00:00Z");
  const clock = () => now;
  const deps = buildAppDeps({ db, config, clock, defer: queue.defer, print: () => {} });
  return {
    app: createApp(deps),
    deps,
    settle: queue.settle,
    setNow(date: Date) {
      now = date;
    },
  };
}

/**
 * Calls the app's API as a member (the dev token `Bearer dev:<userId>`; the app needs `devAuth`),
 * with a JSON body when given, and reads the JSON answer.
 */
export async function callApi(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  user: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer dev:${user}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read the JSON answers field by field
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
