/**
 * The shinchoku data model, for all four seed plans (Tamana, Matsue, Tottori, Inzai).
 *
 * - A plan has its own hierarchy levels (`plans.levels`) and branches (`branches`), its own board
 *   columns, grade scales, narrative labels and 天気 values.
 * - An initiative keeps the city's code as printed (`③-1`, `223010`, `B1-5a`, `No.44`) and a sort key;
 *   it may have several owning org units (`initiative_org_units`), be cross-listed under another
 *   branch (`initiative_cross_listings`, Matsue 再掲) or be a child of another (Inzai 5a/5b).
 * - Figures (targets and actuals) are append-only versions per indicator and period; the latest
 *   row that is not withdrawn is the current value, and every earlier row is the history.
 * - Grades are append-only too, per initiative, fiscal year and kind.
 *
 * Column names are snake_case; TypeScript keys are camelCase. Timestamps are Unix seconds set by
 * SQL (`unixepoch()`).
 */
import { sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { APPROVAL_MODES, APPROVAL_STATES } from "../shared/approval.ts";
import { REVIEW_CADENCES } from "../shared/fiscal-year.ts";
import { INDICATOR_KINDS } from "../shared/indicator-kinds.ts";
import type {
  BoardColumn,
  Governance,
  GovernanceRole,
  GradeScale,
  Population,
} from "../shared/plan-meta.ts";
import { PROVENANCE_SOURCES } from "../shared/provenance.ts";
import { ROLES } from "../shared/roles.ts";

const createdAt = () =>
  integer("created_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`);

/** Who changed something and through which channel. */
export const CHANNELS = ["line", "liff", "import", "cli"] as const;

/**
 * 出典 and 出典メモ of a row's reading (shared/provenance.ts, issue 14 §1). A null source is `printed`
 * for imported and CLI rows and `entered` for LINE and LIFF rows (`sourceOf`); imports store null
 * for printed so that plans imported before these columns re-import unchanged.
 */
const provenanceColumns = () => ({
  source: text("source", { enum: PROVENANCE_SOURCES }),
  sourceNote: text("source_note"),
});
export type Channel = (typeof CHANNELS)[number];

export const plans = sqliteTable("plans", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  city: text("city").notNull(),
  source: text("source"),
  /** First and last fiscal year (FY2022 = R4). */
  startFiscalYear: integer("start_fiscal_year").notNull(),
  endFiscalYear: integer("end_fiscal_year").notNull(),
  /**
   * The cadence of the plan's reviews (plan.yaml `review.cadence`, shared/fiscal-year.ts): the grain
   * of `reviews.period` and of narratives' periods. Rows written before 0020 said `biennial` for
   * Matsue; the migration made that `yearly` with {@link plans.revisionYears} 2.
   */
  review: text("review", { enum: REVIEW_CADENCES }).notNull(),
  /** Every how many years the plan itself is revised (plan.yaml `review.revisionYears`), or null. */
  revisionYears: integer("revision_years"),
  /** Hierarchy level labels above initiatives, top first: `["基本方針", "基本施策"]`. */
  levels: text("levels", { mode: "json" }).$type<string[]>().notNull(),
  initiativeLabel: text("initiative_label").notNull(),
  codeLabel: text("code_label").notNull(),
  narrativeLabels: text("narrative_labels", { mode: "json" }).$type<string[]>().notNull(),
  grades: text("grades", { mode: "json" })
    .$type<{ progress?: GradeScale; achievement?: GradeScale }>()
    .notNull(),
  boardColumns: text("board_columns", { mode: "json" }).$type<BoardColumn[]>().notNull(),
  weather: text("weather", { mode: "json" }).$type<string[]>().notNull(),
  tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
  /**
   * The plan's own 推進体制 and roadmaps (plan.yaml `governance`, issue 14 §3). Rows written before
   * roadmaps hold the list of roles alone: read through shared/plan-meta.ts `readGovernance`.
   */
  governance: text("governance", { mode: "json" })
    .$type<Governance | GovernanceRole[]>()
    .notNull()
    .default(sql`'[]'`),
  /** The city's population (plan.yaml `population`), for per-resident comparisons; null when unset. */
  population: text("population", { mode: "json" }).$type<Population>(),
  /**
   * Bumped by every write that changes what {@link loadPlanView} returns, in the same transaction,
   * so that cached plan views can be checked with one cheap query.
   */
  revision: integer("revision").notNull().default(0),
  /** Whether the public read-only page is published. */
  published: integer("published", { mode: "boolean" }).notNull().default(false),
  /**
   * Whether the yearly official 実績 (確定) needs the 課長's or the office's approval before it
   * counts (issue 12 §4): `none` (default) or `required`. Monthly 速報 never do.
   */
  approval: text("approval", { enum: APPROVAL_MODES }).notNull().default("none"),
  /**
   * The plan's own monthly LINE message budget (pushes and multicasts, counted from
   * `message_log`); null = only LINE's own quota limits it.
   */
  messageBudget: integer("message_budget"),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
});

export const departments = sqliteTable(
  "org_units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["部", "課"] }).notNull(),
    parentId: integer("parent_id").references((): AnySQLiteColumn => departments.id),
  },
  (t) => [uniqueIndex("org_units_plan_name").on(t.planId, t.name)],
);

