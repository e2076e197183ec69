import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../http/router";
import { problemResponses } from "../schemas/problem";
import type { ChatService } from "../services/chat-service";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["health"],
  summary: "Whether the service and its database answer",
  description: "Runs a real query against D1: 200 when it answers, 503 when it does not.",
  responses: {
    200: {
      description: "The service and its database answer.",
      content: {
        "application/json": {
          schema: z.object({ status: z.literal("ok") }).openapi("Health"),
        },
      },
    },
    ...problemResponses(503),
  },
});

export function healthRoutes(chat: ChatService) {
  return createRouter().openapi(health, async (c) => {
    await chat.checkHealth();
    return c.json({ status: "ok" as const }, 200);
  });
}
