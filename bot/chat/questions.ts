/**
 * Plan questions: a department's initiatives (「総務課の取組」), what is behind (「遅れている取組」),
 * the plan overall (「全体の状況」, with the KGI where the plan has one), my indicators (「私の指標」),
 * help, and — for the office only — who has not reported (「未報告」) and who the members are
 * (「メンバー」, the rich menu's メンバー without LIFF_ID); anything else is searched over
 * the whole plan (shared/search/) and answered with what was asked: the 目標 for the 年度, the latest
 * 実績 and whether it is on track, the 工程, the 担当課, or the card.
 *
 * Lists come as Flex carousels of up to 10 bubbles and a 「もっと見る」 postback for the rest.
 */
import type { messagingApi } from "@line/bot-sdk";
import { listMembers, type MemberView } from "../../db/members.ts";
import { loadPlanView, rememberPlanView } from "../../db/plans.ts";
import { latestCycle } from "../../db/reminders.ts";
import { planSearchFor, preparePlanSearch } from "../../db/search-corpus.ts";
import { behindInitiatives, buildDigest } from "../../shared/digest.ts";
import { fiscalYearAt, formatFiscalYear } from "../../shared/fiscal-year.ts";
import { forecastIndicator } from "../../shared/forecast.ts";
import { showFigure } from "../../shared/numbers.ts";
import {
  type ActualView,
  type IndicatorView,
  type InitiativeView,
  indicatorDepartments,
  meetsTarget,
  memoized,
  type PlanView,
  targetForYear,
} from "../../shared/plan-view.ts";
import type { Provenance } from "../../shared/provenance.ts";
import { ROLE_LABELS, ROLES } from "../../shared/roles.ts";
import {
  type CorpusScheduleItem,
  codeKey,
  type ParsedQuestion,
  type PlanSearch,
  searchPlan,
} from "../../shared/search/index.ts";
import { compactText } from "../../shared/text.ts";
import type { AppDeps } from "../deps.ts";
import { digestFlexMessage } from "../digest/flex.ts";
import type { Message } from "../line/gateway.ts";
import { silentLeads } from "../reminders/cycle.ts";
import { chatText, forecastText, questionText } from "../text/line.ts";
import { indicatorLine, initiativesFlexMessage } from "./flex.ts";

export const PAGE_SIZE = 10;

export type QuestionKind =
  | "help"
  | "overall"
  | "behind"
  | "department"
  | "mine"
  | "missing"
  | "members";

export interface Question {
  kind: QuestionKind;
  /** The 課 for `department`. */
  arg?: string;
}