export const branches = sqliteTable(
  "branches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    /** The import format's stable ID (`1-ア`). */
    key: text("key").notNull(),
    level: integer("level").notNull(),
    code: text("code"),
    title: text("title").notNull(),
    parentId: integer("parent_id").references((): AnySQLiteColumn => branches.id),
    position: integer("position").notNull(),
    /** 「ビジョン」 and its 「達成すべき状態」 as printed (issue 14 §6); null and [] when none. */
    vision: text("vision"),
    states: text("states", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  },
  (t) => [uniqueIndex("branches_plan_key").on(t.planId, t.key)],
);

export const initiatives = sqliteTable(
  "initiatives",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    sortKey: text("sort_key").notNull(),
    title: text("title").notNull(),
    branchId: integer("branch_id")
      .notNull()
      .references(() => branches.id),
    parentId: integer("parent_id").references((): AnySQLiteColumn => initiatives.id),
    /** Board column key, one of `plans.board_columns`. */
    columnKey: text("column_key").notNull(),
    weather: text("weather"),
    /** 今後の方向性: 継続 / 拡充 / 見直し / 完了 / 廃止. */
    outlook: text("outlook"),
    outlookReason: text("outlook_reason"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    /** 出典・出典メモ of the 取組名 (shared/provenance.ts). */
    titleSource: text("title_source", { enum: PROVENANCE_SOURCES }),
    titleSourceNote: text("title_source_note"),
    /** Optimistic-lock version, bumped by every update. */
    version: integer("version").notNull().default(1),
    /**
     * A random id set by each LIFF update together with the version bump; the rows the update adds
     * (events, grades) are inserted in the same batch only where it matches, so a lost race adds none.
     */
    lastWriteId: text("last_write_id"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
  },
  (t) => [
    uniqueIndex("initiatives_plan_code").on(t.planId, t.code),
    index("initiatives_plan_sort").on(t.planId, t.sortKey),
  ],
);

/** Owning org units (担当課); position 0 is the lead department. */
export const initiativeDepartments = sqliteTable(
  "initiative_org_units",
  {
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    departmentId: integer("org_unit_id")
      .notNull()
      .references(() => departments.id),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.initiativeId, t.departmentId] }),
    index("initiative_org_units_org").on(t.departmentId),
  ],
);

/** 再掲: an initiative listed again under another branch. */
export const initiativeCrossListings = sqliteTable(
  "initiative_cross_listings",
  {
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    branchId: integer("branch_id")
      .notNull()
      .references(() => branches.id),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.branchId] })],
);

/**
 * Labelled text fields; `period` and `fiscalYear` null for plan-level text, set for the report text
 * of a review period (the 年度 on a yearly plan, `FY2025Q2` on Inzai's quarterly one).
 */
