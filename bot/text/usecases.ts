/**
 * What the use cases (bot/usecases/) say: one wording for LINE and the LIFF app alike, so that a
 * refusal or a conflict reads the same on both surfaces. The chat prefixes a line's number and text
 * (`2行目「40人」: `); the API sends it as `message` (bot/text/api.ts names the same entries).
 */
import { ROLE_LABELS, type Role } from "../../shared/roles.ts";

export const useCaseText = {
  planNotFound: (id: string) => `計画「${id}」はありません。`,
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
    /** A schedule field that breaks its rule: `{field}は{rule}` (bot/usecases/office-reminders.ts). */
    scheduleProblem: (field: string, rule: string) => `${field}は${rule}`,
    noCycle: "この計画のリマインドはまだ一度も送られていません。先にリマインドを実行してください。",
    cycleNotDone: (cycleMonth: string) =>
      `${cycleMonth} のリマインドの送信が終わっていません（停止中または送信中）。先にリマインドを再開してください。`,
    audience: (to: string) =>
      `送信先「${to}」は all・org:<課名>・role:<lead|office|viewer>・broadcast のいずれかです。`,
  },
  /** The plan's settings (bot/usecases/office-settings.ts). */
  settings: {
    noPlan: "この計画はありません。",
    budgetRange: (max: number) => `月間メッセージ予算は 0〜${max} の通数です。`,
  },
  /** Whether a send fits this month (bot/usecases/message-allowance.ts). */
  allowance: {
    /**
     * The start of a cycle's `stopReason` when the plan's own budget stopped it; the notices tell
     * the plan's budget from LINE's limit by it (`stoppedByBudget`).
     */
    budgetStopPrefix: "計画の月間メッセージ予算",
    quota: (left: number, needed: number, limit: number) =>
      `今月の LINE のメッセージ残り ${left}通に対して ${needed}通が必要なため、送信していません（上限 ${limit}通）。`,
    budget: (left: number, needed: number, budget: number, used: number) =>
      `この計画の今月のメッセージ予算の残り ${left}通に対して ${needed}通が必要なため、送信していません（予算 ${budget}通・使用済み ${used}通）。`,
  },
} as const;
