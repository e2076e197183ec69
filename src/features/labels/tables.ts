import { index, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { chatSessions } from "../../core/db/schema";

/** The desk's labels (name, colour), kept by admins and supervisors; never shown to customers. */
export const labels = sqliteTable(
  "labels",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    // The name folded to lower case: two labels never differ by case only.
    nameKey: text("name_key").notNull(),
    // One of the palette's colours (src/features/labels/palette.ts), as #rrggbb.
    colour: text("colour").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [uniqueIndex("labels_name_key_idx").on(table.nameKey)],
);

/**
 * A label on a session, set by an agent or a routing rule. Goes with the session (archive, erasure)
 * and with the label.
 */
export const sessionLabels = sqliteTable(
  "session_labels",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    labelId: text("label_id")
      .notNull()
      .references(() => labels.id, { onDelete: "cascade" }),
    // Who set it: an agent's subject, or "rule:<id>" for a routing rule.
    addedBy: text("added_by").notNull(),
    addedAt: text("added_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.sessionId, table.labelId] }),
    // The label filter and the analytics find a label's sessions through it.
    index("session_labels_label_idx").on(table.labelId, table.sessionId),
  ],
);
