CREATE TABLE `rich_menus` (
	`kind` text PRIMARY KEY NOT NULL,
	`rich_menu_id` text NOT NULL,
	`alias_id` text NOT NULL,
	`image_sha256` text NOT NULL,
	`deployed_at` integer DEFAULT (unixepoch()) NOT NULL
);
