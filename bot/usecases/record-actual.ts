/**
 * A person records actuals (実績): one value from the LIFF form, or several lines of a LINE reply
 * to a reminder. Both surfaces call {@link recordActual}, so the rules are written once:
 *
 * - the member may enter the indicator's figures (shared/permissions.ts `canEditIndicator`: a lead
 *   their own 課's — the indicator's own 担当課 when it names one, else its initiative's —, the
 *   office all, a viewer nothing);
 * - the period lies within the plan's years;
 * - a typed value is read in the indicator's unit (shared/numbers.ts), and a value in another unit
 *   is refused with one wording ({@link useCaseText.unitMismatch});
 * - with `baseId`, the period's current version must still be the one the client saw (409), decided
 *   atomically by the database (db/actuals.ts recordActualCorrection);
 * - an implausible value (shared/reply-parser.ts plausibilityWarnings, against
 *   {@link previousActual}) is recorded only once the person confirmed it;
 * - all entries are recorded in one batch, or none (a half-read message is never half-recorded);
 * - entries from a LINE webhook event carry its `webhookEventId`, and an event records an
 *   indicator's value once: handled again after a kill (the inbox, docs/reliability.md §1), it
 *   writes nothing and answers with what the first run recorded ({@link recordedByEvent}).
 */
import {
  actualsRecordedByEvent,
  addActualReason,
  recordActualCorrection,
  recordActuals,
} from "../../db/actuals.ts";
import type { MemberView } from "../../db/members.ts";
import { loadPlanView } from "../../db/plans.ts";
import type { Channel } from "../../db/schema.ts";
import { needsApproval } from "../../shared/approval.ts";
import { type Period, parsePeriodKey, periodKey } from "../../shared/fiscal-year.ts";
import { type Forecast, forecastIndicator, withReading } from "../../shared/forecast.ts";
import { type Figure, parseFigure } from "../../shared/numbers.ts";
import { canEditIndicator } from "../../shared/permissions.ts";
import {
  type ActualView,
  type FigureView,
  type IndicatorView,
  type InitiativeView,
  latestVersion,
  meetsTarget,
  type PlanView,
  targetForYear,
} from "../../shared/plan-view.ts";
import { type PlausibilityWarning, plausibilityWarnings } from "../../shared/reply-parser.ts";
import type { AppDeps } from "../deps.ts";
import { useCaseText } from "../text/usecases.ts";
import { type ApprovalRequestOutcome, requestApproval } from "./approve-actual.ts";
import { type Failure, fail } from "./result.ts";

export interface ActualEntryInput {
  indicatorId: number;
  /** A figure already read (the chat's reply parser) or the text typed (LIFF), read here. */
  value: Figure | string;
  /** The value as typed, kept with the record. */
  rawText: string;
  /**
   * The id of the period's current version the client saw (null: none yet); a different current
   * version is a conflict. Omitted by the chat, where a newer report supersedes the earlier one.
   */
  baseId?: number | null;
  /** 要因, stored only when the value is behind its target. */
  reason?: string | null;
}

export interface RecordActualInput {
  period: Period;
  /** 速報 (interim) or 確定 (official); by default official for a 年度, interim for a month. */
  kind?: "interim" | "official";
  entries: ActualEntryInput[];
  /** The person confirmed values that looked implausible. */
  confirmed?: boolean;
  channel: Channel;
  /**
   * The LINE webhook event the entries came in (the chat); omitted by the LIFF app and the API.
   * An event that already recorded its entries records nothing more: see {@link recordedByEvent}.
   */
  webhookEventId?: string;
}

export interface RecordedActual {
  actualId: number;
  indicator: IndicatorView;
  initiative: InitiativeView;
  figure: Figure;
  /** The 年度's target, if set. */
  target: FigureView | null;
  behindTarget: boolean;
  /**
   * For a monthly reading (速報): the 年度末 forecast with this reading counted (shared/forecast.ts);
   * null for an official 実績, whose 年度 is over.
   */
  forecast: Forecast | null;
}

