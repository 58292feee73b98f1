CREATE TABLE `actual_reasons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actual_id` integer NOT NULL,
	`reason` text NOT NULL,
	`reported_by` integer,
	`channel` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`actual_id`) REFERENCES `actuals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reported_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `chat_states` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `invites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` text NOT NULL,
	`code` text NOT NULL,
	`org_unit_id` integer,
	`role` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invites_code` ON `invites` (`code`);--> statement-breakpoint
CREATE TABLE `reminder_cycles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` text NOT NULL,
	`cycle_month` text NOT NULL,
	`period` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`stop_reason` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`completed_at` integer,
	`follow_up_at` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_cycles_plan_month` ON `reminder_cycles` (`plan_id`,`cycle_month`);--> statement-breakpoint
CREATE TABLE `reminder_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`kind` text NOT NULL,
	`items` text NOT NULL,
	`retry_key` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`http_status` integer,
	`line_request_id` text,
	`error` text,
	`sent_at` integer,
	FOREIGN KEY (`cycle_id`) REFERENCES `reminder_cycles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_deliveries_cycle_member_kind` ON `reminder_deliveries` (`cycle_id`,`member_id`,`kind`);--> statement-breakpoint
CREATE INDEX `reminder_deliveries_member` ON `reminder_deliveries` (`member_id`);--> statement-breakpoint
CREATE TABLE `reminder_settings` (
	`plan_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`day_of_month` integer NOT NULL,
	`time` text NOT NULL,
	`period_mode` text DEFAULT 'previous_month' NOT NULL,
	`follow_up_days` integer,
	`escalate` integer DEFAULT false NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
