ALTER TABLE `actuals` ADD `approval` text;--> statement-breakpoint
ALTER TABLE `actuals` ADD `decided_by` integer REFERENCES members(id);--> statement-breakpoint
ALTER TABLE `actuals` ADD `decided_at` integer;--> statement-breakpoint
ALTER TABLE `actuals` ADD `decision_comment` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `approval` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE `plans` ADD `message_budget` integer;