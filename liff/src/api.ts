/** The API the LIFF app reads and writes (bot/api, docs/api.md). Types mirror the server's answers. */
import type { ImportReport } from "../../db/import.ts";
import type { InitiativeExtras } from "../../db/initiatives.ts";
import type { DigestContent } from "../../shared/digest.ts";
import type { EditDecision } from "../../shared/permissions.ts";
import type { ImportIssue } from "../../shared/plan-bundle.ts";
import type { BoardColumn, GradeScale } from "../../shared/plan-meta.ts";
import type {
  ActualView,
  IndicatorView,
  InitiativeView,
  PlanView,
} from "../../shared/plan-view.ts";
import { ApiError, isApiErrorCode, codeForStatus } from "../../shared/api-errors.ts";

export type {
  ActualView,
  DigestContent,
  ImportIssue,
  ImportReport,
  IndicatorView,
  InitiativeView,
  PlanView,
};

export type Role = "lead" | "office" | "viewer";
export type { Channel } from "../../db/schema.ts";

import type { GradeKind } from "../../shared/plan-meta.ts";

export type { GradeKind };

export interface Me {
  role: Role;
  orgUnit: string | null;
}

export interface BoardResponse extends PlanView {
  me: Me;
}

export interface PlansResponse {
  plans: {
    id: string;
    name: string;
    city: string;
    member: { role: string; orgUnit: string | null } | null;
  }[];
}

export type Permission = EditDecision;

/** GET /api/initiatives/:id: the board's view of the initiative plus what only the detail needs. */
export interface DetailResponse extends Omit<InitiativeExtras, "planId"> {
  me: Me;
  plan: {
    id: string;
    name: string;
    city: string;
    codeLabel: string;
    initiativeLabel: string;
    startFiscalYear: number;
    endFiscalYear: number;
    boardColumns: BoardColumn[];
    grades: { progress?: GradeScale; achievement?: GradeScale };
    weather: string[];
  };
  initiative: InitiativeView;
  path: { level: number; label: string; code: string | null; title: string }[];
  permission: Permission;
}

/** PATCH /api/initiatives/:id: one change at a time, against the version the page shows. */
export interface InitiativeChange {
  column?: string;
  weather?: string | null;
  outlook?: { value: string | null; reason: string | null };
  grade?: { fiscalYear: number; kind: GradeKind; grade: string; reason: string | null };
  comment?: string;
}

export interface ActualInput {
  period: string;
  value: string;
  baseId: number | null;
  reason?: string | null;
  confirm?: boolean;
}

export interface ActualRecorded {
  indicator: IndicatorView;
  recorded: { id: number; period: string; label: string; kind: "official" | "interim" };
  behindTarget: boolean;
}

/** GET /api/me */
export interface MeResponse {
  userId: string;
  memberships: { planId: string; role: Role; orgUnit: string | null }[];
}

/** GET /api/plans/:planId/digest (office only): what `digest --send` would send. */
export interface DigestResponse {
  digest: DigestContent;
  /** The digest as plain text (the CLI preview; the altText before it is cut to 400 characters). */
  text: string;
  /** The Flex Message as LINE would get it. */
  message: { type: "flex"; altText: string; contents: unknown };
}

/**
 * POST /api/plans/import (office only): the tables the browser read, as CSV/YAML text by file name
 * or as a workbook's sheets (rows of cell text, row 1 first, so that problems name sheet rows).
 */
export type ImportPayload =
  | { files: Record<string, string> }
  | { sheets: Record<string, string[][]> };

export interface ImportResponse {
  report: ImportReport;
  dryRun: boolean;
}

/**
 * An error answer is thrown as the server's own `ApiError` (shared/api-errors.ts): `code` is one of
 * the shared codes, `details` keeps `current`, `warnings` and an import's `issues`.
 */
export { ApiError };

/**
 * Every call of the app goes through one client, so that an expired ID token (401) on any of them
 * sends the user to log in again.
 */
export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }

  patchInitiative(id: number, version: number, change: InitiativeChange) {
    return this.request<{ initiative: InitiativeView }>("PATCH", `/api/initiatives/${id}`, {
      version,
      ...change,
    });
  }

  recordActual(indicatorId: number, input: ActualInput) {
    return this.request<ActualRecorded>("POST", `/api/indicators/${indicatorId}/actuals`, input);
  }

  importPlan(payload: ImportPayload, dryRun: boolean) {
    return this.request<ImportResponse>("POST", "/api/plans/import", { ...payload, dryRun });
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (res.ok) return (await res.json()) as T;
    let code = codeForStatus(res.status);
    let message = res.statusText;
    let details: ApiError["details"] = {};
    try {
      const json = (await res.json()) as {
        error?: { code?: string; message?: string; details?: ApiError["details"] };
      };
      if (isApiErrorCode(json.error?.code)) code = json.error.code;
      message = json.error?.message ?? message;
      details = json.error?.details ?? {};
    } catch {
      // An answer that is not JSON (a proxy's error page) keeps the status text.
    }
    if (res.status === 401) this.onUnauthorized();
    throw new ApiError(code, message, details, res.status);
  }
}
