-- hand-written:
-- Search across conversations (src/features/search): an FTS5 index over the text of chat_messages,
-- kept in step by triggers. chat_messages is keyed by (session_id, seq) WITHOUT ROWID, so the index
-- holds its own copy of the text (for snippet() and bm25) and its rowid is the message's key as one
-- integer: (chat_sessions.rowid << 24) | seq. A session's messages are one range of rowids, newest
-- session highest. Only seq up to 0xFFFFFF (16,777,215) fits: later messages of such a session are
-- left out rather than collide with the next session's range. chat_sessions' rowid is implicit: a
-- migration that rebuilds chat_sessions (or chat_messages, which drops its triggers) must create the
-- triggers again and refill the index as below. System messages ("Alice joined") are left out.
-- columnsize=0 keeps no per-message size row (bm25 reads a hit's length from its text instead).
CREATE VIRTUAL TABLE `chat_messages_fts` USING fts5(content, columnsize=0, tokenize='porter unicode61 remove_diacritics 2');--> statement-breakpoint
CREATE TRIGGER `chat_messages_fts_insert` AFTER INSERT ON `chat_messages` WHEN new.author_type <> 'system' AND new.seq <= 0xFFFFFF BEGIN
  INSERT INTO `chat_messages_fts`(rowid, content)
    SELECT (s.rowid << 24) | new.seq, new.content FROM `chat_sessions` s WHERE s.id = new.session_id;
END;--> statement-breakpoint
CREATE TRIGGER `chat_messages_fts_update` AFTER UPDATE OF content ON `chat_messages` WHEN new.author_type <> 'system' AND new.seq <= 0xFFFFFF BEGIN
  DELETE FROM `chat_messages_fts`
    WHERE rowid = (SELECT (s.rowid << 24) | old.seq FROM `chat_sessions` s WHERE s.id = old.session_id);
  INSERT INTO `chat_messages_fts`(rowid, content)
    SELECT (s.rowid << 24) | new.seq, new.content FROM `chat_sessions` s WHERE s.id = new.session_id;
END;--> statement-breakpoint
-- A message deleted on its own; when its session is deleted (erasure, the archive), the cascade
-- runs with the session row gone already, and the trigger on chat_sessions below clears its range.
CREATE TRIGGER `chat_messages_fts_delete` AFTER DELETE ON `chat_messages` WHEN old.author_type <> 'system' BEGIN
  DELETE FROM `chat_messages_fts`
    WHERE rowid = (SELECT (s.rowid << 24) | old.seq FROM `chat_sessions` s WHERE s.id = old.session_id);
END;--> statement-breakpoint
CREATE TRIGGER `chat_sessions_fts_delete` AFTER DELETE ON `chat_sessions` BEGIN
  DELETE FROM `chat_messages_fts` WHERE rowid BETWEEN old.rowid << 24 AND (old.rowid << 24) | 0xFFFFFF;
END;--> statement-breakpoint
-- The messages stored before this migration.
INSERT INTO `chat_messages_fts`(rowid, content)
  SELECT (s.rowid << 24) | m.seq, m.content FROM `chat_messages` m JOIN `chat_sessions` s ON s.id = m.session_id
  WHERE m.author_type <> 'system' AND m.seq <= 0xFFFFFF ORDER BY 1;
