import { ChatRepository } from "./core/db/chat-repository";
import { ParticipantRepository } from "./core/db/participant-repository";
import { Notifier } from "./core/notifier";
import type { ChatModel, LivePublisher, RateLimiter } from "./core/ports";
import { AnalyticsRepository } from "./features/analytics/analytics-repository";
import { AnalyticsService } from "./features/analytics/analytics-service";
import { ArchiveRepository } from "./features/archive/archive-repository";
import { ArchiveService, type ArchiveStore } from "./features/archive/archive-service";
import { r2Archive } from "./features/archive/archive-store";
import { CustomerDataRepository } from "./features/customers/customer-data-repository";
import { CustomerDataService } from "./features/customers/customer-data-service";
import { KnowledgeRepository } from "./features/kb/kb-repository";
import { KnowledgeService } from "./features/kb/knowledge-service";
import { LiveAccessService } from "./features/live/live-access-service";
import { type QueueRoom, queuePublisher } from "./features/live/queue-room";
import { roomPublisher } from "./features/live/room-publisher";
import type { SessionRoom } from "./features/live/session-room";
import { OutboxRepository } from "./features/outbox/outbox-repository";
import { OutboxService } from "./features/outbox/outbox-service";
import { type OutboxSweeper, outboxWatch } from "./features/outbox/outbox-sweeper";
import { articleModel } from "./features/responder/models/article-model";
import { openAiModel } from "./features/responder/models/openai-model";
import { type AiBinding, workersAiModel } from "./features/responder/models/workers-ai-model";
import { ResponderService } from "./features/responder/responder-service";
import { AgentRepository } from "./features/routing/agent-repository";
import { AgentService } from "./features/routing/agent-service";
import { AvailabilityService } from "./features/routing/availability-service";
import { RoutingService } from "./features/routing/routing-service";
import { ServiceLevelService } from "./features/routing/service-level-service";
import { TeamRepository } from "./features/routing/team-repository";
import { TeamService } from "./features/routing/team-service";
import { ChatService } from "./features/sessions/chat-service";
import { SignInService } from "./features/sign-in/sign-in-service";
import { LifecycleService } from "./features/workflow/lifecycle-service";
import { ParticipantService } from "./features/workflow/participant-service";
import { QueueRepository } from "./features/workflow/queue-repository";
import { QueueService } from "./features/workflow/queue-service";
import { TransitionRepository } from "./features/workflow/transition-repository";
import { afterAnswer } from "./platform/after-answer";
import { issueToken } from "./platform/auth/token-issuer";
import { liveAudience, TokenVerifier } from "./platform/auth/token-verifier";
import type { ModelChoice } from "./platform/config/ai";
import { type Config, parseConfig } from "./platform/config/config";
import { ConfigError } from "./platform/errors";
import { createLogger, type Logger } from "./platform/logger";
import { ReplicatedDatabase } from "./platform/replicas/replicated-database";

/** What the service is built from: its configuration and the platform's bindings. */
export interface Wiring {
  config: Config;
  db: D1Database;
  /** Workers Rate Limiting bindings: session creation per client address, messages per caller. */
  rateLimiters: { sessions: RateLimit; messages: RateLimit };
  /** The live rooms (one Durable Object per session). */
  rooms: DurableObjectNamespace<SessionRoom>;
  /** The live queues (one Durable Object per team). */
  queueRoom: DurableObjectNamespace<QueueRoom>;
  /** The outbox's watch (one Durable Object): finishes what writers left undone. */
  outboxSweeper: DurableObjectNamespace<OutboxSweeper>;
  /** Where stored messages are fanned out; by default, the rooms. */
  live?: LivePublisher;
  /** Where archived transcripts go (the R2 bucket's port). */
  archiveStore: ArchiveStore;
  /** The Workers AI binding, if the environment has one. */
  ai?: AiBinding;
  /** The model the responder asks; by default the one the config chooses. */
  model?: ChatModel;
  clock?: () => Date;
  newId?: () => string;
}

export type Services = ReturnType<typeof compose>;

/**
 * The one composition root: repositories, services and their ports, built once from configuration
 * and bindings. The Worker's app and every Durable Object take what they need from it, so a rule
 * that holds over REST holds over a socket because it is the same object.
 */
