/**
 * plan.yaml: the plan-level settings of the import format (docs/import-format.md).
 */
import { z } from "zod";
import { parseFiscalYear, REVIEW_CADENCES, type ReviewCadence } from "./fiscal-year.ts";

/**
 * Matsue's five kanban columns, the default board (seed 000: デジタル市役所計画 実施計画, the kanban
 * of 取組 states).
 */
export const DEFAULT_BOARD_COLUMNS = [
  { key: "eight-years", label: "8年間で取り組むこと" },
  { key: "plan-period", label: "実施計画期間中に取り組むこと" },
  { key: "started", label: "着手していること" },
  { key: "review", label: "評価・見直し" },
  { key: "done", label: "完了" },
] as const satisfies readonly BoardColumn[];

export interface BoardColumn {
  key: string;
  label: string;
}

const fiscalYearField = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const fy = parseFiscalYear(String(v));
  if (fy === null) {
    ctx.addIssue({ code: "custom", message: `年度として読めません: ${v}（例: R4, FY2022）` });
    return z.NEVER;
  }
  return fy;
});

/**
 * plan.yaml `review`: `{ cadence: quarterly }`, or a word alone (`quarterly`), as plan folders wrote
 * it before the cadence drove reviews. `biennial` was Matsue's word for a plan revised every two
 * years: its reviews are yearly, so it reads as `{ cadence: yearly, revisionYears: 2 }`.
 */
const reviewSchema = z
  .union([
    z
      .enum([...REVIEW_CADENCES, "biennial"])
      .transform((word) =>
        word === "biennial"
          ? { cadence: "yearly" as ReviewCadence, revisionYears: 2 }
          : { cadence: word as ReviewCadence },
      ),
    z
      .object({
        cadence: z.enum(REVIEW_CADENCES).default("yearly"),
        /** Every how many years the plan itself is revised (Matsue: 2); absent when not printed. */
        revisionYears: z.number().int().positive().optional(),
      })
      .strict(),
  ])
  .default({ cadence: "yearly" });

/** plan.yaml `review`, read: the cadence of reviews and how often the plan is revised. */
export type PlanReview = { cadence: ReviewCadence; revisionYears?: number | undefined };

const gradeScaleSchema = z.object({
  label: z.string().min(1),
  scale: z.record(z.string().min(1), z.string().min(1)),
  reasonRequired: z.array(z.string()).default([]),
});

const governanceRoleSchema = z
  .object({
    /** The plan's short name for the role (`PO`, `PMO`), or its title when it has none. */
    role: z.string().min(1),
    /** プロジェクトオーナー */
    title: z.string().min(1),
    /** Who holds it: 市長, 総務部DX推進課デジタル戦略室 … */
    holder: z.string().min(1),
    /** What the role does, as printed. */
    duty: z.string().min(1).optional(),
  })
  .strict();

const roadmapPeriodSchema = z
  .object({
    /** The period as the plan heads its column: `R6`, `R10以降`. */
    period: z.string().min(1, "ロードマップの期間（例: R6, R10以降）を書いてください"),
    /** What the plan prints for the row in that period. */
    text: z.string().min(1, "ロードマップの各期間の内容を書いてください"),
  })
  .strict();

const roadmapRowSchema = z
  .object({
    /** The row's number as the plan prints it with its heading (`No.5`, `Step 1-a`), if any. */
    code: z.string().min(1).optional(),
    /** What the row is about: 管理項目, or a step's name. */
    label: z.string().min(1, "ロードマップの行の名前（label）を書いてください"),
    /** 主担当部/課 as printed. */
    department: z.string().min(1).optional(),
    /** 概要 as printed. */
    summary: z.string().min(1).optional(),
    /** The milestone (中間目標) with its date, as printed: `R9年度末時点: …`. */
    milestone: z.string().min(1).optional(),
    /** The cells of the row, in the plan's column order; empty cells are left out. */
    periods: z.array(roadmapPeriodSchema).default([]),
  })
  .strict();

const roadmapSchema = z
  .object({
    /** 中期ロードマップ … */
    title: z.string().min(1, "ロードマップの表題（title）を書いてください"),
    /** How it was read (from a figure, an excerpt), shown under the title. */
    note: z.string().min(1).optional(),
    /** Where the plan prints it, or the document it excerpts. */
    source: z.string().min(1).optional(),
    rows: z.array(roadmapRowSchema).min(1, "ロードマップには行（rows）を1つ以上書いてください"),
  })
  .strict();

