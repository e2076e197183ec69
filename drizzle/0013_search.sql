-- hand-written:
-- Search across conversations (src/features/search): an external-content FTS5 index over the text of
-- chat_messages (no copy of the text), kept in step by triggers. System messages ("Alice joined") are
-- left out. columnsize=0 drops the per-row size table (one row fewer written per message; bm25 then
-- reads lengths from the content table); detail=column keeps no word positions, so the index stays
-- small (phrase and NEAR queries are not offered, and highlight still finds the words).
CREATE VIRTUAL TABLE `chat_messages_fts` USING fts5(content, content='chat_messages', content_rowid='rowid', columnsize=0, tokenize='porter unicode61 remove_diacritics 2');--> statement-breakpoint
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
INSERT INTO `chat_messages_fts`(rowid, content) SELECT rowid, content FROM `chat_messages` WHERE author_type <> 'system';