export interface ImplausibleValue {
  indicatorId: number;
  indicator: IndicatorView;
  figure: Figure;
  warnings: PlausibilityWarning[];
}

export type RecordActualResult =
  | {
      ok: true;
      plan: PlanView;
      period: Period;
      kind: "interim" | "official";
      recorded: RecordedActual[];
      /** True when the webhook event had recorded these before (the event was handled again). */
      replayed?: boolean;
      /**
       * On a plan requiring approval, official 実績 are recorded 承認待ち and the approvers asked
       * (bot/usecases/approve-actual.ts); absent otherwise, and on a replayed event.
       */
      approval?: ApprovalRequestOutcome;
    }
  | Failure<"not_found" | "outside_plan">
  | Failure<"forbidden", { indicatorId: number }>
  | Failure<"unit_mismatch", { indicatorId: number; expected: string; found: string }>
  | Failure<"not_a_number", { indicatorId: number }>
  | Failure<"conflict", { indicatorId: number; current: ActualView | null }>
  | Failure<"confirm_required", { implausible: ImplausibleValue[] }>;

export type RecordActualCode = Extract<RecordActualResult, { ok: false }>["code"];

/**
 * The value a new entry is checked against for plausibility ("前回"): of the indicator's current
 * actuals (latest version of each period and kind, withdrawn ones excluded, with a value), the one
 * entered most recently — other than the one this entry replaces (same period and kind).
 *
 * Why this one: it is the 前回 the reminder shows the lead (shared/reminder-plan.ts), so a warning
 * names a value they have seen; a withdrawn (取消) typo must not make the next value look wrong; and
 * a correction of a period is not compared with the very value it corrects, or fixing 400% to 40%
 * would be questioned against the typo.
 */
export function previousActual(
  indicator: IndicatorView,
  period: Period,
  kind: "interim" | "official",
): ActualView | null {
  const key = periodKey(period);
  let best: ActualView | null = null;
  for (const a of indicator.actuals) {
    if (a.value === null || (a.period === key && a.kind === kind)) continue;
    // Seconds tie when rows are written together (an import): the later row id was entered later.
    if (!best || a.createdAt > best.createdAt || (a.createdAt === best.createdAt && a.id > best.id))
      best = a;
  }
  return best;
}

/**
 * The 年度末 forecast an interim reading leads to, counting the reading itself (the view may have
 * been read before it was written); null for an official 実績 or a figure without a value.
 */
function forecastWith(
  indicator: IndicatorView,
  period: Period,
  kind: "interim" | "official",
  actualId: number,
  figure: Figure,
): Forecast | null {
  if (kind !== "interim" || period.kind !== "month") return null;
  const reading = {
    id: actualId,
    period: periodKey(period),
    fiscalYear: period.fiscalYear,
    value: figure.value,
    decimals: figure.decimals,
  };
  return forecastIndicator(withReading(indicator, reading), period.fiscalYear);
}

/** The indicator with its initiative, found in a plan's initiatives (KGIs are not entered here). */
export function findIndicator(
  plan: PlanView,
  indicatorId: number,
): { initiative: InitiativeView; indicator: IndicatorView } | null {
  for (const initiative of plan.initiatives) {
    const indicator = initiative.indicators.find((i) => i.id === indicatorId);
    if (indicator) return { initiative, indicator };
  }
  return null;
}

/**
 * What a LINE webhook event recorded, read back as {@link recordActual}'s answer: the inbox may
 * handle an event again after a kill between the write and `done` (docs/reliability.md §1), and the
 * second run answers with the first run's entries (「記録しました」 again) instead of recording them
 * twice; entries awaiting approval ask their approvers again under the same retry keys (LINE sends
 * a push it already accepted only once). Rows are read from the database, so the answer holds even when the chat's state moved on
 * (the confirmation or focus that led to the entry was cleared by the first run).
 * @returns the entries with their plan view, or null when the event recorded nothing (or its rows
 * are not of the member's plan).
 */
