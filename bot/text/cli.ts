/**
 * Every text the command line (`npx shinchoku …`, bot/cli/*, and the doctor and setup checks of
 * bot/setup/*) shows a person: the help (command and option descriptions, the placeholders of
 * option values), the lines a command prints, its error messages, the doctor's and setup's item
 * labels, findings and fixes, table headings and the notes of the template workbook. Grouped by
 * command; a text with values is a function of them.
 *
 * What does not belong here: the `message` of a use case's result (bot/usecases/*, shared by the
 * LINE chat and the LIFF app, printed by the CLI as it is); the import format's sheet and column
 * names (shared/import-format.ts); labels of domain values shared with other surfaces (roles,
 * indicator kinds, provenance: shared/*); the LINE bot's own texts (bot/text/line.ts, bot/text/usecases.ts, bot/text/api.ts).
 *
 * Japanese, as a city hall's DX office reads it: polite (です・ます), the LINE console's own names for
 * its settings in 「」, a fix as one sentence that names the command or the setting to change.
 */

import { PROVENANCE_COLUMNS, type TABLE_COLUMNS } from "../../shared/import-format.ts";
import { INDICATOR_KIND_LABELS, INDICATOR_KINDS } from "../../shared/indicator-kinds.ts";
import { PROVENANCE_LABELS, PROVENANCE_SOURCES } from "../../shared/provenance.ts";
import { ROLE_LABELS } from "../../shared/roles.ts";

/** Texts several commands print. */
export const commonText = {
  /** A plan id no plan has. */
  noPlan: (planId: string) => `計画「${planId}」はありません。`,
  /** The `.env` file (bot/setup/env-file.ts) could not be read at start. */
  envFileUnreadable: (why: string) => `環境変数のファイルを読めません: ${why}`,
  /** A path given to `import` or `setup --plan` that does not exist. */
  planSourceMissing: (path: string) =>
    `${path} が見つかりません。計画フォルダか Excel ブック（.xlsx）を指定してください。`,
  /** `invite` and `setup`: how long an invite code is valid, from its expiry. */
  inviteUntil: (expiresAt: Date) =>
    expiresAt.toLocaleString("ja-JP", {
      timeZone: "Asia/Tokyo",
      dateStyle: "medium",
      timeStyle: "short",
    }),
} as const;

/**
 * The value placeholders of options in the help (`--org <課名>`); the option's name (`--org`) is
 * the CLI's and stays in bot/cli/main.ts.
 */
export const placeholders = {
  orgName: "<課名>",
  displayName: "<表示名>",
  approval: "<要否>",
  messages: "<通数>",
  days: "<日数>",
  format: "<形式>",
  months: "<月数>",
  number: "<数>",
  day: "<日>",
  period: "<期間>",
  name: "<名前>",
  audience: "<宛先>",
  cadence: "<周期>",
  label: "<取込名>",
  fiscalYear: "<年度>",
  cityCode: "<6桁>",
} as const;

/** The help of every command (`--help`), by command: `about` is the command's description. */
export const helpText = {
  program: "shinchoku（進捗）: 計画の進捗管理 — LINE ボットと LIFF ボードのコマンド",
  /** The `--plan <id>` of most commands. */
  planId: "計画ID",
  role: "役割",
  orgOfMember: "所属の課（lead では必須）",
  timeJst: "時刻（日本時間）",
  date: "日付",
  outFile: "書き出すファイル",
  import: {
    about:
      "計画フォルダ（plan.yaml と CSV）か Excel ブックを取り込みます。すべて正しいときだけ書き込みます。",
    source: "計画フォルダ（例: data/plans/tamana）か .xlsx",
    plan: "plan.yaml の id がこの値であることを確かめる",
    dryRun: "書き込まずに、何が変わるかだけを表示する",
    updateBoard:
      "登録済みの取組の列・天気・今後の方向性も、ファイルのとおりに変える（履歴に残ります）",
  },
  members: {
    about: "メンバー（LINE ユーザー）の登録・一覧・削除",
    add: "メンバーを登録します（登録済みなら役割と課を更新）",
    user: "LINE userId（U で始まる33文字）",
    name: "表示名",
    list: "メンバーの一覧",
    all: "無効になったメンバーも表示する",
    remove: "メンバーを無効にします（入力した実績の記録は残ります）",
  },
  publish: {
    about: "計画の公開ページ（/public/<計画ID>）を公開します。--off で非公開に戻します",
    off: "非公開にする",
  },
  plan: {
    about: "計画ごとの設定（確定実績の承認・月間メッセージ予算）",
    set: "確定実績の承認の要否と、月間のメッセージ予算を設定します",
    approval: "確定実績に課長・DX推進担当の承認を求める",
    budget: "この計画が1か月に使える LINE のメッセージ数（none で予算なし）",
    show: "計画ごとの設定を表示します",
  },
  template: {
    about: "計画を Excel で作るための取込用ひな形（.xlsx）を書き出します",
    out: "書き出すファイル（.xlsx）",
  },
  invite: {
    about: "招待コードを発行します（一回限り・有効期限つき）。出力の最後の行がコードです。",
    days: "有効期限（日）",
  },
  remind: {
    about: "今月のリマインドを今すぐ実行します。送信済みの人には送りません。",
    dryRun: "誰に何を送るかを表示するだけで、送信も記録もしない",
  },
  stats: {
    about: "リマインドごとの提出率（担当課別・期限内/期限後/未提出）を表示します",
    from: "この月のサイクルから",
    to: "この月のサイクルまで",
    format: "table・csv・json",
  },
  demo: {
    about:
      "同梱の計画とデモの報告（期限内・期限後・未提出を含む）で、別のデータベースを作ります。実際のデータには混ぜません",
    plan: "同梱の計画（tamana・matsue・tottori・inzai）",
    months: "何か月分のリマインドを作るか",
    out: "書き出すデータベース（既定: file:./data/demo-<計画>.db）",
    seed: "乱数の種（同じ種なら同じデモ）",
    force: "すでにあるデモのデータベースを作り直す",
  },
  schedule: {
    about: "リマインドの日時（日本時間）の設定",
    day: "毎月の日（1〜28）",
    period: "どの月の実績をお願いするか",
    followUpDays: "未報告の人へ再送するまでの開庁日数（土日・祝日・休日は数えない）",
    deadlineDays: "提出期限: リマインドから何開庁日後か（既定 5）",
    escalate: "再送のときに DX推進担当へ未報告の一覧を送る",
    disable: "リマインドを止める",
    show: "設定と、今後12回のリマインド日（休日で動いた日はその理由）を表示します",
    from: "この日から先のリマインド日を表示する（既定: 今日）",
    yearEnd: "年末年始の休み（既定 12-29..01-03）を設定します",
    range: "例: 12-29..01-03。休みなしは none",
    closed: "計画独自の休日（市の休日など）。土日・祝日・年末年始は設定しなくても休みです",
    closedName: "休日の名前（例: 市の休日）",
  },
  digest: {
    about: "進捗ダイジェストを表示します（--send で送信、--schedule で定期送信の設定）",
    send: "送信する（送信前に LINE の今月の残り通数を確かめ、足りなければ送りません）",
    to: "all・org:<課名>・role:<lead|office|viewer>・broadcast",
    schedule: "weekly か monthly で定期送信を設定する",
    day: "weekly: 曜日（0=日 … 6=土）、monthly: 日（1〜28）",
  },
  richmenu: {
    about: "LINE のリッチメニュー（役割ごと）",
    deploy:
      "担当課用と DX推進担当用のリッチメニューを LINE に登録し、メンバー全員を役割のメニューにリンクします",
    dryRun: "画像とメニュー定義を --out に書き出すだけで、LINE には何も送らない",
    out: "--dry-run の書き出し先",
  },
  chat: {
    about: "ローカルのサーバーに LINE ユーザーとして話しかけます（LINE アカウント不要）",
    url: "サーバーの URL",
    user: "送信者の LINE userId",
    once: "一つだけ送って、返答を表示して終わる",
  },
  synonyms: {
    about: "質問の検索で同じ意味として扱う言葉（同義語）の追加・一覧・削除",
    add: "同じ意味の言葉を2つ以上登録します（例: synonyms add 残業 時間外勤務 --plan tamana）",
    words: "同じ意味の言葉（空白かカンマ区切り）",
    list: "計画の同義語の一覧（plan.yaml のものと追加したもの）",
    remove: "追加した同義語を削除します（番号は list の #）",
    id: "list で表示される番号",
  },
  setup: {
    about:
      "本番の準備をまとめて行います: 値を .env に書き込み、計画を取り込み、Webhook URL を LINE に設定し、リッチメニューを登録し、DX推進担当の招待コードを発行して、最後に doctor で確かめます。手順を指定しないと、できる手順をすべて行います",
    publicUrl: "このサーバーの公開 URL（https://…）→ PUBLIC_BASE_URL",
    channelSecret: "Messaging API のチャネルシークレット → LINE_CHANNEL_SECRET",
    accessToken: "チャネルアクセストークン（長期）→ LINE_CHANNEL_ACCESS_TOKEN",
    loginChannelId: "LINE ログインチャネルのチャネルID → LINE_LOGIN_CHANNEL_ID",
    databaseUrl: "データベースの URL → DATABASE_URL",
    databaseAuthToken: "Turso のトークン → DATABASE_AUTH_TOKEN",
    envFile: "値の書き込み先（既定: .env。SHINCHOKU_ENV_FILE でも指定可）",
    workers:
      "Cloudflare Workers: 値を .env ではなく Worker のシークレットにする（npx wrangler secret put）",
    plan: "取り込む計画フォルダか Excel ブック",
    planId: "招待する計画（既定: 取り込んだ計画か、ただ一つの計画）",
    webhook: "Webhook URL を <公開URL>/webhook に設定して確かめる",
    richmenu: "リッチメニューを登録する（richmenu deploy と同じ）",
    invite: "DX推進担当の招待コードを発行する",
    org: "招待する DX推進担当の課",
    noDoctor: "最後に doctor で確かめない",
    noInput: "足りない値を尋ねない（端末でないときは尋ねません）",
  },
  doctor: {
    about:
      "本番で動かす準備ができているか（LINE のトークン・Webhook・LIFF・データベース・計画・メンバー・リッチメニュー・リマインド・送信可能数）を確かめ、直し方を表示します。すべて通れば終了コード 0",
    json: "結果を JSON で出力する（スクリプト用）",
  },
  export: {
    about: "進行管理報告書（Excel・PDF）とオープンデータ（CSV）の書き出し",
    report: "年度の進行管理報告書を書き出します（取組ごとに1シート／2ページ）",
    year: "報告する年度（R5、令和5年度、2023）",
    format: "xlsx か pdf（省略時は --out の拡張子から）",
    opendata: "指標・目標・実績をオープンデータの CSV（UTF-8、BOM 付き）で書き出します",
    cityCode: "全国地方公共団体コード（例: 玉名市 432067）",
    backup: "データベースの全ての表を1つのファイル（gzip した JSON）に書き出します",
    backupOut: "書き出すファイル（既定: shinchoku-backup-<日時>.json.gz）",
    restore:
      "バックアップを DATABASE_URL のデータベースに復元します（計画がすでにあるときは --force が必要）",
    backupFile: "バックアップファイル",
    force: "今あるデータをすべて消して復元する",
  },
  compare: {
    about: "他の市の公開データ（共通指標）を参照データとして取り込み・一覧・削除します",
    import:
      "オープンデータ CSV の共通指標の行を参照データとして取り込みます（同じ取込名は置き換え）。誤りがあれば何も書き込みません。",
    csv: "export opendata の CSV（または同じ列の国の公開データ）",
    label: "取込名（省略時はファイルの地方公共団体名）",
    list: "取り込んだ参照データの一覧",
    remove: "参照データを取込名ごと削除します",
    labelArg: "取込名",
  },
} as const;

