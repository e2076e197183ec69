import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { sessionParams } from "../../core/wire/chat";
import { timestamp } from "../../core/wire/time";
import { ValidationError } from "../../platform/errors";
import { defineRoute, json, jsonBody } from "../../platform/http/define-route";
import { type AppEnv, createRouter } from "../../platform/http/router";
import type { NotificationRepository } from "./notification-repository";
import type { EmailNotifier } from "./notifier";
import type { OpenLinks } from "./open-link";
import { verifyUnsubscribeToken } from "./unsubscribe-token";

const query = z.object({
  token: z
    .string()
    .min(1)
    .max(2_000)
    .openapi({ description: "From the email's unsubscribe link." }),
});

const unsubscribe = defineRoute({
  method: "post",
  path: "/email/unsubscribe",
  operationId: "unsubscribeEmail",
  tags: ["email"],
  summary: "One-click unsubscribe (RFC 8058) from the emails of unseen replies",
  description:
    "What a mail client posts for the email's List-Unsubscribe header (any body, e.g. `List-Unsubscribe=One-Click`), or the page's button. The address is never emailed again. Safe to repeat.",
  access: "public",
  request: { query },
  responses: {
    200: json(z.object({ unsubscribed: z.boolean() }).openapi("Unsubscribed"), "Done."),
  },
});

const page = defineRoute({
  method: "get",
  path: "/email/unsubscribe",
  operationId: "unsubscribePage",
  tags: ["email"],
  summary: "The unsubscribe link's page: a button, so that a link scanner unsubscribes nobody",
  access: "public",
  request: { query },
  responses: {
    200: {
      description: "A page with the button.",
      content: { "text/html": { schema: z.string() } },
    },
  },
});

const sentEmails = defineRoute({
  method: "get",
  path: "/sessions/{session_id}/emails",
  operationId: "listSessionEmails",
  tags: ["email"],
  summary: "Which replies reached the customer by email (agents)",
  description:
    "Each email sent of the session: the replies it carried, from first_seq to last_seq (public replies of agents and the assistant in that range), and when.",
  access: "token",
  request: { params: sessionParams },
  responses: {
    200: json(
      z
        .object({
          emails: z.array(z.object({ first_seq: z.int(), last_seq: z.int(), sent_at: timestamp })),
        })
        .openapi("SessionEmails"),
      "Oldest first.",
    ),
  },
});

const openConversation = (guard: MiddlewareHandler<AppEnv>) =>
  defineRoute({
    method: "post",
    path: "/email/open",
    operationId: "openEmailLink",
    tags: ["email"],
    summary: "Exchange an email's link for the customer's token of its conversation",
    description:
      "The widget on the site sends what the email's link carried (in its fragment, never sent to a server). Signed, for that session only, and short-lived (2 days).",
    access: "public",
    middleware: [guard],
    request: jsonBody(z.object({ link: z.string().min(1).max(200) })),
    responses: {
      200: json(
        z
          .object({ session_id: z.uuid(), token: z.string(), expires_at: timestamp })
          .openapi("OpenedConversation"),
        "The customer's token for that conversation.",
      ),
    },
    refusals: {
      403: "The link is not one of ours, or it has expired.",
      429: "Too many requests from this address; wait for Retry-After.",
    },
  });

/** An email's link to its conversation, for the widget. */
export function openLinkRoutes(
  links: Pick<OpenLinks, "open">,
  /** In front of it (rate limit by client address). */
  guard: MiddlewareHandler<AppEnv>,
) {
  return createRouter().openapi(openConversation(guard), async (c) => {
    const opened = await links.open(c.req.valid("json").link);
    return c.json(
      {
        session_id: opened.sessionId,
        token: opened.token,
        expires_at: opened.expiresAt.toISOString(),
      },
      200,
    );
  });
}

/** Which replies reached a session's customer by email. */
export function sentEmailRoutes(notifier: Pick<EmailNotifier, "sentOf">) {
  return createRouter().openapi(sentEmails, async (c) => {
    const { session_id } = c.req.valid("param");
    const sent = await notifier.sentOf(c.var.actor, session_id);
    return c.json(
      {
        emails: sent.map((e) => ({
          first_seq: e.firstSeq,
          last_seq: e.lastSeq,
          sent_at: e.sentAt,
        })),
      },
      200,
    );
  });
}

/** Unsubscribing from the emails of unseen replies. */
export function unsubscribeRoutes(
  notifications: Pick<NotificationRepository, "suppress">,
  secrets: string[],
  clock: () => Date,
) {
  const addressOf = async (token: string) => {
    const email = await verifyUnsubscribeToken(token, secrets);
    if (!email) {
      throw new ValidationError("This unsubscribe link is not one of ours.", [
        { path: "token", message: "must come from an email this service sent" },
      ]);
    }
    return email;
  };
  return createRouter()
    .openapi(unsubscribe, async (c) => {
      const email = await addressOf(c.req.valid("query").token);
      await notifications.suppress(email, "unsubscribed", clock().toISOString());
      return c.json({ unsubscribed: true }, 200);
    })
    .openapi(page, async (c) => {
      const { token } = c.req.valid("query");
      await addressOf(token);
      const action = `/email/unsubscribe?token=${encodeURIComponent(token)}`;
      return c.html(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Unsubscribe</title></head><body><main><h1>Stop these emails?</h1><form method="post" action="${action}"><button type="submit">Unsubscribe</button></form></main></body></html>`,
        200,
      );
    });
}
