ALTER TABLE `actuals` ADD `source` text;--> statement-breakpoint
ALTER TABLE `actuals` ADD `source_note` text;--> statement-breakpoint
ALTER TABLE `grades` ADD `source` text;--> statement-breakpoint
ALTER TABLE `grades` ADD `source_note` text;--> statement-breakpoint
ALTER TABLE `indicators` ADD `source` text;--> statement-breakpoint
ALTER TABLE `indicators` ADD `source_note` text;--> statement-breakpoint
ALTER TABLE `initiatives` ADD `title_source` text;--> statement-breakpoint
ALTER TABLE `initiatives` ADD `title_source_note` text;--> statement-breakpoint
ALTER TABLE `schedule_items` ADD `source` text;--> statement-breakpoint
ALTER TABLE `schedule_items` ADD `source_note` text;--> statement-breakpoint
ALTER TABLE `targets` ADD `source` text;--> statement-breakpoint
ALTER TABLE `targets` ADD `source_note` text;