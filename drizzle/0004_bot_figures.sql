ALTER TABLE `chat_sessions` ADD `started_with_bot` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `bot_replies` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `chat_sessions_handoff_at_idx` ON `chat_sessions` (`handoff_at`);