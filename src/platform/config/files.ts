import { z } from "zod";
import { list, optional, positiveInt } from "./vars";

// Files in the chat (part of config.ts's one schema): what may be uploaded, how much, and how long a
// signed link to one stays valid.

/** The types a file may be (decided from its bytes): what src/features/files/sniff.ts recognises. */
export const FILE_TYPES = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  "text/plain",
] as const;
export type FileType = (typeof FILE_TYPES)[number];

const MIB = 1024 * 1024;

export const filesVars = {
  ATTACHMENT_MAX_BYTES: positiveInt(100 * MIB)
    .default(10 * MIB)
    .describe(
      "the largest file, in bytes (counted while it streams in, whatever Content-Length says)",
    ),
  ATTACHMENT_TYPES: list(z.enum(FILE_TYPES))
    .default(["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"])
    .describe(
      "the types a file may be, decided from its own bytes, comma-separated; known: image/png, image/jpeg, image/gif, image/webp, application/pdf, text/plain (UTF-8 without control characters)",
    ),
  ATTACHMENT_MAX_PER_MESSAGE: positiveInt(50)
    .default(10)
    .describe("the most files one message carries"),
  ATTACHMENT_MAX_SESSION_BYTES: positiveInt(10_000 * MIB)
    .default(100 * MIB)
    .describe("the most bytes of files one session holds"),
  ATTACHMENT_MAX_CUSTOMER_DAILY_BYTES: positiveInt(10_000 * MIB)
    .default(200 * MIB)
    .describe("the most bytes of files one customer uploads a day (UTC), over all their sessions"),
  ATTACHMENT_LINK_TTL_SECONDS: positiveInt(86_400)
    .default(900)
    .describe("how long a signed link to a file stays valid (a data export's: a day)"),
  ATTACHMENT_PENDING_HOURS: positiveInt(720)
    .default(24)
    .describe("an upload no message has carried after this long is removed (by the cron)"),
  FILES_ORIGIN: optional(z.url({ protocol: /^https?$/ })).describe(
    "the origin signed links to files point at: a hostname of their own routed to this Worker, so that no file shares the API's origin; empty: the request's own origin",
  ),
};

export interface FilesConfig {
  maxBytes: number;
  types: FileType[];
  maxPerMessage: number;
  maxSessionBytes: number;
  maxCustomerDailyBytes: number;
  linkTtlSeconds: number;
  pendingHours: number;
  /** Null: links point at the origin the request came to. */
  origin: string | null;
}
