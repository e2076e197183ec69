import { type App, createApp } from "./app";
import { parseConfig } from "./config";
import { ConfigError } from "./domain/errors";
import { domainProblem } from "./http/errors";

export { QueueRoom } from "./live/queue-room";
export { SessionRoom } from "./live/session-room";

/** The app for a Worker's env, built (and its config parsed) on the first request, then reused. */
const apps = new WeakMap<Env, App>();

function appFor(env: Env): App {
  let app = apps.get(env);
  if (!app) {
    app = createApp({
      config: parseConfig(env),
      db: env.DB,
      rateLimiters: { sessions: env.SESSION_RATE_LIMITER, messages: env.MESSAGE_RATE_LIMITER },
      rooms: env.SESSION_ROOMS,
      queueRoom: env.QUEUE_ROOM,
    });
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
      return domainProblem(error, { "X-Request-Id": crypto.randomUUID() });
    }
  },
} satisfies ExportedHandler<Env>;
