/**
 * `npx shinchoku …`: the DX office's command line.
 *
 *   import <dir> [--plan <id>] [--dry-run]     load a plan folder (docs/import-format.md)
 *   members add|list|remove                    register LINE users to a plan
 *   chat [--user <id>] [--url <server>]        talk to the local bot as a LINE user
 *   synonyms add|list|remove --plan <id>       the office's search synonyms (docs/questions.md)
 *   richmenu deploy [--dry-run --out <dir>]    put the rich menus on LINE and link every member
 *   export report|opendata, backup, restore    reports, open data, backups (docs/exports.md)
 *   compare import|list|remove                 other cities' open data as reference series (docs/compare.md)
 *   setup [values] [--plan …] [--webhook …]    write .env, set the webhook, deploy menus, invite the office
 *   doctor [--json]                            check that the server is ready to go live
 * (setup and doctor: docs/setup-and-doctor.md)
 *
 * Every command uses the database named by DATABASE_URL (default file:./data/shinchoku.db). The
 * variables are read from the environment and from `.env` (or the file named by SHINCHOKU_ENV_FILE;
 * bot/setup/env-file.ts), the environment winning.
 */
import { Command, Option } from "commander";
import { ROLES } from "../../shared/roles.ts";
import { loadEnvFile } from "../setup/env-file.ts";
import { calendarCommand } from "./calendar.ts";
import { chatCommand } from "./chat.ts";
import { compareImportCommand, compareListCommand, compareRemoveCommand } from "./compare.ts";
import { demoCommand } from "./demo.ts";
import { digestCommand } from "./digest.ts";
import { doctorCommand } from "./doctor.ts";
import { registerExportCommands } from "./export.ts";
import { importCommand } from "./import.ts";
import { membersCommand } from "./members.ts";
import { planCommand } from "./plan.ts";
import { publishCommand } from "./publish.ts";
import { inviteCommand, remindCommand, scheduleCommand } from "./reminders.ts";
import { richMenuDeployCommand } from "./richmenu.ts";
import { setupCommand } from "./setup.ts";
import { statsCommand } from "./stats.ts";
import { synonymsCommand } from "./synonyms.ts";
import { templateCommand } from "./template.ts";

