CREATE TABLE `actuals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` integer NOT NULL,
	`period` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`value` real,
	`decimals` integer DEFAULT 0 NOT NULL,
	`qualifier` text,
	`raw_text` text,
	`channel` text NOT NULL,
	`reported_by` integer,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`withdrawn_at` integer,
	`kind` text NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reported_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `actuals_indicator_period` ON `actuals` (`indicator_id`,`period`,`kind`);--> statement-breakpoint
CREATE TABLE `branches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` text NOT NULL,
	`key` text NOT NULL,
	`level` integer NOT NULL,
	`code` text,
	`title` text NOT NULL,
	`parent_id` integer,
	`position` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `branches_plan_key` ON `branches` (`plan_id`,`key`);--> statement-breakpoint
CREATE TABLE `grades` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`initiative_id` integer NOT NULL,
	`fiscal_year` integer NOT NULL,
	`kind` text NOT NULL,
	`grade` text NOT NULL,
	`reason` text,
	`channel` text NOT NULL,
	`reported_by` integer,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reported_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `grades_initiative` ON `grades` (`initiative_id`,`fiscal_year`,`kind`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` text NOT NULL,
	`key` text NOT NULL,
	`initiative_id` integer,
	`name` text NOT NULL,
	`unit` text,
	`direction` text NOT NULL,
	`baseline` text,
	`target_text` text,
	`note` text,
	`position` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_plan_key` ON `indicators` (`plan_id`,`key`);--> statement-breakpoint
CREATE INDEX `indicators_initiative` ON `indicators` (`initiative_id`);--> statement-breakpoint
CREATE TABLE `initiative_cross_listings` (
	`initiative_id` integer NOT NULL,
	`branch_id` integer NOT NULL,
	PRIMARY KEY(`initiative_id`, `branch_id`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `initiative_org_units` (
	`initiative_id` integer NOT NULL,
	`org_unit_id` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`initiative_id`, `org_unit_id`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `initiative_org_units_org` ON `initiative_org_units` (`org_unit_id`);--> statement-breakpoint
CREATE TABLE `initiatives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` text NOT NULL,
	`code` text NOT NULL,
	`sort_key` text NOT NULL,
	`title` text NOT NULL,
	`branch_id` integer NOT NULL,
	`parent_id` integer,
	`column_key` text NOT NULL,
	`weather` text,
	`outlook` text,
	`outlook_reason` text,
	`tags` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `initiatives_plan_code` ON `initiatives` (`plan_id`,`code`);--> statement-breakpoint
CREATE INDEX `initiatives_plan_sort` ON `initiatives` (`plan_id`,`sort_key`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` text NOT NULL,
	`line_user_id` text NOT NULL,
	`org_unit_id` integer,
	`role` text NOT NULL,
	`display_name` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_plan_user` ON `members` (`plan_id`,`line_user_id`);--> statement-breakpoint
CREATE INDEX `members_user` ON `members` (`line_user_id`);--> statement-breakpoint
CREATE TABLE `message_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`recipients` text,
	`message_count` integer NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`http_status` integer,
	`line_request_id` text,
	`retry_key` text,
	`error` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `message_log_created` ON `message_log` (`created_at`);--> statement-breakpoint
CREATE TABLE `narratives` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`initiative_id` integer NOT NULL,
	`fiscal_year` integer,
	`label` text NOT NULL,
	`body` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `narratives_initiative` ON `narratives` (`initiative_id`);--> statement-breakpoint
CREATE TABLE `org_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `org_units_plan_name` ON `org_units` (`plan_id`,`name`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`city` text NOT NULL,
	`source` text,
	`start_fiscal_year` integer NOT NULL,
	`end_fiscal_year` integer NOT NULL,
	`review` text NOT NULL,
	`levels` text NOT NULL,
	`initiative_label` text NOT NULL,
	`code_label` text NOT NULL,
	`narrative_labels` text NOT NULL,
	`grades` text NOT NULL,
	`board_columns` text NOT NULL,
	`weather` text NOT NULL,
	`tags` text NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`published` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `schedule_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`initiative_id` integer NOT NULL,
	`item` text,
	`period_text` text NOT NULL,
	`from_fiscal_year` integer NOT NULL,
	`to_fiscal_year` integer,
	`body` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `schedule_items_initiative` ON `schedule_items` (`initiative_id`);--> statement-breakpoint
CREATE TABLE `targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` integer NOT NULL,
	`period` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`value` real,
	`decimals` integer DEFAULT 0 NOT NULL,
	`qualifier` text,
	`raw_text` text,
	`channel` text NOT NULL,
	`reported_by` integer,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`withdrawn_at` integer,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reported_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `targets_indicator_period` ON `targets` (`indicator_id`,`period`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`webhook_event_id` text PRIMARY KEY NOT NULL,
	`event_type` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL
);
