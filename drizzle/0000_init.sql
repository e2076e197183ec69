CREATE TABLE `chat_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`seq` integer NOT NULL,
	`timestamp` text NOT NULL,
	`content` text NOT NULL,
	`author_type` text NOT NULL,
	`client_message_id` text,
	FOREIGN KEY (`session_id`) REFERENCES `chat_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "chat_messages_author_type_check" CHECK("chat_messages"."author_type" in ('customer', 'service_agent', 'system')),
	CONSTRAINT "chat_messages_seq_check" CHECK("chat_messages"."seq" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_session_seq_idx` ON `chat_messages` (`session_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_session_client_id_idx` ON `chat_messages` (`session_id`,`client_message_id`);--> statement-breakpoint
CREATE TABLE `chat_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	CONSTRAINT "chat_sessions_status_check" CHECK("chat_sessions"."status" in ('open', 'assigned', 'resolved'))
);
--> statement-breakpoint
CREATE INDEX `chat_sessions_updated_at_idx` ON `chat_sessions` (`updated_at`);