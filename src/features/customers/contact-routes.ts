import { z } from "@hono/zod-openapi";
import { requires } from "../../core/access";
import { text } from "../../core/wire/text";
import { ValidationError } from "../../platform/errors";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import {
  AttributeDeclarationSchema,
  attributeKeyParam,
  ContactDetailSchema,
  ContactListSchema,
  ContactPatchSchema,
  ContactSchema,
  contactListQuery,
  cursorOf,
  customerIdParam,
  presentContact,
  presentCustomerSession,
  presentDeclaration,
  readCursor,
} from "./contact-schemas";
import type { ContactService } from "./contact-service";
import { ATTRIBUTE_TYPES } from "./tables";

const listContacts = defineRoute({
  method: "get",
  path: "/contacts",
  operationId: "listContacts",
  tags: ["contacts"],
  summary: "List and search contacts (agents)",
  description: "Newest seen first. `q` matches part of a name or email, or a whole customer id.",
  access: "token",
  requires: requires("contact:read"),
  request: { query: contactListQuery },
  responses: { 200: json(ContactListSchema, "One page of contacts.") },
});

const getContact = defineRoute({
  method: "get",
  path: "/contacts/{customer_id}",
  operationId: "getContact",
  tags: ["contacts"],
  summary: "A customer's contact and their recent conversations (agents)",
  description:
    "A customer known only by their sessions (an anonymous one) gets a contact made from them.",
  access: "token",
  requires: requires("contact:read"),
  request: { params: customerIdParam },
  responses: { 200: json(ContactDetailSchema, "The contact and up to 20 sessions, newest first.") },
});

const patchContact = defineRoute({
  method: "patch",
  path: "/contacts/{customer_id}",
  operationId: "updateContact",
  tags: ["contacts"],
  summary: "Change a contact (agents)",
  description:
    "Absent fields stay; null clears one; attributes must be declared and of their type. Every change is in the audit log (GET /audit?subject=), with what it was and what it became.",
  access: "token",
  requires: requires("contact:update"),
  request: { params: customerIdParam, ...jsonBody(ContactPatchSchema) },
  responses: { 200: json(ContactSchema, "The contact as it is now.") },
  refusals: { 409: "The contact kept changing while this change was applied; try again." },
});

const listAttributes = defineRoute({
  method: "get",
  path: "/contact-attributes",
  operationId: "listContactAttributes",
  tags: ["contacts"],
  summary: "The attributes contacts may carry (agents)",
  access: "token",
  requires: requires("contact:read"),
  responses: {
    200: json(
      z.object({ attributes: z.array(AttributeDeclarationSchema) }).openapi("ContactAttributes"),
      "By key.",
    ),
  },
});

const declareAttribute = defineRoute({
  method: "put",
  path: "/contact-attributes/{key}",
  operationId: "declareContactAttribute",
  tags: ["contacts"],
  summary: "Declare a contact attribute, or relabel one (supervisors, admins)",
  description: "A site's signed identity and agents may then set it. Its type never changes.",
  access: "token",
  requires: requires("contact:attributes"),
  request: {
    params: attributeKeyParam,
    ...jsonBody(
      z.object({
        type: z.enum(ATTRIBUTE_TYPES),
        label: text(100, { notBlank: true }).transform((label) => label.trim()),
      }),
    ),
  },
  responses: { 200: json(AttributeDeclarationSchema, "The declaration as stored.") },
  refusals: { 409: "The attribute exists with another type." },
});

/** Contacts for agents: the customer as a person, their attributes and conversations. */
export function contactRoutes(contacts: ContactService) {
  return createRouter()
    .openapi(listContacts, async (c) => {
      const { q, cursor, limit } = c.req.valid("query");
      const after = cursor === undefined ? null : readCursor(cursor);
      if (cursor !== undefined && !after) {
        throw new ValidationError("The cursor is not one this service gave.", [
          { path: "cursor", message: "must be a next_cursor from an earlier page" },
        ]);
      }
      const page = await contacts.list(c.var.actor, q ?? null, after, limit);
      const last = page.contacts.at(-1);
      return c.json(
        {
          contacts: page.contacts.map(presentContact),
          next_cursor: page.hasMore && last ? cursorOf(last) : null,
        },
        200,
      );
    })
    .openapi(getContact, async (c) => {
      const { customer_id } = c.req.valid("param");
      const { contact, sessions } = await contacts.get(c.var.actor, customer_id);
      return c.json(
        {
          contact: presentContact(contact),
          sessions: sessions.map((s) => ({
            ...presentCustomerSession(s),
            team_id: s.teamId,
            rating: s.rating,
          })),
        },
        200,
      );
    })
    .openapi(patchContact, async (c) => {
      const { customer_id } = c.req.valid("param");
      const contact = await contacts.update(c.var.actor, customer_id, c.req.valid("json"));
      return c.json(presentContact(contact), 200);
    })
    .openapi(listAttributes, async (c) => {
      const attributes = await contacts.attributes(c.var.actor);
      return c.json({ attributes: attributes.map(presentDeclaration) }, 200);
    })
    .openapi(declareAttribute, async (c) => {
      const { key } = c.req.valid("param");
      const { type, label } = c.req.valid("json");
      return c.json(presentDeclaration(await contacts.declare(c.var.actor, key, type, label)), 200);
    });
}
