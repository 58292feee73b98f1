/**
 * Every Japanese text the bot sends on LINE, in one place, so that it can be reviewed and changed
 * without reading logic: chat replies, quick-reply labels, reminder and follow-up pushes, the
 * digest's Flex labels and the rich menus' labels and answers. What the use cases say (on LINE and in
 * the LIFF app alike) is in bot/text/usecases.ts; the API's words in bot/text/api.ts.
 *
 * Limits: a text message holds at most 5,000 characters; a quick reply at most 13 items, labels at
 * most 20 characters; a Flex altText at most 400 (LINE Messaging API reference). The callers cut.
 */
import { monthDayLabel, weekdayLabel } from "../../shared/business-calendar.ts";
import { formatPeriod, type Period, tokyoIsoDate } from "../../shared/fiscal-year.ts";
import { type Forecast, MIN_READINGS } from "../../shared/forecast.ts";
import { formatFigure } from "../../shared/numbers.ts";
import type { InitiativeView } from "../../shared/plan-view.ts";
import type { DueItem, PlausibilityWarning, ReplyProblem } from "../../shared/reply-parser.ts";
import { ROLE_LABELS, type Role } from "../../shared/roles.ts";
import { useCaseText } from "./usecases.ts";

/** A member without a LINE display name, where names are listed. */
export const unnamedMember = "（名前未登録）";

/**
 * The words a member answers with: shown on quick replies, recognised by the reply parser
 * (shared/reply-parser.ts: 取消, はい, いいえ) and the classifier (bot/chat/classify.ts: なし, あとで);
 * tests/bot/text-homes.test.ts checks that each shown word is recognised.
 */
export const replyWords = {
  undo: "取消",
  yes: "はい",
  no: "いいえ",
  none: "なし",
  later: "あとで",
} as const;

/**
 * Questions the rich menus send as the member's message; the question classifier
 * (bot/chat/questions.ts `classifyQuestion`) recognises each (tests/bot/text-homes.test.ts checks).
 */
export const questionWords = {
  help: "ヘルプ",
  overall: "全体の状況",
  mine: "私の指標",
  missing: "未報告",
  members: "メンバー",
} as const;

/** The chat's own replies: greeting, search misses, invites, and the answer cards' labels. */
export const chatText = {
  greeting: (planName: string | null) =>
    [
      "友だち追加ありがとうございます。進捗管理ボット「shinchoku（進捗）」です。",
      planName
        ? `「${planName}」の取組について、チャットで質問できます。`
        : "計画の取組について、チャットで質問できます。",
      "",
      "例:",
      "・ペーパーレス",
      "・窓口業務",
      "・⑲",
      "",
      "担当課として実績を報告するには、DX推進担当から届く招待コードを送ってください。",
    ].join("\n"),
  noPlan: "まだ計画が登録されていません。DX推進担当にお問い合わせください。",
  noMatch: (question: string, examples: string[]) =>
    [
      `「${question}」に当てはまる取組が見つかりませんでした。`,
      "",
      "取組の名前の一部や番号で聞いてみてください。例:",
      ...examples.map((e) => `・${e}`),
    ].join("\n"),
  /** The reply to a redeemed invite; `role` is the member's role key, shown as its label. */
  joined: (planName: string, department: string | null, role: Role) =>
    [
      `「${planName}」に${department ? `${department}の` : ""}${ROLE_LABELS[role]}として登録しました。`,
      role === "lead"
        ? "毎月、担当課の指標の実績報告をこのトークでお願いします。届いたメッセージに数値を返信するだけです。"
        : role === "manager"
          ? "提出期限を過ぎても課の実績が届いていないときに、このトークでお知らせします。計画についての質問もできます（例: ペーパーレス、⑲）。"
          : "計画について、このトークで質問できます（例: ペーパーレス、⑲）。",
    ].join("\n"),
  inviteUnknown:
    "その招待コードは見つかりません。コードをもう一度確かめて送ってください（例: K7PM-4QXD）。",
  inviteExpired:
    "その招待コードは有効期限が切れています。DX推進担当に新しいコードの発行を依頼してください。",
  inviteUsed:
    "その招待コードはすでに使われています。DX推進担当に新しいコードの発行を依頼してください。",
  notText:
    "メッセージは文字で送ってください。取組の名前の一部や番号で質問できます（例: ペーパーレス、⑲）。",
  resultsAlt: (count: number, shown: number) =>
    count > shown
      ? `${count}件見つかりました（上位${shown}件を表示）。`
      : `${count}件見つかりました。`,
  labels: {
    department: "担当課",
    indicators: "指標",
    noIndicators: "数値目標はありません",
    actual: "実績",
    target: "目標",
    noActual: "実績未報告",
    noTarget: "目標なし",
    met: "達成",
    behind: "未達",
    openBoard: "ボードで見る",
    awaitingApproval: "確定値 承認待ち",
    notApplicable: "対象外",
    /** The latest review (issue 14 §2): 「R7年度 第2四半期（2025年9月29日時点）: 天気 晴れ・今後の方向性 継続」. */
    review: (period: string, asOf: string, weather: string | null, outlook: string | null) =>
      `${period}（${asOf}時点）: ${[weather && `天気 ${weather}`, outlook && `今後の方向性 ${outlook}`].filter(Boolean).join("・")}`,
  },
  /**
   * A value the plan does not print, inferred by whoever transcribed it (出典 推定, issue 14 §1): the
   * mark after it in an answer, and the lines under the answer that say why (each 出典メモ once).
   */
  inferredMark: "（推定）",
  inferredNotes: (notes: string[]) =>
    ["※（推定）は計画書に書かれておらず、推定したものです。", ...notes.map((n) => `・${n}`)].join(
      "\n",
    ),
  /** The answer cards (bot/chat/flex.ts) and the plain-text lines built like them. */
  card: {
    /** `⑲ ペーパーレス化の推進（総務課・情報政策課）`. */
    heading: (code: string, title: string, departments: string[]) =>
      `${code} ${title}（${departments.join("・")}）`,
    departments: (departments: string[]) => departments.join("・"),
    /** A 速報's period: `2024-06時点`. */
    interimAt: (period: string) => `${period}時点`,
    /** Something in brackets after a line: `…（達成）`, `実績未報告（R6年度 目標 50%）`. */
    note: (text: string, note: string) => `${text}（${note}）`,
    grade: (label: string, year: string, grade: string, meaning: string | null) =>
      `${label} ${year}: ${grade}（${meaning ?? "対象外"}）`,
  },
} as const;

