PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_chat_messages` (
	`id` text NOT NULL,
	`session_id` text NOT NULL,
	`seq` integer NOT NULL,
	`timestamp` text NOT NULL,
	`content` text NOT NULL,
	`author_type` text NOT NULL,
	`client_message_id` text,
	`author_id` text,
	`author_name` text,
	`visibility` text DEFAULT 'public' NOT NULL,
	`sources` text,
	`attachments` text,
	PRIMARY KEY(`session_id`, `seq`),
	FOREIGN KEY (`session_id`) REFERENCES `chat_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "chat_messages_author_type_check" CHECK("__new_chat_messages"."author_type" in ('customer', 'service_agent', 'system', 'bot')),
	CONSTRAINT "chat_messages_seq_check" CHECK("__new_chat_messages"."seq" >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_chat_messages`("id", "session_id", "seq", "timestamp", "content", "author_type", "client_message_id", "author_id", "author_name", "visibility", "sources", "attachments") SELECT "id", "session_id", "seq", "timestamp", "content", "author_type", "client_message_id", "author_id", "author_name", "visibility", "sources", "attachments" FROM `chat_messages`;--> statement-breakpoint
DROP TABLE `chat_messages`;--> statement-breakpoint
ALTER TABLE `__new_chat_messages` RENAME TO `chat_messages`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_session_client_id_idx` ON `chat_messages` (`session_id`,`client_message_id`) WHERE client_message_id is not null;--> statement-breakpoint
DROP INDEX `chat_sessions_updated_at_idx`;--> statement-breakpoint
DROP INDEX `chat_sessions_assignee_idx`;--> statement-breakpoint
DROP INDEX `chat_sessions_resolved_at_idx`;--> statement-breakpoint
DROP INDEX `chat_sessions_handoff_at_idx`;--> statement-breakpoint
DROP INDEX `chat_sessions_customer_idx`;--> statement-breakpoint
DROP INDEX `chat_sessions_transition_idx`;--> statement-breakpoint
CREATE INDEX `chat_sessions_assignee_idx` ON `chat_sessions` (`assignee_id`,`status`) WHERE assignee_id is not null;--> statement-breakpoint
CREATE INDEX `chat_sessions_resolved_at_idx` ON `chat_sessions` (`resolved_at`) WHERE resolved_at is not null;--> statement-breakpoint
CREATE INDEX `chat_sessions_handoff_at_idx` ON `chat_sessions` (`handoff_at`) WHERE handoff_at is not null;--> statement-breakpoint
CREATE INDEX `chat_sessions_customer_idx` ON `chat_sessions` (`customer_id`) WHERE customer_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `chat_sessions_transition_idx` ON `chat_sessions` (`transition_id`) WHERE transition_id is not null;--> statement-breakpoint
-- hand-written: chat_messages again, as a WITHOUT ROWID table (drizzle-kit cannot declare one): its key
-- (session_id, seq) is the row itself, so storing a message writes one row and no index entry. Nothing
-- references chat_messages, so dropping it cascades nowhere; every row is copied first. Rebuilding it
-- drops any trigger on it: a trigger added before this migration must be created again below.
CREATE TABLE `chat_messages_keyed` (
	`id` text NOT NULL,
	`session_id` text NOT NULL,
	`seq` integer NOT NULL,
	`timestamp` text NOT NULL,
	`content` text NOT NULL,
	`author_type` text NOT NULL,
	`client_message_id` text,
	`author_id` text,
	`author_name` text,
	`visibility` text DEFAULT 'public' NOT NULL,
	`sources` text,
	`attachments` text,
	PRIMARY KEY(`session_id`, `seq`),
	FOREIGN KEY (`session_id`) REFERENCES `chat_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "chat_messages_author_type_check" CHECK("author_type" in ('customer', 'service_agent', 'system', 'bot')),
	CONSTRAINT "chat_messages_seq_check" CHECK("seq" >= 1)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `chat_messages_keyed`("id", "session_id", "seq", "timestamp", "content", "author_type", "client_message_id", "author_id", "author_name", "visibility", "sources", "attachments") SELECT "id", "session_id", "seq", "timestamp", "content", "author_type", "client_message_id", "author_id", "author_name", "visibility", "sources", "attachments" FROM `chat_messages`;--> statement-breakpoint
DROP TABLE `chat_messages`;--> statement-breakpoint
ALTER TABLE `chat_messages_keyed` RENAME TO `chat_messages`;--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_session_client_id_idx` ON `chat_messages` (`session_id`,`client_message_id`) WHERE client_message_id is not null;
