import { z } from "@hono/zod-openapi";
import { requires } from "../../core/access";
import { sessionParams } from "../../core/wire/chat";
import { FILE_TYPES } from "../../platform/config/files";
import { defineRoute, json } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import type { Attachment } from "./attachment-repository";
import { type AttachmentService, type OpenedFile, PREVIEW_TYPES } from "./attachment-service";
import type { Variant } from "./file-links";
import { contentDisposition } from "./names";
import {
  binaryBody,
  FileLinksSchema,
  fileParams,
  servedFileParams,
  signedLinkQuery,
  UploadedSchema,
  uploadQuery,
} from "./schemas";
import type { Upload } from "./upload-intake";

const upload = defineRoute({
  method: "post",
  path: "/sessions/{session_id}/attachments",
  operationId: "uploadAttachment",
  tags: ["files"],
  summary: "Upload a file into a session, for a message to carry",
  description:
    "The body is the file's bytes, streamed (send Content-Length). Its type is decided by its bytes, never by its name or Content-Type; location metadata (EXIF, XMP) in images is blanked. The file waits until a message of the uploader's carries it (`attachment_ids`); one no message carries within ATTACHMENT_PENDING_HOURS is removed. Counts against the message rate limit.",
  access: "token",
  requires: requires("message:create"),
  request: { params: sessionParams, query: uploadQuery, ...binaryBody },
  responses: { 201: json(UploadedSchema, "Stored, waiting for a message to carry it.") },
  refusals: {
    411: "No Content-Length.",
    413: "Larger than ATTACHMENT_MAX_BYTES (counted as it streams, whatever Content-Length said; type too-large, with max_bytes), or past what the session or the customer may hold (type file-quota).",
    415: "Its bytes are not one of ATTACHMENT_TYPES.",
    429: "Too many messages and files from this caller; wait for Retry-After.",
  },
});

const uploadPreview = defineRoute({
  method: "put",
  path: "/sessions/{session_id}/attachments/{attachment_id}/preview",
  operationId: "uploadAttachmentPreview",
  tags: ["files"],
  summary: "Give an uploaded image its preview (a smaller image for the transcript)",
  description:
    "A PNG, JPEG or WebP of at most 512 KiB (the widget and console make one in the browser), by the uploader, before a message carries the file; once.",
  access: "token",
  requires: requires("message:create"),
  request: { params: fileParams, ...binaryBody },
  responses: { 200: json(UploadedSchema, "The file, now with its preview.") },
  refusals: {
    409: "Not an image, a preview exists already, or a message carries the file.",
    411: "No Content-Length.",
    413: "Larger than 512 KiB.",
    415: "Not a PNG, JPEG or WebP.",
    429: "Too many messages and files from this caller; wait for Retry-After.",
  },
});

const links = defineRoute({
  method: "get",
  path: "/sessions/{session_id}/attachments/{attachment_id}",
  operationId: "getAttachmentLinks",
  tags: ["files"],
  summary: "Short-lived signed links to a file's bytes",
  description:
    "For whoever may read the message that carries it (a customer never reaches an internal note's file); a file no message carries yet, for its uploader only. The links work without a token (for `<img>` and downloads) until `expires_at` (ATTACHMENT_LINK_TTL_SECONDS).",
  access: "token",
  request: { params: fileParams },
  responses: { 200: json(FileLinksSchema, "The links.") },
});

/** Bytes of one of `types`, as the answer's Content-Type says. */
const binary = (description: string, types: readonly string[]) => ({
  description,
  content: Object.fromEntries(
    types.map((type) => [type, { schema: z.string().openapi({ format: "binary" }) }]),
  ),
});

const SERVED =
  "Served with its own type, `X-Content-Type-Options: nosniff` and a sandboxing Content-Security-Policy, so that nothing in a file runs as a page; images inline, everything else as a download.";
const LINK_REFUSED = "The link is not one of ours, or has expired.";

const serveOriginal = defineRoute({
  method: "get",
  path: "/files/{attachment_id}",
  operationId: "downloadFile",
  tags: ["files"],
  summary: "A file's bytes, by a signed link",
  description: `${SERVED} One byte range at a time (Range: bytes=...).`,
  access: "public",
  request: { params: servedFileParams, query: signedLinkQuery },
  responses: {
    200: binary("The bytes, with the file's type.", FILE_TYPES),
    206: binary("The range asked for.", FILE_TYPES),
  },
  refusals: { 403: LINK_REFUSED, 416: "The range lies outside the file." },
});

