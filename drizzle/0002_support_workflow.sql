CREATE TABLE `agents` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text,
	`capacity` integer,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `session_participants` (
	`session_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`role` text NOT NULL,
	`display_name` text,
	`joined_at` text NOT NULL,
	`left_at` text,
	`last_read_seq` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`session_id`, `participant_id`),
	FOREIGN KEY (`session_id`) REFERENCES `chat_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_participants_participant_idx` ON `session_participants` (`participant_id`);--> statement-breakpoint
ALTER TABLE `chat_messages` ADD `visibility` text DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `customer_name` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `assignee_id` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `assignee_name` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `priority` text DEFAULT 'normal' NOT NULL;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `escalated` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `escalation_reason` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `queued_at` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `first_response_at` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `assigned_at` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `resolved_at` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `rating` integer;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `rating_comment` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `rated_at` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `transition_id` text;--> statement-breakpoint
CREATE INDEX `chat_sessions_queue_idx` ON `chat_sessions` (`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `chat_sessions_assignee_idx` ON `chat_sessions` (`assignee_id`,`status`);--> statement-breakpoint
CREATE INDEX `chat_sessions_created_at_idx` ON `chat_sessions` (`created_at`);--> statement-breakpoint
CREATE INDEX `chat_sessions_resolved_at_idx` ON `chat_sessions` (`resolved_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `chat_sessions_transition_idx` ON `chat_sessions` (`transition_id`);