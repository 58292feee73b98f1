CREATE TABLE `reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`initiative_id` integer NOT NULL,
	`period` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`as_of` text NOT NULL,
	`weather` text,
	`outlook` text,
	`outlook_reason` text,
	`source` text,
	`source_note` text,
	`channel` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reviews_initiative_period` ON `reviews` (`initiative_id`,`period`);--> statement-breakpoint
ALTER TABLE `narratives` ADD `period` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `revision_years` integer;--> statement-breakpoint
-- A yearly plan's narratives stay per 年度: their period is the 年度's key (shared/fiscal-year.ts periodKey).
UPDATE `narratives` SET `period` = 'FY' || `fiscal_year` WHERE `fiscal_year` IS NOT NULL;--> statement-breakpoint
-- `biennial` (Matsue: the plan is revised every two years) is a revision rhythm, not a review cadence.
UPDATE `plans` SET `revision_years` = 2, `review` = 'yearly' WHERE `review` = 'biennial';