/** `import`: the summary of an import (also printed by `setup --plan`) and its refusals. */
export const importText = {
  counts: (table: string, created: number, updated: number, unchanged: number) =>
    `  ${table}: 新規 ${created}・更新 ${updated}・変更なし ${unchanged}`,
  /** The board fields a re-import leaves alone unless `--update-board` (issue 14 §7). */
  boardFields: { column: "列", weather: "天気", outlook: "今後の方向性" },
  boardWillChange: (n: number) => `  ボードの状態をファイルのとおりに変えます（${n}件）:`,
  boardChanged: (n: number) =>
    `  ボードの状態をファイルのとおりに変えました（${n}件、履歴に残しています）:`,
  boardDiffers: (n: number) =>
    `  ボードの状態がファイルと違う取組があります（${n}件、変えていません。ファイルのとおりにするには --update-board を付けてください）:`,
  none: "（なし）",
  boardDifference: (code: string, field: string, current: string, imported: string) =>
    `    ${code} ${field}: ${current} → ${imported}（ファイル）`,
  dryRunHead: (planId: string, created: boolean, changed: boolean) =>
    `【確認のみ・まだ書き込んでいません】計画「${planId}」${created ? "は新しく登録されます" : "を更新できます"}${changed ? "。--dry-run を外すと書き込みます" : "（取り込んでも変わるものはありません）"}`,
  head: (planId: string, created: boolean, changed: boolean) =>
    `計画「${planId}」${created ? "を新しく登録しました" : "を取り込みました"}${changed ? "" : "（変更はありませんでした）"}`,
  notInBundle: (codes: string[]) =>
    `  ファイルにない取組（削除はしていません）: ${codes.join("、")}`,
  /** cli-progress's format string (its `{bar}` … placeholders). */
  progress: "取り込み中 [{bar}] {percentage}% {value}/{total}行",
  refused: (n: number) => `取り込めません。${n}件の問題があります（何も書き込んでいません）:`,
} as const;

/** `members add|list|remove`. */
export const membersText = {
  added: (lineUserId: string, role: string, department: string | null) =>
    `登録しました: ${lineUserId}（${role}${department ? `・${department}` : ""}）`,
  /** The lead menu's name where a member's menu is reported. */
  leadMenu: "担当課",
  menuLinked: (menu: string) => `リッチメニュー（${menu}）をリンクしました。`,
  menuLinkFailed: (error: string) =>
    `リッチメニューをリンクできませんでした（登録は完了しています）: ${error}`,
  noMembers: (planId: string) => `計画「${planId}」のメンバーはまだいません。`,
  inactive: "（無効）",
  removed: (lineUserId: string) => `無効にしました: ${lineUserId}（入力した記録は残ります）`,
} as const;

/** `publish`. */
export const publishText = {
  withdrawn: (planId: string) => `計画「${planId}」の公開ページを非公開にしました。`,
  published: (planId: string) =>
    `計画「${planId}」を公開しました: /public/${planId}（LINE ID や報告者の名前は表示されません）`,
} as const;

/** `plan set|show`. */
export const planText = {
  approvalWords: { required: "必要（課長またはDX推進担当の承認後に反映）", none: "不要" },
  approval: (words: string) => `確定実績の承認: ${words}`,
  noBudget: (used: number) => `月間メッセージ予算: なし（今月 ${used}通）`,
  budget: (budget: number, used: number, left: number) =>
    `月間メッセージ予算: ${budget}通（今月 ${used}通使用・残り ${left}通）`,
  badApproval: "--approval は required か none です。",
  badBudget: "--budget は 0〜1000000 の通数か none（予算なし）です。",
  nothingToChange: "変更する設定を --approval か --budget で指定してください。",
  changed: (planId: string) => `計画「${planId}」の設定を変更しました。`,
} as const;

/** One column of a template sheet: its width, the note on its header cell, its drop-down values. */
export interface TemplateColumn {
  width: number;
  note: string;
  list?: readonly string[];
}

type TableKey = keyof typeof TABLE_COLUMNS;

/** 出典 and 出典メモ (shared/provenance.ts) on a sheet; `what` names what they are about there. */
function provenanceColumns(what: string): Record<string, TemplateColumn> {
  const [source, memo] = PROVENANCE_COLUMNS;
  return {
    [source]: {
      width: 8,
      note: `${what}の出典。空欄は印刷（計画書に書かれているとおり）。読取・推定は資料から読み取った・推し量った値`,
      list: PROVENANCE_SOURCES.map((k) => PROVENANCE_LABELS[k]),
    },
    [memo]: { width: 30, note: "読み取った・推定した根拠（例: 工程表の列が欠けている）" },
  };
}

