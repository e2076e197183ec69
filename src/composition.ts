import type { ModelChoice } from "./ai/ai-config";
import { articleModel } from "./ai/article-model";
import { openAiModel } from "./ai/openai-model";
import { type AiBinding, workersAiModel } from "./ai/workers-ai-model";
import { issueToken } from "./auth/token-issuer";
import { liveAudience, TokenVerifier } from "./auth/token-verifier";
import { type Config, parseConfig } from "./config";
import { AgentRepository } from "./db/agent-repository";
import { AnalyticsRepository } from "./db/analytics-repository";
import { ArchiveRepository } from "./db/archive-repository";
import { r2Archive } from "./db/archive-store";
import { ChatRepository } from "./db/chat-repository";
import { CustomerDataRepository } from "./db/customer-data-repository";
import { KnowledgeRepository } from "./db/kb-repository";
import { OutboxRepository } from "./db/outbox-repository";
import { ParticipantRepository } from "./db/participant-repository";
import { QueueRepository } from "./db/queue-repository";
import { ReplicatedDatabase } from "./db/replicas";
import { TeamRepository } from "./db/team-repository";
import { TransitionRepository } from "./db/transition-repository";
import { ConfigError } from "./domain/errors";
import { afterAnswer } from "./http/after-answer";
import { type OutboxSweeper, outboxWatch } from "./live/outbox-sweeper";
import { type QueueRoom, queuePublisher } from "./live/queue-room";
import { roomPublisher } from "./live/room-publisher";
import type { SessionRoom } from "./live/session-room";
import { createLogger, type Logger } from "./logger";
import { AgentService } from "./services/agent-service";
import { AnalyticsService } from "./services/analytics-service";
import { ArchiveService, type ArchiveStore } from "./services/archive-service";
import { AvailabilityService } from "./services/availability-service";
import { ChatService } from "./services/chat-service";
import { CustomerDataService } from "./services/customer-data-service";
import { KnowledgeService } from "./services/knowledge-service";
import { LifecycleService } from "./services/lifecycle-service";
import { LiveAccessService } from "./services/live-access-service";
import { Notifier } from "./services/notifier";
import { OutboxService } from "./services/outbox-service";
import { ParticipantService } from "./services/participant-service";
import type { ChatModel, LivePublisher, RateLimiter } from "./services/ports";
import { QueueService } from "./services/queue-service";
import { ResponderService } from "./services/responder-service";
import { RoutingService } from "./services/routing-service";
import { ServiceLevelService } from "./services/service-level-service";
import { SignInService } from "./services/sign-in-service";
import { TeamService } from "./services/team-service";

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
