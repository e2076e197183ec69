CREATE TABLE `kb_synonyms` (
	`term` text PRIMARY KEY NOT NULL,
	`synonyms` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `kb_articles` ADD `phrasings` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- hand-written: the articles' index rebuilt with their phrasings (searched with the title, weighed like
-- it), kept in step by the same triggers; and its vocabulary (fts5vocab), where a misspelt word finds
-- the indexed word it was meant to be.
DROP TRIGGER `kb_articles_fts_insert`;--> statement-breakpoint
DROP TRIGGER `kb_articles_fts_delete`;--> statement-breakpoint
DROP TRIGGER `kb_articles_fts_update`;--> statement-breakpoint
DROP TABLE `kb_articles_fts`;--> statement-breakpoint
CREATE VIRTUAL TABLE `kb_articles_fts` USING fts5(title, body, tags, phrasings, content='kb_articles', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');--> statement-breakpoint
CREATE TRIGGER `kb_articles_fts_insert` AFTER INSERT ON `kb_articles` BEGIN
  INSERT INTO `kb_articles_fts`(rowid, title, body, tags, phrasings) VALUES (new.rowid, new.title, new.body, new.tags, new.phrasings);
END;--> statement-breakpoint
CREATE TRIGGER `kb_articles_fts_delete` AFTER DELETE ON `kb_articles` BEGIN
  INSERT INTO `kb_articles_fts`(`kb_articles_fts`, rowid, title, body, tags, phrasings) VALUES ('delete', old.rowid, old.title, old.body, old.tags, old.phrasings);
END;--> statement-breakpoint
CREATE TRIGGER `kb_articles_fts_update` AFTER UPDATE ON `kb_articles` BEGIN
  INSERT INTO `kb_articles_fts`(`kb_articles_fts`, rowid, title, body, tags, phrasings) VALUES ('delete', old.rowid, old.title, old.body, old.tags, old.phrasings);
  INSERT INTO `kb_articles_fts`(rowid, title, body, tags, phrasings) VALUES (new.rowid, new.title, new.body, new.tags, new.phrasings);
END;--> statement-breakpoint
INSERT INTO `kb_articles_fts`(`kb_articles_fts`) VALUES ('rebuild');--> statement-breakpoint
CREATE VIRTUAL TABLE `kb_articles_vocab` USING fts5vocab(`kb_articles_fts`, 'row');
