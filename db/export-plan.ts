/**
 * A plan from the database back into the import format (docs/import-format.md): plan.yaml and the
 * CSV tables, or the same tables as sheets of one workbook. Importing the result gives back the same
 * plan: current targets, actuals and grades, narratives, schedule, board state, and the provenance
 * (出典・出典メモ) of every name, year, figure and grade — 「入力」 for figures entered in LINE or LIFF. Writing them to disk
 * is io/plan-files.ts `writePlanFolder`.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { stringify as stringifyYaml } from "yaml";
import {
  fiscalYearCode,
  parsePeriodKey,
  parseReviewPeriod,
  periodCode,
  reviewPeriodCode,
} from "../shared/fiscal-year.ts";
import { BUNDLE_FILES } from "../shared/import-format.ts";
import { type Governance, readGovernance } from "../shared/plan-meta.ts";
import { INDICATOR_KIND_LABELS } from "../shared/indicator-kinds.ts";
import { plainFigure } from "../shared/numbers.ts";
import { PRINTED, type Provenance, provenanceCells, sourceOf } from "../shared/provenance.ts";
import type { DbOrTx } from "./client.ts";
import { loadPlanView } from "./plans.ts";
import * as s from "./schema.ts";

export interface PlanTables {
  planYaml: string;
  plan: Record<string, unknown>;
  /** file name → rows, the header first. */
  tables: Record<string, string[][]>;
}

const DIRECTION_WORDS = { higher: "上昇", lower: "低下", reach: "到達", date: "期日" } as const;

/** `R5`, `R7Q4`, `H30`, `2024-06`: a period as the import format writes it. */
function periodText(key: string): string {
  const p = parsePeriodKey(key);
  return p ? periodCode(p) : key;
}

/** A stored row's provenance (its `source` and `source_note` columns). */
function stored(r: { source: string | null; sourceNote: string | null }): Provenance {
  return { source: sourceOf(r.source), note: r.sourceNote };
}

/**
 * plan.yaml `governance` as a plan folder writes it: absent when empty, the list of roles alone when
 * the plan has no roadmaps (as folders wrote it before), else `{ roles, roadmaps }`.
 */
function governanceField(g: Governance): { governance?: Governance | Governance["roles"] } {
  if (g.roadmaps.length > 0) return { governance: g };
  return g.roles.length > 0 ? { governance: g.roles } : {};
}