/**
 * `template`: the workbook's notes. `columns` describes, per table, the columns the template
 * writes, in its order, keyed by the format's column name (shared/import-format.ts
 * `TABLE_COLUMNS`, which also says which are required; tests/cli/text-homes.test.ts checks that
 * every key is one of the table's columns).
 */
export const templateText = {
  title: "shinchoku 計画取込用ブック",
  intro:
    "シートごとに1つの表です。1行目が見出しです。見出しは変えないでください。取り込み: npx shinchoku import plan.xlsx",
  /** The headings of the notes sheet. */
  noteHeadings: ["シート", "列", "必須", "説明"],
  required: "必須",
  /** The headings of the plan sheet (a key, its value, what it means). */
  planHeadings: ["項目", "値", "説明"],
  /** The plan sheet's rows: plan.yaml's key, a default value, what to write. */
  planRows: [
    ["id", "", "計画ID（半角英小文字・数字・ハイフン。例: tamana）"],
    ["name", "", "計画の名称"],
    ["city", "", "自治体名（例: 玉名市）"],
    ["source", "", "出典（計画書の名称・発行年月）"],
    ["period.from", "", "計画の最初の年度（例: R4）"],
    ["period.to", "", "計画の最後の年度（例: R8）"],
    [
      "review.cadence",
      "yearly",
      "レビュー（天気・今後の方向性・進捗の記述）の周期: yearly（毎年）・half-yearly（半期）・quarterly（四半期）・monthly（毎月）",
    ],
    ["levels", "", "体系の階層名を ; 区切りで上から（例: 基本方針;基本施策）"],
    ["initiativeLabel", "取組", "取組の呼び方（例: 取組事項）"],
    ["codeLabel", "番号", "番号の呼び方（例: 管理番号）"],
    ["narrativeLabels", "現状・課題;取組内容;取組効果", "記述シートで使う項目名（; 区切り）"],
    ["grades.progress.label", "進捗状況", "評価を使わない計画では grades の行を消してください"],
    ["grades.progress.scale.S", "計画以上に進捗", ""],
    ["grades.progress.scale.A", "計画どおり進捗", ""],
    ["grades.progress.scale.B", "計画より遅れている", ""],
    ["grades.progress.scale.C", "未着手", ""],
    ["grades.progress.reasonRequired", "S;B;C", "理由が必要な評価"],
    ["grades.achievement.label", "達成状況", ""],
    ["grades.achievement.scale.S", "目標を大幅に達成", ""],
    ["grades.achievement.scale.A", "目標どおり達成", ""],
    ["grades.achievement.scale.B", "目標を下回った", ""],
    ["grades.achievement.scale.C", "目標を大幅に下回った", ""],
    ["grades.achievement.reasonRequired", "S;B;C", ""],
    ["weather", "晴れ;くもり;雨", "天気の値"],
  ] as [string, string, string][],
  columns: {
    departments: {
      名称: { width: 20, note: "課・部の名前（例: 総務課）" },
      上位: { width: 16, note: "所属する部（この表の名称）" },
      種別: { width: 8, note: "部 か 課（空欄は課）", list: ["部", "課"] },
    },
    branches: {
      ID: { width: 10, note: "体系を区別するID（例: 1、1-ア）" },
      階層: { width: 8, note: "1 が最上位（計画シートの levels の順）" },
      記号: { width: 10, note: "計画書の記号（例: 【1】、ア、A1）" },
      名称: { width: 40, note: "基本方針・基本施策などの名称" },
      上位ID: { width: 10, note: "一つ上の階層のID（階層2以下で必須）" },
      ビジョン: {
        width: 40,
        note: "この体系がめざす姿（計画書のとおり。松江市の柱のビジョンなど）",
      },
      達成すべき状態: { width: 40, note: "ビジョンを実現する状態。; 区切りで計画書の順に" },
    },
    initiatives: {
      コード: { width: 10, note: "計画書のとおりの番号（例: ③-1、B1-5a、No.44）" },
      取組名: { width: 36, note: "" },
      体系ID: { width: 10, note: "最下層の体系ID" },
      担当課: { width: 24, note: "; 区切りで複数可。最初が主担当" },
      再掲: { width: 12, note: "再掲先の体系ID（; 区切り）" },
      親コード: { width: 10, note: "枝番の取組の親" },
      列: { width: 14, note: "ボードの列のキー（最初の取込時のみ）" },
      天気: { width: 8, note: "晴れ・くもり・雨", list: ["晴れ", "くもり", "雨"] },
      今後の方向性: { width: 10, note: "", list: ["継続", "拡充", "見直し", "完了", "廃止"] },
      方向性理由: { width: 30, note: "" },
      タグ: { width: 16, note: "; 区切り" },
      並び順: { width: 10, note: "並べ替えのキー（空欄はコードの順）" },
      ...provenanceColumns("取組名"),
    },
    narratives: {
      コード: { width: 10, note: "取組のコード" },
      年度: { width: 8, note: "空欄は計画全体の記述。年度別はR5など" },
      期間: { width: 10, note: "レビューの期間（四半期ならR7Q2）。空欄は年度の記述" },
      時点: { width: 12, note: "記述の時点（例: 2025-09-29）。期間のある行に" },
      項目: { width: 14, note: "現状・課題、取組内容 など（計画シートの narrativeLabels）" },
      本文: { width: 80, note: "セル内改行できます" },
    },
    reviews: {
      コード: { width: 10, note: "取組のコード" },
      期間: { width: 10, note: "計画シートの review.cadence の期間（R7、R7H1、R7Q2、2025-08）" },
      時点: { width: 12, note: "レビューの時点（例: 2025-09-29）。期間の開始日以降" },
      天気: { width: 8, note: "晴れ・くもり・雨", list: ["晴れ", "くもり", "雨"] },
      今後の方向性: { width: 10, note: "", list: ["継続", "拡充", "見直し", "完了", "廃止"] },
      方向性理由: { width: 30, note: "" },
      ...provenanceColumns("期間・時点・天気・今後の方向性"),
    },
    schedule: {
      コード: { width: 10, note: "" },
      項目: { width: 30, note: "工程表の行の名前" },
      期間: { width: 12, note: "R5、R6～R8、R10以降、R7Q2、2024-06" },
      内容: { width: 30, note: "検討・準備・導入 など" },
      ...provenanceColumns("期間"),
    },
    indicators: {
      指標ID: { width: 10, note: "例: ①-1" },
      コード: { width: 10, note: "取組のコード（空欄は計画全体のKGI）" },
      指標名: { width: 40, note: "" },
      単位: { width: 8, note: "%、人、件、円、千円 など" },
      方向: { width: 8, note: "上昇・低下・到達・期日", list: ["上昇", "低下", "到達", "期日"] },
      基準値: { width: 24, note: "" },
      "目標（原文）": { width: 24, note: "計画書のとおりの目標の書き方" },
      備考: { width: 24, note: "" },
      種類: {
        width: 16,
        note: "空欄は水準。削減・累計・効果額（期間合計）など",
        list: INDICATOR_KINDS.map((k) => INDICATOR_KIND_LABELS[k]),
      },
      基準年度: { width: 10, note: "削減・増減の基準の年度（例: R2）" },
      "基準値（数値）": { width: 14, note: "基準の値（単位は指標の単位）" },
      共通指標: {
        width: 24,
        note: "カタログの共通指標（例: mynumber-card-rate、マイナンバーカード保有率）。該当しなければ空欄",
      },
      担当課: {
        width: 14,
        note: "取組の担当課のうち、この指標の数値を報告する課。空欄は取組の最初の担当課",
      },
      ...provenanceColumns("指標（指標名）"),
    },
    targets: {
      指標ID: { width: 10, note: "" },
      期間: { width: 10, note: "R5、R7Q4、2024-06" },
      値: { width: 14, note: "数値（13億、98.4% も可）" },
      原文: { width: 16, note: "計画書のとおり（値が空欄なら必須）" },
      ...provenanceColumns("目標値・年度"),
    },
    actuals: {
      指標ID: { width: 10, note: "" },
      期間: { width: 10, note: "" },
      値: { width: 14, note: "" },
      原文: { width: 16, note: "" },
      区分: { width: 8, note: "確定（年度の実績）か 速報", list: ["確定", "速報"] },
      ...provenanceColumns("実績値"),
    },
    grades: {
      コード: { width: 10, note: "" },
      年度: { width: 8, note: "" },
      種別: { width: 10, note: "", list: ["進捗状況", "達成状況"] },
      評価: { width: 6, note: "S・A・B・C、対象外は -", list: ["S", "A", "B", "C", "-"] },
      理由: { width: 60, note: "S と B・C では必須（玉名市の様式）" },
      ...provenanceColumns("評価"),
    },
  } satisfies Record<TableKey, Record<string, TemplateColumn>>,
  badOut: "--out には .xlsx のファイル名を指定してください。",
  written: (path: string) => `取込用のひな形を書き出しました: ${path}`,
} as const;

