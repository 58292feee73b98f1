/**
 * The API the LIFF app reads and writes (bot/api, docs/api.md), through Hono RPC: the client and
 * every request and response type are derived from the server's routes (`hc<ApiRoutes>`), so a
 * change on the server that the app does not follow is a type error here, not a broken page.
 * Errors are the server's own `ApiError` with the shared codes (shared/api-errors.ts).
 *
 * @see https://hono.dev/docs/guides/rpc
 */
import {
  type ClientResponse,
  hc,
  type InferRequestType,
  type InferResponseType,
} from "hono/client";
import type { ApiRoutes } from "../../bot/api/index.ts";
import { ApiError, codeForStatus, isApiErrorCode } from "../../shared/api-errors.ts";

export type { ImportReport } from "../../db/import.ts";
export type { Channel } from "../../db/schema.ts";
export type { DigestContent } from "../../shared/digest.ts";
export type { ImportIssue } from "../../shared/import-format.ts";
export type { GradeKind } from "../../shared/plan-meta.ts";
export type {
  ActualView,
  IndicatorView,
  InitiativeView,
  PlanView,
} from "../../shared/plan-view.ts";
export { ApiError };

type Client = ReturnType<typeof hc<ApiRoutes>>;
type Initiative = Client["initiatives"][":id"];
type Plan = Client["plans"][":planId"];

/** GET /api/me */
export type MeResponse = InferResponseType<Client["me"]["$get"], 200>;
/** GET /api/plans */
export type PlansResponse = InferResponseType<Client["plans"]["$get"], 200>;
/** GET /api/plans/:planId/board: the plan's read model and the caller's role. */
export type BoardResponse = InferResponseType<Plan["board"]["$get"], 200>;
/** GET /api/catalog/:catalogId/compare: a common indicator across cities (docs/compare.md). */
export type CompareResponse = InferResponseType<
  Client["catalog"][":catalogId"]["compare"]["$get"],
  200
>;
/** GET /api/plans/:planId/digest (office only): what `digest --send` would send. */
export type DigestResponse = InferResponseType<Plan["digest"]["$get"], 200>;
/** GET /api/initiatives/:id: the board's view of the initiative plus what only the detail needs. */
export type DetailResponse = InferResponseType<Initiative["$get"], 200>;
/** PATCH /api/initiatives/:id: one change at a time, against the version the page shows. */
export type InitiativeChange = Omit<InferRequestType<Initiative["$patch"]>["json"], "version">;
/** POST /api/indicators/:id/actuals */
export type ActualInput = InferRequestType<Client["indicators"][":id"]["actuals"]["$post"]>["json"];
/** GET /api/plans/:planId/members (office only). */
export type MembersResponse = InferResponseType<Plan["members"]["$get"], 200>;
export type MemberRow = MembersResponse["members"][number];
/** POST /api/plans/:planId/invites (office only). */
export type InviteInput = InferRequestType<Plan["invites"]["$post"]>["json"];
export type InviteResponse = InferResponseType<Plan["invites"]["$post"], 201>;
/** PATCH /api/plans/:planId/members/:userId (office only). */
export type MemberChange = InferRequestType<Plan["members"][":userId"]["$patch"]>["json"];
/** GET/PUT /api/plans/:planId/schedule (office only). */
export type ScheduleResponse = InferResponseType<Plan["schedule"]["$get"], 200>;
export type ScheduleInput = InferRequestType<Plan["schedule"]["$put"]>["json"];
/** GET /api/plans/:planId/reporting (office only). */
export type PlanSettingsResponse = InferResponseType<Plan["settings"]["$get"], 200>;
export type PlanSettingsInput = InferRequestType<Plan["settings"]["$put"]>["json"];

export type ReportingResponse = InferResponseType<Plan["reporting"]["$get"], 200>;
/** POST /api/plans/:planId/reminders/run (office only). */
export type RunResponse = InferResponseType<Plan["reminders"]["run"]["$post"], 200>;
/** POST /api/plans/:planId/digest/send (office only): the cost, or with `confirm` the send. */
export type DigestSendResponse = InferResponseType<Plan["digest"]["send"]["$post"], 200>;

/**
 * POST /api/plans/import (office only): the tables the browser read, as CSV/YAML text by file name
 * or as a workbook's sheets (rows of cell text, row 1 first, so that problems name sheet rows).
 */
export type ImportPayload =
  | { files: Record<string, string> }
  | { sheets: Record<string, string[][]> };

/**
 * Every call of the app goes through one client, so that an expired ID token (401) on any of them
 * sends the user to log in again.
 */
export class ApiClient {
  private readonly client: Client;