export const narratives = sqliteTable(
  "narratives",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    /** The 年度 of `period`. */
    fiscalYear: integer("fiscal_year"),
    /** Canonical review period key (shared/fiscal-year.ts `reviewPeriodKey`): `FY2023`, `FY2025Q2`. */
    period: text("period"),
    label: text("label").notNull(),
    body: text("body").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [index("narratives_initiative").on(t.initiativeId)],
);

/**
 * One review of an initiative per period of its plan's cadence (issue 14 §2, reviews.csv): the date
 * its state was taken (時点) and the 天気 and 今後の方向性 it gave; the period's report text is the
 * narratives with the same `period`. One row per initiative and period, replaced by a re-import
 * like the narratives; the board's current 天気 and 今後の方向性 stay on `initiatives` (their
 * changes in `initiative_events`), where an import starts them from the latest review.
 */
export const reviews = sqliteTable(
  "reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    /** Canonical review period key: `FY2025Q2`, `FY2025H1`, `FY2025`, `2025-08`. */
    period: text("period").notNull(),
    fiscalYear: integer("fiscal_year").notNull(),
    /** 時点: the civil date (`YYYY-MM-DD`, Asia/Tokyo) the review's state was taken. */
    asOf: text("as_of").notNull(),
    weather: text("weather"),
    outlook: text("outlook"),
    outlookReason: text("outlook_reason"),
    /** 出典・出典メモ of the review's 期間, 時点, 天気 and 今後の方向性. */
    ...provenanceColumns(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("reviews_initiative_period").on(t.initiativeId, t.period)],
);

/** 工程: schedule items per fiscal year, quarter, month, range or open-ended. */
export const scheduleItems = sqliteTable(
  "schedule_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    item: text("item"),
    /** The period as written in the import format: `R5`, `R6～R8`, `R10以降`, `R7Q2`. */
    periodText: text("period_text").notNull(),
    /** First and last fiscal year covered; `toFiscalYear` null when open-ended. */
    fromFiscalYear: integer("from_fiscal_year").notNull(),
    toFiscalYear: integer("to_fiscal_year"),
    body: text("body").notNull(),
    position: integer("position").notNull(),
    /** 出典・出典メモ of the period (a lost Gantt column's year is `inferred`). */
    ...provenanceColumns(),
  },
  (t) => [index("schedule_items_initiative").on(t.initiativeId)],
);

export const DIRECTIONS = ["higher", "lower", "reach", "date"] as const;

export const indicators = sqliteTable(
  "indicators",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    /** The import format's 指標ID (`①-1`). */
    key: text("key").notNull(),
    /** Null for a plan-level KGI. */
    initiativeId: integer("initiative_id").references(() => initiatives.id, {
      onDelete: "cascade",
    }),
    name: text("name").notNull(),
    unit: text("unit"),
    direction: text("direction", { enum: DIRECTIONS }).notNull(),
    /** What the figures measure (shared/indicator-kinds.ts): a level, a reduction, a running total … */
    kind: text("kind", { enum: INDICATOR_KINDS }).notNull().default("level"),
    /** The base a change or reduction is measured from: its 年度 and value (issue 14 §4). */
    baseFiscalYear: integer("base_fiscal_year"),
    baseValue: real("base_value"),
    /**
     * The 課 asked for this indicator's figures (issue 14 §5), one of its initiative's 担当課;
     * null = the initiative's first 担当課 (shared/plan-view.ts `indicatorOwner`).
     */
    departmentId: integer("org_unit_id").references(() => departments.id, { onDelete: "set null" }),
    baseline: text("baseline"),
    targetText: text("target_text"),
    note: text("note"),
    /** The common indicator it is (shared/catalog.ts id, import column 共通指標), or null. */
    catalog: text("catalog"),
    position: integer("position").notNull(),
    /** 出典・出典メモ of the indicator as a whole (its name). */
    ...provenanceColumns(),
  },
  (t) => [
    uniqueIndex("indicators_plan_key").on(t.planId, t.key),
    index("indicators_initiative").on(t.initiativeId),
  ],
);