export function compose({
  config,
  db: primary,
  rateLimiters,
  rooms,
  queueRoom,
  outboxSweeper,
  archiveStore,
  live = roomPublisher(rooms),
  ai,
  model = modelFor(config.ai.model, ai),
  clock = () => new Date(),
  newId = () => crypto.randomUUID(),
}: Wiring) {
  const logger: Logger = createLogger(config.logLevel);
  // Every repository's queries run on the request's D1 session (read replicas), else the primary.
  const db = primary instanceof ReplicatedDatabase ? primary : new ReplicatedDatabase(primary);
  const { auth } = config;
  if (!auth.required) {
    logger.warn(
      "AUTH_REQUIRED is false: anyone who can reach this service can read and write every chat",
    );
  }
  const settings = {
    ...config,
    publicSessionCreation: auth.publicSessionCreation,
  };
  const sessions = new ChatRepository(db);
  const agents = new AgentRepository(db);
  const outbox = new OutboxRepository(db);
  const notifier = new Notifier({
    live,
    queue: queuePublisher(queueRoom),
    outbox,
    watch: outboxWatch(outboxSweeper),
    logger,
    afterAnswer,
  });
  const knowledge = new KnowledgeService({
    articles: new KnowledgeRepository(db),
    settings,
    clock,
    newId,
  });
  const transitions = new TransitionRepository(db);
  const teams = new TeamRepository(db);
  const routing = new RoutingService({ transitions, teams, notifier, settings, clock, newId });
  const owed = new OutboxService({ outbox, sessions, notifier, routing, clock, logger });
  const lifecycle = new LifecycleService({
    transitions,
    sessions,
    agents,
    routing,
    notifier,
    settings,
    clock,
    newId,
  });
  const archive = new ArchiveService({
    archive: new ArchiveRepository(db),
    sessions,
    participants: new ParticipantRepository(db),
    store: archiveStore,
    settings,
    clock,
    logger,
  });
  const chat = new ChatService({
    archive,
    outbox: owed,
    repository: sessions,
    lifecycle,
    routing,
    notifier,
    settings,
    issueCustomerToken: async (sessionId, customerId, now) =>
      auth.signingKeys.length
        ? issueToken(
            auth,
            {
              subject: customerId,
              role: "customer",
              sessionId,
              ttlSeconds: auth.customerTokenTtlSeconds,
            },
            now,
          )
        : null,
    messageLimiter: limiter(rateLimiters.messages),
    clock,
    newId,
  });
  const responder = new ResponderService({
    sessions,
    knowledge,
    lifecycle,
    model,
    notifier,
    settings,
    logger,
    clock,
    newId,
  });
  return {
    config,
    logger,
    database: db,
    archive,
    customerData: new CustomerDataService({
      data: new CustomerDataRepository(db),
      archive,
      store: archiveStore,
      live,
      logger,
      settings,
      clock,
      newId,
    }),
    responder,
    outbox: owed,
    clock,
    chat,
    lifecycle,
    queue: new QueueService(new QueueRepository(db), teams, settings),
    participants: new ParticipantService({
      participants: new ParticipantRepository(db),
      sessions,
      archive,
      settings,
      clock,
    }),
    agents: new AgentService(agents, routing, settings, clock),
    availability: new AvailabilityService({ agents, teams, sessions, routing, settings, clock }),
    teams: new TeamService({ teams, routing, settings, clock, newId }),
    serviceLevels: new ServiceLevelService({ sessions, transitions, notifier, clock, newId }),
    liveAccess: new LiveAccessService({
      sessions,
      archive,
      teams,
      issueTicket: ({ channel, ...claims }, now) =>
        issueToken(
          { ...auth, audience: liveAudience(auth) },
          { ...claims, sessionId: channel },
          now,
        ),
      settings,
      clock,
      newId,
    }),
    signIn: new SignInService({
      settings: { ...config.signIn, maxTokenTtlSeconds: auth.maxTokenTtlSeconds },
      issue: ({ role, subject, name, ttlSeconds }) =>
        issueToken(auth, { role, subject, ttlSeconds, ...(name && { name }) }, clock()),
    }),
    analytics: new AnalyticsService(new AnalyticsRepository(db), settings),
    knowledge,
    verifier: new TokenVerifier(auth, clock),
    sessionLimiter: limiter(rateLimiters.sessions),
    rooms,
    queueRoom,
  };
}

/** The model the configuration chooses: Workers AI, an OpenAI-compatible endpoint, or none. */
function modelFor(choice: ModelChoice, ai: AiBinding | undefined): ChatModel {
  switch (choice.kind) {
    case "openai":
      return openAiModel(choice);
    case "workers-ai":
      if (!ai) throw new ConfigError([{ path: "AI_MODEL", message: "needs the AI binding" }]);
      return workersAiModel(ai, choice.model, choice.gateway);
    case "articles":
      return articleModel;
  }
}

/** A Workers Rate Limiting binding as the services' port. */
function limiter(binding: RateLimit): RateLimiter {
  return { allow: async (key) => (await binding.limit({ key })).success };
}

const composed = new WeakMap<Env, Services>();

/**
 * The services of a Worker env: config parsed and everything built on first use, then reused by
 * every request and every Durable Object of the isolate. A bad variable throws a ConfigError.
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
      ai: (env as { AI?: AiBinding }).AI,
    });
    composed.set(env, services);
  }
  return services;
}
