/**
 * The API's messages for people (Japanese); the codes are in shared/api-errors.ts. What a use case
 * also says (not found, conflicts, confirmation) comes from its table (bot/text/usecases.ts), so
 * LINE and LIFF word it alike. Loaded by the import's worker thread too (bot/import-worker.ts), so
 * it imports nothing but the use cases' text.
 */
import { useCaseText } from "./usecases.ts";

/** The import's own words (bot/api/import-request.ts). */
export const importText = {
  nothing: "取り込むファイルがありません。",
  issues: (count: number) => `${count}件の問題があります。何も取り込んでいません。`,
  notJson: "入力の形が正しくありません: JSON として読めません",
  nul: (where: string) =>
    `入力の形が正しくありません: ${where} に使えない文字（NUL）が含まれています。ファイルを保存し直してください。`,
};

export const apiText = {
  notMember:
    "この計画のメンバーとして登録されていません。DX推進担当に登録を依頼し、届いた招待コードを LINE のトークで送ってください。",
  missingToken: "ログインが必要です。LINE アプリからもう一度開いてください。",
  /** LINE's ID-token verification is rate limited (bot/auth.ts). */
  tooManyVerifications:
    "ログインの確認が集中しています。しばらく待ってからもう一度開いてください。",
  /** A body or parameter that does not fit its schema: each problem is 「path message」. */
  badShape: (problems: string[]) => `入力の形が正しくありません: ${problems.join("、")}`,
  /** After a field's path, in 「入力の形が正しくありません: …」. */
  nulCharacter: "に使えない文字（NUL）が含まれています",
  /** After the parameter's name: `id は数字の id ではありません`. */
  notAnId: "は数字の id ではありません",
  badPeriod: (text: string) => `「${text}」は期間として読めません（例: R5、2024-06）。`,
  /** `PATCH /api/office/members/:id` with nothing to change. */
  memberChangeEmpty: "role・department・active のどれかを指定してください",
  /** `PATCH /api/office/settings` with nothing to change. */
  settingsChangeEmpty: "approval・messageBudget のどちらかを指定してください",
  planNotFound: useCaseText.planNotFound,
  initiativeNotFound: useCaseText.noInitiative,
  indicatorNotFound: useCaseText.noIndicator,
  actualNotFound: useCaseText.noActual,
  initiativeConflict: useCaseText.initiativeConflict,
  actualConflict: useCaseText.actualConflict,
  alreadyWithdrawn: useCaseText.alreadyWithdrawn,
  confirmRequired: useCaseText.confirmRequired,
  digestOfficeOnly: "ダイジェストのプレビューはDX推進担当の方だけが使えます。",
  importOfficeOnly: useCaseText.import.officeOnly,
  importNothing: importText.nothing,
  importIssues: importText.issues,
  importNotOffice: useCaseText.import.notOffice,
  importNewPlanAdminOnly: useCaseText.import.newPlanAdminOnly,
};
