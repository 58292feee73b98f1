import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Browser tests need Chromium and run from `npm run test:browser` (tests/browser/vitest.config.ts).
    exclude: ["tests/browser/**", "node_modules/**"],
    // Generous: CLI tests spawn several processes, and CI machines have 2 cores.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: "forks",
    // No developer's .env reaches the servers and CLI runs the tests start (bot/setup/env-file.ts).
    env: { SHINCHOKU_ENV_FILE: "" },
  },
});
