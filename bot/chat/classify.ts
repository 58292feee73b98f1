/**
 * What a text message is, decided once and before any pending state may claim it (issue 9): an
 * invite code, 取消, はい/いいえ, an initiative's code, figures, a question, a greeting, 「なし」,
 * 「あとで」, or other text. Only other text — and text that reads as prose — may be taken as the
 * reason the bot asked for; everything else goes its normal way.
 *
 * Pure apart from the plan it reads: no I/O.
 */
import { looksLikeInviteCode } from "../../db/invites.ts";
import type { PlanView } from "../../shared/plan-view.ts";
import { parseReply, type ReplyIntent } from "../../shared/reply-parser.ts";
import { compactText } from "../../shared/text.ts";
import { NO_REASON } from "../usecases/give-reason.ts";
import {
  classifyQuestion,
  isInitiativeCodeText,
  planDepartments,
  type Question,
} from "./questions.ts";

export type ChatMessage =
  | { kind: "invite" }
  | { kind: "undo" }
  | { kind: "yes" }
  | { kind: "no" }
  /** The whole message is one of the plan's initiative codes (「⑲」「③-1」): a question. */
  | { kind: "code" }
  | { kind: "figures"; intent: Extract<ReplyIntent, { kind: "figures" }> }
  /** A recognised question form, or text that asks (「…？」「…を教えて」): null for the latter. */
  | { kind: "question"; question: Question | null }
  | { kind: "greeting" }
  /** 「なし」「特になし」: no reason to give. */
  | { kind: "skip" }
  /** 「あとで」: not now. */
  | { kind: "later" }
  /** Anything else: a search term, or the reason when one was asked for. */
  | { kind: "text" };

const GREETING =
  /^(こんにちは|こんにちわ|こんばんは|おはよう(ございます)?|お疲れ様(です|でした)?|お疲れさま(です|でした)?|おつかれさま(です|でした)?|おつかれ|ありがとう(ございます|ございました)?|よろしく(お願いします|おねがいします|お願いいたします)?|了解(です|しました)?|承知しました|はじめまして|hello|hi)$/u;
const LATER = /^(あとで|後で|後ほど|のちほど|あとで入力|後で入力|あとで送ります|後で送ります)$/u;
const ASKS = /(\?|？|教えて|おしえて|知りたい|ですか|ますか|どう(なって|です)|は何|はなに)$/u;

/** `はい。`, `なし！`: the message without closing punctuation, NFKC, lower case, no spaces. */
function word(text: string): string {
  return compactText(text).replace(/[。.!！〜~ー]+$/u, "");
}

/**
 * Classifies a text message. Invite codes are recognised only from a LINE user (`fromUser`).
 * @param plan the plan whose codes and 課 the message may name.
 */
export function classifyMessage(
  text: string,
  plan: PlanView | null,
  fromUser: boolean,
): ChatMessage {
  if (fromUser && looksLikeInviteCode(text)) return { kind: "invite" };
  const intent = parseReply(text);
  if (intent.kind === "undo" || intent.kind === "yes" || intent.kind === "no")
    return { kind: intent.kind };
  // 「⑲」「③-1」「223010」「No.19」「19番」 look like figures but name an initiative: questions.
  if (plan && isInitiativeCodeText(plan, text)) return { kind: "code" };
  if (intent.kind === "figures") return { kind: "figures", intent };
  const question = classifyQuestion(text, plan ? planDepartments(plan) : []);
  if (question) return { kind: "question", question };
  const w = word(text);
  if (ASKS.test(compactText(text))) return { kind: "question", question: null };
  if (GREETING.test(w)) return { kind: "greeting" };
  if (NO_REASON.test(w)) return { kind: "skip" };
  if (LATER.test(w)) return { kind: "later" };
  return { kind: "text" };
}

const PROSE_END =
  /(ため|為|ので|から|により|による|によるもの|です|ます|ました|でした|ません|ている|ていた|ておらず|ており|った|ない|ず|不足|予定|見込み|見込|中|状況)$/u;

/**
 * Whether other text may be taken as the reason asked for: it has words (two letters of kana, kanji
 * or the alphabet), so that a figure the parser cannot read yet (「▲5」) or a stray mark is not
 * stored as 要因.
 */
export function hasWords(text: string): boolean {
  return /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}a-zA-Z]{2,}/u.test(
    text.normalize("NFKC"),
  );
}

/**
 * Whether a message reads as a sentence (「会議の開催が遅れているため」「4月に異動があったため」) rather
 * than a question form or a figure. Used only while a reason is asked for, to take a reason that
 * happens to contain 「遅れ」 or to start with a digit; a question that ends like prose
 * (「遅れていますか」) was already classified as asking.
 */
export function readsAsProse(text: string): boolean {
  const w = word(text);
  return w.length >= 4 && (PROSE_END.test(w) || /(ため|ので|により)/u.test(w));
}