const servePreview = defineRoute({
  method: "get",
  path: "/files/{attachment_id}/preview",
  operationId: "downloadFilePreview",
  tags: ["files"],
  summary: "A file's preview, by a signed link",
  description: SERVED,
  access: "public",
  request: { params: servedFileParams, query: signedLinkQuery },
  responses: { 200: binary("The preview's bytes, with its type.", PREVIEW_TYPES) },
  refusals: { 403: LINK_REFUSED },
});

/** What an upload's request carries. */
function uploadOf(request: Request, name: string): Upload {
  const declared = request.headers.get("content-length");
  const length = declared !== null && /^\d+$/.test(declared) ? Number(declared) : null;
  return { name, body: request.body, length };
}

export const presentUploaded = (file: Attachment) => ({
  id: file.id,
  name: file.name,
  content_type: file.contentType,
  size: file.size,
  preview: file.previewKey !== null,
  created_at: file.createdAt,
});

const INLINE = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** A file's bytes as an answer that no browser runs: its type, nosniff, a sandbox. */
function fileAnswer(opened: OpenedFile): Response {
  const { file, range } = opened;
  const headers = new Headers({
    "Content-Type": opened.type === "text/plain" ? "text/plain; charset=utf-8" : opened.type,
    "Content-Disposition": contentDisposition(
      INLINE.has(opened.type) ? "inline" : "attachment",
      file.name,
    ),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy":
      "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Cache-Control": `private, max-age=${Math.max(0, opened.validFor)}`,
    "Accept-Ranges": "bytes",
  });
  if (range) {
    headers.set(
      "Content-Range",
      `bytes ${range.offset}-${range.offset + range.length - 1}/${range.size}`,
    );
    headers.set("Content-Length", String(range.length));
    return new Response(opened.body, { status: 206, headers });
  }
  return new Response(opened.body, { status: 200, headers });
}

/** Files in the chat: uploading, links, and the bytes by signed link. */
export function fileRoutes(files: AttachmentService) {
  const open = (
    variant: Variant,
    id: string,
    link: { expires: number; signature: string },
    range?: string,
  ) => files.open(id, variant, link, range).then(fileAnswer);
  return createRouter()
    .openapi(upload, async (c) => {
      const { session_id } = c.req.valid("param");
      const { name } = c.req.valid("query");
      const file = await files.upload(c.var.actor, session_id, uploadOf(c.req.raw, name));
      return c.json(presentUploaded(file), 201);
    })
    .openapi(uploadPreview, async (c) => {
      const { session_id, attachment_id } = c.req.valid("param");
      const file = await files.uploadPreview(
        c.var.actor,
        session_id,
        attachment_id,
        uploadOf(c.req.raw, ""),
      );
      return c.json(presentUploaded(file), 200);
    })
    .openapi(links, async (c) => {
      const { session_id, attachment_id } = c.req.valid("param");
      const signed = await files.links(
        c.var.actor,
        session_id,
        attachment_id,
        new URL(c.req.url).origin,
      );
      return c.json(
        {
          id: attachment_id,
          url: signed.url,
          preview_url: signed.previewUrl,
          expires_at: signed.expiresAt.toISOString(),
        },
        200,
      );
    })
    .openapi(serveOriginal, async (c) => {
      const response = await open(
        "original",
        c.req.valid("param").attachment_id,
        c.req.valid("query"),
        c.req.header("range"),
      );
      return response as never;
    })
    .openapi(servePreview, async (c) => {
      const response = await open(
        "preview",
        c.req.valid("param").attachment_id,
        c.req.valid("query"),
      );
      return response as never;
    });
}

/** Uploads stream in under their own limits, not the JSON body limit. */
export function isUpload(request: { method: string; path: string }): boolean {
  return (
    (request.method === "POST" || request.method === "PUT") &&
    /^\/sessions\/[^/]+\/attachments(\/[^/]+\/preview)?$/.test(request.path)
  );
}
