/**
 * The API's messages for people (Japanese); the codes are in shared/api-errors.ts. What a use case
 * also says (not found, conflicts, confirmation) comes from its table, so LINE and LIFF word it alike.
 */
import { useCaseText } from "../messages.ts";
import { importText } from "./import-request.ts";

export const apiText = {
  notMember:
    "この計画のメンバーとして登録されていません。DX推進担当に登録を依頼し、届いた招待コードを LINE のトークで送ってください。",
  missingToken: "ログインが必要です。LINE アプリからもう一度開いてください。",
  /** After a field's path, in 「入力の形が正しくありません: …」. */
  nulCharacter: "に使えない文字（NUL）が含まれています",
  planNotFound: (id: string) => `計画「${id}」はありません。`,
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