/** A probability for people: whole percent, 「1%未満」 and 「99%超」 at the ends. */
export function probabilityText(p: number): string {
  if (p < 0.01) return "1%未満";
  if (p > 0.99) return "99%超";
  return `${Math.round(p * 100)}%`;
}

/**
 * The 年度末 forecast in one line (shared/forecast.ts): 「このペースだと年度末 45%（目標 50%、達成見込み
 * 30%）」; without a target 「…（目標未設定）」; with too few readings, that it cannot tell yet; null
 * when the indicator has no numeric forecast (a date, no monthly reading, the 年度 closed).
 */
export function forecastText(forecast: Forecast, unit: string | null): string | null {
  if (forecast.status === "not_numeric" || forecast.status === "closed") return null;
  if (forecast.status === "too_few")
    return `年度末の見込みは、今年度の月次実績が${MIN_READINGS}か月分そろってからお示しします（いま${forecast.readings}か月分）。`;
  const point = formatFigure(forecast.point, unit, forecast.decimals);
  if (forecast.target === null || forecast.probability === null)
    return `このペースだと年度末 ${point}（目標未設定）`;
  return `このペースだと年度末 ${point}（目標 ${formatFigure(forecast.target, unit, forecast.targetDecimals)}、達成見込み ${probabilityText(forecast.probability)}）`;
}

/** One note for several values too early in the 年度 to forecast (a report of several lines). */
export function forecastTooFewText(indicators: number): string {
  return `年度末の見込みは、今年度の月次実績が${MIN_READINGS}か月分そろってからお示しします（今回の${indicators}指標とも、まだそろっていません）。`;
}

/**
 * Approval of the yearly official 実績 (issue 12 §4): what the 課長 or the office is pushed, what
 * they are answered in the chat, and what the lead is told of the decision. `lines` are
 * 「・指標名: 値」 lines built by the caller.
 */
