import { createApp } from "./app";
import type { DeliveryMessage } from "./features/webhooks";
import { ConfigError } from "./platform/errors";
import { domainProblem } from "./platform/http/error-handler";
import { servicesFor } from "./services-for";

export { QueueRoom } from "./features/live/queue-room";
export { SessionRoom } from "./features/live/session-room";
export { OutboxSweeper } from "./features/outbox/outbox-sweeper";
export { AgentPresence } from "./features/routing/agent-presence";

/** The app for a Worker's env, built (its config parsed, its services composed) once, then reused. */
const apps = new WeakMap<Env, ReturnType<typeof createApp>>();

function appFor(env: Env) {
  let app = apps.get(env);
  if (!app) {
    app = createApp(servicesFor(env));
    apps.set(env, app);
  }
  return app;
}

export default {
  fetch(request, env, ctx) {
    try {
      return appFor(env).fetch(request, env, ctx);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // A bad variable refuses every request, naming the variable, instead of misbehaving.
      console.error(JSON.stringify({ level: "error", message: error.message }));
      return domainProblem(error, {
        "X-Request-Id": crypto.randomUUID(),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
    }
  },
  /** Email Routing's hand-off: a customer's reply to an email of unseen replies. */
  async email(message, env) {
    await servicesFor(env).inbound.receive({
      from: message.from,
      to: message.to,
      raw: message.raw,
    });
  },
  /**
   * The Cron Trigger: the archive's run (resolved sessions past ARCHIVE_AFTER_DAYS to R2), a sweep
   * of the outbox (a safety net under the sweeper's own alarm), uploads no message carried, and
   * webhook deliveries whose queue message was lost.
   */
  /** The webhook queues: deliveries to try, and those out of tries (the dead-letter queue). */
  async queue(batch, env) {
    const { webhookDeliveries } = servicesFor(env);
    if (batch.queue.endsWith("-dead"))
      await webhookDeliveries.bury(batch as MessageBatch<DeliveryMessage>);
    else await webhookDeliveries.consume(batch as MessageBatch<DeliveryMessage>);
  },
  async scheduled(_controller, env, ctx) {
    const services = servicesFor(env);
    ctx.waitUntil(
      Promise.all([
        services.archive.run(),
        services.outbox.sweep(),
        services.files.removeAbandoned(),
        services.webhookDeliveries.sweep(),
      ]),
    );
  },
} satisfies ExportedHandler<Env>;
