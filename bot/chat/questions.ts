/**
 * Plan questions beyond keyword search: a department's initiatives (「総務課の取組」), what is behind
 * (「遅れている取組」), the plan overall (「全体の状況」, with the KGI where the plan has one), my
 * indicators (「私の指標」), an initiative by its code (「⑲」「B1-5a」「No.44」, via search), help, and
 * — for the office only — who has not reported (「未報告」).
 *
 * Lists come as Flex carousels of up to 10 bubbles and a 「もっと見る」 postback for the rest.
 */
import type { MemberView } from "../../db/members.ts";
import { latestCycle } from "../../db/reminders.ts";
import { behindInitiatives, buildDigest } from "../../shared/digest.ts";
import { type InitiativeView, memoized, type PlanView } from "../../shared/plan-view.ts";
import { compactText } from "../../shared/text.ts";
import type { AppDeps } from "../deps.ts";
import { digestFlexMessage } from "../digest/flex.ts";
import type { Message } from "../line/gateway.ts";
import { silentLeads } from "../reminders/cycle.ts";
import { indicatorLine, initiativesFlexMessage } from "./flex.ts";

export const PAGE_SIZE = 10;

export type QuestionKind = "help" | "overall" | "behind" | "department" | "mine" | "missing";

export interface Question {
  kind: QuestionKind;
  /** The 課 for `department`. */
  arg?: string;
}

export const questionText = {
  help: [
    "shinchoku への質問の例:",
    "・ペーパーレス（取組の名前の一部）",
    "・⑲、③-1、B1-5a、No.44（取組の番号）",
    "・総務課の取組",
    "・遅れている取組",
    "・全体の状況",
    "・私の指標",
    "・未報告（DX推進担当のみ）",
    "担当課の方は、毎月のお知らせに「番号 数値」（例: 1 40%）で返信すると実績を報告できます。",
  ].join("\n"),
  officeOnly: "この質問はDX推進担当の方だけが使えます。",
  notMemberMine:
    "「私の指標」は、担当課として登録した方が使えます。招待コードを送って登録してください。",
  noOrg: "あなたの課が登録されていません。DX推進担当に確認してください。",
  nothingBehind: "目標を下回っている取組・B/C評価の取組はありません。",
  noDepartment: (name: string) =>
    `「${name}」の取組は見つかりませんでした。課の名前を確かめてください。`,
  nobodyMissing: "直近のリマインドで未報告の担当課はありません。",
  noCycle: "まだリマインドを送っていません。",
  missing: (label: string, rows: string[]) => [`【未報告】${label}`, ...rows].join("\n"),
  mine: (org: string) => `${org}の指標`,
  more: "もっと見る",
};

/** Recognises the question forms; null for anything else (then keyword search answers). */
export function classifyQuestion(text: string, departments: string[]): Question | null {
  const t = compactText(text).replace(/[?？。!！]+$/u, "");
  if (/^(ヘルプ|help|使い方|つかいかた|できること)$/u.test(t)) return { kind: "help" };
  if (/全体/u.test(t) && /(状況|進捗|どう|まとめ|$)/u.test(t)) return { kind: "overall" };
  if (/(遅れ|遅延|未達|下回)/u.test(t)) return { kind: "behind" };
  if (/^(私|わたし|自分|じぶん|うち)の(指標|取組|取り組み|担当)/u.test(t)) return { kind: "mine" };
  if (/^(未報告|報告していない|未提出|報告がない)/u.test(t)) return { kind: "missing" };
  const dept = departments.find(
    (d) =>
      t.startsWith(compactText(d)) &&
      /(取組|取り組み|一覧|指標|担当|$)/u.test(t.slice(compactText(d).length)),
  );
  if (dept) return { kind: "department", arg: dept };
  return null;
}

function page(
  plan: PlanView,
  list: InitiativeView[],
  q: Question,
  offset: number,
  liffId: string | null,
): Message[] {
  const slice = list.slice(offset, offset + PAGE_SIZE);
  const message = initiativesFlexMessage(plan, slice, { liffId, totalCount: list.length });
  const rest = list.length - offset - slice.length;
  if (rest > 0 && message.contents.type === "carousel") {
    const data = new URLSearchParams({
      action: "more",
      q: q.kind,
      ...(q.arg ? { arg: q.arg } : {}),
      offset: String(offset + PAGE_SIZE),
    }).toString();
    message.contents.contents.push({
      type: "bubble",
      size: "micro",
      body: {
        type: "box",
        layout: "vertical",
        justifyContent: "center",
        contents: [
          { type: "text", text: `ほか ${rest}件`, align: "center", size: "sm" },
          {
            type: "button",
            action: {
              type: "postback",
              label: questionText.more,
              data,
              displayText: questionText.more,
            },
          },
        ],
      },
    });
  }
  return [message];
}

/** Answers a recognised question. */
export async function answerKnownQuestion(
  deps: AppDeps,
  plan: PlanView,
  member: MemberView | undefined,
  q: Question,
  offset = 0,
): Promise<Message[]> {
  const liffId = deps.config.liffId;
  switch (q.kind) {
    case "help":
      return [{ type: "text", text: questionText.help }];
    case "overall": {
      const digest = memoized(plan, "digest", () => buildDigest(plan));
      const flex = digestFlexMessage(digest, { liffId });
      const kgiLines = plan.kgis.map((k) => `KGI ${k.name}: ${indicatorLine(k).text}`);
      return kgiLines.length ? [{ type: "text", text: kgiLines.join("\n") }, flex] : [flex];
    }
    case "behind": {
      const list = memoized(plan, "behind", () => behindInitiatives(plan));
      return list.length
        ? page(plan, list, q, offset, liffId)
        : [{ type: "text", text: questionText.nothingBehind }];
    }
    case "department": {
      const list = plan.initiatives.filter((i) => i.departments.includes(q.arg ?? ""));
      return list.length
        ? page(plan, list, q, offset, liffId)
        : [{ type: "text", text: questionText.noDepartment(q.arg ?? "") }];
    }
    case "mine": {
      if (!member) return [{ type: "text", text: questionText.notMemberMine }];
      if (!member.orgUnit) return [{ type: "text", text: questionText.noOrg }];
      const list = plan.initiatives.filter(
        (i) => i.departments.includes(member.orgUnit ?? "") && i.indicators.length > 0,
      );
      return list.length
        ? page(plan, list, { kind: "department", arg: member.orgUnit }, offset, liffId)
        : [{ type: "text", text: questionText.noDepartment(member.orgUnit) }];
    }
    case "missing": {
      if (member?.role !== "office") return [{ type: "text", text: questionText.officeOnly }];
      const cycle = await latestCycle(deps.db, plan.id);
      if (!cycle) return [{ type: "text", text: questionText.noCycle }];
      const { silent } = await silentLeads(deps, plan, cycle);
      if (silent.length === 0) return [{ type: "text", text: questionText.nobodyMissing }];
      const rows = silent.map(
        (x) =>
          `・${x.member.orgUnit ?? "-"}（${x.member.displayName ?? x.member.lineUserId}）未報告 ${x.items.length}件`,
      );
      return [
        {
          type: "text",
          text: questionText.missing(`${cycle.cycleMonth} のリマインド（${cycle.period}）`, rows),
        },
      ];
    }
  }
}