export async function recordedByEvent(
  deps: AppDeps,
  actor: MemberView,
  webhookEventId: string,
): Promise<Extract<RecordActualResult, { ok: true }> | null> {
  const rows = await actualsRecordedByEvent(deps.db, webhookEventId);
  const [first] = rows;
  const period = first ? parsePeriodKey(first.period) : null;
  if (!first || !period) return null;
  const plan = await loadPlanView(deps.db, actor.planId);
  if (!plan) return null;
  const recorded: RecordedActual[] = [];
  for (const row of rows) {
    const found = findIndicator(plan, row.indicatorId);
    if (!found || row.value === null) return null;
    const { initiative, indicator } = found;
    const figure: Figure = {
      decimal: row.value.toFixed(row.decimals),
      value: row.value,
      decimals: row.decimals,
      qualifier: row.qualifier as Figure["qualifier"],
    };
    const target = targetForYear(indicator, period.fiscalYear);
    const behindTarget =
      meetsTarget(indicator.direction, target?.value ?? null, figure.value) === false;
    const forecast = forecastWith(indicator, period, first.kind, row.id, figure);
    recorded.push({
      actualId: row.id,
      indicator,
      initiative,
      figure,
      target,
      behindTarget,
      forecast,
    });
  }
  // Recorded awaiting approval: the approvers are asked again under the same retry keys, so a
  // request the first run did not get to send goes out now, and one it sent is not sent twice.
  if (rows.some((r) => r.approval === "submitted")) {
    const approval = await requestApproval(
      deps,
      actor,
      plan,
      recorded.map((r) => r.actualId),
    );
    return { ok: true, plan, period, kind: first.kind, recorded, replayed: true, approval };
  }
  return { ok: true, plan, period, kind: first.kind, recorded, replayed: true };
}

/**
 * Records actuals for one period in the member's plan, all or none.
 *
 * @param actor the member entering them (their plan is the plan written to).
 * @returns the recorded entries with their target and whether each is behind it; or a failure:
 * `not_found` (no such indicator in the plan), `forbidden` (not the member's initiative),
 * `outside_plan` (period outside the plan's years), `unit_mismatch` / `not_a_number` (the value),
 * `conflict` (someone recorded the period first; `current` is theirs), `confirm_required`
 * (implausible values, not confirmed). Nothing is written on a failure.
 */
