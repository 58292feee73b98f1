/**
 * `npm run dev`: the API and the LIFF app with hot reload, on one port (`PORT`, default 8787).
 *
 * This is the only entry that builds the app with `devAuth`: the API accepts
 * `Authorization: Bearer dev:<LINE userId>` and the LIFF app runs with @line/liff-mock, acting as the
 * user in the page's `?as=<LINE userId>`. The production entry (bot/node.ts) never does.
 */
import { createServer, type Server } from "node:http";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { createServer as createViteServer } from "vite";
import { createApp } from "./app.ts";
import { banner, createNodeDeps } from "./node-runtime.ts";
import { contentSecurityPolicyHeader } from "./security.ts";

const DEV_CSP = contentSecurityPolicyHeader({
  scriptSrc: ["'unsafe-inline'"],
  connectSrc: ["ws:"],
});
const SERVER_PATHS = /^\/(api|webhook|healthz|public)(\/|$|\?)/u;

/** Starts the development server; resolves once it listens. */
export async function startDevServer(
  env: NodeJS.ProcessEnv = process.env,
  port = Number(env.PORT || 8787),
) {
  const { deps, queue, loaded } = await createNodeDeps({ devAuth: true, env });
  const app = createApp(deps);
  const server: Server = createServer();
  const vite = await createViteServer({
    configFile: resolve(fileURLToPath(new URL("../liff/vite.config.ts", import.meta.url))),
    server: { middlewareMode: true, ws: { server } },
    appType: "spa",
  });
  const api = getRequestListener(app.fetch);
  server.on("request", (req, res) => {
    if (SERVER_PATHS.test(req.url ?? "")) void api(req, res);
    else {
      // The LIFF pages get the production CSP, plus what Vite's hot reload needs (its inline
      // React-refresh preamble and its WebSocket), so that the browser tests run under it.
      res.setHeader("content-security-policy", DEV_CSP);
      vite.middlewares(req, res);
    }
  });
  await new Promise<void>((done) => server.listen(port, env.HOST || "0.0.0.0", done));
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  console.info(banner(actualPort, deps.config, loaded));
  console.info(`  board: http://localhost:${actualPort}/?as=<LINE userId of a member>`);
  return {
    port: actualPort,
    deps,
    async close() {
      await vite.close();
      await new Promise((done) => server.close(done));
      await queue.settle();
      deps.db.$client.close();
      if (deps.inboxDb !== deps.db) deps.inboxDb.$client.close();
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startDevServer().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