const figureColumns = () => ({
  id: integer("id").primaryKey({ autoIncrement: true }),
  indicatorId: integer("indicator_id")
    .notNull()
    .references(() => indicators.id, { onDelete: "cascade" }),
  /** Canonical period key: `FY2023`, `FY2023Q4`, `2023-06`. */
  period: text("period").notNull(),
  fiscalYear: integer("fiscal_year").notNull(),
  /** The value in the indicator's unit; null when the figure is text only (`9部41課85係`). */
  value: real("value"),
  /** Digits after the decimal point as entered, so `98.40` is shown as entered. */
  decimals: integer("decimals").notNull().default(0),
  /** `以上` / `以下` / `未満` printed with the figure. */
  qualifier: text("qualifier"),
  /** The figure as printed or typed. */
  rawText: text("raw_text"),
  channel: text("channel", { enum: CHANNELS }).notNull(),
  /** Member who entered it; null for imports and the CLI. */
  reportedBy: integer("reported_by").references(() => members.id),
  createdAt: createdAt(),
  /** Set when the entry was taken back (取消); the row is kept as history. */
  withdrawnAt: integer("withdrawn_at", { mode: "timestamp" }),
  /** 出典・出典メモ of the figure; LINE and LIFF entries are `entered`. */
  ...provenanceColumns(),
});

/** 目標: versions of a target per indicator and period. */
export const targets = sqliteTable("targets", figureColumns(), (t) => [
  index("targets_indicator_period").on(t.indicatorId, t.period),
]);

/** 実績: versions of an actual per indicator, period and kind. */
export const actuals = sqliteTable(
  "actuals",
  {
    ...figureColumns(),
    /** `official` = the confirmed yearly 実績; `interim` = a monthly reading. */
    kind: text("kind", { enum: ["official", "interim"] }).notNull(),
    /**
     * The LINE webhook event (`webhookEventId`) that recorded it; null for the LIFF app, the API,
     * imports and the CLI. Unique per indicator, so that an event handled again after a kill (the
     * inbox, docs/reliability.md §1) cannot record the same value twice.
     */
    webhookEventId: text("webhook_event_id"),
    /** The LINE webhook event whose 取消 withdrew it; one event withdraws at most one entry. */
    withdrawnEventId: text("withdrawn_event_id"),
    /** Approval of an official 実績 (shared/approval.ts); null when none was asked. */
    approval: text("approval", { enum: APPROVAL_STATES }),
    /** The 課長 or office member who approved or returned it. */
    decidedBy: integer("decided_by").references((): AnySQLiteColumn => members.id),
    decidedAt: integer("decided_at", { mode: "timestamp" }),
    /** Why it was returned (差し戻しの理由), or a note with an approval. */
    decisionComment: text("decision_comment"),
  },
  (t) => [
    index("actuals_indicator_period").on(t.indicatorId, t.period, t.kind),
    uniqueIndex("actuals_webhook_event")
      .on(t.webhookEventId, t.indicatorId)
      .where(sql`webhook_event_id is not null`),
    uniqueIndex("actuals_withdrawn_event")
      .on(t.withdrawnEventId)
      .where(sql`withdrawn_event_id is not null`),
  ],
);

/** 進捗状況 / 達成状況 grades: append-only versions per initiative, fiscal year and kind. */
export const grades = sqliteTable(
  "grades",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    fiscalYear: integer("fiscal_year").notNull(),
    kind: text("kind", { enum: ["progress", "achievement"] }).notNull(),
    /** A key of the plan's scale (S/A/B/C) or `-` for 対象外. */
    grade: text("grade").notNull(),
    reason: text("reason"),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    reportedBy: integer("reported_by").references(() => members.id),
    createdAt: createdAt(),
    /** 出典・出典メモ of the grade; LIFF entries are `entered`. */
    ...provenanceColumns(),
  },
  (t) => [index("grades_initiative").on(t.initiativeId, t.fiscalYear, t.kind)],
);