/** Recognises the question forms; null for anything else (then plan search answers). */
export function classifyQuestion(text: string, departments: string[]): Question | null {
  const t = compactText(text).replace(/[?？。!！]+$/u, "");
  if (/^(ヘルプ|help|使い方|つかいかた|できること)$/u.test(t)) return { kind: "help" };
  if (/全体/u.test(t) && /(状況|進捗|どう|まとめ|$)/u.test(t)) return { kind: "overall" };
  if (/(遅れ|遅延|未達|下回)/u.test(t)) return { kind: "behind" };
  if (/^(私|わたし|自分|じぶん|うち)の(指標|取組|取り組み|担当)/u.test(t)) return { kind: "mine" };
  if (/^(未報告|報告していない|未提出|報告がない)/u.test(t)) return { kind: "missing" };
  if (/^(メンバー|メンバー一覧|メンバーの一覧|名簿)$/u.test(t)) return { kind: "members" };
  // 「総務課の取組」「総務課」: the 課 and at most list words after it, not 「総務課のペーパーレスの取組」.
  const dept = departments.find(
    (d) =>
      t.startsWith(compactText(d)) &&
      /^(の|が|で)?(取組|取り組み|一覧|指標|担当|事業|施策)?(一覧|全部|すべて|全て)?(は|を)?(教えて(ください)?|見せて(ください)?|ください)?$/u.test(
        t.slice(compactText(d).length),
      ),
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
          { type: "text", text: questionText.moreCount(rest), align: "center", size: "sm" },
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
      const digest = planDigest(plan, fiscalYearAt(deps.clock()));
      const flex = digestFlexMessage(digest, { liffId });
      const kgiLines = plan.kgis.map((k) => `KGI ${k.name}: ${indicatorLine(k).text}`);
      return kgiLines.length ? [{ type: "text", text: kgiLines.join("\n") }, flex] : [flex];
    }
    case "behind": {
      const list = behindList(plan);
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
      if (!member.department) return [{ type: "text", text: questionText.noOrg }];
      // The initiatives with an indicator of the member's 課: an indicator that names its own
      // 担当課 belongs to that 課 only (issue 14 §5, shared/plan-view.ts indicatorDepartments).
      const org = member.department;
      const list = plan.initiatives.filter((i) =>
        i.indicators.some((ind) => indicatorDepartments(i, ind).includes(org)),
      );
      if (!list.length)
        return [{ type: "text", text: questionText.noDepartment(member.department) }];
      const messages = page(
        plan,
        list,
        { kind: "department", arg: member.department },
        offset,
        liffId,
      );
      if (offset > 0) return messages;
      const year = fiscalYearAt(deps.clock());
      const outlook = list.flatMap((i) =>
        i.indicators.flatMap((ind) => {
          const f = forecastIndicator(ind, year);
          // Nothing to say for an indicator with no reading at all this 年度.
          const text =
            f.status === "too_few" && f.readings === 0 ? null : forecastText(f, ind.unit);
          return text ? [questionText.forecastLine(ind.name, text)] : [];
        }),
      );
      if (outlook.length)
        messages.push({
          type: "text",
          text: questionText.mineForecast(member.department, formatFiscalYear(year), outlook),
        });
      return messages;
    }
    case "missing": {
      if (member?.role !== "office") return [{ type: "text", text: questionText.officeOnly }];
      const cycle = await latestCycle(deps.db, plan.id);
      if (!cycle) return [{ type: "text", text: questionText.noCycle }];
      // Per indicator: a 課 that sent 4 of its 10 figures is 「総務課 4/10」, not reported.
      const { departments, silent } = await silentLeads(deps, plan, cycle);
      const owing = departments.filter((o) => o.missing.length > 0);
      if (owing.length === 0) return [{ type: "text", text: questionText.nobodyMissing }];
      const rows = owing.map((o) => {
        const leads = silent
          .filter((x) => (x.member.department ?? "") === o.department)
          .map((x) => x.member.displayName ?? x.member.lineUserId);
        return questionText.missingRow(
          o.department || "-",
          o.asked.length - o.missing.length,
          o.asked.length,
          o.missing.map((d) => d.name),
          leads,
        );
      });
      return [
        {
          type: "text",
          text: questionText.missing(
            questionText.missingLabel(cycle.cycleMonth, cycle.period),
            rows,
          ),
        },
      ];
    }
    case "members": {
      if (member?.role !== "office") return [{ type: "text", text: questionText.officeOnly }];
      return [{ type: "text", text: await membersText(deps, plan) }];
    }
  }
}

/** 課 lines in the 「メンバー」 answer at most, so that a large city's list stays one readable message. */
const MEMBER_ORG_LINES = 30;

/**
 * The 「メンバー」 answer (office only): the plan's active members by role, 担当課リーダー by 課
 * with their names, how many were deactivated, and where to invite or change them (the LIFF メンバー
 * page, or `npx shinchoku invite` without LIFF_ID).
 */
async function membersText(deps: AppDeps, plan: PlanView): Promise<string> {
  const all = await listMembers(deps.db, plan.id, { includeInactive: true });
  const active = all.filter((m) => m.active);
  const lines = [questionText.members(plan.name, active.length)];
  for (const role of ROLES) {
    const holders = active.filter((m) => m.role === role);
    if (holders.length === 0) continue;
    lines.push(questionText.membersRole(ROLE_LABELS[role], holders.length));
    if (role !== "lead") continue;
    const byOrg = new Map<string, string[]>();
    for (const m of holders) {
      const org = m.department ?? questionText.membersNoOrg;
      byOrg.set(org, [...(byOrg.get(org) ?? []), m.displayName ?? questionText.membersNoName]);
    }
    const orgs = [...byOrg];
    for (const [org, names] of orgs.slice(0, MEMBER_ORG_LINES))
      lines.push(questionText.membersOrg(org, names));
    if (orgs.length > MEMBER_ORG_LINES)
      lines.push(questionText.membersMoreOrgs(orgs.length - MEMBER_ORG_LINES));
  }
  const inactive = all.length - active.length;
  if (inactive > 0) lines.push(questionText.membersInactive(inactive));
  const liffId = deps.config.liffId;
  lines.push(
    liffId
      ? questionText.membersManageLiff(`https://liff.line.me/${liffId}/members`)
      : questionText.membersManageCli(plan.id),
  );
  return lines.join("\n");
}

/** How many initiatives a question about one thing (目標, 実績, いつ, 担当) answers at most. */
const SPECIFIC_LIMIT = 3;
/** Schedule lines per initiative in an answer. */
const SCHEDULE_LINES = 8;
/** LINE quick reply: at most 13 items, labels at most 20 characters. */
const QUICK_REPLY_LABEL = 20;