export const approvalText = {
  /** The quick replies on a request (postbacks, so the labels are never read as text). */
  approve: "承認",
  return: "差し戻し",
  /** What a submission is called when its period cannot be read. */
  officialActuals: "確定実績",
  /** `・⑲ ペーパーレス化の割合: 45%`: one figure of a request or decision. */
  figureLine: (code: string, indicator: string, figure: string) =>
    `・${code} ${indicator}: ${figure}`,
  /** The push to the 課長 (or the office) when a lead submits 確定値. */
  request: (input: {
    submitter: string;
    department: string | null;
    label: string;
    lines: string[];
    /** The initiative's detail page in the LIFF app, when the app is set up. */
    detailUrl?: string | null;
  }) =>
    [
      `【承認依頼】${input.department ? `${input.department}の` : ""}${input.submitter}さんから${input.label}が届きました。`,
      ...input.lines,
      "",
      "内容を確かめて「承認」か「差し戻し」を選んでください。承認されるまで、この数値は報告書・ダイジェスト・公開ページに載りません。",
      ...(input.detailUrl ? [`詳細: ${input.detailUrl}`] : []),
    ].join("\n"),
  /** The line the lead's confirmation gets when their 確定値 waits for approval. */
  submitted: (approvers: string | null) =>
    approvers
      ? `確定値は${approvers}の承認後に反映されます（承認待ち）。`
      : "確定値は承認後に反映されます（承認待ち）。承認者に通知できなかったため、DX推進担当にお知らせください。",
  approvers: { manager: "課長", office: `${ROLE_LABELS.office}` },
  approved: (count: number) =>
    `${count}件の確定値を承認しました。報告書・ダイジェストに反映されます。`,
  askComment: `差し戻しの理由を送ってください（例: 3月分の件数が集計表と合いません）。報告した人にそのまま伝えます。「${replyWords.later}」でやめられます。`,
  commentStillOpen: `差し戻しの理由をお待ちしています。一言で送ってください（「${replyWords.later}」でやめられます）。`,
  commentNeeded: "差し戻しには理由が必要です。報告した人に伝える理由を送ってください。",
  returnCancelled: "差し戻しをやめました。数値は承認待ちのままです。",
  returned: (count: number) => `${count}件の確定値を差し戻しました。理由は報告した人に伝えます。`,
  /** The push to the lead: approved. */
  toLeadApproved: (label: string, lines: string[], by: string) =>
    [
      `${label}が承認されました（${by}）。`,
      ...lines,
      "",
      "報告書・ダイジェストに反映されます。",
    ].join("\n"),
  /** The push to the lead: returned, with the comment and how to resubmit. */
  toLeadReturned: (label: string, lines: string[], by: string, comment: string) =>
    [
      `${label}が差し戻されました（${by}）。`,
      ...lines,
      "",
      `理由: ${comment}`,
      "",
      "数値を直して、リマインドへの返信と同じ形（例: 1 40%）でこのトークに送り直すか、LIFF アプリの取組の詳細画面から修正してください。送り直した数値は、もう一度承認を受けます。",
    ].join("\n"),
  alreadyDecided: "この実績はすでに承認・差し戻し済みか、取り消されています。",
  notAwaiting: "承認待ちの実績ではありません。",
} as const;

/**
 * Answers to reminders in the chat (bot/chat/reports.ts): how to answer, what a line could not be
 * read as, the confirmation of what was recorded, 取消, the plausibility question and the reason
 * prompt. `items` are the due indicators as numbered in the reminder.
 */
export const reportText = {
  howToAnswer: (items: DueItem[]) =>
    [
      "報告のしかた:",
      items.length === 1
        ? "・数値だけを送ってください（例: 40%）"
        : "・「番号 数値」で送ってください（例: 1 40%）",
      "・まとめて送るときは1行に1件ずつ",
      `・「${replyWords.undo}」で直前の報告を取り消せます`,
      ...(items.length
        ? ["", "今回の指標:", ...items.map((i) => `${i.n}. ${i.name}（${i.unit ?? "単位なし"}）`)]
        : []),
    ].join("\n"),
  problem: (p: ReplyProblem, items: DueItem[]): string => {
    switch (p.code) {
      case "no_index":
        return `${p.line}行目「${p.raw}」: どの指標の数値か分かりません。番号を付けてください（例: 1 ${p.raw}）。`;
      case "bad_index":
        return `${p.line}行目「${p.raw}」: ${p.index}番の指標はありません（1〜${items.length}番）。`;
      case "not_a_number":
        return `${p.line}行目「${p.raw}」: 数値として読めません。`;
      case "unit_mismatch":
        return `${p.line}行目「${p.raw}」: ${useCaseText.unitMismatch(p.expected)}`;
      case "duplicate":
        return `${p.line}行目「${p.raw}」: ${p.index}番が二度出てきます。`;
      case "unreadable":
        return `${p.line}行目「${p.raw}」: 読み取れません。`;
      case "change":
        return `${p.line}行目「${p.raw}」: 増減（前月比・ポイントなど）ではなく、いまの値はいくつですか？ 現在の値そのものを送ってください（例: 1 45%）。`;
      case "range":
        return `${p.line}行目「${p.raw}」: 幅のある値は記録できません。数値を1つに決めて送ってください。`;
      case "ambiguous":
        return `${p.line}行目「${p.raw}」: 数値が複数あり、どれを記録するか分かりません。今回の実績を1つだけ送ってください。`;
      case "date":
        return `${p.line}行目「${p.raw}」: 日付は実績として記録しません。指標の数値を送ってください。`;
      case "wrong_period":
        return `${p.line}行目「${p.raw}」: ${p.month}月の数値は、今回（${p.expectedMonth === null ? "年度の確定実績" : `${p.expectedMonth}月分`}）の報告としては記録できません。`;
    }
  },
  nothingRecorded: "この返信では何も記録していません。直して、もう一度送ってください。",
  nothingDue: "いま報告をお願いしている指標はありません。",
  notLinked:
    "実績の報告には、担当課としての登録が必要です。DX推進担当から届いた招待コードを送ってください。",
  recorded: (label: string) => `${label}として記録しました。`,
  undo: `取り消すときは「${replyWords.undo}」と送ってください。`,
  undone: (name: string, value: string) =>
    `取り消しました: ${name} ${value}（記録は履歴として残ります）`,
  nothingToUndo: useCaseText.nothingToUndo,
  confirm: `次の数値で記録してよいですか？「${replyWords.yes}」か「${replyWords.no}」で答えてください。`,
  warning: (w: PlausibilityWarning, unit: string | null) =>
    w.code === "over_ceiling"
      ? `${formatFigure(w.ceiling, unit)}を超えています`
      : w.code === "ten_times"
        ? `前回（${formatFigure(w.last, unit)}）の10倍以上の違いがあります`
        : "マイナスの値です",
  discarded: "記録しませんでした。正しい数値をもう一度送ってください。",
  askReason: (lines: string[]) =>
    [
      "目標を下回っています:",
      ...lines,
      "",
      `要因と今後の方策を一言で送ってください（「${replyWords.none}」で省略できます）。`,
    ].join("\n"),
  reasonSaved: "要因を記録しました。ありがとうございました。",
  reasonSkipped: "了解しました。",
  reasonInput: `要因と今後の方策を一言で送ってください（「${replyWords.none}」で省略できます）。`,
  reasonLater:
    "了解しました。要因の入力はいったん終わります。あとで数値を送り直すと、もう一度おたずねします。",
  reasonStillOpen: `目標を下回った指標の要因をお待ちしています。一言で送ってください（「${replyWords.none}」で省略、「${replyWords.later}」で後回しにできます）。`,
  confirmStillOpen: `先ほどの数値は、まだ記録していません。「${replyWords.yes}」か「${replyWords.no}」で答えてください。`,
  confirmDropped: "（先ほど確認をお願いした数値は記録していません。）",
  focus: (item: DueItem) =>
    `「${item.name}」の数値を送ってください（単位: ${item.unit ?? "なし"}）。`,
  /** `・件数: 40件 — 前回（4件）の10倍以上の違いがあります`. */
  implausibleLine: (name: string, value: string, warnings: string[]) =>
    `・${name}: ${value} — ${warnings.join("、")}`,
  /** `・件数: 40件（目標 50件）`; `target` is the formatted target, null when none is set. */
  recordedLine: (name: string, value: string, target: string | null) =>
    `・${name}: ${value}（${target === null ? "目標未設定" : `目標 ${target}`}）`,
  /** The 年度末 forecast under a recorded value, indented with a full-width space. */
  outlookLine: (text: string) => `　${text}`,
  /** What an undone value is called when its indicator is gone. */
  someIndicator: "指標",
};