/** A LINE user linked to a plan, an org unit and a role. */
export const members = sqliteTable(
  "members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    lineUserId: text("line_user_id").notNull(),
    departmentId: integer("org_unit_id").references(() => departments.id),
    role: text("role", { enum: ROLES }).notNull(),
    displayName: text("display_name"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
  },
  (t) => [
    uniqueIndex("members_plan_user").on(t.planId, t.lineUserId),
    index("members_user").on(t.lineUserId),
  ],
);

/** Webhook event ids already handled, so a redelivery is answered 200 and not processed again. */
export const webhookEvents = sqliteTable("webhook_events", {
  webhookEventId: text("webhook_event_id").primaryKey(),
  eventType: text("event_type").notNull(),
  receivedAt: createdAt(),
});

/**
 * The durable webhook inbox: every signed event is written here before the webhook answers 200, and
 * handled from here (bot/inbox.ts). A row is claimed (`running`, with a lease) by one handler at a
 * time; `lane` keeps one LINE user's events in order. The `webhook_events` ledger above still
 * dedupes redeliveries, in the same transaction as the insert.
 */
export const webhookInbox = sqliteTable(
  "webhook_inbox",
  {
    /** Arrival order; within a lane, events are handled in this order. */
    id: integer("id").primaryKey({ autoIncrement: true }),
    webhookEventId: text("webhook_event_id").notNull().unique(),
    eventType: text("event_type").notNull(),
    /** Who the event is from (`user:U…`, `group:C…`, `room:R…`, or `event:<id>` with no source). */
    lane: text("lane").notNull(),
    /** The event object exactly as LINE sent it. */
    payload: text("payload", { mode: "json" }).notNull(),
    status: text("status", { enum: ["pending", "running", "done", "failed"] })
      .notNull()
      .default("pending"),
    /** Handling attempts started so far (a claim counts as one). */
    attempts: integer("attempts").notNull().default(0),
    /** A `running` row whose lease has passed is taken to be abandoned (its process died). */
    leaseUntil: integer("lease_until", { mode: "timestamp" }),
    /** A `pending` row is not retried before this time (back-off after a failure). */
    availableAt: integer("available_at", { mode: "timestamp" }),
    lastError: text("last_error"),
    /**
     * How an attempt began to answer, written before the send: `reply` (a retry that finds the
     * token used takes it that the answer went out) or `push` (a retry pushes with the same key).
     */
    answeredBy: text("answered_by", { enum: ["reply", "push"] }),
    receivedAt: createdAt(),
    handledAt: integer("handled_at", { mode: "timestamp" }),
  },
  (t) => [
    index("webhook_inbox_lane").on(t.lane, t.status),
    index("webhook_inbox_status").on(t.status),
  ],
);

/** Every message shinchoku sent or would have sent (offline mode), with LINE's request id. */
export const messageLog = sqliteTable(
  "message_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** reply / push / multicast / broadcast. */
    kind: text("kind", { enum: ["reply", "push", "multicast", "broadcast"] }).notNull(),
    /** Recipients: a userId, a list of userIds, or null for reply and broadcast. */
    recipients: text("recipients", { mode: "json" }).$type<string[] | null>(),
    /** How many messages this send counts against the monthly allowance. */
    messageCount: integer("message_count").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    /** sent / offline (no access token) / failed. */
    status: text("status", { enum: ["sent", "offline", "failed"] }).notNull(),
    httpStatus: integer("http_status"),
    lineRequestId: text("line_request_id"),
    retryKey: text("retry_key"),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("message_log_created").on(t.createdAt)],
);

