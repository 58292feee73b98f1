ALTER TABLE `actual_reasons` ADD `webhook_event_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `actual_reasons_webhook_event` ON `actual_reasons` (`webhook_event_id`,`actual_id`) WHERE webhook_event_id is not null;--> statement-breakpoint
ALTER TABLE `actuals` ADD `webhook_event_id` text;--> statement-breakpoint
ALTER TABLE `actuals` ADD `withdrawn_event_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `actuals_webhook_event` ON `actuals` (`webhook_event_id`,`indicator_id`) WHERE webhook_event_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `actuals_withdrawn_event` ON `actuals` (`withdrawn_event_id`) WHERE withdrawn_event_id is not null;