-- Written by hand from what drizzle-kit generated (its snapshot, meta/0003_snapshot.json, is the schema
-- as it stands after this file). drizzle-kit would rebuild chat_sessions to change its status CHECK;
-- on D1 dropping the old table cascade-deletes every message and participant. Instead the old column
-- is renamed aside (legacy_status keeps the CHECK, its default keeps new rows within it) and status
-- is added again without a CHECK: the domain validates it (src/domain/lifecycle.ts).
ALTER TABLE `chat_sessions` RENAME COLUMN `status` TO `legacy_status`;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `status` text DEFAULT 'open' NOT NULL;--> statement-breakpoint
UPDATE `chat_sessions` SET `status` = `legacy_status`;--> statement-breakpoint
DROP INDEX `chat_sessions_queue_idx`;--> statement-breakpoint
DROP INDEX `chat_sessions_assignee_idx`;--> statement-breakpoint
CREATE INDEX `chat_sessions_queue_idx` ON `chat_sessions` (`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `chat_sessions_assignee_idx` ON `chat_sessions` (`assignee_id`,`status`);--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `handoff_at` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `handoff_reason` text;--> statement-breakpoint
-- chat_messages is referenced by no table, so it can be rebuilt safely: its author_type CHECK now
-- admits the bot, and bot replies carry their sources.
CREATE TABLE `__new_chat_messages` (
	`id` text PRIMARY KEY NOT NULL,
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
	FOREIGN KEY (`session_id`) REFERENCES `chat_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "chat_messages_author_type_check" CHECK("__new_chat_messages"."author_type" in ('customer', 'service_agent', 'system', 'bot')),
	CONSTRAINT "chat_messages_seq_check" CHECK("__new_chat_messages"."seq" >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_chat_messages`("id", "session_id", "seq", "timestamp", "content", "author_type", "client_message_id", "author_id", "author_name", "visibility") SELECT "id", "session_id", "seq", "timestamp", "content", "author_type", "client_message_id", "author_id", "author_name", "visibility" FROM `chat_messages`;--> statement-breakpoint
DROP TABLE `chat_messages`;--> statement-breakpoint
ALTER TABLE `__new_chat_messages` RENAME TO `chat_messages`;--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_session_seq_idx` ON `chat_messages` (`session_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_session_client_id_idx` ON `chat_messages` (`session_id`,`client_message_id`);--> statement-breakpoint
CREATE TABLE `kb_articles` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`locale` text DEFAULT 'en' NOT NULL,
	`published` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
-- Full-text search over the articles (drizzle-kit writes neither virtual tables nor triggers): an
-- external-content FTS5 index kept in step with kb_articles by triggers, ranked with bm25.
CREATE VIRTUAL TABLE `kb_articles_fts` USING fts5(title, body, tags, content='kb_articles', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');--> statement-breakpoint
CREATE TRIGGER `kb_articles_fts_insert` AFTER INSERT ON `kb_articles` BEGIN
  INSERT INTO `kb_articles_fts`(rowid, title, body, tags) VALUES (new.rowid, new.title, new.body, new.tags);
END;--> statement-breakpoint
CREATE TRIGGER `kb_articles_fts_delete` AFTER DELETE ON `kb_articles` BEGIN
  INSERT INTO `kb_articles_fts`(`kb_articles_fts`, rowid, title, body, tags) VALUES ('delete', old.rowid, old.title, old.body, old.tags);
END;--> statement-breakpoint
CREATE TRIGGER `kb_articles_fts_update` AFTER UPDATE ON `kb_articles` BEGIN
  INSERT INTO `kb_articles_fts`(`kb_articles_fts`, rowid, title, body, tags) VALUES ('delete', old.rowid, old.title, old.body, old.tags);
  INSERT INTO `kb_articles_fts`(rowid, title, body, tags) VALUES (new.rowid, new.title, new.body, new.tags);
END;
