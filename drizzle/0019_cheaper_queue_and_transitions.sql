DROP INDEX `chat_sessions_queue_idx`;--> statement-breakpoint
DROP INDEX `chat_sessions_team_queue_idx`;--> statement-breakpoint
DROP INDEX `chat_sessions_transition_idx`;--> statement-breakpoint
CREATE INDEX `chat_sessions_waiting_idx` ON `chat_sessions` (`team_id`) WHERE status = 'open';--> statement-breakpoint
DROP INDEX `session_participants_participant_idx`;--> statement-breakpoint
-- hand-written:
-- The greeting (seq 1, written by the service itself: a service_agent message without an author) is
-- the same configured text in every session: a search for its words would find every conversation.
-- It leaves the search index (drizzle/0018_search.sql's triggers, recreated with one more condition).
DROP TRIGGER `chat_messages_fts_insert`;--> statement-breakpoint
CREATE TRIGGER `chat_messages_fts_insert` AFTER INSERT ON `chat_messages` WHEN new.author_type <> 'system' AND new.seq <= 0xFFFFFF AND NOT (new.seq = 1 AND new.author_type = 'service_agent' AND new.author_id IS NULL) BEGIN
  INSERT INTO `chat_messages_fts`(rowid, content)
    SELECT (s.rowid << 24) | new.seq, new.content FROM `chat_sessions` s WHERE s.id = new.session_id;
END;--> statement-breakpoint
DROP TRIGGER `chat_messages_fts_update`;--> statement-breakpoint
CREATE TRIGGER `chat_messages_fts_update` AFTER UPDATE OF content ON `chat_messages` WHEN new.author_type <> 'system' AND new.seq <= 0xFFFFFF AND NOT (new.seq = 1 AND new.author_type = 'service_agent' AND new.author_id IS NULL) BEGIN
  DELETE FROM `chat_messages_fts`
    WHERE rowid = (SELECT (s.rowid << 24) | old.seq FROM `chat_sessions` s WHERE s.id = old.session_id);
  INSERT INTO `chat_messages_fts`(rowid, content)
    SELECT (s.rowid << 24) | new.seq, new.content FROM `chat_sessions` s WHERE s.id = new.session_id;
END;--> statement-breakpoint
DROP TRIGGER `chat_messages_fts_delete`;--> statement-breakpoint
CREATE TRIGGER `chat_messages_fts_delete` AFTER DELETE ON `chat_messages` WHEN old.author_type <> 'system' AND NOT (old.seq = 1 AND old.author_type = 'service_agent' AND old.author_id IS NULL) BEGIN
  DELETE FROM `chat_messages_fts`
    WHERE rowid = (SELECT (s.rowid << 24) | old.seq FROM `chat_sessions` s WHERE s.id = old.session_id);
END;--> statement-breakpoint
DELETE FROM `chat_messages_fts` WHERE rowid IN (
  SELECT (s.rowid << 24) | m.seq FROM `chat_messages` m JOIN `chat_sessions` s ON s.id = m.session_id
  WHERE m.seq = 1 AND m.author_type = 'service_agent' AND m.author_id IS NULL);