/** Quick-reply labels of the chat's prompts that are not answers themselves (postbacks). */
export const quickReplyText = {
  reasonInput: "理由を入力",
  cancelReturn: "やめる",
  cancelReturnShown: "差し戻しをやめる",
};

/**
 * Plan questions (bot/chat/questions.ts): help, the office's 未報告 and メンバー, 私の指標, and the
 * answers built from a plan search (目標, 実績, 工程, 担当課, near matches).
 */
export const questionText = {
  help: [
    "shinchoku への質問の例:",
    "・ペーパーレス（取組の名前の一部、ふだんの言葉でも）",
    "・⑲、③-1、B1-5a、No.44（取組の番号）",
    "・企業誘致の目標は？ / ⑲の実績 / R5年度の実績",
    "・ふるさと納税はいつ？（工程） / 窓口DXの担当は？",
    "・総務課の取組",
    "・遅れている取組",
    "・全体の状況",
    "・私の指標",
    "・未報告（DX推進担当のみ）",
    "・メンバー（DX推進担当のみ）",
    "担当課の方は、毎月のお知らせに「番号 数値」（例: 1 40%）で返信すると実績を報告できます。",
  ].join("\n"),
  officeOnly: "この質問はDX推進担当の方だけが使えます。",
  notMemberMine: `「${questionWords.mine}」は、担当課として登録した方が使えます。招待コードを送って登録してください。`,
  noOrg: "あなたの課が登録されていません。DX推進担当に確認してください。",
  nothingBehind: "目標を下回っている取組・B/C評価の取組はありません。",
  noDepartment: (name: string) =>
    `「${name}」の取組は見つかりませんでした。課の名前を確かめてください。`,
  nobodyMissing: "直近のリマインドで未報告の担当課はありません。",
  noCycle: "まだリマインドを送っていません。",
  missing: (label: string, rows: string[]) =>
    [`【未報告】${label}`, "課ごとの報告済み／依頼した指標数:", ...rows].join("\n"),
  missingRow: (org: string, reported: number, asked: number, names: string[], leads: string[]) =>
    [
      `・${org} ${reported}/${asked}（未報告 ${asked - reported}件${leads.length ? `・${leads.join("、")}` : ""}）`,
      `  ${names.slice(0, 3).join("、")}${names.length > 3 ? ` ほか${names.length - 3}件` : ""}`,
    ].join("\n"),
  members: (plan: string, count: number) => `【メンバー】${plan}（${count}人）`,
  membersRole: (role: string, count: number) => `${role}: ${count}人`,
  membersOrg: (org: string, names: string[]) => `・${org}: ${names.join("、")}`,
  membersNoOrg: "課なし",
  membersNoName: unnamedMember,
  membersMoreOrgs: (n: number) => `・ほか ${n}課`,
  membersInactive: (n: number) => `無効にしたメンバー: ${n}人`,
  membersManageLiff: (url: string) => `招待・役割や課の変更・無効化は「メンバー」画面で: ${url}`,
  membersManageCli: (planId: string) =>
    `招待はコマンドでできます（LIFF_ID を設定すると「メンバー」画面も使えます）:\nnpx shinchoku invite --plan ${planId} --role lead --org <課>`,
  mine: (org: string) => `${org}の指標`,
  mineForecast: (org: string, year: string, lines: string[]) =>
    [`【${org}の指標 ${year}末の見込み】`, ...lines].join("\n"),
  more: "もっと見る",
  heading: (i: InitiativeView) => chatText.card.heading(i.code, i.title, i.departments),
  targetHead: (year: string, current: boolean) => `【${year}${current ? "（今年度）" : ""}の目標】`,
  targetLine: (name: string, figure: string) => `・${name}: ${figure}`,
  noTargetFor: (name: string, year: string) => `・${name}: ${year}の目標は設定されていません`,
  planTarget: (from: string, to: string, year: string, figure: string) =>
    `　計画期間（${from}〜${to}）の最終目標: ${year} ${figure}`,
  targetTextLine: (text: string) => `　目標（計画の記載）: ${text}`,
  actualHead: (year: string | null) => (year ? `【${year}の実績】` : "【最新の実績】"),
  noActualFor: (name: string, year: string) => `・${name}: ${year}の実績はまだ報告されていません`,
  noActualYet: (name: string) => `・${name}: 実績はまだ報告されていません`,
  actualLine: (
    name: string,
    period: string,
    actual: string,
    target: string | null,
    met: boolean | null,
  ) =>
    `・${name}: ${period} 実績 ${actual}${target ? ` / 目標 ${target}` : ""}${met === null ? "" : met ? "（達成）" : "（未達）"}`,
  noIndicators: "・数値目標（指標）はありません",
  scheduleHead: (year: string | null) => (year ? `【${year}の工程】` : "【工程】"),
  scheduleLine: (period: string, item: string | null, body: string) =>
    `・${period} ${item ? `${item}: ` : ""}${body}`,
  noSchedule: "・工程は登録されていません",
  moreSchedule: (n: number) => `ほか ${n}件`,
  departmentLine: (i: InitiativeView) =>
    `${i.code} ${i.title} の担当課は${i.departments.join("・") || "（未登録）"}です。`,
  nearHead: "近い取組:",
  codeExample: "⑲ のように番号だけでも",
  /** Examples for a miss when the plan has no initiatives to name. */
  fallbackExamples: ["ペーパーレス", "窓口"],
  /** The last bubble of a paged carousel: `ほか 12件`. */
  moreCount: (n: number) => `ほか ${n}件`,
  forecastLine: (name: string, text: string) => `・${name}: ${text}`,
  missingLabel: (cycleMonth: string, period: string) => `${cycleMonth} のリマインド（${period}）`,
  /** A latest actual with no year asked: `・件数: R6年度 実績 40件 / 目標 50件（達成）`. */
  latestLine: (name: string, text: string, met: boolean | null) =>
    `・${name}: ${text}${met === null ? "" : met ? "（達成）" : "（未達）"}`,
};

