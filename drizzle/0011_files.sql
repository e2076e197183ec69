CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`customer_id` text,
	`uploader_id` text,
	`uploader_role` text NOT NULL,
	`name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`object_key` text NOT NULL,
	`preview_key` text,
	`preview_type` text,
	`created_at` text NOT NULL,
	`message_id` text,
	`visibility` text
);
--> statement-breakpoint
CREATE INDEX `attachments_session_idx` ON `attachments` (`session_id`);--> statement-breakpoint
CREATE INDEX `attachments_customer_idx` ON `attachments` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `attachments_pending_idx` ON `attachments` (`created_at`) WHERE message_id is null;--> statement-breakpoint
ALTER TABLE `chat_messages` ADD `attachments` text;