/** Reads a plan and writes it as the import format's tables. */
export async function exportPlanTables(db: DbOrTx, planId: string): Promise<PlanTables | null> {
  const [row] = await db.select().from(s.plans).where(eq(s.plans.id, planId));
  const view = await loadPlanView(db, planId);
  if (!row || !view) return null;
  const plan: Record<string, unknown> = {
    id: row.id,
    name: row.name,
    city: row.city,
    ...(row.source ? { source: row.source } : {}),
    period: { from: fiscalYearCode(row.startFiscalYear), to: fiscalYearCode(row.endFiscalYear) },
    review: {
      cadence: row.review,
      ...(row.revisionYears === null ? {} : { revisionYears: row.revisionYears }),
    },
    levels: row.levels,
    initiativeLabel: row.initiativeLabel,
    codeLabel: row.codeLabel,
    narrativeLabels: row.narrativeLabels,
    grades: row.grades,
    boardColumns: row.boardColumns,
    weather: row.weather,
    tags: row.tags,
    ...governanceField(readGovernance(row.governance)),
    ...(row.population ? { population: row.population } : {}),
  };
  const synonyms = await db
    .select({ words: s.searchSynonyms.words })
    .from(s.searchSynonyms)
    .where(and(eq(s.searchSynonyms.planId, planId), eq(s.searchSynonyms.source, "plan")))
    .orderBy(asc(s.searchSynonyms.id));
  if (synonyms.length > 0) plan.synonyms = synonyms.map((r) => r.words);
  const orgs = await db
    .select()
    .from(s.departments)
    .where(eq(s.departments.planId, planId))
    .orderBy(asc(s.departments.id));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const branchKey = new Map(view.branches.map((b) => [b.id, b.key]));
  const ids = view.initiatives.map((i) => i.id);
  const initiatives = await db.select().from(s.initiatives).where(eq(s.initiatives.planId, planId));
  const byId = new Map(initiatives.map((i) => [i.id, i]));
  const codeOf = new Map(initiatives.map((i) => [i.id, i.code]));
  const initiativeIds = db
    .select({ id: s.initiatives.id })
    .from(s.initiatives)
    .where(eq(s.initiatives.planId, planId));
  const [cross, narratives, schedule, reviews] = ids.length
    ? await Promise.all([
        db
          .select()
          .from(s.initiativeCrossListings)
          .where(inArray(s.initiativeCrossListings.initiativeId, initiativeIds)),
        db
          .select()
          .from(s.narratives)
          .where(inArray(s.narratives.initiativeId, initiativeIds))
          .orderBy(asc(s.narratives.id)),
        db
          .select()
          .from(s.scheduleItems)
          .where(inArray(s.scheduleItems.initiativeId, initiativeIds))
          .orderBy(asc(s.scheduleItems.id)),
        db
          .select()
          .from(s.reviews)
          .where(inArray(s.reviews.initiativeId, initiativeIds))
          .orderBy(asc(s.reviews.id)),
      ])
    : [[], [], [], []];
  const crossBy = new Map<number, string[]>();
  for (const c of cross)
    crossBy.set(c.initiativeId, [
      ...(crossBy.get(c.initiativeId) ?? []),
      branchKey.get(c.branchId) ?? "",
    ]);

  const tables: Record<string, string[][]> = {
    [BUNDLE_FILES.departments]: [
      ["名称", "上位", "種別"],
      ...orgs.map((o) => [o.name, o.parentId ? (orgName.get(o.parentId) ?? "") : "", o.kind]),
    ],
    [BUNDLE_FILES.branches]: [
      ["ID", "階層", "記号", "名称", "上位ID", "ビジョン", "達成すべき状態"],
      ...view.branches.map((b) => [
        b.key,
        String(b.level),
        b.code ?? "",
        b.title,
        b.parentId ? (branchKey.get(b.parentId) ?? "") : "",
        b.vision ?? "",
        b.states.join(";"),
      ]),
    ],
    [BUNDLE_FILES.initiatives]: [
      [
        "コード",
        "取組名",
        "体系ID",
        "担当課",
        "再掲",
        "親コード",
        "列",
        "天気",
        "今後の方向性",
        "方向性理由",
        "タグ",
        "並び順",
        "出典",
        "出典メモ",
      ],
      ...view.initiatives.map((i) => {
        const r = byId.get(i.id);
        return [
          i.code,
          i.title,
          branchKey.get(i.branchId) ?? "",
          i.departments.join(";"),
          (crossBy.get(i.id) ?? []).join(";"),
          r?.parentId ? (codeOf.get(r.parentId) ?? "") : "",
          i.columnKey,
          i.weather ?? "",
          i.outlook ?? "",
          r?.outlookReason ?? "",
          (r?.tags ?? []).join(";"),
          i.sortKey,
          ...provenanceCells(i.titleProvenance ?? PRINTED),
        ];
      }),
    ],
    [BUNDLE_FILES.narratives]: [
      ["コード", "年度", "期間", "項目", "本文"],
      ...narratives.map((n) => {
        // A 年度's text keeps its 年度 alone, as before review periods; a shorter period is 期間.
        const period = n.period === null ? null : parseReviewPeriod(n.period);
        const yearly = period === null || period.kind === "fy";
        return [
          codeOf.get(n.initiativeId) ?? "",
          yearly && n.fiscalYear !== null ? fiscalYearCode(n.fiscalYear) : "",
          yearly || period === null ? "" : reviewPeriodCode(period),
          n.label,
          n.body,
        ];
      }),
    ],
    [BUNDLE_FILES.reviews]: [
      ["コード", "期間", "時点", "天気", "今後の方向性", "方向性理由", "出典", "出典メモ"],
      ...reviews.map((r) => {
        const period = parseReviewPeriod(r.period);
        return [
          codeOf.get(r.initiativeId) ?? "",
          period ? reviewPeriodCode(period) : r.period,
          r.asOf,
          r.weather ?? "",
          r.outlook ?? "",
          r.outlookReason ?? "",
          ...provenanceCells(stored(r)),
        ];
      }),
    ],
    [BUNDLE_FILES.schedule]: [
      ["コード", "項目", "期間", "内容", "出典", "出典メモ"],
      ...schedule.map((x) => [
        codeOf.get(x.initiativeId) ?? "",
        x.item ?? "",
        x.periodText,
        x.body,
        ...provenanceCells(stored(x)),
      ]),
    ],
    [BUNDLE_FILES.indicators]: [
      [
        "指標ID",
        "コード",
        "指標名",
        "単位",
        "方向",
        "基準値",
        "目標（原文）",
        "備考",
        "種類",
        "基準年度",
        "基準値（数値）",
        "共通指標",
        "担当課",
        "出典",
        "出典メモ",
      ],
    ],
    [BUNDLE_FILES.targets]: [["指標ID", "期間", "値", "原文", "出典", "出典メモ"]],
    [BUNDLE_FILES.actuals]: [["指標ID", "期間", "値", "原文", "区分", "出典", "出典メモ"]],
    [BUNDLE_FILES.grades]: [["コード", "年度", "種別", "評価", "理由", "出典", "出典メモ"]],
  };
  const indicatorRows = await db
    .select()
    .from(s.indicators)
    .where(eq(s.indicators.planId, planId))
    .orderBy(asc(s.indicators.position), asc(s.indicators.id));
  const viewIndicators = new Map(
    [...view.kgis, ...view.initiatives.flatMap((i) => i.indicators)].map((i) => [i.id, i]),
  );
  for (const ind of indicatorRows) {
    tables[BUNDLE_FILES.indicators]?.push([
      ind.key,
      ind.initiativeId ? (codeOf.get(ind.initiativeId) ?? "") : "",
      ind.name,
      ind.unit ?? "",
      DIRECTION_WORDS[ind.direction],
      ind.baseline ?? "",
      ind.targetText ?? "",
      ind.note ?? "",
      INDICATOR_KIND_LABELS[ind.kind],
      ind.baseFiscalYear === null ? "" : fiscalYearCode(ind.baseFiscalYear),
      ind.baseValue === null ? "" : String(ind.baseValue),
      ind.catalog ?? "",
      viewIndicators.get(ind.id)?.department ?? "",
      ...provenanceCells(stored(ind)),
    ]);
    const v = viewIndicators.get(ind.id);
    for (const t of v?.targets ?? [])
      tables[BUNDLE_FILES.targets]?.push([
        ind.key,
        periodText(t.period),
        plainFigure(t.value, t.decimals),
        t.rawText ?? "",
        ...provenanceCells(t.provenance ?? PRINTED),
      ]);
    for (const a of v?.actuals ?? []) {
      tables[BUNDLE_FILES.actuals]?.push([
        ind.key,
        periodText(a.period),
        plainFigure(a.value, a.decimals),
        a.rawText ?? "",
        a.kind === "official" ? "確定" : "速報",
        ...provenanceCells(a.provenance ?? PRINTED),
      ]);
    }
  }
  for (const i of view.initiatives) {
    for (const kind of ["progress", "achievement"] as const) {
      for (const g of [...i.grades[kind]].reverse()) {
        tables[BUNDLE_FILES.grades]?.push([
          i.code,
          fiscalYearCode(g.fiscalYear),
          kind === "progress" ? "進捗状況" : "達成状況",
          g.grade,
          // 「-」: a grade that needs a reason was imported without one (the source prints none).
          g.reason ?? (view.grades[kind]?.reasonRequired.includes(g.grade) ? "-" : ""),
          ...provenanceCells(g.provenance ?? PRINTED),
        ]);
      }
    }
  }
  return { plan, planYaml: stringifyYaml(plan), tables };
}
