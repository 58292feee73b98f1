/**
 * `npm start`: the production server on Node. Serves the webhook, the API and the built LIFF app
 * (liff/dist) on `PORT` (default 8787), with the database named by `DATABASE_URL` (default: the
 * embedded file ./data/shinchoku.db).
 *
 * Development tokens (`Bearer dev:<userId>`) are never accepted here, whatever the environment says:
 * `devAuth` is hard-wired to false.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { createApp } from "./app.ts";
import { banner, createNodeDeps, startScheduler } from "./node-runtime.ts";

const LIFF_DIST = resolve(fileURLToPath(new URL("../liff/dist", import.meta.url)));

export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const { deps, queue, loaded } = await createNodeDeps({ devAuth: false, env });
  const app = createApp(deps);
  if (!existsSync(resolve(LIFF_DIST, "index.html"))) {
    throw new Error("liff/dist is missing: run `npm run build` first (npm start does it for you).");
  }
  const indexHtml = await readFile(resolve(LIFF_DIST, "index.html"), "utf8");
  app.use("/*", serveStatic({ root: LIFF_DIST }));
  // The LIFF app routes on the client: any other GET is its index page.
  app.get("*", (c) => c.html(indexHtml));
  const port = Number(env.PORT || 8787);
  const server = serve({ fetch: app.fetch, port, hostname: env.HOST || "0.0.0.0" });
  console.info(banner(port, deps.config, loaded));
  const stopScheduler = startScheduler(deps);
  const shutdown = async () => {
    stopScheduler();
    server.close();
    await queue.settle();
    deps.db.$client.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  return { server, deps, queue };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startServer().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
