/**
 * Importing a plan (issue 15: one home for the rule): who may import what, then the write. The LIFF
 * app's import (`POST /api/plans/import`, bot/api/index.ts) and the CLI (`npx shinchoku import`)
 * both go through here; the plan itself has been read and checked already (shared/plan-bundle.ts),
 * and is written by `pending.write` — in a worker thread on Node, in the request on Workers, in the
 * CLI's own process.
 *
 * The rule (issue 9 §5): into an existing plan, its DX office (`office` members of that plan); a new
 * plan only the operator — the CLI, which runs with the database's own credentials — or an admin
 * listed in `ADMIN_LINE_USER_IDS`, so that an office member of one plan cannot create or replace
 * another. A dry run of a new plan writes nothing, so any office member may check a new plan's files
 * before handing them on.
 */
import type { ImportReport } from "../../db/import.ts";
import type { MemberView } from "../../db/members.ts";
import { listPlans } from "../../db/plans.ts";
import type { AppDeps } from "../deps.ts";
import { useCaseText } from "../text/usecases.ts";
import { type Failure, fail } from "./result.ts";

/** Who imports: the operator at the terminal, or a LINE user with their memberships. */
export type Importer =
  | { kind: "operator" }
  | { kind: "user"; userId: string; memberships: readonly MemberView[] };

/** A plan read and ready to write (bot/api/import-request.ts `PendingImport`, or the CLI's own). */
export interface ReadPlan {
  planId: string;
  dryRun: boolean;
  write: () => Promise<ImportReport>;
  /** Drops the read plan when it will not be written (a worker thread ends). */
  discard: () => void;
}

const isAdmin = (deps: Pick<AppDeps, "config">, importer: Importer) =>
  importer.kind === "operator" || deps.config.adminUserIds.includes(importer.userId);

/**
 * Whether the importer may import at all, before the body is read: the operator, an admin, or an
 * `office` member of some plan. Null when allowed.
 */
export function importGate(
  deps: Pick<AppDeps, "config">,
  importer: Importer,
): Failure<"forbidden"> | null {
  if (isAdmin(deps, importer)) return null;
  if (importer.kind === "user" && importer.memberships.some((m) => m.role === "office"))
    return null;
  return fail("forbidden", useCaseText.import.officeOnly);
}

/**
 * Who may import `planId`: null when allowed, else `forbidden` with the reason (see the module).
 * @param target whether the plan exists, and whether this is a dry run
 */
export function importRefusal(
  deps: Pick<AppDeps, "config">,
  importer: Importer,
  planId: string,
  target: { exists: boolean; dryRun: boolean },
): Failure<"forbidden"> | null {
  if (isAdmin(deps, importer) || importer.kind === "operator") return null; // narrows for below
  if (!target.exists)
    return target.dryRun ? null : fail("forbidden", useCaseText.import.newPlanAdminOnly(planId));
  if (!importer.memberships.some((m) => m.planId === planId && m.role === "office"))
    return fail("forbidden", useCaseText.import.notOffice(planId));
  return null;
}

/**
 * Writes a read plan if the importer may: the plan is dropped unwritten on a refusal (or when the
 * check itself fails). With `dryRun` the report says what an import would do and nothing is written.
 * @returns the import's report (db/import.ts), or `forbidden` with the reason
 * @throws what the write throws (a database error); nothing is written then
 */
export async function importPlan(
  deps: Pick<AppDeps, "db" | "config">,
  importer: Importer,
  plan: ReadPlan,
): Promise<{ ok: true; report: ImportReport } | Failure<"forbidden">> {
  let refusal: Failure<"forbidden"> | null;
  try {
    const exists = (await listPlans(deps.db)).some((p) => p.id === plan.planId);
    refusal = importRefusal(deps, importer, plan.planId, { exists, dryRun: plan.dryRun });
  } catch (err) {
    plan.discard();
    throw err;
  }
  if (refusal) {
    plan.discard();
    return refusal;
  }
  return { ok: true, report: await plan.write() };
}
