import { z } from "@hono/zod-openapi";
import { AttachmentSchema, sessionParams } from "../../core/wire/chat";
import { queryInt, uuidParam } from "../../core/wire/params";
import { text } from "../../core/wire/text";
import { timestamp } from "../../core/wire/time";

// The files feature's wire shapes (the Attachment a message carries is core's: src/core/wire/chat.ts).

export const fileParams = sessionParams.extend({
  attachment_id: uuidParam("attachment_id", "The file's id."),
});

export const uploadQuery = z.object({
  name: text(1_000, { min: 1 }).openapi({
    param: { name: "name", in: "query" },
    description: "The file's name, for display: sanitised (no path, no control characters).",
    example: "screenshot.png",
  }),
});

const bytes = { schema: z.string().openapi({ type: "string", format: "binary" }) };

/**
 * The upload's body: the file's bytes. Any Content-Type is taken as bytes (its bytes decide its
 * type); clients send application/octet-stream.
 */
export const binaryBody = {
  body: { required: true, content: { "application/octet-stream": bytes, "*/*": bytes } },
};

export const UploadedSchema = AttachmentSchema.extend({
  created_at: timestamp,
}).openapi("UploadedAttachment");

export const FileLinksSchema = z
  .object({
    id: z.uuid(),
    url: z
      .url()
      .openapi({ description: "The file's bytes, for anyone holding the link until it expires." }),
    preview_url: z.url().nullable().openapi({ description: "The preview's bytes (null: none)." }),
    expires_at: timestamp,
  })
  .openapi("AttachmentLinks");

export const signedLinkQuery = z.object({
  expires: queryInt(0).openapi({
    param: { name: "expires", in: "query" },
    description: "When the link expires (Unix seconds), as signed.",
  }),
  signature: z
    .string()
    .max(100)
    .openapi({ param: { name: "signature", in: "query" }, description: "The link's signature." }),
});

export const servedFileParams = z.object({
  attachment_id: uuidParam("attachment_id", "The file's id."),
});
