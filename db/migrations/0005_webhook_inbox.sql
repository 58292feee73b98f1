CREATE TABLE `webhook_inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`webhook_event_id` text NOT NULL,
	`event_type` text NOT NULL,
	`lane` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`available_at` integer,
	`last_error` text,
	`answered_by` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`handled_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_inbox_webhook_event_id_unique` ON `webhook_inbox` (`webhook_event_id`);--> statement-breakpoint
CREATE INDEX `webhook_inbox_lane` ON `webhook_inbox` (`lane`,`status`);--> statement-breakpoint
CREATE INDEX `webhook_inbox_status` ON `webhook_inbox` (`status`);