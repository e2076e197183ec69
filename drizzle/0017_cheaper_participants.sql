-- hand-written: session_participants again, as a WITHOUT ROWID table (drizzle-kit cannot declare one):
-- its key (session_id, participant_id) is the row itself, so a participant joining writes the row and
-- the participant index, not also a separate key index. Nothing references session_participants, so
-- dropping it cascades nowhere; every row is copied first.
CREATE TABLE `session_participants_keyed` (
	`session_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`role` text NOT NULL,
	`display_name` text,
	`joined_at` text NOT NULL,
	`left_at` text,
	`last_read_seq` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`session_id`, `participant_id`),
	FOREIGN KEY (`session_id`) REFERENCES `chat_sessions`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `session_participants_keyed`("session_id", "participant_id", "role", "display_name", "joined_at", "left_at", "last_read_seq") SELECT "session_id", "participant_id", "role", "display_name", "joined_at", "left_at", "last_read_seq" FROM `session_participants`;--> statement-breakpoint
DROP TABLE `session_participants`;--> statement-breakpoint
ALTER TABLE `session_participants_keyed` RENAME TO `session_participants`;--> statement-breakpoint
CREATE INDEX `session_participants_participant_idx` ON `session_participants` (`participant_id`);