function cut(text: string, limit: number): string {
  return [...text].length <= limit ? text : `${[...text].slice(0, limit - 1).join("")}…`;
}

/** The fiscal year a question is about: the one named, else relative to today, else null. */
function askedYear(q: ParsedQuestion, today: number): number | null {
  if (q.fiscalYear !== null) return q.fiscalYear;
  if (q.relativeYear !== null) return today + q.relativeYear;
  return null;
}

/**
 * The inferred values (出典 推定, issue 14 §1) of one answer: `mark` gives 「（推定）」 for a value to
 * put after it and keeps its 出典メモ, `notes` the lines that say why, each note once, for under the
 * answer. Read values (読取) are in the source and carry no mark here; the LIFF detail shows them.
 */
function inferredMarks() {
  const notes = new Set<string>();
  let any = false;
  return {
    mark(p: Provenance | undefined): string {
      if (p?.source !== "inferred") return "";
      any = true;
      if (p.note) notes.add(p.note);
      return chatText.inferredMark;
    },
    notes(): string[] {
      return any ? [chatText.inferredNotes([...notes])] : [];
    },
  };
}
type Marks = ReturnType<typeof inferredMarks>;

/** The initiative as an answer names it: an inferred 取組名 carries its mark. */
function named(i: InitiativeView, marks: Marks): InitiativeView {
  const mark = marks.mark(i.titleProvenance);
  return mark ? { ...i, title: `${i.title}${mark}` } : i;
}

function targetLines(
  plan: PlanView,
  i: InitiativeView,
  year: number,
  today: number,
  marks: Marks,
): string[] {
  const lines = [questionText.targetHead(formatFiscalYear(year), year === today)];
  if (i.indicators.length === 0) return [...lines, questionText.noIndicators];
  const from = formatFiscalYear(plan.startFiscalYear);
  const to = formatFiscalYear(plan.endFiscalYear);
  for (const ind of i.indicators) {
    const t = targetForYear(ind, year);
    const name = `${ind.name}${marks.mark(ind.provenance)}`;
    lines.push(
      t
        ? questionText.targetLine(name, `${showFigure(t, ind.unit)}${marks.mark(t.provenance)}`)
        : questionText.noTargetFor(name, formatFiscalYear(year)),
    );
    const last = ind.targets.filter((x) => x.period.startsWith("FY")).at(-1) ?? ind.targets.at(-1);
    if (last && last !== t) {
      lines.push(
        questionText.planTarget(
          from,
          to,
          formatFiscalYear(last.fiscalYear),
          `${showFigure(last, ind.unit)}${marks.mark(last.provenance)}`,
        ),
      );
    } else if (!last && ind.targetText) {
      lines.push(questionText.targetTextLine(ind.targetText));
    }
  }
  return lines;
}

/** The actual of a fiscal year: the official one, else the latest interim reading in that year. */
function actualOfYear(ind: IndicatorView, year: number): ActualView | null {
  const inYear = ind.actuals.filter(
    (a) => a.fiscalYear === year && (a.value !== null || a.rawText !== null),
  );
  return (
    inYear.find((a) => a.kind === "official") ??
    inYear.sort((a, b) => b.period.localeCompare(a.period))[0] ??
    null
  );
}

function actualLines(i: InitiativeView, year: number | null, marks: Marks): string[] {
  const lines = [questionText.actualHead(year === null ? null : formatFiscalYear(year))];
  if (i.indicators.length === 0) return [...lines, questionText.noIndicators];
  for (const ind of i.indicators) {
    if (year === null) {
      const line = indicatorLine(ind);
      if (line.text.startsWith(chatText.labels.noActual)) {
        lines.push(questionText.noActualYet(`${ind.name}${marks.mark(ind.provenance)}`));
        continue;
      }
      const name = `${ind.name}${marks.mark(ind.provenance)}`;
      const marked = indicatorLine(ind, (p) => marks.mark(p));
      lines.push(questionText.latestLine(name, marked.text, line.met));
      continue;
    }
    const name = `${ind.name}${marks.mark(ind.provenance)}`;
    const actual = actualOfYear(ind, year);
    if (!actual) {
      lines.push(questionText.noActualFor(name, formatFiscalYear(year)));
      continue;
    }
    const target = targetForYear(ind, year);
    const period =
      actual.kind === "interim"
        ? chatText.card.interimAt(actual.period)
        : formatFiscalYear(actual.fiscalYear);
    lines.push(
      questionText.actualLine(
        name,
        period,
        `${showFigure(actual, ind.unit)}${marks.mark(actual.provenance)}`,
        target ? `${showFigure(target, ind.unit)}${marks.mark(target.provenance)}` : null,
        meetsTarget(ind.direction, target?.value ?? null, actual.value),
      ),
    );
  }
  return lines;
}

