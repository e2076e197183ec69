import { z } from "@hono/zod-openapi";
import { requires } from "../../core/access";
import { AttachmentSchema, ChatSessionSchema } from "../../core/wire/chat";
import { queryInt } from "../../core/wire/params";
import { presentSession } from "../../core/wire/present";
import { text } from "../../core/wire/text";
import { timestamp } from "../../core/wire/time";
import { defineRoute, json } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import { ContactSchema, presentContact } from "./contact-schemas";
import type { CustomerDataService } from "./customer-data-service";

const customerParams = z.object({
  customer_id: text(256, { notBlank: true }).openapi({
    param: { name: "customer_id", in: "path" },
    description: "The customer's id: their token's subject (`customer` in a session).",
    example: "customer:8d0f7a52-5d8a-4a0e-9d3c-1b2c3d4e5f60",
  }),
});

const CustomerExportSchema = z
  .object({
    customer_id: z.string(),
    exported_at: timestamp,
    contact: ContactSchema.nullable().openapi({ description: "Their contact, if there is one." }),
    sessions: z.array(ChatSessionSchema).openapi({
      description: "Every session of the customer with every message, from D1 and the archive.",
    }),
    files: z
      .array(
        AttachmentSchema.omit({ preview: true }).extend({
          session_id: z.uuid(),
          created_at: timestamp,
          url: z.url().openapi({ description: "The file's bytes, for a day." }),
        }),
      )
      .openapi({ description: "Every file in their sessions (by them or by agents)." }),
  })
  .openapi("CustomerExport");

const ErasureSchema = z
  .object({
    customer_id: z.string(),
    erased_sessions: z.int().openapi({ description: "Sessions removed from D1." }),
    erased_archived: z.int().openapi({ description: "Archived sessions removed from R2." }),
  })
  .openapi("Erasure");

const AuditSchema = z
  .object({
    entries: z.array(
      z.object({
        id: z.string(),
        at: timestamp,
        actor_id: z.string(),
        actor_role: z.string(),
        action: z.string(),
        subject: z.string(),
        detail: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .openapi("AuditLog");

const exportRoute = defineRoute({
  method: "get",
  path: "/customers/{customer_id}/export",
  operationId: "exportCustomer",
  tags: ["customers"],
  summary: "Export everything about one customer (admins)",
  description:
    "Their sessions with every message (internal notes too), from D1 and the archive. Recorded in the audit log.",
  access: "token",
  requires: requires("customer:data"),
  request: { params: customerParams },
  responses: { 200: json(CustomerExportSchema, "The customer's data.") },
});

const eraseRoute = defineRoute({
  method: "delete",
  path: "/customers/{customer_id}",
  operationId: "eraseCustomer",
  tags: ["customers"],
  summary: "Erase one customer's data (admins)",
  description:
    "Removes their archived transcripts from R2, then their sessions, messages, participation and contact from D1 in one transaction, and records who did it in the audit log. Safe to repeat.",
  access: "token",
  requires: requires("customer:data"),
  request: { params: customerParams },
  responses: { 200: json(ErasureSchema, "What was erased.") },
});

const auditRoute = defineRoute({
  method: "get",
  path: "/audit",
  operationId: "readAudit",
  tags: ["customers"],
  summary: "Who exported or erased whose data, and when (admins)",
  access: "token",
  requires: requires("customer:data"),
  request: {
    query: z.object({
      subject: text(256, { notBlank: true }).openapi({ description: "A customer's id." }),
      limit: queryInt(1, 500).default(100),
    }),
  },
  responses: { 200: json(AuditSchema, "The newest entries first.") },
});

/** A customer's data requests: export, erasure, and their audit log. */
export function customerRoutes(data: CustomerDataService) {
  return createRouter()
    .openapi(exportRoute, async (c) => {
      const { customer_id } = c.req.valid("param");
      const exported = await data.export(c.var.actor, customer_id, new URL(c.req.url).origin);
      return c.json(
        {
          customer_id,
          exported_at: exported.exportedAt,
          contact: exported.contact && presentContact(exported.contact),
          sessions: exported.sessions.map(({ session, messages, archived }) =>
            presentSession({ session, messages, hasOlderMessages: false, archived }, "all"),
          ),
          files: exported.files.map((file) => ({
            id: file.id,
            session_id: file.sessionId,
            name: file.name,
            content_type: file.contentType,
            size: file.size,
            created_at: file.createdAt,
            url: file.links.url,
          })),
        },
        200,
      );
    })
    .openapi(eraseRoute, async (c) => {
      const { customer_id } = c.req.valid("param");
      const erased = await data.erase(c.var.actor, customer_id);
      return c.json(
        { customer_id, erased_sessions: erased.sessions, erased_archived: erased.archived },
        200,
      );
    })
    .openapi(auditRoute, async (c) => {
      const { subject, limit } = c.req.valid("query");
      const entries = await data.auditOf(c.var.actor, subject, limit);
      return c.json(
        {
          entries: entries.map((e) => ({
            id: e.id,
            at: e.at,
            actor_id: e.actorId,
            actor_role: e.actorRole,
            action: e.action,
            subject: e.subject,
            detail: e.detail,
          })),
        },
        200,
      );
    });
}
