CREATE TABLE `reference_series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`city_code` text,
	`city` text NOT NULL,
	`plan_name` text,
	`catalog` text NOT NULL,
	`indicator_name` text,
	`baseline` text,
	`target_text` text,
	`unit` text,
	`period` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`kind` text NOT NULL,
	`value` real,
	`decimals` integer DEFAULT 0 NOT NULL,
	`printed` text,
	`file` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reference_series_catalog` ON `reference_series` (`catalog`);--> statement-breakpoint
CREATE INDEX `reference_series_source` ON `reference_series` (`source`);