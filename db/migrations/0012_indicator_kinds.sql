ALTER TABLE `indicators` ADD `kind` text DEFAULT 'level' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `base_fiscal_year` integer;--> statement-breakpoint
ALTER TABLE `indicators` ADD `base_value` real;