/** A period as every push and confirmation names it: `2024年5月分（速報）` or `R5年度の確定実績`. */
export function periodLabel(period: Period, kind: "interim" | "official"): string {
  return kind === "official"
    ? `${formatPeriod(period)}の確定実績`
    : `${formatPeriod(period)}分（速報）`;
}

/** `6月17日（月）`: the deadline's day in Asia/Tokyo (a deadline is the last second of its day). */
export function deadlineText(deadlineAt: Date): string {
  const day = tokyoIsoDate(deadlineAt);
  return `${monthDayLabel(day)}（${weekdayLabel(day)}）`;
}

/**
 * Why a reminder cycle stopped (its `stopReason`, shown to the office by bot/reminders/notices.ts),
 * and the dry run's items (bot/reminders/cycle.ts).
 */
export const cycleText = {
  /** Starts with the budget prefix, by which the notices tell a budget stop from LINE's limit. */
  overBudget: (budget: { budget: number; used: number; left: number }, needed: number) =>
    `${useCaseText.allowance.budgetStopPrefix}（${budget.budget}通）に達しました: 今月の使用済み ${budget.used}通、残り ${budget.left}通に対して ${needed}通が必要`,
  overQuota: (limit: number, used: number, left: number, needed: number) =>
    `LINE の月間メッセージ上限（${limit}通）に達します: 今月の使用済み ${used}通、残り ${left}通に対して ${needed}通が必要`,
  /** LINE answered 429 while sending; `error` is LINE's own message. */
  refused: (error: string) => `LINE の月間メッセージ上限（429）: ${error}`.trim(),
  previewItem: (n: number, name: string, unit: string | null) => `${n}. ${name}（${unit}）`,
};