/** `invite`. */
export const inviteText = {
  issued: (department: string | undefined, role: string, until: string) =>
    `招待コードを発行しました（${department ? `${department}・` : ""}${role}、一回限り、${until} まで有効）。`,
  addFriend: (url: string) => `友だち追加: ${url}`,
  sendIt: "このコードを LINE のトークで shinchoku に送ってもらってください:",
} as const;

/** `remind`: the cycle's report and, with `--dry-run`, the messages it will use. */
export const remindText = {
  official: "確定実績",
  provisional: "速報",
  head: (planId: string, cycleMonth: string, period: string, kind: string) =>
    `計画「${planId}」 ${cycleMonth} のリマインド（${period}・${kind}）`,
  leads: (leads: number, due: number) => `  担当課リーダー ${leads}人、報告をお願いする人 ${due}人`,
  previewOnly: "  【確認のみ・送信も書き込みもしていません】",
  /** A lead the dry run would remind, and the items they would be asked for. */
  previewLine: (lineUserId: string, department: string, items: string[]) =>
    `  → ${lineUserId}（${department}）\n      ${items.join("\n      ")}`,
  sent: (sent: number, alreadyAccepted: number, failed: number, pending: number) =>
    `  送信 ${sent}件${alreadyAccepted ? `（うち LINE 受付済みの再送 ${alreadyAccepted}件）` : ""}、失敗 ${failed}件、未送信 ${pending}件`,
  nothingNew: "  このサイクルは送信済みです。新しく送るものはありません。",
  stopped: (reason: string) => `  停止: ${reason}`,
  messagesUsed: (now: number, later: number, followUps: number, managers: number) =>
    `  使う通数: リマインド ${now}通（1人1通）、あとで最大 ${later}通（再送 ${followUps}・課長へのお知らせ ${managers}）`,
  quotaLeft: (left: number, limit: number, used: number) =>
    `  今月の LINE の残り: ${left}通（上限 ${limit}通・使用済み ${used}通）`,
  quotaShort: (short: number) =>
    `  ⚠ 残りが足りません。このまま送ると ${short}人に届かず、サイクルは止まります（月が替わるか追加購入のあと npx shinchoku remind で再開）。`,
  quotaMaybeShort: "  ⚠ 再送や課長へのお知らせの分まで残りが足りないかもしれません。",
  budgetLeft: (left: number, budget: number, used: number) =>
    `  この計画の今月の予算の残り: ${left}通（予算 ${budget}通・使用済み ${used}通）`,
  budgetShort: (left: number, planId: string) =>
    `  ⚠ 予算が足りません。このまま送ると ${left}人に送ったところでサイクルは止まります（予算を見直す: npx shinchoku plan set --plan ${planId} --budget <通数>、または来月 npx shinchoku remind で再開）。`,
  budgetMaybeShort: "  ⚠ 再送や課長へのお知らせの分まで予算が足りないかもしれません。",
  allFailed: (failed: number, planId: string) =>
    `送信がすべて失敗しました（${failed}件）。LINE の状態を確認して、もう一度 npx shinchoku remind --plan ${planId} を実行してください（送信済みの人には送りません）。`,
} as const;

/** `schedule set|show` and the plan's business calendar (`schedule closed|year-end`). */
export const scheduleText = {
  /** A setting out of its range: the flag, then the rule (shared/reminder-plan.ts SCHEDULE_RULES). */
  badSetting: (flag: string, rule: string) => `${flag} は ${rule}`,
  badFrom: "--from は YYYY-MM-DD の日付で指定してください。",
  notSet: (planId: string) =>
    `計画「${planId}」のリマインドはまだ設定されていません（npx shinchoku schedule set）。`,
  describe: (
    planId: string,
    s: {
      enabled: boolean;
      dayOfMonth: number;
      time: string;
      previousMonth: boolean;
      deadlineDays: number;
      followUpDays: number | null;
      escalate: boolean;
    },
  ) =>
    [
      `計画「${planId}」のリマインド: ${s.enabled ? "有効" : "停止中"}`,
      `  毎月 ${s.dayOfMonth}日 ${s.time}（日本時間。休日なら次の開庁日）に、${s.previousMonth ? "前月分" : "当月分"}の実績をお願いします（4月は前年度の確定実績）。`,
      `  提出期限: リマインドから${s.deadlineDays}開庁日後の終わりまで`,
      `  再送: ${s.followUpDays ? `${s.followUpDays}開庁日後に未報告の人へ1回` : "なし"}、DX推進担当への未報告一覧: ${s.escalate ? "あり" : "なし"}`,
    ].join("\n"),
  /** `12/29〜01/03` from `12-29` and `01-03`. */
  yearEndRange: (from: string, to: string) => `${from.replace("-", "/")}〜${to.replace("-", "/")}`,
  yearEnd: (range: string) => `年末年始 ${range}`,
  noYearEnd: "年末年始の休みなし",
  holidays: (yearEnd: string, ownDays: number) =>
    `  休日: 土日・祝日（振替休日・国民の休日を含む）・${yearEnd}${ownDays ? `・計画の休日 ${ownDays}日` : ""}`,
  upcoming: (count: number, time: string) => `  今後${count}回のリマインド（${time}・日本時間）:`,
  /** `（5月分）` after a date that moved into another month than its cycle's. */
  cycleOfMonth: (month: number) => `（${month}月分）`,
  badDate: "--date は YYYY-MM-DD の日付で指定してください。",
  badDateExample: "--date は YYYY-MM-DD の日付で指定してください。例: 2027-06-01",
  noName: "--name に休日の名前を指定してください。例: 市の休日",
  closedAdded: (planId: string, date: string, name: string) =>
    `計画「${planId}」の休日に ${date} ${name} を加えました。この日のリマインドとダイジェストは次の開庁日に送ります。`,
  closedRemoved: (planId: string, date: string) =>
    `計画「${planId}」の休日から ${date} を外しました。`,
  noSuchClosed: (planId: string, date: string) =>
    `計画「${planId}」に ${date} の休日はありません。`,
  noClosed: (planId: string) =>
    `計画「${planId}」に独自の休日はありません（土日・祝日・年末年始は設定なしで休みです）。`,
  badRange: "--range は MM-DD..MM-DD（例: 12-29..01-03）か none で指定してください。",
  yearEndSet: (planId: string, range: string) =>
    `計画「${planId}」の年末年始の休みを ${range} にしました。`,
  yearEndNone: (planId: string) =>
    `計画「${planId}」は年末年始も土日・祝日以外は開庁日として扱います。`,
} as const;