function scheduleLines(
  search: PlanSearch,
  i: InitiativeView,
  year: number | null,
  marks: Marks,
): string[] {
  const all = search.corpus.schedule.filter((x) => x.initiativeId === i.id);
  const covers = (x: CorpusScheduleItem, y: number) =>
    x.fromFiscalYear <= y && (x.toFiscalYear === null || x.toFiscalYear >= y);
  const items = year === null ? all : all.filter((x) => covers(x, year));
  const lines = [questionText.scheduleHead(year === null ? null : formatFiscalYear(year))];
  if (items.length === 0) return [...lines, questionText.noSchedule];
  for (const x of items.slice(0, SCHEDULE_LINES)) {
    lines.push(
      questionText.scheduleLine(
        `${x.periodText}${marks.mark(x.provenance)}`,
        x.item,
        cut(x.body.replace(/\s+/gu, " "), 80),
      ),
    );
  }
  if (items.length > SCHEDULE_LINES)
    lines.push(questionText.moreSchedule(items.length - SCHEDULE_LINES));
  return lines;
}

/** The text that answers what was asked about one initiative. */
function answerLines(
  search: PlanSearch,
  q: ParsedQuestion,
  i: InitiativeView,
  today: number,
  marks: Marks,
): string[] {
  const year = askedYear(q, today);
  const heading = () => questionText.heading(named(i, marks));
  switch (q.ask) {
    case "department":
      return [questionText.departmentLine(named(i, marks))];
    case "target":
      return [heading(), ...targetLines(search.plan, i, year ?? today, today, marks)];
    case "actual":
      return [heading(), ...actualLines(i, year, marks)];
    case "schedule":
      return [heading(), ...scheduleLines(search, i, year, marks)];
    case "card":
      return [];
  }
}

function nearQuickReply(initiatives: InitiativeView[]): messagingApi.QuickReply {
  return {
    items: initiatives.map((i) => ({
      type: "action",
      action: {
        type: "message",
        label: cut(`${i.code} ${i.title}`, QUICK_REPLY_LABEL),
        text: i.code,
      },
    })),
  };
}

/**
 * Answers a message that is not one of the known question forms, from plan search: what was asked
 * (目標, 実績, 工程, 担当課) as text with the card(s), or the cards alone; when nothing matches, says
 * so and offers the three closest initiatives as quick replies.
 */
export function answerFromSearch(deps: AppDeps, search: PlanSearch, text: string): Message[] {
  const outcome = searchPlan(search, text, 12);
  const plan = search.plan;
  if (outcome.hits.length === 0) {
    const near = outcome.near;
    const examples = near.length
      ? [...near.map((i) => `${i.code} ${i.title}`), questionText.codeExample]
      : plan.initiatives
          .slice(0, 3)
          .map((i) => i.title.replace(/の(推進|強化|見直し|実施)$/u, ""))
          .concat(
            plan.initiatives.length ? [questionText.codeExample] : questionText.fallbackExamples,
          );
    const message: messagingApi.TextMessage = {
      type: "text",
      text: chatText.noMatch(text.trim().slice(0, 40), examples),
    };
    if (near.length) message.quickReply = nearQuickReply(near);
    return [message];
  }
  const q = outcome.question;
  const initiatives = outcome.hits.map((h) => h.initiative);
  const options = { liffId: deps.config.liffId };
  if (q.ask === "card") return [initiativesFlexMessage(plan, initiatives, options)];
  const today = fiscalYearAt(deps.clock());
  const shown = initiatives.slice(0, SPECIFIC_LIMIT);
  // An inferred value is marked where it is shown, and why is said once under the answer.
  const marks = inferredMarks();
  const text2 = [
    ...shown.map((i) => answerLines(search, q, i, today, marks).join("\n")),
    ...marks.notes(),
  ].join("\n\n");
  return [{ type: "text", text: cut(text2, 4900) }, initiativesFlexMessage(plan, shown, options)];
}

// What questions derive from a plan view, once per view (that is, per plan revision).
/** The digest of 「全体の状況」, forecasting today's 年度 (a new 年度 is a new memo). */
const planDigest = (plan: PlanView, fiscalYear: number) =>
  memoized(plan, `digest:${fiscalYear}`, () => buildDigest(plan, { forecastYear: fiscalYear }));
