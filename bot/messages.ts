/**
 * Every Japanese text the bot sends, in one place, so that it can be reviewed and changed
 * without reading logic.
 */
import { type Forecast, MIN_READINGS } from "../shared/forecast.ts";
import { formatFigure } from "../shared/numbers.ts";
import { ROLE_LABELS, type Role } from "../shared/roles.ts";

export const ja = {
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
  joined: (planName: string, orgUnit: string | null, role: Role) =>
    [
      `「${planName}」に${orgUnit ? `${orgUnit}の` : ""}${ROLE_LABELS[role]}として登録しました。`,
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
  /**
   * A value the plan does not print, inferred by whoever transcribed it (出典 推定, issue 14 §1): the
   * mark after it in an answer, and the lines under the answer that say why (each 出典メモ once).
   */
  inferredMark: "（推定）",
  inferredNotes: (notes: string[]) =>
    ["※（推定）は計画書に書かれておらず、推定したものです。", ...notes.map((n) => `・${n}`)].join(
      "\n",
    ),
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
    /** The latest review (issue 14 §2): 「R7年度 第2四半期（2025年9月29日時点）: 天気 晴れ・今後の方向性 継続」. */
    review: (period: string, asOf: string, weather: string | null, outlook: string | null) =>
      `${period}（${asOf}時点）: ${[weather && `天気 ${weather}`, outlook && `今後の方向性 ${outlook}`].filter(Boolean).join("・")}`,
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
 * What the use cases (bot/usecases/) say when they refuse something: one wording for LINE and the
 * LIFF app alike. The chat prefixes a line's number and text (`2行目「40人」: `).
 */
export const useCaseText = {
  compareMembersOnly: "共通指標の比較は、計画のメンバーの方が見られます。",
  noCatalogEntry: (id: string) => `共通指標「${id}」はカタログにありません。`,
  perCapitaUnavailable:
    "人口当たりで比べる指標です。人口が登録されていない市（計画の plan.yaml の population）は、人口千人当たりの値を出していません。",
  unitMismatch: (expected: string) => `単位が違います（この指標は「${expected}」です）。`,
  notANumber: (value: string) => `「${value}」は数値として読めません。`,
  noIndicator: "この指標はありません。",
  noInitiative: "この取組はありません。",
  noActual: "この実績はありません。",
  outsidePlan: "計画期間外の期間です。",
  actualConflict: "ほかの人が先にこの期間の実績を更新しました。最新の値を確かめてください。",
  confirmRequired: "確認が必要な値です。正しければ、もう一度保存してください。",
  alreadyWithdrawn: "この実績はすでに取り消されています。",
  nothingToUndo: "取り消せる報告はありません。",
  initiativeConflict:
    "ほかの人が先に更新しました。最新の内容を表示します。入力した内容を確かめて、もう一度保存してください。",
  initiative: {
    noColumn: (column: string) => `列「${column}」はこの計画にありません。`,
    weather: (choices: string[]) => `天気は ${choices.join("・")} のいずれかです。`,
    outlookReason: "今後の方向性には理由を書いてください。",
    noGradeKind: "この計画にはこの評価がありません。",
    gradeScale: (grades: string[]) => `評価は ${grades.join("・")} のいずれかです。`,
    outsidePlanYear: "計画期間外の年度です。",
    gradeReason: (label: string, grade: string) =>
      `${label}が「${grade}」のときは理由が必要です（S は理由、B・C は理由と改善に向けた方策）。`,
  },
  /** Importing a plan (bot/usecases/import-plan.ts). */
  import: {
    officeOnly: "計画の取り込みはDX推進担当の方だけができます。",
    notOffice: (planId: string) => `計画「${planId}」のDX推進担当ではないため取り込めません。`,
    newPlanAdminOnly: (planId: string) =>
      `新しい計画「${planId}」の登録は運用管理者だけができます（CLI の npx shinchoku import、または ADMIN_LINE_USER_IDS に登録された管理者）。`,
  },
  /** The DX office's pages (members, reminders, digest): the API says these. */
  office: {
    officeOnly: (role: Role) =>
      `この操作は${ROLE_LABELS.office}の方だけができます（あなたは${ROLE_LABELS[role]}です）。`,
    lastOffice: `${ROLE_LABELS.office}がいなくなるため、この変更はできません。先にほかの人を${ROLE_LABELS.office}にしてください。`,
    inviteDays: "招待コードの有効期限は 1〜90 日です。",
    scheduleField: {
      dayOfMonth: "毎月の日",
      time: "時刻",
      followUpDays: "再送までの開庁日数",
      deadlineBusinessDays: "提出期限の開庁日数",
    },
    noCycle: "この計画のリマインドはまだ一度も送られていません。先にリマインドを実行してください。",
    cycleNotDone: (cycleMonth: string) =>
      `${cycleMonth} のリマインドの送信が終わっていません（停止中または送信中）。先にリマインドを再開してください。`,
    audience: (to: string) =>
      `送信先「${to}」は all・org:<課名>・role:<lead|office|viewer>・broadcast のいずれかです。`,
  },
} as const;

/**
 * Approval of the yearly official 実績 (issue 12 §4): what the 課長 or the office is pushed, what
 * they are answered in the chat, and what the lead is told of the decision. `lines` are
 * 「・指標名: 値」 lines built by the caller.
 */
export const approvalText = {
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
  askComment:
    "差し戻しの理由を送ってください（例: 3月分の件数が集計表と合いません）。報告した人にそのまま伝えます。「あとで」でやめられます。",
  commentStillOpen:
    "差し戻しの理由をお待ちしています。一言で送ってください（「あとで」でやめられます）。",
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
