import { z } from "@hono/zod-openapi";
import { type Config, perConfig } from "../../platform/config/config";
import { AUTHOR_TYPES, MESSAGE_AUTHORS, type NewMessage, VISIBILITIES } from "../chat";
import { HANDOFF_REASON_CODES } from "../handoff";
import { DUE_KINDS, OUTCOMES, PRIORITIES, SESSION_STATUSES } from "../lifecycle";
import { anyCaseUuid, queryInt, uuidParam } from "./params";
import { text } from "./text";
import { EXAMPLE_TIME, timestamp } from "./time";

// Transport shapes: what the API accepts and answers (snake_case), independent of the tables.

const EXAMPLE_SESSION_ID = "3f0e4c1e-8a3b-4d6f-9a57-1f2b6c7d8e90";

export const AttachmentSchema = z
  .object({
    id: z.uuid(),
    name: z
      .string()
      .openapi({ description: "Sanitised; for display only.", example: "receipt.pdf" }),
    content_type: z.string().openapi({
      description: "Decided from the file's own bytes, never from its name.",
      example: "application/pdf",
    }),
    size: z.int().min(0).openapi({ description: "Bytes." }),
    preview: z.boolean().openapi({
      description: "Whether a smaller image exists for the transcript (an image's).",
    }),
  })
  .openapi("Attachment");

export const MessageSchema = z
  .object({
    id: z.uuid(),
    seq: z.int().min(1).openapi({ description: "1, 2, 3 ... within the session, without gaps." }),
    author_type: z.enum(MESSAGE_AUTHORS).openapi({
      description:
        'system: written by the service for a transition ("Alice joined"); bot: the AI first responder.',
    }),
    content: z.string(),
    timestamp,
    client_message_id: z
      .string()
      .nullable()
      .openapi({ description: "The sender's own id for the message, used for safe retries." }),
    author_name: z.string().nullable().openapi({
      description: "The writer's display name, from their token (e.g. the agent's SSO name).",
    }),
    visibility: z.enum(VISIBILITIES).openapi({
      description: "internal: a note for agents only, never shown or pushed to a customer.",
    }),
    sources: z
      .array(z.object({ id: z.string(), title: z.string() }))
      .optional()
      .openapi({
        description: "For the bot's replies: the knowledge-base articles it answered from.",
      }),
    suggestions: z
      .array(z.object({ id: z.string(), title: z.string() }))
      .optional()
      .openapi({
        description:
          'For the bot\'s "Did one of these help?": the articles it offers when none is clearly the answer (the content lists their titles too). The customer opens one (GET /kb/articles/{article_id}), or asks for a person (POST /sessions/{session_id}/handoff).',
      }),
    attachments: z.array(AttachmentSchema).optional().openapi({
      description:
        "The files it carries. Their bytes are read through short-lived signed links: GET /sessions/{session_id}/attachments/{attachment_id}.",
    }),
  })
  .openapi("Message", {
    example: {
      id: "9b2f5a7c-1d3e-4f60-8a9b-0c1d2e3f4a5b",
      seq: 1,
      author_type: "service_agent",
      content: "Hello, how may I help you?",
      timestamp: EXAMPLE_TIME,
      client_message_id: null,
      author_name: null,
      visibility: "public",
    },
  });

/** A person of a session: the id is for agents (a customer reads an agent's name, never their id). */
const person = z
  .object({
    id: z.string().optional().openapi({ description: "Agents only." }),
    name: z.string().nullable(),
  })
  .nullable();

/** What only agents see of a session: a customer's answers never carry these fields. */
export const AGENT_ONLY_FIELDS = [
  "priority",
  "escalated",
  "escalation_reason",
  "handoff_at",
  "handoff_reason",
  "required_skill",
  "due_at",
  "due_kind",
  "sla_breached_at",
  "page_url",
] as const;

export const SessionFieldsSchema = z
  .object({
    id: z.uuid().openapi({ example: EXAMPLE_SESSION_ID }),
    created_at: timestamp,
    updated_at: timestamp,
    status: z.enum(SESSION_STATUSES),
    last_seq: z.int().min(0).openapi({ description: "The seq of the newest message." }),
    priority: z.enum(PRIORITIES).optional().openapi({ description: "Agents only." }),
    escalated: z.boolean().optional().openapi({ description: "Agents only." }),
    escalation_reason: z.string().nullable().optional().openapi({ description: "Agents only." }),
    handoff_at: timestamp.nullable().optional().openapi({
      description: "When the AI first responder handed the session to a person (agents only).",
    }),
    handoff_reason: z.enum(HANDOFF_REASON_CODES).nullable().optional().openapi({
      description: "Why it did (agents only).",
    }),
    team_id: z.string().nullable().openapi({ description: "The team the session belongs to." }),
    locale: z.string().nullable().openapi({
      description:
        "The customer's language (BCP 47) as their widget said when it started the session; null: not said.",
      example: "de",
    }),
    required_skill: z.string().nullable().optional().openapi({
      description: "A skill an agent needs to be offered it (agents only).",
    }),
    due_at: timestamp.nullable().optional().openapi({
      description: "When the next agent answer is due by the team's service levels (agents only).",
    }),
    due_kind: z.enum(DUE_KINDS).nullable().optional().openapi({ description: "Agents only." }),
    sla_breached_at: timestamp.nullable().optional().openapi({
      description: "When a service level was last missed (agents only).",
    }),
    page_url: z.string().nullable().optional().openapi({
      description: "The page the widget started on, origin and path (agents only).",
    }),
    customer: person,
    assignee: person,
    queued_at: timestamp.nullable(),
    first_response_at: timestamp.nullable(),
    assigned_at: timestamp.nullable(),
    resolved_at: timestamp.nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    rating: z
      .object({ score: z.int().min(1).max(5), comment: z.string().nullable(), rated_at: timestamp })
      .nullable(),
  })
  .openapi("SessionSummary", {
    description:
      "A chat session's own fields, without its messages: what the queue lists and transitions answer.",
  });