/** `stats`: the reporting rate as a table, CSV or JSON. */
export const statsText = {
  /** The 担当課 value of a cycle's overall row in the CSV. */
  overall: "全体",
  csvHeaders: {
    cycleMonth: "サイクル",
    period: "対象期間",
    department: "担当課",
    unitsAsked: "依頼した課",
    unitsComplete: "提出済みの課",
    unitsOnTime: "期限内に提出した課",
    ratePercent: "提出率(%)",
    onTimePercent: "期限内率(%)",
    asked: "依頼した指標",
    onTime: "期限内",
    late: "期限後",
    missing: "未提出",
  },
  status: {
    complete_on_time: "提出済み（期限内）",
    complete_late: "提出済み（期限後）",
    partial: "一部未提出",
    none: "未提出",
  },
  noCycles: "この期間のリマインドはありません。",
  noneAsked: "依頼なし",
  cycleLine: (
    cycleMonth: string,
    period: string,
    headline: string,
    reported: number,
    asked: number,
    late: number,
    missing: number,
  ) =>
    `${cycleMonth}（${period}分）  ${headline}  指標 ${reported}/${asked}（期限後 ${late}・未提出 ${missing}）`,
  byDepartment: (cycleMonth: string) => `${cycleMonth} の担当課別:`,
  departmentLine: (
    department: string,
    reported: number,
    asked: number,
    status: string,
    late: number,
  ) => `  ${department} ${reported}/${asked}  ${status}${late ? `（期限後 ${late}件）` : ""}`,
  badMonth: (flag: string) => `${flag} は YYYY-MM（例: 2024-04）で指定してください。`,
  badFormat: "--format は table・csv・json のどれかです。",
} as const;

/** `demo`. */
export const demoText = {
  badMonths: "--months は 1〜24 の月数です。",
  noPlan: (planId: string) =>
    `同梱の計画「${planId}」はありません（data/plans のフォルダ名: tamana, matsue, tottori, inzai）。`,
  outNotFile: "--out はファイルのデータベース（file:…）を指定してください。",
  notTheRealDatabase:
    "デモのデータは DATABASE_URL のデータベースには書き込みません。--out で別のファイルを指定してください。",
  exists: (url: string) => `${url} はすでにあります。作り直すときは --force を付けてください。`,
  importFailed: (planId: string) => `計画「${planId}」を取り込めませんでした。`,
  created: (
    url: string,
    planId: string,
    r: { members: number; cycles: number; onTime: number; late: number; missing: number },
  ) =>
    [
      `デモのデータベースを作りました: ${url}（計画名の先頭に【デモ】、メンバーは「デモ」で始まる名前です）`,
      `  メンバー ${r.members}人、リマインド ${r.cycles}回、実績 期限内 ${r.onTime}件・期限後 ${r.late}件・未提出 ${r.missing}件`,
      "見てみるには:",
      `  DATABASE_URL=${url} npx shinchoku stats --plan ${planId}`,
      `  DATABASE_URL=${url} npx shinchoku digest --plan ${planId}`,
      `  DATABASE_URL=${url} npm start`,
    ].join("\n"),
} as const;

/** `digest`: the preview, the send, the schedule. */
export const digestCommandText = {
  badAudience: (to: string) =>
    `--to は all・org:<課名>・role:<lead|office|viewer>・broadcast のいずれかです（「${to}」）。`,
  badCadence: "--schedule は weekly か monthly です。",
  badWeekday: "--day は曜日（0=日 … 6=土）です。",
  badDayOfMonth: "--day は 1〜28 です。",
  badTime: "--time は HH:MM（日本時間）です。",
  weekly: (weekday: number) => `毎週${"日月火水木金土"[weekday]}曜`,
  monthly: (day: number) => `毎月${day}日`,
  scheduled: (planId: string, when: string, time: string, to: string) =>
    `計画「${planId}」のダイジェストを${when} ${time}（日本時間）に ${to} へ送るよう設定しました。`,
  flexHeading: "\n--- Flex Message（LINE での表示）---",
  previewOnly: "\n（プレビューのみ。送信するには --send を付けてください）",
  sent: (recipients: number, batches: number, remainingAfter: number | null) =>
    `ダイジェストを ${recipients}人に送りました（${batches}回に分けて送信）${remainingAfter !== null ? `（今月の残り ${remainingAfter}通）` : ""}。`,
} as const;

/** `synonyms add|list|remove`. */
export const synonymsText = {
  sources: { plan: "plan.yaml", office: "追加" },
  added: (id: number, words: string[]) =>
    `同じ意味の言葉として登録しました（#${id}）: ${words.join(" = ")}`,
  usedFromNext: "次の質問から検索に使われます。",
  none: (planId: string) =>
    `計画「${planId}」の同義語はまだありません（組み込みの辞書は常に使われます）。`,
  badId: "削除する同義語の番号（list の #）を指定してください。",
  removed: (id: number) => `削除しました（#${id}）。`,
  cannotRemove: (id: number) =>
    `#${id} は削除できません（番号が違うか、plan.yaml の同義語です。plan.yaml は取り込み直してください）。`,
} as const;

/** `richmenu deploy`. */
export const richmenuText = {
  kinds: {
    lead: `担当課メニュー（${ROLE_LABELS.lead}・${ROLE_LABELS.viewer}）`,
    office: `${ROLE_LABELS.office}メニュー`,
  },
  /** A message button's text in the dry run: `「ヘルプ」`. */
  quoted: (text: string) => `「${text}」`,
  drawn: (kind: string, png: string, kb: number) => `${kind}: ${png}（${kb} KB）`,
  noLiffId: "LIFF_ID が未設定のため、「ボード」はLIFF_IDの設定を案内するボタンになります。",
  dryRunOnly: "（確認のみ・LINE には何も送っていません）",
  noToken:
    "LINE_CHANNEL_ACCESS_TOKEN が設定されていません。リッチメニューを LINE に登録するにはチャネルアクセストークンが必要です（画像の確認だけなら --dry-run）。",
  menu: (kind: string, richMenuId: string, aliasId: string) =>
    `${kind} ${richMenuId}（エイリアス ${aliasId}）`,
  deployed: (menus: string[]) => `リッチメニューを登録しました: ${menus.join("、")}`,
  linkFailures:
    "一部のメンバーをリンクできませんでした。もう一度 npx shinchoku richmenu deploy を実行してください。",
  lineError: (message: string) => `LINE がエラーを返しました: ${message}`,
} as const;

/** `chat`: the terminal chat with the local bot. */
export const chatText = {
  unreachable: (url: string) =>
    `${url} に接続できません。別のターミナルで npm start を実行してから試してください。`,
  status: (status: number, body: string) => `サーバーが ${status} を返しました: ${body}`,
  checkSecret: "LINE_CHANNEL_SECRET がサーバーとこのコマンドで同じか確かめてください。",
  noReply:
    "返答が届きませんでした（サーバーが LINE へ実際に送信する設定のときは、返答は LINE に届きます）。",
  welcome: (url: string, user: string) =>
    `shinchoku chat — ${url} に ${user} として話しかけます。終了は Ctrl+D。例: ペーパーレス、窓口、⑲`,
} as const;

/** `compare import|list|remove`. */
export const compareText = {
  unreadable: (file: string) => `ファイル「${file}」を読めません。`,
  issue: (row: number, column: string | null | undefined, message: string) =>
    `${row}行目${column ? `・列「${column}」` : ""}: ${message}`,
  refused: (n: number) => `${n}件の誤りがあります。何も取り込んでいません。`,
  noRows: "共通指標のある行がありません。何も取り込んでいません。",
  severalCities: (cities: string[]) =>
    `ファイルに複数の団体（${cities.join("、")}）があります。--label で取込名を指定してください。`,
  imported: (label: string, rows: number, catalogs: string[], skipped: number, replaced: number) =>
    `参照データ「${label}」を取り込みました: ${rows}行（共通指標 ${catalogs.length}件: ${catalogs.join("、")}）。` +
    (skipped ? `共通指標のない${skipped}行は取り込んでいません。` : "") +
    (replaced ? `前回の${replaced}行と置き換えました。` : ""),
  none: "参照データはまだありません（npx shinchoku compare import <csv>）。",
  /** A source in `compare list`, tab-separated. */
  source: (
    source: string,
    cities: string[],
    rows: number,
    catalogs: string[],
    file: string,
    when: string,
  ) => `${source}\t${cities.join("、")}\t${rows}行\t${catalogs.join(",")}\t${file}\t${when}`,
  noSource: (label: string) =>
    `参照データ「${label}」はありません（compare list で確かめられます）。`,
  removed: (label: string, n: number) => `参照データ「${label}」（${n}行）を削除しました。`,
} as const;

