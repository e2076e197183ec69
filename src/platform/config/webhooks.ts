import { z } from "zod";
import { flag, list, positiveInt } from "./vars";

// Webhooks (part of config.ts's one schema): when deliveries are retried, how long one may take,
// when a failing endpoint is disabled.

/** Delays before each try, in seconds: the first at once, the last about three days on. */
const SCHEDULE = [0, 5, 300, 1800, 7200, 18000, 36000, 36000, 36000, 36000, 36000, 36000, 36000];

export const webhookVars = {
  WEBHOOK_RETRY_SCHEDULE: list(
    z.string().regex(/^\d+$/, "must be whole seconds").transform(Number).pipe(z.int().max(43_200)),
  )
    .default(SCHEDULE)
    .describe(
      "the delay before each try of a delivery, in seconds, comma-separated (at most 43200 each, Queues' longest delay); after the last, the delivery has failed",
    ),
  WEBHOOK_TIMEOUT_SECONDS: positiveInt(60)
    .default(15)
    .describe("how long an endpoint may take to answer a delivery before the try counts as failed"),
  WEBHOOK_DISABLE_AFTER_HOURS: positiveInt(24 * 30)
    .default(120)
    .describe(
      "an endpoint whose deliveries keep failing this long is disabled (and the log says so)",
    ),
  WEBHOOK_SECRET_OVERLAP_HOURS: positiveInt(24 * 7)
    .default(24)
    .describe("after a secret's rotation, how long the previous secret signs deliveries too"),
  WEBHOOK_DNS_CHECK: flag
    .default(true)
    .describe(
      "resolve an endpoint's host name when it is saved (DNS over HTTPS) and refuse one that resolves to a private or local address",
    ),
  WEBHOOK_ALLOW_HTTP: flag
    .default(false)
    .describe(
      "development only: endpoints may be http and local addresses (`npm run dev` sets it); otherwise https to public hosts only",
    ),
};

export interface WebhookConfig {
  retrySchedule: number[];
  timeoutSeconds: number;
  disableAfterHours: number;
  secretOverlapHours: number;
  allowHttp: boolean;
  dnsCheck: boolean;
}