try {
  loadEnvFile();
} catch (err) {
  console.error(`環境変数のファイルを読めません: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}

const program = new Command()
  .name("shinchoku")
  .description("shinchoku（進捗）: 計画の進捗管理 — LINE ボットと LIFF ボードのコマンド")
  .showHelpAfterError();

program
  .command("import")
  .description(
    "計画フォルダ（plan.yaml と CSV）か Excel ブックを取り込みます。すべて正しいときだけ書き込みます。",
  )
  .argument("<dir|file>", "計画フォルダ（例: data/plans/tamana）か .xlsx")
  .option("--plan <id>", "plan.yaml の id がこの値であることを確かめる")
  .option("--dry-run", "書き込まずに、何が変わるかだけを表示する")
  .option(
    "--update-board",
    "登録済みの取組の列・天気・今後の方向性も、ファイルのとおりに変える（履歴に残ります）",
  )
  .action(importCommand);

const members = program
  .command("members")
  .description("メンバー（LINE ユーザー）の登録・一覧・削除");
members
  .command("add")
  .description("メンバーを登録します（登録済みなら役割と課を更新）")
  .requiredOption("--plan <id>", "計画ID")
  .requiredOption("--user <lineUserId>", "LINE userId（U で始まる33文字）")
  .addOption(new Option("--role <role>", "役割").choices(ROLES).makeOptionMandatory())
  .option("--org <課名>", "所属の課（lead では必須）")
  .option("--name <表示名>", "表示名")
  .action(membersCommand.add);
members
  .command("list")
  .description("メンバーの一覧")
  .requiredOption("--plan <id>", "計画ID")
  .option("--all", "無効になったメンバーも表示する")
  .action(membersCommand.list);
members
  .command("remove")
  .description("メンバーを無効にします（入力した実績の記録は残ります）")
  .requiredOption("--plan <id>", "計画ID")
  .requiredOption("--user <lineUserId>", "LINE userId")
  .action(membersCommand.remove);

program
  .command("publish")
  .description("計画の公開ページ（/public/<計画ID>）を公開します。--off で非公開に戻します")
  .requiredOption("--plan <id>", "計画ID")
  .option("--off", "非公開にする")
  .action(publishCommand);

const plan = program
  .command("plan")
  .description("計画ごとの設定（確定実績の承認・月間メッセージ予算）");
plan
  .command("set")
  .description("確定実績の承認の要否と、月間のメッセージ予算を設定します")
  .requiredOption("--plan <id>", "計画ID")
  .addOption(
    new Option("--approval <要否>", "確定実績に課長・DX推進担当の承認を求める").choices([
      "required",
      "none",
    ]),
  )
  .option("--budget <通数>", "この計画が1か月に使える LINE のメッセージ数（none で予算なし）")
  .action(planCommand.set);
plan
  .command("show")
  .description("計画ごとの設定を表示します")
  .requiredOption("--plan <id>", "計画ID")
  .action(planCommand.show);

program
  .command("template")
  .description("計画を Excel で作るための取込用ひな形（.xlsx）を書き出します")
  .requiredOption("--out <file>", "書き出すファイル（.xlsx）")
  .action(templateCommand);

program
  .command("invite")
  .description("招待コードを発行します（一回限り・有効期限つき）。出力の最後の行がコードです。")
  .requiredOption("--plan <id>", "計画ID")
  .addOption(new Option("--role <role>", "役割").choices(ROLES).makeOptionMandatory())
  .option("--org <課名>", "所属の課（lead では必須）")
  .option("--days <日数>", "有効期限（日）", "14")
  .action(inviteCommand);

program
  .command("remind")
  .description("今月のリマインドを今すぐ実行します。送信済みの人には送りません。")
  .requiredOption("--plan <id>", "計画ID")
  .option("--dry-run", "誰に何を送るかを表示するだけで、送信も記録もしない")
  .action(remindCommand);

program
  .command("stats")
  .description("リマインドごとの提出率（担当課別・期限内/期限後/未提出）を表示します")
  .requiredOption("--plan <id>", "計画ID")
  .option("--from <YYYY-MM>", "この月のサイクルから")
  .option("--to <YYYY-MM>", "この月のサイクルまで")
  .option("--format <形式>", "table・csv・json", "table")
  .action(statsCommand);

program
  .command("demo")
  .description(
    "同梱の計画とデモの報告（期限内・期限後・未提出を含む）で、別のデータベースを作ります。実際のデータには混ぜません",
  )
  .requiredOption("--plan <id>", "同梱の計画（tamana・matsue・tottori・inzai）")
  .option("--months <月数>", "何か月分のリマインドを作るか", "6")
  .option("--out <url>", "書き出すデータベース（既定: file:./data/demo-<計画>.db）")
  .option("--seed <数>", "乱数の種（同じ種なら同じデモ）")
  .option("--force", "すでにあるデモのデータベースを作り直す")
  .action(demoCommand);

const schedule = program.command("schedule").description("リマインドの日時（日本時間）の設定");
schedule
  .command("set")
  .requiredOption("--plan <id>", "計画ID")
  .requiredOption("--day <日>", "毎月の日（1〜28）")
  .option("--time <HH:MM>", "時刻（日本時間）", "09:00")
  .addOption(
    new Option("--period <期間>", "どの月の実績をお願いするか")
      .choices(["previous-month", "current-month"])
      .default("previous-month"),
  )
  .option(
    "--follow-up-days <日数>",
    "未報告の人へ再送するまでの開庁日数（土日・祝日・休日は数えない）",
  )
  .option("--deadline-days <日数>", "提出期限: リマインドから何開庁日後か（既定 5）")
  .option("--escalate", "再送のときに DX推進担当へ未報告の一覧を送る")
  .option("--disable", "リマインドを止める")
  .action(scheduleCommand.set);
schedule
  .command("show")
  .description("設定と、今後12回のリマインド日（休日で動いた日はその理由）を表示します")
  .requiredOption("--plan <id>", "計画ID")
  .option("--from <YYYY-MM-DD>", "この日から先のリマインド日を表示する（既定: 今日）")
  .action(scheduleCommand.show);
schedule
  .command("year-end")
  .description("年末年始の休み（既定 12-29..01-03）を設定します")
  .requiredOption("--plan <id>", "計画ID")
  .requiredOption("--range <MM-DD..MM-DD>", "例: 12-29..01-03。休みなしは none")
  .action(calendarCommand.yearEnd);
const closed = schedule
  .command("closed")
  .description("計画独自の休日（市の休日など）。土日・祝日・年末年始は設定しなくても休みです");
closed
  .command("add")
  .requiredOption("--plan <id>", "計画ID")
  .requiredOption("--date <YYYY-MM-DD>", "日付")
  .requiredOption("--name <名前>", "休日の名前（例: 市の休日）")
  .action(calendarCommand.addClosed);
closed
  .command("remove")
  .requiredOption("--plan <id>", "計画ID")
  .requiredOption("--date <YYYY-MM-DD>", "日付")
  .action(calendarCommand.removeClosed);
closed.command("list").requiredOption("--plan <id>", "計画ID").action(calendarCommand.listClosed);

program
  .command("digest")
  .description("進捗ダイジェストを表示します（--send で送信、--schedule で定期送信の設定）")
  .requiredOption("--plan <id>", "計画ID")
  .option("--send", "送信する（送信前に LINE の今月の残り通数を確かめ、足りなければ送りません）")
  .option("--to <宛先>", "all・org:<課名>・role:<lead|office|viewer>・broadcast", "all")
  .option("--schedule <周期>", "weekly か monthly で定期送信を設定する")
  .option("--day <日>", "weekly: 曜日（0=日 … 6=土）、monthly: 日（1〜28）")
  .option("--time <HH:MM>", "時刻（日本時間）", "08:30")
  .action(digestCommand);

const richmenu = program.command("richmenu").description("LINE のリッチメニュー（役割ごと）");
richmenu
  .command("deploy")
  .description(
    "担当課用と DX推進担当用のリッチメニューを LINE に登録し、メンバー全員を役割のメニューにリンクします",
  )
  .option("--dry-run", "画像とメニュー定義を --out に書き出すだけで、LINE には何も送らない")
  .option("--out <dir>", "--dry-run の書き出し先", "./richmenu")
  .action(richMenuDeployCommand);

program
  .command("chat")
  .description("ローカルのサーバーに LINE ユーザーとして話しかけます（LINE アカウント不要）")
  .option(
    "--url <url>",
    "サーバーの URL",
    process.env.SHINCHOKU_URL ?? `http://localhost:${process.env.PORT || 8787}`,
  )
  .option("--user <lineUserId>", "送信者の LINE userId", "Ulocal0000000000000000000000000000")
  .option("--once <text>", "一つだけ送って、返答を表示して終わる")
  .action(chatCommand);

const synonyms = program
  .command("synonyms")
  .description("質問の検索で同じ意味として扱う言葉（同義語）の追加・一覧・削除");
synonyms
  .command("add")
  .description(
    "同じ意味の言葉を2つ以上登録します（例: synonyms add 残業 時間外勤務 --plan tamana）",
  )
  .argument("<words...>", "同じ意味の言葉（空白かカンマ区切り）")
  .requiredOption("--plan <id>", "計画ID")
  .action(synonymsCommand.add);
synonyms
  .command("list")
  .description("計画の同義語の一覧（plan.yaml のものと追加したもの）")
  .requiredOption("--plan <id>", "計画ID")
  .action(synonymsCommand.list);
synonyms
  .command("remove")
  .description("追加した同義語を削除します（番号は list の #）")
  .argument("<id>", "list で表示される番号")
  .requiredOption("--plan <id>", "計画ID")
  .action(synonymsCommand.remove);

program
  .command("setup")
  .description(
    "本番の準備をまとめて行います: 値を .env に書き込み、計画を取り込み、Webhook URL を LINE に設定し、リッチメニューを登録し、DX推進担当の招待コードを発行して、最後に doctor で確かめます。手順を指定しないと、できる手順をすべて行います",
  )
  .option("--public-url <url>", "このサーバーの公開 URL（https://…）→ PUBLIC_BASE_URL")
  .option("--channel-secret <secret>", "Messaging API のチャネルシークレット → LINE_CHANNEL_SECRET")
  .option("--access-token <token>", "チャネルアクセストークン（長期）→ LINE_CHANNEL_ACCESS_TOKEN")
  .option("--login-channel-id <id>", "LINE ログインチャネルのチャネルID → LINE_LOGIN_CHANNEL_ID")
  .option("--liff-id <id>", "LIFF ID → LIFF_ID")
  .option("--database-url <url>", "データベースの URL → DATABASE_URL")
  .option("--database-auth-token <token>", "Turso のトークン → DATABASE_AUTH_TOKEN")
  .option("--env-file <path>", "値の書き込み先（既定: .env。SHINCHOKU_ENV_FILE でも指定可）")
  .option(
    "--workers",
    "Cloudflare Workers: 値を .env ではなく Worker のシークレットにする（npx wrangler secret put）",
  )
  .option("--plan <dir|file>", "取り込む計画フォルダか Excel ブック")
  .option("--plan-id <id>", "招待する計画（既定: 取り込んだ計画か、ただ一つの計画）")
  .option("--webhook", "Webhook URL を <公開URL>/webhook に設定して確かめる")
  .option("--richmenu", "リッチメニューを登録する（richmenu deploy と同じ）")
  .option("--invite", "DX推進担当の招待コードを発行する")
  .option("--org <課名>", "招待する DX推進担当の課")
  .option("--no-doctor", "最後に doctor で確かめない")
  .option("--no-input", "足りない値を尋ねない（端末でないときは尋ねません）")
  .action(setupCommand);

program
  .command("doctor")
  .description(
    "本番で動かす準備ができているか（LINE のトークン・Webhook・LIFF・データベース・計画・メンバー・リッチメニュー・リマインド・送信可能数）を確かめ、直し方を表示します。すべて通れば終了コード 0",
  )
  .option("--json", "結果を JSON で出力する（スクリプト用）")
  .action(doctorCommand);

registerExportCommands(program);

const compare = program
  .command("compare")
  .description("他の市の公開データ（共通指標）を参照データとして取り込み・一覧・削除します");
compare
  .command("import")
  .description(
    "オープンデータ CSV の共通指標の行を参照データとして取り込みます（同じ取込名は置き換え）。誤りがあれば何も書き込みません。",
  )
  .argument("<csv>", "export opendata の CSV（または同じ列の国の公開データ）")
  .option("--label <取込名>", "取込名（省略時はファイルの地方公共団体名）")
  .action(compareImportCommand);
compare.command("list").description("取り込んだ参照データの一覧").action(compareListCommand);
compare
  .command("remove")
  .description("参照データを取込名ごと削除します")
  .argument("<label>", "取込名")
  .action(compareRemoveCommand);

await program.parseAsync(process.argv);