/** Single-use invite codes issued by the DX office (`npx shinchoku invite`). */
export const invites = sqliteTable(
  "invites",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    /** Normalised code: 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L). */
    code: text("code").notNull(),
    departmentId: integer("org_unit_id").references(() => departments.id),
    role: text("role", { enum: ROLES }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp" }),
    usedBy: text("used_by"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invites_code").on(t.code)],
);

/** A plan's reminder schedule (Asia/Tokyo). */
export const reminderSettings = sqliteTable("reminder_settings", {
  planId: text("plan_id")
    .primaryKey()
    .references(() => plans.id, { onDelete: "cascade" }),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  /** Day of the month the cycle starts, 1–28. */
  dayOfMonth: integer("day_of_month").notNull(),
  /** `HH:MM`, Asia/Tokyo. */
  time: text("time").notNull(),
  /** Which month a cycle asks about: the one before the cycle (default) or the cycle's own. */
  periodMode: text("period_mode", { enum: ["previous_month", "current_month"] })
    .notNull()
    .default("previous_month"),
  /** Days after the reminder to push one follow-up to leads who have not answered; null = none. */
  followUpDays: integer("follow_up_days"),
  /** Send the office a list of who has not answered, with the follow-up. */
  escalate: integer("escalate", { mode: "boolean" }).notNull().default(false),
  /**
   * The cycle's deadline (提出期限): this many business days after the reminder, to the end of that
   * day; null = DEFAULT_DEADLINE_BUSINESS_DAYS (shared/reporting-rate.ts).
   */
  deadlineBusinessDays: integer("deadline_business_days"),
  updatedAt: integer("updated_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
});

/**
 * A plan's business calendar (shared/business-calendar.ts): its 年末年始 closure. No row = the
 * default 12/29–1/3; a row with null `yearEndFrom` = no 年末年始 closure.
 */
export const planCalendars = sqliteTable("plan_calendars", {
  planId: text("plan_id")
    .primaryKey()
    .references(() => plans.id, { onDelete: "cascade" }),
  /** `MM-DD`, inclusive; the range crosses the new year when from > to. */
  yearEndFrom: text("year_end_from"),
  yearEndTo: text("year_end_to"),
  updatedAt: integer("updated_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
});

/** A plan's own closed days (市の休日 …), on top of weekends, national holidays and 年末年始. */
export const planClosedDays = sqliteTable(
  "plan_closed_days",
  {
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    /** `YYYY-MM-DD`. */
    date: text("date").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.date] })],
);

/** One reminder cycle of a plan: the month it belongs to and the period it asks for. */
export const reminderCycles = sqliteTable(
  "reminder_cycles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    /** The calendar month of the cycle, `2024-06`: one cycle per plan and month. */
    cycleMonth: text("cycle_month").notNull(),
    /** The period asked for: a month (`2024-05`, interim) or a fiscal year (`FY2023`, official). */
    period: text("period").notNull(),
    fiscalYear: integer("fiscal_year").notNull(),
    kind: text("kind", { enum: ["official", "interim"] }).notNull(),
    /** planned → sending → done; `stopped` when LINE's monthly limit was reached. */
    status: text("status", { enum: ["sending", "done", "stopped"] }).notNull(),
    stopReason: text("stop_reason"),
    createdAt: createdAt(),
    completedAt: integer("completed_at", { mode: "timestamp" }),
    followUpAt: integer("follow_up_at", { mode: "timestamp" }),
    /**
     * 提出期限: the instant a figure must be in by to count as on time (the end of the deadline day,
     * Asia/Tokyo), fixed when the cycle starts so a later change of the setting keeps history.
     */
    deadlineAt: integer("deadline_at", { mode: "timestamp" }),
    /** When the 課長 of each 課 still owing figures after the deadline were told (once per cycle). */
    managerEscalatedAt: integer("manager_escalated_at", { mode: "timestamp" }),
  },
  (t) => [uniqueIndex("reminder_cycles_plan_month").on(t.planId, t.cycleMonth)],
);

/**
 * One push of a cycle to one member: the reminder, its follow-up, or the office's escalation.
 * Written before sending, with the `X-Line-Retry-Key`, so a resumed cycle never pushes twice.
 */
