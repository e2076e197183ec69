import { compose, type Services } from "./composition";
import { r2Archive } from "./features/archive";
import { r2Files } from "./features/files";
import type { AiBinding, VectorIndex } from "./features/responder";
import { parseConfig } from "./platform/config/config";

export type { Services };

const composed = new WeakMap<Env, Services>();

/**
 * The services of a Worker env: config parsed and everything built on first use, then reused by
 * every request and every Durable Object of the isolate (the objects take theirs from here, so a
 * rule that holds over REST holds over a socket). A bad variable throws a ConfigError.
 */
export function servicesFor(env: Env): Services {
  let services = composed.get(env);
  if (!services) {
    services = compose({
      config: parseConfig(env),
      db: env.DB,
      rateLimiters: { sessions: env.SESSION_RATE_LIMITER, messages: env.MESSAGE_RATE_LIMITER },
      rooms: env.SESSION_ROOMS,
      queueRoom: env.QUEUE_ROOM,
      outboxSweeper: env.OUTBOX_SWEEPER,
      archiveStore: r2Archive(env.ARCHIVE),
      fileStore: r2Files(env.FILES),
      webhookQueue: env.WEBHOOKS,
      deadLetterQueue: env.WEBHOOKS_DEAD,
      ai: (env as { AI?: AiBinding }).AI,
      vectors: (env as { VECTORS?: VectorIndex }).VECTORS,
      mailer: env.EMAIL,
    });
    composed.set(env, services);
  }
  return services;
}
