import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { teams } from "../../core/db/schema";

/**
 * Saved replies: text agents insert with `/shortcut`, kept by admins and supervisors, for a team
 * (`team_id`) or everyone (null). A shortcut is unique within its scope.
 */
export const savedReplies = sqliteTable(
  "saved_replies",
  {
    id: text("id").primaryKey(),
    shortcut: text("shortcut").notNull(),
    title: text("title").notNull(),
    // With placeholders such as {{customer.name}} (placeholders.ts), filled in when inserted.
    text: text("text").notNull(),
    teamId: text("team_id").references(() => teams.id, { onDelete: "cascade" }),
    // The team's id, or '' for everyone: what a shortcut is unique within (NULLs never collide).
    scope: text("scope").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [
    uniqueIndex("saved_replies_scope_shortcut_idx").on(table.scope, table.shortcut),
    index("saved_replies_team_idx").on(table.teamId),
  ],
);
