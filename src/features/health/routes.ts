import { z } from "@hono/zod-openapi";
import { defineRoute } from "../../platform/http/define-route";
import { createRouter } from "../../platform/http/router";
import type { ChatService } from "../sessions";

const health = defineRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["health"],
  summary: "Whether the service and its database answer",
  description: "Runs a real query against D1: 200 when it answers, 503 when it does not.",
  access: "public",
  responses: {
    200: {
      description: "The service and its database answer.",
      content: {
        "application/json": {
          schema: z.object({ status: z.literal("ok") }).openapi("Health"),
        },
      },
    },
  },
});

export function healthRoutes(chat: ChatService) {
  return createRouter().openapi(health, async (c) => {
    await chat.checkHealth();
    return c.json({ status: "ok" as const }, 200);
  });
}