/**
 * Reminders (bot/reminders/messages.ts, cycle.ts): the monthly request, the follow-up, the
 * escalations to the 課長 and the office, and the notice that LINE's limit or the plan's budget
 * stopped a cycle.
 */
export const reminderText = {
  /** One due indicator, numbered, with its target (`R6年度目標 50%`) and last value. */
  item: (
    n: number,
    d: { name: string; unit: string | null; initiativeCode: string; initiativeTitle: string },
    target: string | null,
    last: string | null,
  ) =>
    `${n}. ${d.name}（単位: ${d.unit}）\n   ${d.initiativeCode} ${d.initiativeTitle}\n   ${target ?? "目標未設定"}／${last === null ? "前回報告なし" : `前回 ${last}`}`,
  /** `R6年度目標 50%`. */
  itemTarget: (fiscalYear: string, figure: string) => `${fiscalYear}目標 ${figure}`,
  /** The quick reply for one item, and what the member is shown to have sent when tapping it. */
  itemLabel: (n: number, name: string) => `${n}. ${name}`,
  itemShown: (n: number, name: string) => `${n}. ${name} を報告します`,
  howTo: "報告の仕方",
  /** Appended to a text cut at LINE's 5,000 characters. */
  truncated: "\n…（続きはボードでご確認ください）",
  followUpHead: (label: string, count: number, due: string | null) =>
    `【再送・実績報告のお願い】${label}\nまだ報告が届いていない指標が${count}件あります。${due ? `提出期限は${due}です。` : ""}`,
  head: (label: string, department: string, count: number, due: string | null) =>
    `【実績報告のお願い】${label}\n${department}の指標（${count}件）の数値を、${due ? `${due}までに` : ""}このトークに返信してください。`,
  example: (single: boolean) =>
    single
      ? "数値だけを送ってください（例: 40%）。"
      : "「番号 数値」で送ってください（例: 1 40%）。まとめて送るときは1行に1件ずつ。",
  howToReply: (example: string) => `返信のしかた: ${example}`,
  undoHint: `間違えたときは「${replyWords.undo}」と送ると直前の報告を取り消せます。`,
  /** To a 課長 once the 提出期限 has passed. */
  managerEscalation: (input: {
    label: string;
    department: string;
    asked: number;
    missing: number;
    deadline: string;
    lines: string[];
    more: number;
    leads: string[];
  }) =>
    [
      `【提出期限を過ぎた実績】${input.label}`,
      `${input.department}の指標 ${input.asked}件のうち ${input.missing}件の実績が、提出期限（${input.deadline}）を過ぎても届いていません。`,
      "",
      ...input.lines,
      ...(input.more > 0 ? [`ほか ${input.more}件`] : []),
      "",
      input.leads.length
        ? `担当課リーダー（${input.leads.join("、")}）にご確認をお願いします。`
        : "課内で報告する方を決めて、DX推進担当に連絡してください（担当課リーダーが登録されていません）。",
    ].join("\n"),
  /** `・⑲ ペーパーレス化の割合`. */
  missingItem: (code: string, name: string) => `・${code} ${name}`,
  /** To the office: who has not answered after the follow-up. */
  escalation: (label: string, departments: number, lines: string[]) =>
    [
      `【未報告の担当課】${label}`,
      `再送後もまだ届いていない指標がある担当課です（${departments}課、報告済み／依頼した指標数）。`,
      "",
      ...lines,
    ].join("\n"),
  escalationLine: (m: { department: string; count: number; asked?: number }) =>
    m.asked === undefined
      ? `・${m.department}（未報告の指標 ${m.count}件）`
      : `・${m.department} ${m.asked - m.count}/${m.asked}（未報告の指標 ${m.count}件）`,
};

/**
 * To the office: LINE's monthly message limit stopped a cycle — how many went out, how many wait,
 * and how to resume. Shown on the LIFF banner, appended to an office member's next reply, printed by
 * `remind` and the digest preview (never pushed: LINE would refuse the push with the same 429).
 */
