CREATE TABLE `plan_calendars` (
	`plan_id` text PRIMARY KEY NOT NULL,
	`year_end_from` text,
	`year_end_to` text,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `plan_closed_days` (
	`plan_id` text NOT NULL,
	`date` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	PRIMARY KEY(`plan_id`, `date`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `reminder_cycles` ADD `deadline_at` integer;--> statement-breakpoint
ALTER TABLE `reminder_settings` ADD `deadline_business_days` integer;