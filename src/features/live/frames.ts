import { z } from "@hono/zod-openapi";
import { VISIBILITIES } from "../../core/chat";
import { QUEUE_CHANGES } from "../../core/lifecycle";
import { MessageSchema, requestSchemas, SessionFieldsSchema } from "../../core/wire/chat";
import { ROLES } from "../../platform/auth/roles";
import { type Config, perConfig } from "../../platform/config/config";
import { LabelRefSchema } from "../labels";

// The live protocol's frames (JSON objects with a `type`): the one source of their shapes, from
// which the server's, the typed client's and the tests' types follow.

const person = { role: z.enum(ROLES).nullable(), name: z.string().nullable() };

/** A frame was refused, or the connection is about to close: what the REST API would answer. */
const ErrorFrameSchema = z.object({
  type: z.literal("error"),
  status: z.int(),
  problem_type: z.string(),
  detail: z.string(),
  client_message_id: z.string().optional(),
  /** With a 413: the most bytes a frame may have (as a REST 413's `max_bytes`). */
  max_bytes: z.int().optional(),
});

export const ServerFrameSchema = z.discriminatedUnion("type", [
  /** A stored message: never before it is in D1, each seq once per socket, in seq order. */
  z.object({ type: z.literal("message"), message: MessageSchema }),
  /** The backlog after the requested after_seq has been sent; live messages follow. */
  z.object({ type: z.literal("ready"), last_seq: z.int().min(0) }),
  /** Someone else (or the bot) is typing; expires by itself. No customer sees a note typed. */
  z.object({
    type: z.literal("typing"),
    role: z.enum([...ROLES, "bot"]).nullable(),
    name: z.string().nullable(),
    visibility: z.enum(VISIBILITIES),
    expires_at: z.iso.datetime({ precision: 3 }),
  }),
  /**
   * The bot's reply as it is being written: its whole text so far (never stored). `id` is the id the
   * stored message will have: its `message` frame replaces this draft.
   */
  z.object({ type: z.literal("draft"), id: z.uuid(), text: z.string() }),
  /** The draft `id` will not be stored (the bot handed off or failed): what was shown of it goes. */
  z.object({ type: z.literal("draft_discarded"), id: z.uuid() }),
  /** Who is connected to the session now, one entry per person. */
  z.object({ type: z.literal("presence"), connected: z.array(z.object(person)) }),
  /** The session's labels now, after someone put one on or took one off (staff only). */
  z.object({ type: z.literal("labels"), labels: z.array(LabelRefSchema) }),
  ErrorFrameSchema,
]);

export type ServerFrame = z.infer<typeof ServerFrameSchema>;
export type WireMessage = z.infer<typeof MessageSchema>;

/** The agents' live queue: a session that entered, changed in, or left the queue; a desk label that changed. */
export const QueueFrameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({
    type: z.literal("queue"),
    change: z.enum(QUEUE_CHANGES),
    session: SessionFieldsSchema,
  }),
  /** A label was added, renamed or recoloured (`label`: it now), or removed (`label`: null). */
  z.object({ type: z.literal("label"), id: z.string(), label: LabelRefSchema.nullable() }),
  ErrorFrameSchema,
]);

export type QueueFrame = z.infer<typeof QueueFrameSchema>;

/** What a client may send on a session's socket; a message obeys the REST body's rules. */
export const clientFrameSchema = perConfig(buildClientFrame);

function buildClientFrame(config: Config) {
  return z.discriminatedUnion("type", [
    requestSchemas(config).newMessage.extend({ type: z.literal("message") }),
    z.object({ type: z.literal("typing"), visibility: z.enum(VISIBILITIES).optional() }),
    /** Talk to a person: like POST /sessions/{id}/handoff. */
    z.object({ type: z.literal("handoff") }),
  ]);
}

export type ClientFrame = z.input<ReturnType<typeof clientFrameSchema>>;