/** `export report|opendata`, `backup`, `restore`. */
export const exportText = {
  badYear: (year: string) =>
    `--year は年度です（例: R5、令和5年度、2023）。「${year}」は読めません。`,
  reportWritten: (
    planName: string,
    year: string,
    initiatives: number,
    initiativeLabel: string,
    path: string,
  ) =>
    `${planName} 進行管理報告書（${year}実績、${initiatives}件の${initiativeLabel}）を書き出しました: ${path}`,
  badCityCode: (code: string) =>
    `--city-code は6桁の全国地方公共団体コード（検査数字つき）です。「${code}」は正しくありません（例: 玉名市 432067）。`,
  openDataWritten: (rows: number, path: string) =>
    `オープンデータ（${rows}行）を書き出しました: ${path}`,
  noCityCode: "（全国地方公共団体コードの列は空です。--city-code 432067 のように指定できます）",
  /** `inbox`: the inbox file's unfinished events saved with the backup; null when it has none to save. */
  backupWritten: (
    path: string,
    tables: number,
    rows: number,
    plans: number,
    migrations: number,
    inbox: number | null,
  ) =>
    `バックアップを書き出しました: ${path}（表 ${tables}・${rows}行・計画 ${plans}件${
      inbox === null ? "" : `、受信箱の未処理メッセージ ${inbox}件`
    }、マイグレーション ${migrations}件）`,
  backupUnreadable: (file: string) => `バックアップファイル「${file}」を読めません。`,
  /** `events`: unfinished webhook events put back into the inbox file. */
  restored: (tables: number, rows: number, plans: string[], replaced: number, events: number) =>
    `復元しました: 表 ${tables}・${rows}行（計画: ${plans.join("、") || "なし"}）。${
      replaced ? `それまでのデータ ${replaced}行は削除しました。` : ""
    }${events ? `受信箱の未処理メッセージ ${events}件を戻しました（サーバーの次の起動時に処理されます）。` : ""}`,
} as const;

/** The marks of the doctor's items and of setup's steps. */
const MARK = { ok: "✓", warn: "⚠", fail: "✗", skip: "－" } as const;

/** `doctor`: the report's lines (the items themselves are in {@link doctorChecks}). */
export const doctorText = {
  marks: MARK,
  heading: "shinchoku doctor: 本番で動かす準備ができているかを確かめます（何も変更しません）",
  tally: (total: number, ok: number, warn: number, fail: number, skip: number) =>
    `${total}項目中 ${MARK.ok}${ok} ${MARK.warn}${warn} ${MARK.fail}${fail} ${MARK.skip}${skip}`,
  okWithWarnings: (tally: string) =>
    `結果: ${tally}。動かせます。⚠ の項目は → のとおり確かめてください。`,
  allOk: (tally: string) => `結果: ${tally}。すべて確認できました。`,
  failed: (tally: string) =>
    `結果: ${tally}。✗ の項目を → のとおり直して、もう一度 npx shinchoku doctor を実行してください。`,
} as const;

const CONSOLE = "LINE Developers コンソール（https://developers.line.biz/console/）";
const AGAIN = "しばらくしてからもう一度実行してください。";
const NO_TOKEN = "チャネルアクセストークンが使えないため確かめていません";

/** `doctor`'s `db.inbox` item: the webhook inbox file beside the database (docs/reliability.md §1). */
export const doctorInboxText = {
  label: "Webhook の受信箱",
  notCreated: (path: string) => `${path} がまだありません（サーバーの起動時に作られます）`,
  startFix: "npm start でサーバーを起動してください。",
  unreadable: (path: string, why: string) => `${path} を開けません: ${why}`,
  unreadableFix:
    "サーバーを止め、このファイルを別の名前に移してから起動すると、空の受信箱が作られます（中の未処理のメッセージは失われます）。",
  noTables: (path: string, tables: string[]) =>
    `${path} に表（${tables.join("、")}）がありません（サーバーの起動時に作られます）`,
  ok: (where: string, unfinished: number) =>
    unfinished > 0
      ? `${where}（処理中 ${unfinished}件）`
      : `${where}（未処理のメッセージはありません）`,
  /** `failed`: events given up on, said after the unfinished ones when there are any. */
  stuck: (where: string, unfinished: number, age: string, failed: number) =>
    `${where}: 未処理のメッセージが ${unfinished}件あります（最も古いものは ${age}に受信）${
      failed > 0 ? `。応答できなかったメッセージが ${failed}件あります` : ""
    }`,
  stuckFix:
    "サーバーが起動しているか確かめてください。起動中なら、ログの「inbox」の行で処理が止まっている理由を確かめてください。",
  failed: (n: number) => `応答できなかったメッセージが ${n}件あります`,
  failedFix:
    "ログの「inbox」の行で失敗の理由を確かめてください（LINE の送信上限や接続の失敗など）。",
  mainDatabase: "データベース内",
  notSqlite: "SQLite のデータベースファイルではありません",
  skipNoDatabase: "データベースに接続できないため確かめていません",
  skipNotMigrated: "データベースの更新（マイグレーション）が済んでいないため確かめていません",
  age: (minutes: number) =>
    minutes < 60
      ? `${minutes}分前`
      : minutes < 48 * 60
        ? `${Math.floor(minutes / 60)}時間前`
        : `${Math.floor(minutes / 1440)}日前`,
} as const;

/**
 * The doctor's items (bot/setup/doctor.ts): each item's label, and what it found (`…`, in the
 * item's line) and how to fix it (`…Fix`, after →), by item.
 */