export const reminderDeliveries = sqliteTable(
  "reminder_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cycleId: integer("cycle_id")
      .notNull()
      .references(() => reminderCycles.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    /** `limit_notice`: an office member was told (in a reply) that the monthly limit stopped the cycle. */
    kind: text("kind", {
      enum: ["reminder", "follow_up", "escalation", "limit_notice", "manager_escalation"],
    }).notNull(),
    /** The numbered indicators of the message: `[indicatorId, …]`, item 1 first. */
    items: text("items", { mode: "json" }).$type<number[]>().notNull(),
    retryKey: text("retry_key").notNull(),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    httpStatus: integer("http_status"),
    lineRequestId: text("line_request_id"),
    error: text("error"),
    sentAt: integer("sent_at", { mode: "timestamp" }),
  },
  (t) => [
    uniqueIndex("reminder_deliveries_cycle_member_kind").on(t.cycleId, t.memberId, t.kind),
    index("reminder_deliveries_member").on(t.memberId),
  ],
);

/**
 * What the bot is waiting for from a member in the chat: a value after a quick-reply tap, a
 * confirmation of an implausible value, or the reason for being behind target.
 */
export const chatStates = sqliteTable("chat_states", {
  memberId: integer("member_id")
    .primaryKey()
    .references(() => members.id, { onDelete: "cascade" }),
  state: text("state", { mode: "json" }).notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp" }).notNull(),
});

/** Reasons given for an actual behind its target (Tamana: 「B」又は「C」の場合その要因). */
export const actualReasons = sqliteTable(
  "actual_reasons",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actualId: integer("actual_id")
      .notNull()
      .references(() => actuals.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    reportedBy: integer("reported_by").references(() => members.id),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    createdAt: createdAt(),
    /** The LINE webhook event that gave it (null from the LIFF app); unique per actual. */
    webhookEventId: text("webhook_event_id"),
  },
  (t) => [
    uniqueIndex("actual_reasons_webhook_event")
      .on(t.webhookEventId, t.actualId)
      .where(sql`webhook_event_id is not null`),
  ],
);

/** Comments on an initiative, from the LIFF app. */
export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    memberId: integer("member_id")
      .notNull()
      .references(() => members.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("comments_initiative").on(t.initiativeId)],
);

/**
 * Changes to an initiative's board state (列, 天気, 今後の方向性), for its history timeline. Grades and
 * actuals keep their own versions with reporter and channel.
 */
export const initiativeEvents = sqliteTable(
  "initiative_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    memberId: integer("member_id").references(() => members.id),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    field: text("field", { enum: ["column", "weather", "outlook"] }).notNull(),
    fromValue: text("from_value"),
    toValue: text("to_value"),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [index("initiative_events_initiative").on(t.initiativeId)],
);

/** Status digests built for a plan: the snapshot lets the next digest say what changed. */
export const digests = sqliteTable(
  "digests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    snapshot: text("snapshot", { mode: "json" }).notNull(),
    /** all / org:<課名> / role:<role> / broadcast. */
    audience: text("audience").notNull(),
    recipients: integer("recipients").notNull(),
    /** The cadence slot it was sent for (`2024-W23`, `2024-06`), for the schedule; null on demand. */
    slot: text("slot"),
    createdAt: createdAt(),
  },
  (t) => [index("digests_plan").on(t.planId, t.id)],
);

/** A plan's digest schedule (Asia/Tokyo). */
export const digestSettings = sqliteTable("digest_settings", {
  planId: text("plan_id")
    .primaryKey()
    .references(() => plans.id, { onDelete: "cascade" }),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  cadence: text("cadence", { enum: ["weekly", "monthly"] }).notNull(),
  /** weekly: 0 = Sunday … 6 = Saturday; monthly: day of month 1–28. */
  day: integer("day").notNull(),
  time: text("time").notNull(),
  audience: text("audience").notNull().default("all"),
});

export const RICH_MENU_KINDS = ["lead", "office"] as const;
export type RichMenuKind = (typeof RICH_MENU_KINDS)[number];

/**
 * The rich menus `npx shinchoku richmenu deploy` created on the LINE channel, one per kind (`lead`
 * also serves `viewer`). Members are linked to the menu of their role; none here = never deployed.
 */