export const ChatSessionSchema = SessionFieldsSchema.extend({
  messages: z
    .array(MessageSchema)
    .openapi({ description: "The newest messages (at most `limit`), oldest first." }),
  has_older_messages: z.boolean().openapi({
    description:
      "Whether older messages exist: page back with GET /sessions/{id}/messages?before_seq=",
  }),
  archived: z.literal(true).optional().openapi({
    description:
      "Present when the session was read from the archive (resolved long ago, moved to R2): read-only.",
  }),
}).openapi("ChatSession");

export const StartedSessionSchema = ChatSessionSchema.extend({
  customer_token: z
    .object({
      token: z
        .string()
        .openapi({ description: "A bearer JWT for this one session, role customer." }),
      expires_at: timestamp,
    })
    .nullable()
    .openapi({
      description:
        "The customer's token for this session: send it as `Authorization: Bearer <token>`. Null where the service signs no tokens.",
    }),
}).openapi("StartedChatSession");

export const PostedMessageSchema = ChatSessionSchema.extend({
  message: MessageSchema.openapi({
    description:
      "The message this request stored (or, for a retry, the one stored the first time).",
  }),
}).openapi("ChatSessionWithMessage");

export const MessagePageSchema = z
  .object({
    session_id: z.uuid().openapi({ example: EXAMPLE_SESSION_ID }),
    messages: z.array(MessageSchema).openapi({ description: "Oldest first." }),
    has_more: z.boolean().openapi({
      description:
        "Whether more messages lie beyond this page in the direction read (newer for after_seq, older for before_seq).",
    }),
  })
  .openapi("MessagePage");

/** A new message's body (REST or a socket's frame) as the service takes it. */
export function newMessageOf(body: z.output<ReturnType<typeof requestSchemas>["newMessage"]>) {
  return {
    authorType: body.author_type,
    content: body.content ?? "",
    clientMessageId: body.client_message_id,
    visibility: body.visibility,
    attachmentIds: body.attachment_ids,
  } satisfies NewMessage;
}

/** Request schemas carry the configured limits, so they are built once per configuration. */
export const requestSchemas = perConfig(buildRequestSchemas);

/** A session's id in a path: every route under /sessions/{session_id} reads it so. */
export const sessionParams = z.object({
  session_id: uuidParam(
    "session_id",
    "The session's UUID (any case; answered in lower case).",
  ).openapi({ example: EXAMPLE_SESSION_ID }),
});

function buildRequestSchemas(config: Config) {
  const limit = queryInt(1, config.maxPageSize)
    .optional()
    .openapi({
      param: { name: "limit", in: "query" },
      description: `How many messages at most (default ${config.defaultPageSize}).`,
      example: config.defaultPageSize,
    });
  const seq = (name: string, description: string) =>
    queryInt(0)
      .optional()
      .openapi({ param: { name, in: "query" }, description });

  return {
    /** How many rows a listing answers at most (queue, articles). */
    rowLimit: queryInt(1, config.maxPageSize).default(config.defaultPageSize),
    sessionQuery: z.object({ limit }),
    messagesQuery: z
      .object({
        after_seq: seq("after_seq", "Messages with a seq above this, oldest first (default 0)."),
        before_seq: seq(
          "before_seq",
          "Messages with a seq below this: the page just before it (not with after_seq).",
        ),
        limit,
      })
      .refine((query) => query.after_seq === undefined || query.before_seq === undefined, {
        message: "Give after_seq or before_seq, not both.",
        path: ["before_seq"],
      }),
    newMessage: z
      .object({
        author_type: z.enum(AUTHOR_TYPES).optional().openapi({
          description:
            "Optional with a token, which decides the author (customer tokens write as customer, agents as service_agent); a value that disagrees is 403. Required without a token (AUTH_REQUIRED=false).",
        }),
        content: text(config.maxMessageLength, { notBlank: true }).optional().openapi({
          description: "The text. Required unless the message carries files (`attachment_ids`).",
        }),
        attachment_ids: z
          .array(anyCaseUuid())
          .min(1)
          .max(config.files.maxPerMessage)
          .optional()
          .openapi({
            description:
              "Files the writer uploaded into this session (POST /sessions/{session_id}/attachments) and has not sent yet, in the order to show them. The message is stored with all of them or not at all.",
          }),
        visibility: z.enum(VISIBILITIES).optional().openapi({
          description:
            "internal: a note for agents only, never returned or pushed to a customer (agents only; default public).",
        }),
        client_message_id: text(128, { min: 1 }).optional().openapi({
          description:
            "Optional id chosen by the sender; posting it again to the same session stores nothing new and answers with the message stored the first time.",
          example: "widget-7f3a-0001",
        }),
      })
      .openapi({
        example: { content: "My order has not arrived.", client_message_id: "widget-7f3a-0001" },
      }),
  };
}
