import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const ATTRIBUTE_TYPES = ["string", "number", "boolean", "date"] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/**
 * One row per customer the desk knows as a person: signed in by their site (`verified`), or
 * described by an agent. An anonymous customer has none until then; their sessions still say who
 * they are. `id` is the customer's id everywhere (`chat_sessions.customer_id`).
 */
export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    name: text("name"),
    email: text("email"),
    locale: text("locale"),
    // A JSON object of declared attributes (contact_attributes), by key.
    attributes: text("attributes").notNull().default("{}"),
    verified: integer("verified", { mode: "boolean" }).notNull().default(false),
    firstSeen: text("first_seen").notNull(),
    lastSeen: text("last_seen").notNull(),
    // The write that last changed it: its audit entry is recorded only if that write won.
    changeId: text("change_id").notNull(),
  },
  (table) => [
    index("contacts_email_idx").on(table.email),
    index("contacts_last_seen_idx").on(table.lastSeen),
  ],
);

/** The attributes a contact may carry, declared by admins and supervisors. */
export const contactAttributes = sqliteTable(
  "contact_attributes",
  {
    key: text("key").primaryKey(),
    type: text("type", { enum: ATTRIBUTE_TYPES }).notNull(),
    label: text("label").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    check(
      "contact_attributes_type_check",
      sql`${table.type} in ('string', 'number', 'boolean', 'date')`,
    ),
  ],
);
