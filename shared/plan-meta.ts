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
     * Inzai: PO 市長, PM 副市長, PMO, PL. Plan data, shown on the detail page; it is not a member
     * role (shared/roles.ts) and grants nothing.
     */
    governance: z.array(governanceRoleSchema).default([]),
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
