-- hand-written:
-- Search across conversations (src/features/search): an external-content FTS5 index over the text of
-- chat_messages (no copy of the text), kept in step by triggers. System messages ("Alice joined") are
-- left out: the index's content is a view without them, so FTS5's integrity-check and rebuild hold.
-- columnsize=0 keeps no per-message size row (bm25 reads a hit's length from its text instead).
CREATE VIEW `chat_messages_searchable` AS SELECT rowid AS message_rowid, content FROM `chat_messages` WHERE author_type <> 'system';--> statement-breakpoint
CREATE VIRTUAL TABLE `chat_messages_fts` USING fts5(content, content='chat_messages_searchable', content_rowid='message_rowid', columnsize=0, tokenize='porter unicode61 remove_diacritics 2');--> statement-breakpoint
CREATE TRIGGER `chat_messages_fts_insert` AFTER INSERT ON `chat_messages` WHEN new.author_type <> 'system' BEGIN
  INSERT INTO `chat_messages_fts`(rowid, content) VALUES (new.rowid, new.content);
END;--> statement-breakpoint
CREATE TRIGGER `chat_messages_fts_delete` AFTER DELETE ON `chat_messages` WHEN old.author_type <> 'system' BEGIN
  INSERT INTO `chat_messages_fts`(`chat_messages_fts`, rowid, content) VALUES ('delete', old.rowid, old.content);
END;--> statement-breakpoint
CREATE TRIGGER `chat_messages_fts_update` AFTER UPDATE OF content ON `chat_messages` WHEN old.author_type <> 'system' BEGIN
  INSERT INTO `chat_messages_fts`(`chat_messages_fts`, rowid, content) VALUES ('delete', old.rowid, old.content);
  INSERT INTO `chat_messages_fts`(rowid, content) VALUES (new.rowid, new.content);
END;--> statement-breakpoint
-- The messages stored before this migration.
INSERT INTO `chat_messages_fts`(`chat_messages_fts`) VALUES ('rebuild');
