import { z } from "zod";
import { optional, positiveInt } from "./vars";

// Emailing customers the replies they have not seen (part of config.ts's one schema).

export const emailVars = {
  EMAIL_FROM: optional(z.email()).describe(
    "the address replies are emailed from (its domain onboarded to Email Service); empty: no email is sent",
  ),
  EMAIL_SITE_NAME: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .default("Support")
    .describe("the desk's name, in the emails' sender name and subject"),
  EMAIL_SITE_URL: optional(z.url({ protocol: /^https?$/ })).describe(
    "the site the widget is on: the emails link there to continue the chat",
  ),
  EMAIL_SERVICE_URL: optional(z.url({ protocol: /^https?$/ })).describe(
    "this service's public address, for the emails' one-click unsubscribe link; empty: no email is sent",
  ),
  EMAIL_REPLY_DOMAIN: optional(
    z
      .string()
      .regex(
        /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i,
        "must be a domain",
      ),
  ).describe(
    "the domain whose mail Email Routing hands to this Worker (`email()`): emails then carry a reply address there, and a customer's reply lands in the conversation; empty: replies are not taken",
  ),
  EMAIL_NOTIFY_DELAY_SECONDS: positiveInt(86_400)
    .default(300)
    .describe(
      "how long a reply may stay unseen (no customer socket open, not read) before it is emailed; also the least time between two emails of one conversation",
    ),
};

export interface EmailConfig {
  /** Null: no email is sent. */
  from: string | null;
  siteName: string;
  siteUrl: string | null;
  /** This service's public address (the unsubscribe link); null: no email is sent. */
  serviceUrl: string | null;
  /** Where customers' replies go (null: the emails carry no reply address). */
  replyDomain: string | null;
  notifyDelaySeconds: number;
}
