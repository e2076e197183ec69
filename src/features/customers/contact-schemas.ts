import { z } from "@hono/zod-openapi";
import { queryInt } from "../../core/wire/params";
import { text } from "../../core/wire/text";
import { timestamp } from "../../core/wire/time";
import type { Contact, CustomerSession } from "./contact-repository";
import { CUSTOMER_ID } from "./identity";
import { ATTRIBUTE_TYPES, type AttributeType } from "./tables";

const AttributeValueSchema = z.union([text(1_000), z.number(), z.boolean()]);
const nullableTimestamp = timestamp.nullable();

export const IdentityTokenSchema = z.string().min(1).max(8_192).openapi({
  description:
    "A JWT (HS256) the site signed for its signed-in user with its IDENTITY_SIGNING_KEYS secret: `sub` (the user's id), `iat`, `exp` (short-lived), and optionally `name`, `email`, `locale`, `attributes`.",
});

export const ContactSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    locale: z.string().nullable(),
    attributes: z.record(z.string(), AttributeValueSchema),
    verified: z.boolean().openapi({ description: "Signed in by the site (a verified identity)." }),
    first_seen: timestamp,
    last_seen: timestamp,
  })
  .openapi("Contact");

const CustomerSessionSchema = z
  .object({
    session_id: z.string(),
    status: z.string(),
    created_at: nullableTimestamp,
    updated_at: nullableTimestamp,
    resolved_at: nullableTimestamp,
    last_message: z.string().nullable().openapi({
      description:
        "The newest public message someone wrote (not the service's own lines: neither system messages nor the greeting); null while there is none.",
    }),
    archived: z.boolean(),
  })
  .openapi("CustomerSession");

export const ConversationsSchema = z
  .object({
    customer_id: z.string(),
    name: z.string().nullable(),
    merged: z.int().openapi({
      description: "Sessions of the anonymous chat that became this customer's by this request.",
    }),
    sessions: z.array(CustomerSessionSchema),
  })
  .openapi("Conversations");

export const ContactDetailSchema = z
  .object({
    contact: ContactSchema,
    sessions: z.array(
      CustomerSessionSchema.extend({ team_id: z.string().nullable(), rating: z.int().nullable() }),
    ),
  })
  .openapi("ContactDetail");

export const ContactListSchema = z
  .object({
    contacts: z.array(ContactSchema),
    next_cursor: z.string().nullable().openapi({ description: "For the next page; null: none." }),
  })
  .openapi("ContactList");

export const ContactPatchSchema = z
  .object({
    name: text(100, { notBlank: true }).nullable().optional(),
    email: z.email().max(254).nullable().optional(),
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/)
      .max(35)
      .nullable()
      .optional(),
    attributes: z
      .record(text(64), AttributeValueSchema.nullable())
      .optional()
      .openapi({ description: "Declared attributes to set; null removes one." }),
  })
  .strict()
  .openapi("ContactPatch", { description: "Absent fields stay as they are; null clears one." });

export const AttributeDeclarationSchema = z
  .object({
    key: z.string(),
    type: z.enum(ATTRIBUTE_TYPES),
    label: z.string(),
    created_at: timestamp,
  })
  .openapi("ContactAttribute");

export const customerIdParam = z.object({
  customer_id: z
    .string()
    .regex(CUSTOMER_ID)
    .openapi({
      param: { name: "customer_id", in: "path" },
      description: "The customer's id (a site's user id, or customer:<uuid> for an anonymous one).",
    }),
});

export const attributeKeyParam = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .openapi({ param: { name: "key", in: "path" }, example: "plan" }),
});

export const contactListQuery = z.object({
  q: text(200, { notBlank: true }).optional().openapi({
    description: "Part of a name or email, or a customer's whole id.",
  }),
  cursor: z.string().max(500).optional(),
  limit: queryInt(1, 100).default(25),
});

/** The list's cursor: the last contact's (last_seen, id), opaque to clients. */
export const cursorOf = (contact: Contact) => btoa(JSON.stringify([contact.lastSeen, contact.id]));

export function readCursor(cursor: string): { lastSeen: string; id: string } | null {
  try {
    const [lastSeen, id] = JSON.parse(atob(cursor)) as unknown[];
    return typeof lastSeen === "string" && typeof id === "string" ? { lastSeen, id } : null;
  } catch {
    return null;
  }
}

export const presentContact = (contact: Contact) => ({
  id: contact.id,
  name: contact.name,
  email: contact.email,
  locale: contact.locale,
  attributes: contact.attributes,
  verified: contact.verified,
  first_seen: contact.firstSeen,
  last_seen: contact.lastSeen,
});

export const presentCustomerSession = (session: CustomerSession) => ({
  session_id: session.id,
  status: session.status ?? "resolved",
  created_at: session.createdAt,
  updated_at: session.updatedAt,
  resolved_at: session.resolvedAt,
  last_message: session.lastMessage,
  archived: session.archived,
});

export const presentDeclaration = (d: {
  key: string;
  type: AttributeType;
  label: string;
  createdAt: string;
}) => ({ key: d.key, type: d.type, label: d.label, created_at: d.createdAt });