export const doctorChecks = {
  labels: {
    "line.access_token": "チャネルアクセストークン",
    "line.channel_secret": "チャネルシークレット",
    public_base_url: "公開URL（PUBLIC_BASE_URL）",
    "webhook.endpoint": "Webhook URL",
    "webhook.active": "Webhookの利用",
    "webhook.test": "Webhookの疎通",
    "login.channel_id": "LINE ログインのチャネルID",
    "liff.id": "LIFF ID",
    "db.reachable": "データベース",
    "db.migrations": "データベースの更新（マイグレーション）",
    "db.inbox": doctorInboxText.label,
    "plan.imported": "計画",
    "members.office": "DX推進担当のメンバー",
    "richmenu.deployed": "リッチメニュー",
    "richmenu.default": "既定のリッチメニュー",
    "reminders.schedule": "リマインドの日程",
    "line.quota": "今月の送信可能数",
  },
  /** A LINE error without an HTTP status. */
  connectionError: "接続エラー",
  timeout: (what: string, seconds: number) => `${what}: ${seconds} 秒以内に応答がありません`,
  tryAgainFix: AGAIN,
  notFromLine: (error: string) => `LINE から取得できません: ${error}`,
  skippedNoToken: NO_TOKEN,
  skippedNoDatabase: "データベースに接続できないため確かめていません",
  skippedNoPlan: "計画がないため確かめていません",
  cannotCheck: (error: string) => `確かめられません: ${error}`,
  migrateFirstFix: "データベースの更新（マイグレーション）を先に直してください。",

  token: {
    fix: `${CONSOLE}で Messaging API チャネルを開き、「Messaging API設定」の「チャネルアクセストークン（長期）」を発行して LINE_CHANNEL_ACCESS_TOKEN に設定してください。`,
    missing: "LINE_CHANNEL_ACCESS_TOKEN が設定されていません（LINE には何も送れません）",
    valid: (displayName: string, basicId: string) =>
      `有効です（ボット「${displayName}」、ID ${basicId}）`,
    refused: (status: number) =>
      `LINE がトークンを受け付けません（${status}）。別のチャネルのトークンか、発行し直して無効になったトークンです`,
    unreachable: (apiBaseUrl: string, error: string) =>
      `LINE（${apiBaseUrl}）に問い合わせできません: ${error}`,
    unreachableFix:
      "ネットワーク（プロキシ・ファイアウォール）と LINE_API_BASE_URL（通常は未設定で https://api.line.me）を確かめてください。",
  },
  secret: {
    fix: `${CONSOLE}で Messaging API チャネルの「チャネル基本設定」にある「チャネルシークレット」を LINE_CHANNEL_SECRET に設定してください。`,
    missing: "LINE_CHANNEL_SECRET が設定されていません（LINE からの Webhook を確かめられません）",
    notHex:
      "設定されていますが、LINE のチャネルシークレットの形（32桁の英数字 0-9a-f）ではありません",
    set: "設定されています（正しいかは Webhook の疎通で確かめます）",
  },
  publicUrl: {
    fix: "このサーバーを LINE とスマートフォンから開ける URL（例: https://shinchoku.example.jp）を PUBLIC_BASE_URL に設定してください。",
    missing: "PUBLIC_BASE_URL が設定されていません",
    problem: (url: string, problem: string) => `${url} は ${problem}`,
  },
  webhook: {
    setFix: (url: string) =>
      `npx shinchoku setup --webhook を実行するか、${CONSOLE}の「Messaging API設定」で Webhook URL を ${url} にしてください。`,
    skippedNoEndpoint: "Webhook URL を取得できなかったため確かめていません",
    notSet: "設定されていません",
    placeholderUrl: "https://<このサーバー>/webhook",
    unverifiable: (endpoint: string) =>
      `${endpoint} になっていますが、PUBLIC_BASE_URL が使えないため、このサーバーか確かめられません`,
    fixPublicUrlFirst: "PUBLIC_BASE_URL（公開URL）の項目を直してください。",
    elsewhere: (endpoint: string, expected: string) =>
      `${endpoint} になっています（このサーバーは ${expected}）`,
    on: "オンです",
    off: "オフです（LINE はメッセージをサーバーに送りません）",
    offFix: `${CONSOLE}の「Messaging API設定」で「Webhookの利用」をオンにしてください（API からはオンにできません）。`,
    skippedNoTarget: "送り先の URL がないため確かめていません",
    answered: (target: string, status: number) =>
      `LINE からの確認に ${target} が ${status} で応答しました`,
    signatureRefused: (target: string, status: number) =>
      `${target} が LINE の署名を拒否しました（${status}）`,
    signatureFix:
      "LINE_CHANNEL_SECRET がこのチャネルのチャネルシークレットか確かめ、サーバーを再起動してください。",
    status: (status: number) => `ステータス ${status}`,
    noAnswer: "応答なし",
    unreachable: (target: string, answered: string, reason: string, detail: string | undefined) =>
      `${target} に届きません（${answered}、${reason}${detail ? `: ${detail}` : ""}）`,
    unreachableFix: (target: string) =>
      `サーバーが起動していて、${target} がインターネットから HTTPS で開けるか（証明書・リバースプロキシ・Cloudflare Tunnel）確かめてください。`,
    testRefused: (error: string) => `LINE が確認を受け付けません: ${error}`,
    testRefusedFix: "PUBLIC_BASE_URL が https:// の URL か確かめてください。",
  },
  liff: {
    loginFix: `${CONSOLE}で LINE ログインチャネルの「チャネル基本設定」にある「チャネルID」（数字）を LINE_LOGIN_CHANNEL_ID に設定してください。`,
    loginMissing:
      "LINE_LOGIN_CHANNEL_ID が設定されていません（LIFF アプリのログインを確かめられません）",
    loginNotNumber: (id: string) => `「${id}」は数字のチャネルIDではありません`,
    placeholderEndpoint: "https://<このサーバー>/",
    fix: (endpoint: string) =>
      `LINE ログインチャネルの「LIFF」タブで LIFF アプリを追加し（サイズ Full、エンドポイントURL ${endpoint}、スコープ openid と profile）、その LIFF ID を LIFF_ID に設定してください。`,
    missing: "LIFF_ID が設定されていません（職員がボードを開けません）",
    badForm: (liffId: string) => `「${liffId}」は LIFF ID の形（チャネルID-英数字）ではありません`,
    otherChannel: (liffId: string, owner: string, loginId: string) =>
      `${liffId} は LINE ログインチャネル ${owner} の LIFF アプリです（LINE_LOGIN_CHANNEL_ID は ${loginId}）`,
    otherChannelFix:
      "LIFF アプリを持つ LINE ログインチャネルのチャネルIDと、その LIFF ID を組にして設定してください。",
    ok: (liffId: string) => `${liffId}（https://liff.line.me/${liffId}）`,
  },
  database: {
    fileMissing: (path: string) => `${path} がありません`,
    createFix:
      "DATABASE_URL を確かめてください。新しく始めるときは npx shinchoku import <計画フォルダ> か npm start でデータベースが作られます。",
    skippedNotOpen: "データベースが開けないため確かめていません",
    reachable: (url: string) => `${url} に接続できます`,
    unreachable: (url: string, error: string) => `${url} に接続できません: ${error}`,
    unreachableFix: "DATABASE_URL と DATABASE_AUTH_TOKEN（Turso のトークン）を確かめてください。",
    applyFix:
      "npm start（Node）でサーバーを起動するか npx shinchoku のコマンドを一度実行すると適用されます。Turso なら DATABASE_URL=libsql://… DATABASE_AUTH_TOKEN=… npm run deploy で適用されます。",
    pending: (total: number, applied: number, pending: string[]) =>
      `${total}件中 ${applied}件だけ適用済みです（未適用: ${pending.join(", ")}）`,
    newer:
      "このプログラムより新しいマイグレーションが適用されています（古いプログラムで開いています）",
    newerFix: "サーバーと同じ版の shinchoku（git pull）で実行してください。",
    upToDate: (total: number, last: string) =>
      `最新です（${total}件すべて適用済み、最後は ${last}）`,
  },
  plan: {
    importFix:
      "npx shinchoku import <計画フォルダ>（例: data/plans/tamana）か Excel ブック（npx shinchoku template で作るひな形）を取り込んでください。",
    none: "計画がありません",
    defaultMissing: (defaultPlanId: string, ids: string[]) =>
      `DEFAULT_PLAN_ID の計画「${defaultPlanId}」がありません（あるのは ${ids.join(", ")}）`,
    defaultMissingFix:
      "DEFAULT_PLAN_ID を取り込んだ計画の ID にするか、その計画を取り込んでください。",
    found: (plans: { id: string; name: string }[]) =>
      `${plans.length}件（${plans.map((p) => `${p.id}「${p.name}」`).join("、")}）`,
  },
  office: {
    missing: (planIds: string[]) => `DX推進担当がいない計画があります: ${planIds.join(", ")}`,
    inviteWaitingFix: (planId: string) =>
      `計画「${planId}」の DX推進担当の招待コードは発行済みで、まだ使われていません。担当者がボットを友だち追加し、トークにコードを送ると登録されます（コードを無くしたら npx shinchoku invite --plan ${planId} --role office）。`,
    inviteFix: (planId: string) =>
      `npx shinchoku invite --plan ${planId} --role office で招待コードを発行し、担当者が LINE のトークでボットに送ってください。`,
    count: (n: number) => `${n}人`,
  },
  richmenu: {
    deployFix:
      "npx shinchoku richmenu deploy を実行してください（LIFF_ID を設定してから。ボタンがボードを開きます）。",
    notDeployed: "まだ LINE に登録していません",
    deployedUnchecked: "登録済みです（LINE 側はトークンが使えないため未確認）",
    aliasMoved: (aliasId: string) =>
      `LINE のエイリアス ${aliasId} が登録したメニューを指していません（コンソールや別のツールで変わりました）`,
    deployed: (when: Date | undefined) =>
      `担当課用と DX推進担当用を登録済みです${when ? `（${when.toLocaleDateString("ja-JP", { timeZone: "Asia/Tokyo" })}）` : ""}`,
    noDefault: "設定されていません（メンバーでない人にはメニューが出ません）",
    noDefaultFix: "npx shinchoku richmenu deploy を実行してください。",
    defaultUnchecked: (current: string) =>
      `${current}（登録済みのメニューかはデータベースに接続できないため未確認）`,
    defaultOther: (current: string) => `${current} は shinchoku の担当課メニューではありません`,
    defaultOtherFix:
      "shinchoku のメニューを既定にするには npx shinchoku richmenu deploy を実行してください。",
    defaultLead: (current: string) => `担当課メニュー（${current}）`,
  },
  schedule: {
    plan: (planId: string, dayOfMonth: number, time: string) =>
      `${planId} 毎月${dayOfMonth}日 ${time}`,
    plans: (lines: string[]) => lines.join("、"),
    missing: (planIds: string[]) => `日程が決まっていない計画があります: ${planIds.join(", ")}`,
    missingFix: (planId: string) =>
      `npx shinchoku schedule set --plan ${planId} --day 5 --time 09:00 のように毎月の日時を決めてください。`,
    off: (planIds: string[]) => `止めてある計画があります: ${planIds.join(", ")}`,
    offFix: (planId: string) =>
      `再開するときは npx shinchoku schedule set --plan ${planId} --day <日> を実行してください。`,
  },
  quota: {
    unlimited: (used: number) => `上限なし（今月 ${used}通 送信済み）`,
    figures: (used: number, limit: number, left: number) =>
      `今月 ${used} / ${limit}通、残り ${left}通`,
    planFix:
      "LINE Official Account Manager の「設定」→「利用と請求」でプランを確かめてください（返信は数えられません。リマインドとダイジェストの送信が数えられます）。",
    exhausted: (figures: string) => `${figures}（今月はもう送れません）`,
    short: (figures: string, leads: number) =>
      `${figures}（担当課リーダー ${leads}人に1通ずつ送るには足りません）`,
  },
} as const;

