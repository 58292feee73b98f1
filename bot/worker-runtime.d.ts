/**
 * The Workers runtime types that the generated `Env` (worker-configuration.d.ts, written by
 * `wrangler types --include-runtime=false`) names. The runtime's full global types are left out on
 * purpose: they would replace the DOM and Node globals the rest of the tree is checked against.
 */
import type { Fetcher as WorkersFetcher } from "@cloudflare/workers-types/latest/index.ts";

declare global {
  /** A service binding, e.g. `ASSETS` (the LIFF app's static assets, wrangler.toml `[assets]`). */
  type Fetcher = WorkersFetcher;
}
