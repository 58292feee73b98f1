import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROLE_LABELS } from "../../shared/roles.ts";
import { configFromEnv } from "../config.ts";
import { buildAppDeps } from "../deps.ts";
import { LineApiError } from "../line/gateway.ts";
import { fail, withDatabase } from "./db.ts";

const KIND_LABELS = {
  lead: `担当課メニュー（${ROLE_LABELS.lead}・${ROLE_LABELS.viewer}）`,
  office: `${ROLE_LABELS.office}メニュー`,
};

/** An area's action for the dry run: `ボード→https://liff.line.me/…`, `ヘルプ→「ヘルプ」`. */
function describeAction(action: unknown): string {
  const a = action as { type: string; label?: string; uri?: string; text?: string; data?: string };
  const what = a.uri ?? (a.text ? `「${a.text}」` : (a.data ?? a.type));
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
      console.log(`${KIND_LABELS[m.kind]}: ${png}（${Math.ceil(m.png.length / 1024)} KB）`);
      console.log(`  ${areas}`);
    }
    if (!config.liffId)
      console.log("LIFF_ID が未設定のため、「ボード」はLIFF_IDの設定を案内するボタンになります。");
    console.log("（確認のみ・LINE には何も送っていません）");
    return;
  }
  if (!config.channelAccessToken)
    return fail(
      "LINE_CHANNEL_ACCESS_TOKEN が設定されていません。リッチメニューを LINE に登録するにはチャネルアクセストークンが必要です（画像の確認だけなら --dry-run）。",
    );
  try {
    await withDatabase(async (db) => {
      const deps = buildAppDeps({ db, config, defer: () => {} });
      const report = await deployRichMenus(deps, { log: (line) => console.log(line) });
      const summary = report.menus
        .map((m) => `${KIND_LABELS[m.kind]} ${m.richMenuId}（エイリアス ${m.aliasId}）`)
        .join("、");
      console.log(`リッチメニューを登録しました: ${summary}`);
      if (report.linkFailures.length) {
        fail(
          "一部のメンバーをリンクできませんでした。もう一度 npx shinchoku richmenu deploy を実行してください。",
          3,
        );
      }
    });
  } catch (err) {
    if (err instanceof RichMenuError) return fail(err.message);
    if (err instanceof LineApiError) return fail(`LINE がエラーを返しました: ${err.message}`);
    throw err;
  }
}