/** `PUBLIC_BASE_URL`'s problems (bot/setup/public-url.ts), shown by `setup` and `doctor`. */
export const publicUrlText = {
  unreadable: "URL として読めません",
  notHttps: "https:// で始まっていません（LINE は HTTPS にしか送りません）",
  hasPath: "パスを含んでいます（https://ホスト名 だけにしてください）",
} as const;

/** `setup`: the steps' names and lines (bot/setup/setup.ts) and the questions it asks. */
export const setupText = {
  marks: { done: MARK.ok, todo: MARK.warn, skipped: MARK.skip, failed: MARK.fail },
  steps: {
    env: "環境変数",
    plan: "計画の取り込み",
    webhook: "Webhook",
    richmenu: "リッチメニュー",
    invite: "DX推進担当の招待",
  },
  nothingDone: "何もしませんでした。",
  doctorHeading: "\n確認（npx shinchoku doctor）:",
  questions: {
    publicUrl: "このサーバーの公開 URL（https://…）",
    channelSecret: "Messaging API の「チャネル基本設定」にあるチャネルシークレット",
    accessToken: "Messaging API の「Messaging API設定」で発行したチャネルアクセストークン（長期）",
    loginChannelId: "LINE ログインチャネルのチャネルID（数字）",
    liffId: "LINE ログインチャネルの「LIFF」タブにある LIFF ID",
  },
  ask: (question: string) => `${question}（空なら後で）: `,
  secretWithoutToken:
    "LINE_CHANNEL_ACCESS_TOKEN があるのに LINE_CHANNEL_SECRET がありません。--channel-secret で設定してください。",
  workersNeedTurso:
    "Workers: DATABASE_URL（Turso の libsql://…）がないため、計画の取り込み・リッチメニュー・招待は行っていません（--database-url と --database-auth-token）。",
  databaseUnopened: (url: string, error: string) => `データベース（${url}）を開けません: ${error}`,
  wranglerFailed: (name: string, code: number | null) =>
    `wrangler secret put ${name} が終了コード ${code} で失敗しました`,
  badPublicUrl: (url: string, problem: string) => `--public-url ${url} は ${problem}。`,
  badLoginChannelId: "--login-channel-id は LINE ログインチャネルのチャネルID（数字）です。",
  badLiffId: (liffId: string) =>
    `--liff-id ${liffId} は LIFF ID の形（チャネルID-英数字）ではありません。`,
  liffOfOtherChannel: (liffId: string, owner: string, login: string) =>
    `--liff-id ${liffId} は LINE ログインチャネル ${owner} の LIFF アプリです（チャネルIDは ${login}）。`,
  nothingWritten: "何も書き込んでいません。",
  secretHidden: (name: string) => `${name}（値は表示しません）`,
  secretFailed: (name: string, error: string) =>
    `Worker のシークレット ${name} を設定できません: ${error}`,
  secretsSoFar: (names: string[]) => `設定済み: ${names.join("、")}`,
  checkWrangler: "npx wrangler login（または CLOUDFLARE_API_TOKEN）を確かめてください。",
  secretsPut: (shown: string[]) =>
    `Worker のシークレットを設定しました（wrangler secret put）: ${shown.join("、")}`,
  noEnvFile:
    "SHINCHOKU_ENV_FILE が空なので書き込めません。--env-file で書き込み先を指定してください。",
  written: (path: string, shown: string[]) =>
    `${path} に書き込みました: ${shown.join("、") || "変更なし"}`,
  overridden: (names: string[]) =>
    `注意: ${names.join("、")} は環境変数にも別の値があり、サーバーとコマンドでは環境変数が優先されます。環境変数を消すか、同じ値にしてください。`,
  importRefused: (n: number) =>
    `計画を取り込めません。${n}件の問題があります（何も書き込んでいません）:`,
  webhookNoToken:
    "Webhook: LINE_CHANNEL_ACCESS_TOKEN がないため設定していません（--access-token）。",
  webhookNoUrl:
    "Webhook: PUBLIC_BASE_URL（https:// で始まるこのサーバーの URL）がないため設定していません（--public-url）。",
  webhookNotSet: (error: string) => `Webhook URL を設定できません: ${error}`,
  webhookSet: (url: string) => `Webhook URL を ${url} に設定しました。`,
  webhookOff:
    "残り: LINE Developers コンソールの「Messaging API設定」で「Webhookの利用」をオンにしてください（API からはオンにできません）。",
  webhookAnswered: (status: number) => `LINE からの確認に ${status} で応答しました。`,
  webhookUnreached: (status: number, reason: string, url: string) =>
    `残り: LINE からの確認が届きません（${status > 0 ? `ステータス ${status}` : "応答なし"}、${reason}）。サーバーを起動して ${url} を HTTPS で公開してから npx shinchoku doctor で確かめてください。`,
  webhookUnchecked: (error: string) =>
    `残り: Webhook を確かめられません: ${error}（npx shinchoku doctor で確かめてください）`,
  tokenRefused:
    "チャネルアクセストークンが正しくありません。LINE Developers コンソールの「Messaging API設定」で長期のトークンを発行し、--access-token で設定してください。",
  richmenuNoToken: "リッチメニュー: LINE_CHANNEL_ACCESS_TOKEN がないため登録していません。",
  richmenuNoLiff:
    "リッチメニュー: LIFF_ID がないため登録していません（ボタンがボードを開けないため）。--liff-id を設定してからもう一度実行してください。",
  richmenuDeployed: (defaultId: string) => `リッチメニューを登録しました（既定 ${defaultId}）。`,
  richmenuLinkFailures:
    "一部のメンバーをリンクできませんでした。npx shinchoku richmenu deploy をもう一度実行してください。",
  richmenuFailed: (message: string) => `リッチメニューを登録できません: ${message}`,
  inviteNoPlan: "招待: 計画がないため発行していません（--plan で計画を取り込んでください）。",
  inviteManyPlans: (ids: string[]) =>
    `招待: 計画が複数あります（${ids.join(", ")}）。--plan-id で選んでください。`,
  inviteHasOffice: (planId: string) =>
    `招待: 計画「${planId}」にはもう DX推進担当がいます（追加は npx shinchoku invite）。`,
  inviteFailed: (error: string) => `招待コードを発行できません: ${error}`,
  inviteIssued: (planId: string, until: string, code: string) =>
    `DX推進担当の招待コードを発行しました（計画「${planId}」、一回限り、${until} まで有効）: ${code}`,
  addFriend: (basicId: string) =>
    `DX推進担当の方は https://line.me/R/ti/p/${encodeURIComponent(basicId)} でボット（${basicId}）を友だち追加し、トークにこのコードを送ってください。`,
  addFriendNoLink: "DX推進担当の方はボットを友だち追加し、トークにこのコードを送ってください。",
} as const;
