import { z } from "@hono/zod-openapi";
import { PROBLEM_CONTENT_TYPE } from "../http/problem";

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
  })
  .openapi("Problem", { description: "An RFC 9457 problem (application/problem+json)." });

const DESCRIPTIONS = {
  400: "The request is not valid: the problem lists each invalid field.",
  404: "No such chat session (also for an id that is not a UUID).",
  409: "The client_message_id was already used for a different message in this session.",
  413: "The body is larger than the configured limit.",
  415: "The body is not JSON.",
  503: "The database did not answer, or the service is misconfigured; retry later.",
} as const;

const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } };

/** The documented error answers of a route, all problem JSON. */
export function problemResponses<S extends keyof typeof DESCRIPTIONS>(...statuses: S[]) {
  const responses = {} as Record<S, { description: string; content: typeof problemContent }>;
  for (const status of statuses) {
    responses[status] = { description: DESCRIPTIONS[status], content: problemContent };
  }
  return responses;
}
