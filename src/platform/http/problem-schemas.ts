import { z } from "@hono/zod-openapi";
import { PROBLEM_CONTENT_TYPE } from "./problem";

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "/problems/not-found" }),
    title: z.string().openapi({ example: "Not Found" }),
    status: z.int().openapi({ example: 404 }),
    detail: z
      .string()
      .openapi({ example: "Chat session 3f0e4c1e-8a3b-4d6f-9a57-1f2b6c7d8e90 does not exist." }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "For validation problems: each invalid field and what is wrong." }),
    max_bytes: z.int().optional().openapi({
      description:
        "For a 413 whose limit is the size of this one body: the most bytes it may have (a file: ATTACHMENT_MAX_BYTES; a preview: 524288; a JSON request: MAX_BODY_BYTES). Absent when the refusal is for what the session or the customer may hold.",
      example: 32768,
    }),
  })
  .openapi("Problem", { description: "An RFC 9457 problem (application/problem+json)." });

const ANSWERS = {
  400: {
    description: "The request is not valid: the problem lists each invalid field.",
    example: {
      type: "/problems/validation-error",
      title: "Bad Request",
      status: 400,
      detail: "The request body is not valid.",
      errors: [{ path: "body.content", message: "must contain something other than white space" }],
    },
  },
  401: {
    description: "No bearer token, or one that is not valid: the problem says why.",
    example: {
      type: "/problems/unauthorized",
      title: "Unauthorized",
      status: 401,
      detail: "The token has expired.",
    },
  },
  403: {
    description: "The token is valid but its role may not do this (or writes as another author).",
    example: {
      type: "/problems/forbidden",
      title: "Forbidden",
      status: 403,
      detail: "A customer token writes as customer, not as service_agent.",
    },
  },
  404: {
    description:
      "No such chat session (also for an id that is not a UUID, and for another customer's session).",
    example: {
      type: "/problems/not-found",
      title: "Not Found",
      status: 404,
      detail: "Chat session 3f0e4c1e-8a3b-4d6f-9a57-1f2b6c7d8e90 does not exist.",
    },
  },
  409: {
    description: "The session's state does not allow this.",
    example: {
      type: "/problems/conflict",
      title: "Conflict",
      status: 409,
      detail:
        'client_message_id "widget-7f3a-0001" was already used for a different message in this session.',
    },
  },
  411: {
    description: "The request has no Content-Length.",
    example: {
      type: "/problems/length-required",
      title: "Length Required",
      status: 411,
      detail: "Send the file's length as Content-Length.",
    },
  },
  413: {
    description: "The body is larger than the configured limit.",
    example: {
      type: "about:blank",
      title: "Content Too Large",
      status: 413,
      detail: "The body is larger than 32768 bytes.",
      max_bytes: 32768,
    },
  },
  415: {
    description: "The body is not JSON.",
    example: {
      type: "about:blank",
      title: "Unsupported Media Type",
      status: 415,
      detail: "Unsupported Media Type",
    },
  },
  416: {
    description: "The Range asked for lies outside the file.",
    example: {
      type: "/problems/range-not-satisfiable",
      title: "Range Not Satisfiable",
      status: 416,
      detail: "The file has 1024 bytes.",
    },
  },
  426: {
    description: "Not a WebSocket upgrade request.",
    example: {
      type: "about:blank",
      title: "Upgrade Required",
      status: 426,
      detail: "This endpoint speaks WebSocket only.",
    },
  },
  429: {
    description: "Rate limited: wait for Retry-After seconds.",
    example: {
      type: "/problems/rate-limited",
      title: "Too Many Requests",
      status: 429,
      detail: "Too many requests; slow down.",
    },
  },
  503: {
    description: "The database did not answer, or the service is misconfigured; retry later.",
    example: {
      type: "/problems/database-unavailable",
      title: "Service Unavailable",
      status: 503,
      detail: "The database did not answer; try again shortly.",
    },
  },
} as const;

export type ProblemStatus = keyof typeof ANSWERS;

export type Headers = Record<
  string,
  { description: string; schema: { type: "string" }; required: boolean }
>;

export type ProblemAnswer = {
  description: string;
  headers: Headers;
  content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof ProblemSchema; example: unknown } };
};

export const header = (description: string, required = true) => ({
  description,
  schema: { type: "string" as const },
  required,
});

/**
 * Every answer carries the request's id (the client's own, if it sent a well-formed one) and, once
 * it has read or written the database, the D1 bookmark to send back for reading your own writes.
 */
export const ANSWER_HEADERS: Headers = {
  "X-Request-Id": header("The request's id, also in the service's log line for it."),
  "X-D1-Bookmark": header(
    "Where in the database's history this answer was read or written (D1 read replication). Send it back as the request header X-D1-Bookmark and the next read sees at least what this answer saw; without it, a read may come from a replica a moment behind. The typed clients do this by themselves.",
    false,
  ),
};

/** The headers each kind of problem carries besides X-Request-Id. */
const PROBLEM_HEADERS: Partial<Record<ProblemStatus, Headers>> = {
  401: {
    "WWW-Authenticate": header(
      'The bearer challenge (RFC 6750), e.g. `Bearer realm="support-chat", error="invalid_token"`.',
    ),
  },
  426: {
    // Hop-by-hop headers: sent by the Worker, but workerd (and so `wrangler dev`) drops them.
    Upgrade: header("`websocket`: the protocol this endpoint speaks.", false),
    Connection: header("`Upgrade`.", false),
  },
  429: { "Retry-After": header("Seconds to wait before trying again.") },
  503: { "Retry-After": header("Seconds to wait before trying again.") },
};

/** What each path parameter names, for a 404's description. */
const NOUNS: Record<string, string> = {
  session_id: "chat session",
  attachment_id: "file",
  team_id: "team",
  agent_id: "agent",
  article_id: "article",
  term: "synonym entry",
  customer_id: "customer",
  key: "attribute",
  endpoint_id: "webhook endpoint",
  delivery_id: "delivery",
  label_id: "label",
  reply_id: "saved reply",
};

/**
 * What a 404 means for a route with these path parameters: no such thing by that name (the general
 * description speaks of chat sessions, which most routes with a path parameter are not about).
 */
export function notFoundDescription(parameters: string[]): string {
  const nouns = parameters.map((name) => NOUNS[name] ?? name.replace(/_id$/, ""));
  const session = parameters.includes("session_id");
  return `No such ${nouns.join(" or ")} (also for ${parameters.length > 1 ? "an id" : "one"} that is not well-formed${session ? ", and for another customer's session" : ""}).`;
}

/**
 * The documented error answers of a route, all problem JSON, each with its own example and
 * headers; a status maps to what it means for this route, or undefined for the general meaning.
 */
export function problemResponses(statuses: Partial<Record<ProblemStatus, string | undefined>>) {
  const responses: Record<string, ProblemAnswer> = {};
  for (const [key, description] of Object.entries(statuses)) {
    const status = Number(key) as ProblemStatus;
    const answer = ANSWERS[status];
    responses[status] = {
      description: description ?? answer.description,
      headers: { ...ANSWER_HEADERS, ...PROBLEM_HEADERS[status] },
      content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema, example: answer.example } },
    };
  }
  return responses;
}