export async function recordActual(
  deps: AppDeps,
  actor: MemberView,
  input: RecordActualInput,
): Promise<RecordActualResult> {
  const plan = await loadPlanView(deps.db, actor.planId);
  if (!plan) return fail("not_found", useCaseText.noIndicator);
  const { period } = input;
  const kind = input.kind ?? (period.kind === "fy" ? "official" : "interim");
  if (period.fiscalYear < plan.startFiscalYear || period.fiscalYear > plan.endFiscalYear)
    return fail("outside_plan", useCaseText.outsidePlan);
  const key = periodKey(period);

  const checked: (Omit<RecordedActual, "actualId" | "forecast"> & { entry: ActualEntryInput })[] =
    [];
  const implausible: ImplausibleValue[] = [];
  for (const entry of input.entries) {
    const found = findIndicator(plan, entry.indicatorId);
    if (!found) return fail("not_found", useCaseText.noIndicator);
    const { initiative, indicator } = found;
    const decision = canEditIndicator(actor, initiative, indicator);
    if (!decision.allowed) return fail("forbidden", decision.reason, { indicatorId: indicator.id });
    let figure: Figure;
    if (typeof entry.value === "string") {
      const parsed = parseFigure(entry.value, indicator.unit);
      if (!parsed.ok) {
        return parsed.error.code === "unit_mismatch"
          ? fail("unit_mismatch", useCaseText.unitMismatch(parsed.error.expected), {
              indicatorId: indicator.id,
              expected: parsed.error.expected,
              found: parsed.error.found,
            })
          : fail("not_a_number", useCaseText.notANumber(entry.value), {
              indicatorId: indicator.id,
            });
      }
      figure = parsed.figure;
    } else {
      figure = entry.value;
    }
    if (entry.baseId !== undefined) {
      const current = latestVersion(indicator, key, kind);
      if ((current?.id ?? null) !== entry.baseId)
        return fail("conflict", useCaseText.actualConflict, { indicatorId: indicator.id, current });
    }
    const warnings = plausibilityWarnings(
      indicator.unit,
      figure.value,
      previousActual(indicator, period, kind)?.value ?? null,
    );
    if (warnings.length > 0)
      implausible.push({ indicatorId: indicator.id, indicator, figure, warnings });
    const target = targetForYear(indicator, period.fiscalYear);
    const behindTarget =
      meetsTarget(indicator.direction, target?.value ?? null, figure.value) === false;
    checked.push({ entry, indicator, initiative, figure, target, behindTarget });
  }
  if (implausible.length > 0 && !input.confirmed)
    return fail("confirm_required", useCaseText.confirmRequired, { implausible });

  const approval = needsApproval(plan.approval, kind, input.channel)
    ? ("submitted" as const)
    : null;
  const rows = checked.map((c) => ({
    planId: plan.id,
    indicatorId: c.indicator.id,
    period,
    kind,
    figure: c.figure,
    rawText: c.entry.rawText,
    channel: input.channel,
    memberId: actor.id,
    webhookEventId: input.webhookEventId ?? null,
    approval,
  }));
  let ids: number[];
  const [single] = checked;
  const [row] = rows;
  if (single && row && single.entry.baseId !== undefined) {
    if (checked.length > 1) throw new Error("a baseId check is for one entry at a time");
    // The check above answered early from the plan view; the database decides atomically.
    const written = await recordActualCorrection(deps.db, row, single.entry.baseId);
    if (!written.ok) {
      const now = await loadPlanView(deps.db, plan.id);
      const found = now && findIndicator(now, single.indicator.id);
      const current = found ? latestVersion(found.indicator, key, kind) : null;
      return fail("conflict", useCaseText.actualConflict, {
        indicatorId: single.indicator.id,
        current,
      });
    }
    ids = [written.id];
  } else {
    const written = await recordActuals(deps.db, rows);
    if (input.webhookEventId && written.inserted < rows.length) {
      // The event had recorded these: answer with what it recorded, and store a reason it missed.
      const earlier = await recordedByEvent(deps, actor, input.webhookEventId);
      if (earlier) {
        for (const r of earlier.recorded) {
          const reason = checked
            .find((c) => c.indicator.id === r.indicator.id)
            ?.entry.reason?.trim();
          if (r.behindTarget && reason)
            await addActualReason(deps.db, {
              actualId: r.actualId,
              reason,
              memberId: actor.id,
              channel: input.channel,
              webhookEventId: input.webhookEventId,
            });
        }
        return earlier;
      }
    }
    ids = written.ids;
  }
  const recorded: RecordedActual[] = [];
  for (const [i, c] of checked.entries()) {
    const actualId = ids[i];
    if (actualId === undefined) throw new Error("recordActuals returned fewer ids than entries");
    const reason = c.entry.reason?.trim();
    if (c.behindTarget && reason)
      await addActualReason(deps.db, {
        actualId,
        reason,
        memberId: actor.id,
        channel: input.channel,
        webhookEventId: input.webhookEventId ?? null,
      });
    const { entry: _entry, ...rest } = c;
    const forecast = forecastWith(c.indicator, period, kind, actualId, c.figure);
    recorded.push({ actualId, ...rest, forecast });
  }
  if (approval === "submitted") {
    const outcome = await requestApproval(
      deps,
      actor,
      plan,
      recorded.map((r) => r.actualId),
    );
    return { ok: true, plan, period, kind, recorded, approval: outcome };
  }
  return { ok: true, plan, period, kind, recorded };
}
