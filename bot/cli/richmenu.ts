import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { configFromEnv } from "../config.ts";
import { buildAppDeps } from "../deps.ts";
import { LineApiError } from "../line/gateway.ts";
import { richmenuText as t } from "../text/cli.ts";
import { fail, withDatabase } from "./db.ts";

const KIND_LABELS = t.kinds;

/** An area's action for the dry run: `ボード→https://liff.line.me/…`, `ヘルプ→「ヘルプ」`. */
function describeAction(action: unknown): string {
  const a = action as { type: string; label?: string; uri?: string; text?: string; data?: string };
  const what = a.uri ?? (a.text ? t.quoted(a.text) : (a.data ?? a.type));
  return `${a.label ?? ""}→${what}`;
}

/**
 * `npx shinchoku richmenu deploy [--dry-run --out <dir>]`: creates both rich menus on LINE, sets the
 * aliases and the default, and links every member (bot/richmenu/deploy.ts). With `--dry-run`, only
 * writes the two PNGs and the menu objects to `--out` and calls nothing.
 */
export async function richMenuDeployCommand(opts: { dryRun?: boolean; out: string }) {
  const config = configFromEnv(process.env);
  // Loaded here, so that the other commands never load the canvas binary.
  const { deployRichMenus, drawMenus, RichMenuError } = await import("../richmenu/deploy.ts");
  if (opts.dryRun) {
    const out = resolve(opts.out);
    mkdirSync(out, { recursive: true });
    for (const m of await drawMenus({ liffId: config.liffId })) {
      const png = join(out, `${m.aliasId}.png`);
      writeFileSync(png, m.png);
      writeFileSync(join(out, `${m.aliasId}.json`), `${JSON.stringify(m.request, null, 2)}\n`);
      const areas = (m.request.areas ?? []).map((a) => describeAction(a.action)).join(" / ");
      console.log(t.drawn(KIND_LABELS[m.kind], png, Math.ceil(m.png.length / 1024)));
      console.log(`  ${areas}`);
    }
    if (!config.liffId) console.log(t.noLiffId);
    console.log(t.dryRunOnly);
    return;
  }
  if (!config.channelAccessToken) return fail(t.noToken);
  try {
    await withDatabase(async (db) => {
      const deps = buildAppDeps({ db, config, defer: () => {} });
      const report = await deployRichMenus(deps, { log: (line) => console.log(line) });
      const menus = report.menus.map((m) => t.menu(KIND_LABELS[m.kind], m.richMenuId, m.aliasId));
      console.log(t.deployed(menus));
      if (report.linkFailures.length) fail(t.linkFailures, 3);
    });
  } catch (err) {
    if (err instanceof RichMenuError) return fail(err.message);
    if (err instanceof LineApiError) return fail(t.lineError(err.message));
    throw err;
  }
}
