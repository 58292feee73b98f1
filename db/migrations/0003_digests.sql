CREATE TABLE `digest_settings` (
	`plan_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`cadence` text NOT NULL,
	`day` integer NOT NULL,
	`time` text NOT NULL,
	`audience` text DEFAULT 'all' NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` text NOT NULL,
	`snapshot` text NOT NULL,
	`audience` text NOT NULL,
	`recipients` integer NOT NULL,
	`slot` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `digests_plan` ON `digests` (`plan_id`,`id`);