export const richMenus = sqliteTable("rich_menus", {
  kind: text("kind", { enum: RICH_MENU_KINDS }).primaryKey(),
  /** LINE's `richMenuId`. */
  richMenuId: text("rich_menu_id").notNull(),
  /** The alias pointing at it (`shinchoku-lead`, `shinchoku-office`). */
  aliasId: text("alias_id").notNull(),
  /** SHA-256 of the uploaded image, to tell which drawing is on LINE. */
  imageSha256: text("image_sha256").notNull(),
  deployedAt: integer("deployed_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
});

/**
 * Synonym groups for plan search (shared/search/synonyms.ts), beside the shipped dictionary:
 * `plan` rows come from plan.yaml `synonyms:` (replaced on each import), `office` rows from
 * `npx shinchoku synonyms add`. Changing them bumps the plan's revision, so the next question
 * rebuilds the index.
 */
export const searchSynonyms = sqliteTable(
  "search_synonyms",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    /** The words of one group, as typed: `["残業", "時間外勤務"]`. */
    words: text("words", { mode: "json" }).$type<string[]>().notNull(),
    source: text("source", { enum: ["plan", "office"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("search_synonyms_plan").on(t.planId)],
);

export const AUDIT_ACTIONS = [
  "invite.create",
  "member.add",
  "member.update",
  "member.deactivate",
  "schedule.update",
  "reminders.run",
  "reminders.follow_up",
  "digest.send",
  "actual.approve",
  "actual.return",
  "plan.settings",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * What the DX office did to a plan through the API (issue 11): who, when, what. One row per action
 * that ran (an invite issued, a member changed, the schedule saved, a cycle run, a digest sent);
 * a request refused before it changed anything writes none. Never updated or deleted.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    /** The member who acted (their row in this plan) and their LINE userId as it was then. */
    memberId: integer("member_id").references(() => members.id),
    lineUserId: text("line_user_id").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    action: text("action", { enum: AUDIT_ACTIONS }).notNull(),
    /** What it was done to: a LINE userId, an invite's 課 and role, an audience; null for the plan. */
    target: text("target"),
    /** The input and the outcome, as JSON. */
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_plan").on(t.planId, t.id)],
);

export const REFERENCE_KINDS = ["target", "official", "interim"] as const;

/**
 * Reference series (issue 13 §2, docs/compare.md): other cities' published figures of a common
 * indicator (shared/catalog.ts), read from their open-data CSV by `npx shinchoku compare import`.
 * Read-only: nothing in shinchoku edits a row; a new import of the same `source` replaces all of
 * that source's rows at once, `compare remove` deletes them.
 */
export const referenceSeries = sqliteTable(
  "reference_series",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The label the office gave the import (`--label`, default the file's 地方公共団体名). */
    source: text("source").notNull(),
    /** 全国地方公共団体コード as published, or null. */
    cityCode: text("city_code"),
    /** 地方公共団体名. */
    city: text("city").notNull(),
    /** 計画名, or null (a national series has none). */
    planName: text("plan_name"),
    /** The catalog id (共通指標). */
    catalog: text("catalog").notNull(),
    /** The city's own name of the indicator (指標名), and its own definition (基準値, 目標（原文）). */
    indicatorName: text("indicator_name"),
    baseline: text("baseline"),
    targetText: text("target_text"),
    unit: text("unit"),
    /** Canonical period key (`FY2023`, `FY2025Q4`, `2024-06`) and its 年度. */
    period: text("period").notNull(),
    fiscalYear: integer("fiscal_year").notNull(),
    kind: text("kind", { enum: REFERENCE_KINDS }).notNull(),
    /** The value in the unit; null for a text-only figure. */
    value: real("value"),
    decimals: integer("decimals").notNull().default(0),
    /** The figure as printed (表記), or null. */
    printed: text("printed"),
    /** The file's name as given to the command. */
    file: text("file").notNull(),
    importedAt: createdAt(),
  },
  (t) => [
    index("reference_series_catalog").on(t.catalog),
    index("reference_series_source").on(t.source),
  ],
);