  constructor(
    token: string,
    private readonly onUnauthorized: () => void,
  ) {
    this.client = hc<ApiRoutes>("/api", { headers: { authorization: `Bearer ${token}` } });
  }

  me() {
    return this.read(this.client.me.$get());
  }

  plans() {
    return this.read(this.client.plans.$get());
  }

  board(planId: string) {
    return this.read(this.client.plans[":planId"].board.$get({ param: this.plan(planId) }));
  }

  /** GET /api/catalog/:catalogId/compare */
  compare(catalogId: string) {
    return this.read(
      this.client.catalog[":catalogId"].compare.$get({
        param: { catalogId: encodeURIComponent(catalogId) },
      }),
    );
  }

  digest(planId: string) {
    return this.read(this.client.plans[":planId"].digest.$get({ param: this.plan(planId) }));
  }

  /** GET /api/plans/:planId/notices: reminder cycles stopped by LINE's monthly limit. */
  notices(planId: string) {
    return this.read(this.client.plans[":planId"].notices.$get({ param: this.plan(planId) }));
  }

  members(planId: string) {
    return this.read(this.client.plans[":planId"].members.$get({ param: this.plan(planId) }));
  }

  invite(planId: string, input: InviteInput) {
    return this.read(
      this.client.plans[":planId"].invites.$post({ param: this.plan(planId), json: input }),
    );
  }

  changeMember(planId: string, userId: string, change: MemberChange) {
    return this.read(
      this.client.plans[":planId"].members[":userId"].$patch({
        param: { ...this.plan(planId), userId: encodeURIComponent(userId) },
        json: change,
      }),
    );
  }

  deactivateMember(planId: string, userId: string) {
    return this.read(
      this.client.plans[":planId"].members[":userId"].$delete({
        param: { ...this.plan(planId), userId: encodeURIComponent(userId) },
      }),
    );
  }

  schedule(planId: string) {
    return this.read(this.client.plans[":planId"].schedule.$get({ param: this.plan(planId) }));
  }

  saveSchedule(planId: string, input: ScheduleInput) {
    return this.read(
      this.client.plans[":planId"].schedule.$put({ param: this.plan(planId), json: input }),
    );
  }

  /** GET /api/plans/:planId/settings: approval of 確定値 and the monthly message budget. */
  planSettings(planId: string) {
    return this.read(this.client.plans[":planId"].settings.$get({ param: this.plan(planId) }));
  }

  savePlanSettings(planId: string, input: PlanSettingsInput) {
    return this.read(
      this.client.plans[":planId"].settings.$put({ param: this.plan(planId), json: input }),
    );
  }

  reporting(planId: string) {
    return this.read(this.client.plans[":planId"].reporting.$get({ param: this.plan(planId) }));
  }

  runReminders(planId: string, followUp: boolean) {
    return this.read(
      this.client.plans[":planId"].reminders.run.$post({
        param: this.plan(planId),
        json: { followUp },
      }),
    );
  }

  sendDigest(planId: string, to: string, confirm: boolean) {
    return this.read(
      this.client.plans[":planId"].digest.send.$post({
        param: this.plan(planId),
        json: { to, confirm },
      }),
    );
  }

  initiative(id: number) {
    return this.read(this.client.initiatives[":id"].$get({ param: { id: String(id) } }));
  }

  patchInitiative(id: number, version: number, change: InitiativeChange) {
    return this.read(
      this.client.initiatives[":id"].$patch({
        param: { id: String(id) },
        json: { version, ...change },
      }),
    );
  }

  recordActual(indicatorId: number, input: ActualInput) {
    return this.read(
      this.client.indicators[":id"].actuals.$post({
        param: { id: String(indicatorId) },
        json: input,
      }),
    );
  }

  /** POST /api/actuals/:id/approve: the 課長 of its 課 or the office approves a 確定値. */
  approveActual(actualId: number) {
    return this.read(this.client.actuals[":id"].approve.$post({ param: { id: String(actualId) } }));
  }

  /** POST /api/actuals/:id/return: 差し戻し with the reason the lead is told. */
  returnActual(actualId: number, comment: string) {
    return this.read(
      this.client.actuals[":id"].return.$post({
        param: { id: String(actualId) },
        json: { comment },
      }),
    );
  }

  importPlan(payload: ImportPayload, dryRun: boolean) {
    return this.read(this.client.plans.import.$post({ json: { ...payload, dryRun } }));
  }

  /** A plan id as a path segment: hc puts parameters into the path as they are. */
  private plan(planId: string) {
    return { planId: encodeURIComponent(planId) };
  }

  /** The body of a 2xx answer; any other answer is thrown as an `ApiError`. */
  private async read<T>(pending: Promise<ClientResponse<T, number, "json">>): Promise<T> {
    const res = await pending;
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
