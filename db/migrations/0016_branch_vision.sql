ALTER TABLE `branches` ADD `vision` text;--> statement-breakpoint
ALTER TABLE `branches` ADD `states` text DEFAULT '[]' NOT NULL;