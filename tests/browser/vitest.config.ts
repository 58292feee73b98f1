import { defineConfig } from "vitest/config";

/**
 * `npm run test:browser`: the LIFF board in real Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core) against the development server. One fork, one file at a time: each file starts
 * its own server and browser.
 */
export default defineConfig({
  test: {
    include: ["tests/browser/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // No developer's .env reaches the servers and CLI runs the tests start (bot/setup/env-file.ts).
    env: { SHINCHOKU_ENV_FILE: "" },
    maxWorkers: 1,
    fileParallelism: false,
  },
});
