/**
 * The two rich menus: what each area says, shows and does. The drawing (bot/richmenu/draw.ts) and
 * the menu object sent to LINE are both made from these specs and {@link areaBounds}, so the
 * picture and the tap areas always line up.
 *
 * - lead (担当課リーダー, also 閲覧者): 今月の報告 / ボード / 自分の指標 / ヘルプ
 * - office (DX推進担当): 全体の状況 / ダイジェスト / 提出状況 (the LIFF リマインド page: this cycle per
 *   課 and lead, the schedule, run and follow-up; 未報告 in the chat without LIFF_ID) / メンバー (the
 *   LIFF メンバー page: the list, invites with their QR code, changes; 「メンバー」 in the chat, the
 *   list by role and 課, without LIFF_ID) / ボード
 *
 * @see https://developers.line.biz/en/reference/messaging-api/#rich-menu-object
 */
import type { messagingApi } from "@line/bot-sdk";
import type { RichMenuKind } from "../../db/schema.ts";
import { questionWords, richMenuText } from "../text/line.ts";

/**
 * Compact size: one row of areas (four for leads, five for the office), so the menu leaves most of
 * the chat visible. LINE allows 2500×843 and 2500×1686 (and smaller widths).
 */
export const RICH_MENU_SIZE = { width: 2500, height: 843 } as const;

/** LINE's limit for a rich menu image. */
export const RICH_MENU_IMAGE_LIMIT = 1024 * 1024;

export const RICH_MENU_ALIASES: Record<RichMenuKind, string> = {
  lead: "shinchoku-lead",
  office: "shinchoku-office",
};

/** Postback data of the rich menu areas (answered in bot/webhook.ts). */
export const RICH_MENU_POSTBACKS = {
  report: "action=report",
  digestPreview: "action=digest-preview",
  /** ボード when LIFF_ID is not set: explains what is missing. */
  boardSetup: "action=board-setup",
} as const;

export type IconName =
  | "report"
  | "board"
  | "chart"
  | "help"
  | "gauge"
  | "digest"
  | "bell"
  | "people";

export interface AreaSpec {
  label: string;
  icon: IconName;
  action: messagingApi.Action;
}

export interface MenuSpec {
  kind: RichMenuKind;
  /** The rich menu's name (shown only in LINE's console). */
  name: string;
  /** The text on the chat bar that opens and closes the menu (≤ 14 characters). */
  chatBarText: string;
  /** Accent colour of the drawing. */
  accent: string;
  areas: AreaSpec[];
}

const { areas } = richMenuText;

/** LINE green. */
export const LINE_GREEN = "#06C755";

function boardAction(liffId: string | null): messagingApi.Action {
  return liffId
    ? { type: "uri", label: areas.board, uri: `https://liff.line.me/${liffId}` }
    : {
        type: "postback",
        label: areas.board,
        data: RICH_MENU_POSTBACKS.boardSetup,
        displayText: areas.board,
      };
}

/** The menu specs; `liffId` is the LIFF app ボード opens (a postback explaining LIFF_ID without one). */
export function menuSpecs(options: { liffId: string | null }): Record<RichMenuKind, MenuSpec> {
  const board = boardAction(options.liffId);
  return {
    lead: {
      kind: "lead",
      name: richMenuText.leadMenuName,
      chatBarText: richMenuText.leadChatBar,
      accent: LINE_GREEN,
      areas: [
        {
          label: areas.report,
          icon: "report",
          action: {
            type: "postback",
            label: areas.report,
            data: RICH_MENU_POSTBACKS.report,
            displayText: areas.report,
          },
        },
        { label: areas.board, icon: "board", action: board },
        {
          label: areas.mine,
          icon: "chart",
          action: { type: "message", label: areas.mine, text: questionWords.mine },
        },
        {
          label: areas.help,
          icon: "help",
          action: { type: "message", label: areas.help, text: questionWords.help },
        },
      ],
    },
    office: {
      kind: "office",
      name: richMenuText.officeMenuName,
      chatBarText: richMenuText.officeChatBar,
      accent: LINE_GREEN,
      areas: [
        {
          // Named for what it sends: a short label keeps the five labels large enough to read.
          label: areas.overall,
          icon: "gauge",
          action: { type: "message", label: areas.overall, text: questionWords.overall },
        },
        {
          label: areas.digest,
          icon: "digest",
          action: {
            type: "postback",
            label: areas.digest,
            data: RICH_MENU_POSTBACKS.digestPreview,
            displayText: areas.digest,
          },
        },
        options.liffId
          ? {
              label: areas.reminders,
              icon: "bell",
              action: {
                type: "uri",
                label: areas.reminders,
                uri: `https://liff.line.me/${options.liffId}/reminders`,
              },
            }
          : {
              label: areas.missing,
              icon: "bell",
              action: { type: "message", label: areas.missing, text: questionWords.missing },
            },
        {
          label: areas.members,
          icon: "people",
          action: options.liffId
            ? {
                type: "uri",
                label: areas.members,
                uri: `https://liff.line.me/${options.liffId}/members`,
              }
            : { type: "message", label: areas.members, text: questionWords.members },
        },
        { label: areas.board, icon: "board", action: board },
      ],
    },
  };
}

/** The tap areas: equal columns across the full width, the last one taking the rounding. */
export function areaBounds(count: number): messagingApi.RichMenuBounds[] {
  const { width, height } = RICH_MENU_SIZE;
  const w = Math.floor(width / count);
  return Array.from({ length: count }, (_, i) => ({
    x: i * w,
    y: 0,
    width: i === count - 1 ? width - i * w : w,
    height,
  }));
}

/** The rich menu object sent to `POST /v2/bot/richmenu`. */
export function richMenuRequest(spec: MenuSpec): messagingApi.RichMenuRequest {
  const bounds = areaBounds(spec.areas.length);
  return {
    size: { ...RICH_MENU_SIZE },
    selected: true,
    name: spec.name,
    chatBarText: spec.chatBarText,
    areas: spec.areas.map((a, i) => ({ bounds: bounds[i], action: a.action })),
  };
}