export function limitReachedText(input: {
  planId: string;
  period: Period;
  kind: "interim" | "official";
  sent: number;
  waiting: number;
  /** The plan's own monthly budget stopped it (`plan set --budget`), not LINE's limit. */
  budget?: boolean;
}): string {
  if (input.budget)
    return [
      `【リマインド停止中】${periodLabel(input.period, input.kind)}のリマインドは、この計画の今月のメッセージ予算に達したため止まっています。`,
      `送信済み ${input.sent}件／未送信 ${input.waiting}件（未送信の分は再開すると送られます）。`,
      `予算を見直す（npx shinchoku plan set --plan ${input.planId} --budget <通数>）か、来月になってから npx shinchoku remind --plan ${input.planId} で再開してください。`,
    ].join("\n");
  return [
    `【リマインド停止中】${periodLabel(input.period, input.kind)}のリマインドは、LINE 公式アカウントの今月のメッセージ上限に達したため止まっています。`,
    `送信済み ${input.sent}件／未送信 ${input.waiting}件（未送信の分は再開すると送られます）。`,
    `上限を引き上げるか、来月の上限リセット後に npx shinchoku remind --plan ${input.planId} で再開してください。`,
  ].join("\n");
}

/**
 * The rich menus (bot/richmenu/): their names, chat-bar texts and area labels, and the answers to
 * their postbacks (bot/richmenu/answers.ts).
 */
export const richMenuText = {
  leadMenuName: "shinchoku 担当課メニュー",
  leadChatBar: "メニュー",
  officeMenuName: "shinchoku DX推進担当メニュー",
  officeChatBar: "DX推進メニュー",
  /** Area labels; an area that sends a question sends {@link questionWords}. */
  areas: {
    report: "今月の報告",
    board: "ボード",
    mine: "自分の指標",
    help: "ヘルプ",
    overall: "全体の状況",
    digest: "ダイジェスト",
    reminders: "提出状況",
    missing: "未報告",
    members: "メンバー",
  },
  reportNotLead:
    "毎月の実績報告は担当課リーダーの方にお願いしています。計画の状況は「ボード」や「全体の状況」でご覧いただけます。",
  reportNoReminder: "毎月のリマインドが届いたら、そのトークに数値を返信してください（例: 1 40%）。",
  reportHead: (label: string, due: number, done: number) =>
    `【今月の報告】${label}\n未報告 ${due}件／報告済み ${done}件`,
  allDone:
    "すべて報告済みです。ありがとうございました。訂正するときは、同じ番号で送り直してください。",
  digestOfficeOnly: "ダイジェストの確認は DX推進担当の方のメニューです。",
  digestPreviewNote: "いまの時点のダイジェストです（確認のみ。ほかの人には送っていません）。",
  boardSetup:
    "ボードを開くには LIFF アプリの設定が必要です。DX推進担当の方は、LIFF_ID を設定してから「npx shinchoku richmenu deploy」でメニューを更新してください。",
};

/**
 * Deploying the rich menus (bot/richmenu/deploy.ts): the progress lines `npx shinchoku richmenu
 * deploy` prints and the errors it stops with. Kept with the menus' own labels above.
 */
export const richMenuDeployText = {
  noToken:
    "LINE_CHANNEL_ACCESS_TOKEN が設定されていません。リッチメニューを LINE に登録するにはチャネルアクセストークンが必要です（画像だけなら --dry-run）。",
  created: (name: string | undefined, richMenuId: string, kilobytes: number) =>
    `メニュー「${name}」を作成しました: ${richMenuId}（画像 ${kilobytes} KB）`,
  createFailed: (error: string) => `リッチメニューを作成できませんでした: ${error}`,
  alias: (aliasId: string, updated: boolean) =>
    `エイリアス ${aliasId} を${updated ? "新しいメニューに切り替えました" : "作成しました"}`,
  defaultSet: "担当課メニューを既定のメニュー（メンバー以外にも表示）にしました",
  aliasFailed: (error: string) =>
    `エイリアスまたは既定のメニューを設定できませんでした（作成したメニューは削除し、前の状態に戻しました）: ${error}`,
  linked: (lead: number, office: number, requests: number) =>
    `メンバーをリンクしました: 担当課メニュー ${lead}人、DX推進担当メニュー ${office}人（一括リンク ${requests}回）`,
  linkFailed: (kind: "lead" | "office", users: number, error: string) =>
    `リンクできませんでした（${kind === "lead" ? "担当課" : "DX推進担当"}メニュー、${users}人）: ${error}`,
  deleted: (ids: string[]) => `前回のメニューを削除しました: ${ids.join(", ")}`,
  deleteFailed: (richMenuId: string, error: string) =>
    `前回のメニュー ${richMenuId} を削除できませんでした: ${error}`,
};

/**
 * Sending the digest (bot/digest/send.ts): why it was not sent. The API shows these to the office and
 * the CLI prints them.
 */
export const digestSendText = {
  unknownFollowers:
    "友だちの数を LINE から取得できないため、ブロードキャストで消費する通数が分かりません。送信していません。",
  noRecipients: (audience: string) =>
    `送信先（${audience}）のメンバーがいません。送信していません。`,
  overQuota: (left: number, needed: number, limit: number, used: number) =>
    `今月のメッセージ残り ${left}通に対して、このダイジェストは ${needed}通を使います（上限 ${limit}通・使用済み ${used}通）。送信していません。`,
  overBudget: (left: number, needed: number, budget: number, used: number) =>
    `この計画の今月のメッセージ予算の残り ${left}通に対して、このダイジェストは ${needed}通を使います（予算 ${budget}通・使用済み ${used}通）。送信していません。`,
  refused: (error: string) => `LINE が送信を受け付けませんでした（${error}）。`,
  refusedAfter: (recipients: number, error: string) =>
    `${recipients}人に送ったところで LINE が送信を受け付けませんでした（${error}）。残りは送っていません。`,
};

