import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The desk's synonyms: a word its articles use (`term`, lower case) and the words customers use for
 * it, a JSON array; a question with either finds articles with either.
 */
export const kbSynonyms = sqliteTable("kb_synonyms", {
  term: text("term").primaryKey(),
  synonyms: text("synonyms").notNull(),
  updatedAt: text("updated_at").notNull(),
});