const behindList = (plan: PlanView) => memoized(plan, "behind", () => behindInitiatives(plan));
const codeKeys = (plan: PlanView) =>
  memoized(plan, "code-keys", () => new Set(plan.initiatives.map((i) => codeKey(i.code))));
const compactCodes = (plan: PlanView) =>
  memoized(plan, "compact-codes", () => new Set(plan.initiatives.map((i) => compactText(i.code))));
/** The 課 that lead or share an initiative. */
export const planDepartments = (plan: PlanView) =>
  memoized(plan, "departments", () => [...new Set(plan.initiatives.flatMap((i) => i.departments))]);

/**
 * Computes, once per plan revision, everything questions derive from the plan: the search index
 * (with its corpus: narratives, schedule, synonyms), the digest of 「全体の状況」, the list of
 * 「遅れている取組」, the code sets and the 課. A question on a prepared view pays none of it; the
 * first question on an unprepared one pays it all (at 10,000 initiatives about a second, see
 * docs/benchmarks.md), so it is also done ahead of questions: when the server starts, after an
 * import, and after a message that may have changed the plan ({@link preparePlanAnswers}).
 */
export async function prepareAnswers(deps: AppDeps, plan: PlanView): Promise<PlanSearch> {
  planDigest(plan, fiscalYearAt(deps.clock()));
  behindList(plan);
  codeKeys(plan);
  compactCodes(plan);
  planDepartments(plan);
  return planSearchFor(deps.db, plan);
}

/**
 * {@link prepareAnswers} for the plan's current revision (loading its view if it changed), as
 * background work: a failure only means the next question prepares it.
 */
export async function preparePlanAnswers(deps: AppDeps, planId: string): Promise<void> {
  try {
    const plan = await loadPlanView(deps.db, planId);
    if (plan) await prepareAnswers(deps, plan);
  } catch {
    // Best effort: e.g. the database closed meanwhile (tests, shutdown).
  }
}

/** Gives the event loop a turn: pending I/O (requests, webhooks) runs before the next step. */
const turn = () => new Promise<void>((done) => setImmediate(done));

/**
 * {@link preparePlanAnswers} without holding the event loop for long, for a large plan changed in
 * the background (after an import, at start): the view and the search corpus are loaded off the
 * event loop (`deps.loadPlanOffThread`, a worker thread on Node) and kept as this database's
 * cached view; the search index is built in steps of 50 initiatives (shared/search
 * `buildPlanSearchInSteps`), and each answer derived from the revision is a step of its own, with
 * a turn of the event loop between steps. A question on the revision meanwhile waits for the index
 * being built instead of building its own. Without `loadPlanOffThread` it is
 * {@link preparePlanAnswers}. Best effort, as that is.
 */
export async function preparePlanAnswersInSteps(deps: AppDeps, planId: string): Promise<void> {
  if (!deps.loadPlanOffThread) return preparePlanAnswers(deps, planId);
  try {
    const loaded = await deps.loadPlanOffThread(planId);
    if (!loaded) return;
    const plan = rememberPlanView(deps.db, loaded.view);
    await turn();
    await preparePlanSearch(plan, loaded.corpus, turn);
    const steps = [
      () => planDigest(plan, fiscalYearAt(deps.clock())),
      () => behindList(plan),
      () => codeKeys(plan),
      () => compactCodes(plan),
      () => planDepartments(plan),
    ];
    for (const step of steps) {
      await turn();
      step();
    }
  } catch (err) {
    console.warn(`preparing the answers of plan ${planId} failed (its first question will):`, err);
  }
}

/** Whether a whole message is one initiative's code in a written form (`⑲`, `No.19`, `19番`). */
export function isInitiativeCodeText(plan: PlanView, text: string): boolean {
  const keys = codeKeys(plan);
  const compact = compactCodes(plan);
  if (compact.has(compactText(text))) return true;
  // A bare number is a figure unless it is written as the code (above); `No.19`, `19番` are codes.
  return /^(no|№|#|管理番号|番号)|番$/iu.test(compactText(text)) && keys.has(codeKey(text));
}

/**
 * Answers a text message as a question about a plan: a known question form, else plan search.
 * The entry point for the chat (bot/events.ts) and any other surface that asks questions.
 */
export async function answerQuestion(
  deps: AppDeps,
  plan: PlanView,
  member: MemberView | undefined,
  text: string,
): Promise<Message[]> {
  const question = classifyQuestion(text, planDepartments(plan));
  if (question) return answerKnownQuestion(deps, plan, member, question);
  return answerFromSearch(deps, await planSearchFor(deps.db, plan), text);
}