/**
 * The digest (bot/digest/flex.ts): the Flex bubble's headings and lines, and its plain-text form
 * (the altText and the CLI preview). The counts' own labels come from shared/digest.ts.
 */
export const digestFlexText = {
  header: "進捗ダイジェスト",
  initiatives: (n: number) => `取組 ${n}件`,
  openBoard: "ボードを開く",
  columns: "列（かんばん）",
  grades: (fiscalYear: string) => `進捗状況（${fiscalYear}）`,
  weather: "天気",
  indicators: "指標の達成状況",
  list: (items: string[]) => items.join("、"),
  behindHead: (n: number) => `目標を下回る指標（${n}件）`,
  /** Each figure says its own period: a month's 速報 and a 年度's target are not the same thing. */
  behindLine: (b: {
    status: string;
    code: string;
    indicator: string;
    actual: string;
    period: string;
    fiscalYear: string;
    target: string;
    percent: number;
    departments: string[];
  }) =>
    `${b.status} ${b.code} ${b.indicator}: 実績 ${b.actual}（${b.period}）/ ${b.fiscalYear}目標 ${b.target}（${b.percent}%・${b.departments.join("・")}）`,
  moreOnBoard: (n: number) => `ほか ${n}件はボードで`,
  forecastHead: (n: number) => `年度末の見込みで目標に届かない指標（${n}件）`,
  /** `⑲ ペーパーレス化の割合（年度末 46%・目標 60%・達成見込み 6%）`. */
  forecastMiss: (code: string, indicator: string, point: string, target: string, p: number) =>
    `${code} ${indicator}（年度末 ${point}・目標 ${target}・達成見込み ${probabilityText(p)}）`,
  forecastLine: (miss: string, departments: string[]) => `${miss}・${departments.join("・")}`,
  missingHead: (n: number) => `未報告の担当課（${n}課）`,
  /** `総務課 4/10（未報告 6件）`: figures reported of those asked, and how many are still missing. */
  missing: (m: { department: string; count: number; asked?: number }) =>
    m.asked === undefined
      ? `${m.department}（${m.count}件）`
      : `${m.department} ${m.asked - m.count}/${m.asked}（未報告 ${m.count}件）`,
  awaitingItem: (code: string, indicator: string, period: string) =>
    `${code} ${indicator} ${period}`,
  /** The figures count approved official 実績 only (issue 12 §4); `named` are the first three. */
  awaiting: (count: number, named: string[]) =>
    `承認待ちの確定実績 ${count}件（${named.join("、")}${count > 3 ? " ほか" : ""}）: 承認されるまで集計に含めていません`,
  changesHead: "前回のダイジェストから",
  moved: (code: string, from: string, to: string) => `${code} ${from}→${to}`,
  changes: (newActuals: number, moved: number, shown: string[], gradeChanges: number) =>
    [
      `新しい実績 ${newActuals}件`,
      `列の移動 ${moved}件${moved ? `（${shown.join("、")}）` : ""}`,
      `評価の変更 ${gradeChanges}件`,
    ].join("\n"),
  /** The plain-text form, one line each. A count's label loses its bracketed note: `B 3`. */
  countPart: (label: string, count: number) => `${label.replace(/（.*）/u, "")} ${count}`,
  partSeparator: "・",
  textTitle: (title: string) => `【進捗ダイジェスト】${title}`,
  textColumns: (total: number, columns: string) => `取組 ${total}件｜列: ${columns}`,
  textGrades: (grades: string) => `進捗状況: ${grades}`,
  textWeather: (weather: string) => `天気: ${weather}`,
  textIndicators: (indicators: string) => `指標: ${indicators}`,
  behindItem: (code: string, indicator: string, period: string, percent: number) =>
    `${code} ${indicator}（${period}・${percent}%）`,
  textBehind: (count: number, shown: string[]) =>
    `目標を下回る指標 ${count}件: ${shown.join("、")}${count > 3 ? " ほか" : ""}`,
  textForecast: (count: number, shown: string[]) =>
    `見込みで遅れ ${count}件: ${shown.join("、")}${count > 2 ? " ほか" : ""}`,
  textMissing: (departments: string[]) => `未報告: ${departments.join("、")}`,
  textChanges: (moved: number, newActuals: number, gradeChanges: number) =>
    `前回から: 列の移動 ${moved}件、新しい実績 ${newActuals}件、評価の変更 ${gradeChanges}件`,
};