/**
 * plan.yaml `governance`: `{ roles, roadmaps }`, or the list of roles alone, as plan folders wrote it
 * before roadmaps were data.
 */
const governanceSchema = z
  .preprocess(
    // A list is the roles alone; reading it as `{ roles }` keeps a bad role's message precise
    // (`governance.roles.0.holder`), which a union of both forms would blur into one.
    (v) => (Array.isArray(v) ? { roles: v } : v),
    z
      .object({
        roles: z.array(governanceRoleSchema).default([]),
        roadmaps: z.array(roadmapSchema).default([]),
      })
      .strict(),
  )
  .default({ roles: [], roadmaps: [] });

/** One roadmap of a plan (plan.yaml `governance.roadmaps`): rows, each with its cells per period. */
export type Roadmap = z.output<typeof roadmapSchema>;
export type RoadmapRow = z.output<typeof roadmapRowSchema>;

/** A plan's governance as read: the roles of its 推進体制 and its roadmaps. */
export interface Governance {
  roles: GovernanceRole[];
  roadmaps: Roadmap[];
}

/**
 * The stored `plans.governance` column read as {@link Governance}: rows written before roadmaps
 * hold the list of roles alone (no migration rewrote them).
 */
export function readGovernance(
  stored: Governance | GovernanceRole[] | null | undefined,
): Governance {
  if (!stored) return { roles: [], roadmaps: [] };
  if (Array.isArray(stored)) return { roles: stored, roadmaps: [] };
  return { roles: stored.roles ?? [], roadmaps: stored.roadmaps ?? [] };
}

/** The city's population as plan.yaml gives it (`population`). */
export interface Population {
  value: number;
  asOf: string;
  source?: string | undefined;
}

/** One role of a plan's own 推進体制 (plan.yaml `governance`). */
export type GovernanceRole = z.output<typeof governanceRoleSchema>;

export const planMetaSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/u, "計画IDは半角英小文字・数字・ハイフンで書いてください"),
    name: z.string().min(1),
    city: z.string().min(1),
    source: z.string().optional(),
    period: z.object({ from: fiscalYearField, to: fiscalYearField }),
    /**
     * How often the plan reviews its initiatives (issue 14 §2): 天気, 今後の方向性 and the report
     * text are kept per period of this cadence (reviews.csv, narratives.csv 期間).
     */
    review: reviewSchema,
    levels: z.array(z.string().min(1)).min(1).max(4),
    initiativeLabel: z.string().min(1).default("取組"),
    codeLabel: z.string().min(1).default("番号"),
    narrativeLabels: z.array(z.string().min(1)).default([]),
    grades: z
      .object({ progress: gradeScaleSchema.optional(), achievement: gradeScaleSchema.optional() })
      .default({}),
    boardColumns: z
      .array(
        z.object({
          key: z.string().regex(/^[a-z0-9-]+$/u),
          label: z.string().min(1),
        }),
      )
      .min(1)
      .optional(),
    weather: z.array(z.string().min(1)).default(["晴れ", "くもり", "雨"]),
    tags: z.array(z.string().min(1)).default([]),
    /**
     * The plan's own 推進体制 (issue 14 §3): who holds each role of the plan, as the plan prints it —
     * Inzai: PO 市長, PM 副市長, PMO, PL — and its roadmaps (Inzai's 長期・中期ロードマップ). Plan
     * data, shown on the detail page; a role is not a member role (shared/roles.ts) and grants nothing.
     */
    governance: governanceSchema,
    /**
     * The city's population (住民基本台帳 or census) with its date, for common indicators compared per
     * resident (shared/catalog.ts `perCapita`, docs/compare.md). No seed prints one: the office sets it.
     */
    population: z
      .object({
        value: z.number().int().positive(),
        asOf: z.string().min(1),
        source: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** Search synonym groups of this plan: `[[書かない窓口, 書かなくて済む窓口], …]`. */
    synonyms: z.array(z.array(z.string().min(1)).min(2)).optional(),
  })
  .strict()
  .refine((p) => p.period.to >= p.period.from, {
    message: "period.to は period.from 以降の年度にしてください",
    path: ["period"],
  });

/** The validated plan.yaml. */
export type PlanMeta = z.output<typeof planMetaSchema>;
export type GradeScale = z.output<typeof gradeScaleSchema>;
export type GradeKind = "progress" | "achievement";
