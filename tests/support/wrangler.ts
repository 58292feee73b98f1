/**
 * The real Worker (bot/worker.ts, wrangler.toml) in workerd via `wrangler dev --local`, on a free
 * loopback port.
 *
 * The LIFF app is built into a temporary folder and passed with `--assets` (which overrides only the
 * directory of wrangler.toml's `[assets]`), so the test works on a fresh clone and never touches
 * liff/dist. The bindings are wrangler.toml's `[vars]` and the given ones (a developer's `.dev.vars`
 * is not read). Local state goes to a temporary `--persist-to` folder; wrangler still bundles into
 * `.wrangler/tmp/` next to wrangler.toml (gitignored) and removes its files there when stopped.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, makeTempDir, spawnGroup, waitForHttp } from "./processes.ts";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const BIN = join(ROOT, "node_modules", ".bin");

export interface WranglerDev {
  /** `http://127.0.0.1:PORT` */
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Environment for wrangler that keeps it off the network and out of the home folder. */
function quietEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_SEND_ERROR_REPORTS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    // The banner is where wrangler checks npm for a newer version.
    WRANGLER_HIDE_BANNER: "true",
    CLOUDFLARE_INCLUDE_PROCESS_ENV: "false",
    WRANGLER_CI_DISABLE_CONFIG_WATCHING: "true",
    WRANGLER_LOG_PATH: join(dir, "logs"),
    WRANGLER_REGISTRY_PATH: join(dir, "registry"),
    NO_COLOR: "1",
  };
}

/** Builds the LIFF app into `outDir` with the project's vite config. */
async function buildLiff(outDir: string): Promise<void> {
  const proc = spawnGroup(
    join(BIN, "vite"),
    [
      "build",
      "--config",
      "liff/vite.config.ts",
      "--outDir",
      outDir,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    { cwd: ROOT },
  );
  const code = await new Promise<number | null>((done) => proc.child.once("exit", done));
  await proc.stop();
  if (code !== 0) throw new Error(`vite build failed (exit ${code}):\n${proc.output()}`);
}

/** Starts `wrangler dev --local --test-scheduled` with `vars` as `--var NAME:VALUE` bindings. */
export async function startWranglerDev(vars: Record<string, string>): Promise<WranglerDev> {
  const dir = makeTempDir("shinchoku-wrangler-");
  try {
    const assets = join(dir.path, "assets");
    await buildLiff(assets);
    // An explicit (empty) env file keeps a developer's .dev.vars out of the test's bindings.
    const envFile = join(dir.path, "test.env");
    writeFileSync(envFile, "");
    const port = await freePort();
    const inspectorPort = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = spawnGroup(
      join(BIN, "wrangler"),
      [
        "dev",
        "--local",
        "--config",
        join(ROOT, "wrangler.toml"),
        "--ip",
        "127.0.0.1",
        "--port",
        String(port),
        "--inspector-port",
        String(inspectorPort),
        "--persist-to",
        join(dir.path, "state"),
        "--assets",
        assets,
        "--env-file",
        envFile,
        "--test-scheduled",
        "--show-interactive-dev-session=false",
        ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
      ],
      { cwd: ROOT, env: quietEnv(dir.path) },
    );
    const stop = async () => {
      await proc.stop();
      dir.remove();
    };
    try {
      await waitForHttp(`${url}/healthz`, proc, { timeoutMs: 90_000 });
    } catch (err) {
      await stop();
      throw err;
    }
    return { url, output: proc.output, stop };
  } catch (err) {
    dir.remove();
    throw err;
  }
}
