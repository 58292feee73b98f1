/**
 * A person changes an initiative from the LIFF app: its board column, 天気, a grade (S/A/B/C per
 * 年度) with its reason, 今後の方向性, or a comment. The rules:
 *
 * - the member may edit the initiative (shared/permissions.ts);
 * - values come from the plan's own vocabularies (columns, 天気, grade scales) and years;
 * - 今後の方向性 needs a reason; a grade needs one where the plan's scale says so (Tamana, seed 004:
 *   「S」の場合その理由, 「B」又は「C」の場合その理由及び改善に向けた方策);
 * - the initiative must still be at the version the client saw (a comment alone never conflicts);
 *   db/initiatives.ts writes all of it in one batch, or nothing;
 * - a changed 天気 or 今後の方向性 is also the review of the current period (issue 14 §2): the period of
 *   the plan's review cadence that contains today in Asia/Tokyo, with today as its 時点, entered
 *   through this channel; an imported review of that period is updated in place.
 */
import {
  type InitiativeChange,
  type ReviewTarget,
  updateInitiative as writeChange,
} from "../../db/initiatives.ts";
import type { MemberView } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import type { Channel } from "../../db/schema.ts";
import { reviewPeriodAt, reviewPeriodKey, tokyoIsoDate } from "../../shared/fiscal-year.ts";
import { canEditInitiative, gradeNeedsReason } from "../../shared/permissions.ts";
import type { InitiativeView, PlanView } from "../../shared/plan-view.ts";
import type { AppDeps } from "../deps.ts";
import { useCaseText } from "../text/usecases.ts";
import { type Failure, fail } from "./result.ts";

export interface UpdateInitiativeInput {
  initiativeId: number;
  /** The version the client saw. */
  version: number;
  change: InitiativeChange;
  channel: Channel;
}

export type UpdateInitiativeResult =
  | { ok: true; plan: PlanView; initiative: InitiativeView | undefined }
  | Failure<"not_found" | "forbidden" | "invalid">
  | Failure<"conflict", { current: InitiativeView | undefined }>;

/** Why a change breaks the plan's rules, or null when it keeps them. */
function ruleBroken(plan: PlanView, change: InitiativeChange): string | null {
  const t = useCaseText.initiative;
  if (change.column !== undefined && !plan.boardColumns.some((col) => col.key === change.column))
    return t.noColumn(change.column);
  if (change.weather && !plan.weather.includes(change.weather)) return t.weather(plan.weather);
  if (change.outlook?.value && !change.outlook.reason) return t.outlookReason;
  const { grade } = change;
  if (grade) {
    const scale = plan.grades[grade.kind];
    if (!scale) return t.noGradeKind;
    if (grade.grade !== "-" && !(grade.grade in scale.scale))
      return t.gradeScale(Object.keys(scale.scale));
    if (grade.fiscalYear < plan.startFiscalYear || grade.fiscalYear > plan.endFiscalYear)
      return t.outsidePlanYear;
    if (gradeNeedsReason(scale, grade.grade) && !grade.reason)
      return t.gradeReason(scale.label, grade.grade);
  }
  return null;
}

/** The review of the plan's period containing `now` (Asia/Tokyo), taken today. */
function currentReview(plan: Pick<PlanView, "reviewCadence">, now: Date): ReviewTarget {
  const period = reviewPeriodAt(plan.reviewCadence, now);
  return {
    period: reviewPeriodKey(period),
    fiscalYear: period.fiscalYear,
    asOf: tokyoIsoDate(now),
  };
}

/**
 * Applies a change to an initiative of the member's plan.
 * @returns the initiative as it reads afterwards; or `not_found`, `forbidden` (with the reason),
 * `invalid` (a rule of the plan, in `message`), `conflict` (someone saved first; `current` is
 * the newer state). Nothing is written on a failure.
 */
export async function updateInitiative(
  deps: AppDeps,
  actor: MemberView,
  input: UpdateInitiativeInput,
): Promise<UpdateInitiativeResult> {
  const plan = await loadPlanView(deps.db, actor.planId);
  const initiative = plan?.initiatives.find((i) => i.id === input.initiativeId);
  if (!plan || !initiative) return fail("not_found", useCaseText.noInitiative);
  const decision = canEditInitiative(actor, initiative.departments);
  if (!decision.allowed) return fail("forbidden", decision.reason);
  const broken = ruleBroken(plan, input.change);
  if (broken) return fail("invalid", broken);
  const result = await writeChange(deps.db, {
    initiativeId: initiative.id,
    planId: plan.id,
    expectedVersion: input.version,
    memberId: actor.id,
    channel: input.channel,
    change: input.change,
    review: currentReview(plan, deps.clock()),
  });
  const fresh = (await loadPlanView(deps.db, plan.id)) ?? plan;
  const current = fresh.initiatives.find((i) => i.id === initiative.id);
  if (!result.ok) return fail("conflict", useCaseText.initiativeConflict, { current });
  return { ok: true, plan: fresh, initiative: current };
}
