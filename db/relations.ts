/**
 * drizzle relations between the tables of db/schema.ts, so that reads which follow a foreign key
 * (a member's 課, a delivery's cycle, an actual's indicator) are written as `db.query.x.findMany({
 * with })` instead of hand-written joins. They describe the foreign keys already in the schema and
 * change no SQL table: drizzle-kit ignores them.
 */
import { relations } from "drizzle-orm";
import {
  actuals,
  comments,
  departments,
  grades,
  indicators,
  initiativeEvents,
  members,
  plans,
  reminderCycles,
  reminderDeliveries,
} from "./schema.ts";

export const planRelations = relations(plans, ({ many }) => ({
  members: many(members),
  departments: many(departments),
  reminderCycles: many(reminderCycles),
}));

export const departmentRelations = relations(departments, ({ one, many }) => ({
  plan: one(plans, { fields: [departments.planId], references: [plans.id] }),
  members: many(members),
}));

export const memberRelations = relations(members, ({ one, many }) => ({
  plan: one(plans, { fields: [members.planId], references: [plans.id] }),
  /** The member's 課; null for an office member or viewer without one. */
  department: one(departments, { fields: [members.departmentId], references: [departments.id] }),
  deliveries: many(reminderDeliveries),
}));

export const reminderCycleRelations = relations(reminderCycles, ({ one, many }) => ({
  plan: one(plans, { fields: [reminderCycles.planId], references: [plans.id] }),
  deliveries: many(reminderDeliveries),
}));

export const reminderDeliveryRelations = relations(reminderDeliveries, ({ one }) => ({
  cycle: one(reminderCycles, {
    fields: [reminderDeliveries.cycleId],
    references: [reminderCycles.id],
  }),
  member: one(members, { fields: [reminderDeliveries.memberId], references: [members.id] }),
}));

export const indicatorRelations = relations(indicators, ({ many }) => ({
  actuals: many(actuals),
}));

export const actualRelations = relations(actuals, ({ one }) => ({
  indicator: one(indicators, { fields: [actuals.indicatorId], references: [indicators.id] }),
}));

/** Who entered a grade, a comment or a board change: a member, shown by name or else by 課. */
export const gradeRelations = relations(grades, ({ one }) => ({
  reporter: one(members, { fields: [grades.reportedBy], references: [members.id] }),
}));

export const commentRelations = relations(comments, ({ one }) => ({
  member: one(members, { fields: [comments.memberId], references: [members.id] }),
}));

export const initiativeEventRelations = relations(initiativeEvents, ({ one }) => ({
  member: one(members, { fields: [initiativeEvents.memberId], references: [members.id] }),
}));
