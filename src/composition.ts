import { ChatRepository } from "./core/db/chat-repository";
import { ParticipantRepository } from "./core/db/participant-repository";
import { Notifier } from "./core/notifier";
import type { LivePublisher } from "./core/ports";
import { AnalyticsRepository, AnalyticsService } from "./features/analytics";
import { ArchiveRepository, ArchiveService, type ArchiveStore } from "./features/archive";
import {
  ContactRepository,
  ContactService,
  CustomerDataRepository,
  CustomerDataService,
  IdentityService,
  IdentityVerifier,
  SESSIONS_SHOWN,
  signIdentity,
} from "./features/customers";
import { DraftService } from "./features/drafts";
import {
  EmailNotifier,
  InboundRepository,
  InboundService,
  NotificationRepository,
  OpenLinks,
} from "./features/email";
import { ExportService } from "./features/exports";
import { AttachmentRepository, AttachmentService, type FileStore } from "./features/files";
import {
  ArticleTermIndex,
  KnowledgeRepository,
  KnowledgeService,
  SynonymRepository,
} from "./features/kb";
import { LabelRepository, LabelService } from "./features/labels";
import {
  LiveAccessService,
  labelDefinitionPublisher,
  labelPublisher,
  queuePublisher,
  renamePublisher,
  roomPublisher,
} from "./features/live";
import { OutboxRepository, OutboxService, outboxWatch } from "./features/outbox";
import { ReplyRepository, ReplyService } from "./features/replies";
import type { ChatModel } from "./features/responder";
import {
  type AiBinding,
  handoffNotice,
  modelFor,
  ResponderService,
  retrievalFor,
  type VectorIndex,
} from "./features/responder";
import {
  AgentRepository,
  AgentService,
  AssignmentRepository,
  AvailabilityService,
  RoutingService,
  ServiceLevelService,
  TeamAvailabilityService,
  TeamRepository,
  TeamService,
} from "./features/routing";
import { SearchRepository, SearchService } from "./features/search";
import { ChatService } from "./features/sessions";
import { SignInService } from "./features/sign-in";
import {
  type DeliveryMessage,
  DeliveryService,
  deliveryQueue,
  dohResolver,
  EndpointService,
  EventRecorder,
  type HostResolver,
  type Transport,
  WebhookRepository,
} from "./features/webhooks";
import {
  HandoverService,
  LifecycleService,
  ParticipantService,
  QueueRepository,
  QueueService,
  TransitionOutcomes,
  TransitionRepository,
} from "./features/workflow";
import { afterAnswer } from "./platform/after-answer";
import { issueToken } from "./platform/auth/token-issuer";
import { liveAudience, TokenVerifier } from "./platform/auth/token-verifier";
import type { Config } from "./platform/config/config";
import { createLogger, type Logger } from "./platform/logger";
import { rateLimiter } from "./platform/rate-limiter";
import { ReplicatedDatabase } from "./platform/replicas/replicated-database";

/** What the service is built from: its configuration and the platform's bindings. */
export interface Wiring {
  config: Config;
  db: D1Database;
  /** Workers Rate Limiting bindings: session creation per client address, messages per caller. */
  rateLimiters: { sessions: RateLimit; messages: RateLimit };
  /** The live rooms (one Durable Object per session). */
  rooms: Env["SESSION_ROOMS"];
  /** The live queues (one Durable Object per team). */
  queueRoom: Env["QUEUE_ROOM"];
  /** The outbox's watch (one Durable Object): finishes what writers left undone. */
  outboxSweeper: Env["OUTBOX_SWEEPER"];
  /** Where stored messages are fanned out; by default, the rooms. */
  live?: LivePublisher;
  /** Where archived transcripts go (the R2 bucket's port). */
  archiveStore: ArchiveStore;
  /** Where files in the chat go (their R2 bucket's port). */
  fileStore: FileStore;
  /** The WEBHOOKS queue (deliveries to try) and its dead-letter queue. */
  webhookQueue: Queue<DeliveryMessage>;
  deadLetterQueue: Queue<DeliveryMessage>;
  /** How deliveries are sent (fetch); a test's scripted receiver. */
  transport?: Transport;
  /** How an endpoint's host name is resolved when it is saved (DNS over HTTPS). */
  resolveHost?: HostResolver;
  /** The Workers AI binding, if the environment has one. */
  ai?: AiBinding;
  /** The Vectorize index of hybrid retrieval (AI_RETRIEVAL=hybrid), if the environment has one. */
  vectors?: VectorIndex;
  /** Email Service's binding: replies customers have not seen are emailed (none: never). */
  mailer?: SendEmail;
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
  fileStore,
  webhookQueue,
  deadLetterQueue,
  transport = (request) => fetch(request),
  resolveHost = dohResolver,
  live = roomPublisher(rooms),
  ai,
  vectors,
  mailer,
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
  const verifier = new TokenVerifier(auth, clock);
  const contacts = new ContactRepository(db);
  const notifications = new NotificationRepository(db);
  const inbound = new InboundRepository(db);
  const contactEmail = async (customerId: string) =>
    (await contacts.get(customerId))?.email ?? null;
  /** A customer's token for one session, naming them; none where no keys sign (open mode). */
  const issueCustomerToken = async (
    sessionId: string,
    customerId: string,
    name: string | null,
    now: Date,
  ) =>
    auth.signingKeys.length
      ? issueToken(
          auth,
          {
            subject: customerId,
            role: "customer",
            sessionId,
            ttlSeconds: auth.customerTokenTtlSeconds,
            ...(name && { name }),
          },
          now,
        )
      : null;
  const sessions = new ChatRepository(db);
  const agents = new AgentRepository(db);
  const outbox = new OutboxRepository(db);
  const webhooks = new WebhookRepository(db);
  const recorder = new EventRecorder({
    repository: webhooks,
    queue: deliveryQueue(webhookQueue),
    clock,
    logger,
  });
  const notifier = new Notifier({
    live,
    queue: queuePublisher(queueRoom),
    events: recorder,
    watch: outboxWatch(outboxSweeper),
    logger,
    afterAnswer,
  });
  const retrieval = retrievalFor(config.ai.retrieval, { ai, vectors });
  const sync = retrieval.sync;
  const knowledge = new KnowledgeService({
    articles: new KnowledgeRepository(db),
    terms: new ArticleTermIndex(db),
    synonyms: new SynonymRepository(db),
    settings,
    // After the answer, and never failing the write: an index that missed a change catches up on
    // the article's next save.
    onChange: sync
      ? (change) =>
          afterAnswer(() =>
            sync(change).catch((error) =>
              logger.warn("article index not updated", {
                change: change.kind,
                error: String(error),
              }),
            ),
          )
      : undefined,
    clock,
    newId,
  });
  const transitions = new TransitionRepository(db);
  const teams = new TeamRepository(db);
  const assignments = new AssignmentRepository(db);
  const labelRepository = new LabelRepository(db);
  const announceLabels = labelPublisher(rooms, queueRoom, sessions);
  const announceLabel = labelDefinitionPublisher(queueRoom, teams);
  const announceRename = renamePublisher(queueRoom, sessions);
  const labels = new LabelService({
    labels: labelRepository,
    settings,
    clock,
    newId,
    // After the answer; a console that missed it shows the change on its next read.
    announce: (sessionId, refs) =>
      afterAnswer(() =>
        announceLabels(sessionId, refs).catch((error) =>
          logger.warn("label change not pushed", { session_id: sessionId, error: String(error) }),
        ),
      ),
    announceLabel: (id, label) =>
      afterAnswer(() =>
        announceLabel(id, label).catch((error) =>
          logger.warn("label not pushed", { label_id: id, error: String(error) }),
        ),
      ),
  });
  const routing = new RoutingService({
    assignments,
    teams,
    notifier,
    labelSessions: (sessionId, labelIds, ruleIds) => labels.fromRules(sessionId, labelIds, ruleIds),
    settings,
    clock,
    newId,
  });
  const owed = new OutboxService({ outbox, sessions, notifier, routing, clock, logger });
  const outcomes = new TransitionOutcomes({ agents, notifier, routing, settings });
  const lifecycle = new LifecycleService({
    transitions,
    sessions,
    outcomes,
    routing,
    notifier,
    settings,
    handoffNotice,
    clock,
    newId,
  });
  const handover = new HandoverService({
    transitions,
    sessions,
    outcomes,
    routing,
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
  const messageLimiter = rateLimiter(rateLimiters.messages);
  const files = new AttachmentService({
    repository: new AttachmentRepository(db),
    store: fileStore,
    limiter: messageLimiter,
    settings,
    secrets: auth.signingKeys.map((key) => key.secret),
    clock,
    newId,
    logger,
  });
  const queue = new QueueService(new QueueRepository(db), teams, settings, labelRepository);
  const analytics = new AnalyticsService(new AnalyticsRepository(db), settings);
  const chat = new ChatService({
    archive,
    files,
    outbox: owed,
    repository: sessions,
    lifecycle,
    routing,
    notifier,
    settings,
    issueCustomerToken,
    messageLimiter,
    clock,
    newId,
  });
  const responder = new ResponderService({
    sessions,
    retrieval: retrieval.retrieval(knowledge),
    lifecycle,
    model,
    notifier,
    settings,
    logger,
    clock,
    newId,
  });
  const replies = new ReplyService({
    replies: new ReplyRepository(db),
    sessions,
    teams,
    contacts,
    settings,
    clock,
    newId,
  });
  return {
    config,
    logger,
    database: db,
    replies,
    drafts: new DraftService({
      sessions,
      teams,
      knowledge,
      replies,
      // The article "model" invents nothing, so drafts offer suggestions instead.
      model: config.ai.model.kind === "articles" ? null : model,
      settings,
      logger,
    }),
    archive,
    files,
    webhookEndpoints: new EndpointService({
      repository: webhooks,
      recorder,
      settings,
      resolve: config.webhooks.dnsCheck ? resolveHost : undefined,
      clock,
      newId,
    }),
    webhookDeliveries: new DeliveryService({
      repository: webhooks,
      recorder,
      deadLetters: { send: async (message) => void (await deadLetterQueue.send(message)) },
      transport,
      settings,
      clock,
      logger,
    }),
    contacts: new ContactService({
      contacts,
      settings,
      clock,
      newId,
      // After the answer; a console that missed it shows the name on its next read.
      announceRename: (customerId) =>
        afterAnswer(() =>
          contacts
            .sessionsOf(customerId, SESSIONS_SHOWN)
            .then((shown) => announceRename(shown.filter((s) => !s.archived).map((s) => s.id)))
            .catch((error) =>
              logger.warn("contact's name not pushed", {
                customer_id: customerId,
                error: String(error),
              }),
            ),
        ),
    }),
    identities: new IdentityService({
      contacts,
      identities: new IdentityVerifier(config.identity, clock),
      tokens: verifier,
      issueSessionToken: issueCustomerToken,
      clock,
      newId,
    }),
    customerData: new CustomerDataService({
      data: new CustomerDataRepository(db),
      contacts,
      archive,
      store: archiveStore,
      files,
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
    handover,
    queue,
    labels,
    search: new SearchService(new SearchRepository(db), teams, settings),
    participants: new ParticipantService({
      participants: new ParticipantRepository(db),
      sessions,
      archive,
      settings,
      clock,
    }),
    agents: new AgentService(agents, routing, settings, clock),
    availability: new AvailabilityService({ agents, teams, sessions, routing, settings, clock }),
    teamAvailability: new TeamAvailabilityService({ agents, teams, settings, clock }),
    teams: new TeamService({ teams, routing, labels: labelRepository, settings, clock, newId }),
    serviceLevels: new ServiceLevelService({ sessions, assignments, notifier, clock, newId }),
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
      signIdentity: config.identity.signingKeys.length
        ? (user) =>
            signIdentity(
              config.identity,
              user,
              clock(),
              Math.min(600, config.identity.maxTtlSeconds),
            )
        : null,
    }),
    analytics,
    exports: new ExportService({ queue, analytics, settings }),
    knowledge,
    verifier,
    notifications,
    emailNotifier: new EmailNotifier({
      notifications,
      contactEmail,
      mailer: mailer ?? null,
      settings: { ...config.email, linkSecret: auth.signingKeys[0]?.secret ?? null },
      access: settings,
      clock,
      logger,
    }),
    openLinks: new OpenLinks({
      customerOf: (sessionId) => inbound.customerOf(sessionId),
      issueCustomerToken,
      secrets: auth.signingKeys.map((key) => key.secret),
      clock,
    }),
    inbound: new InboundService({
      inbound,
      contactEmail,
      append: async (actor, sessionId, input) => chat.addMessage(actor, sessionId, input),
      suppress: (email, reason, now) => notifications.suppress(email, reason, now),
      settings: {
        from: config.email.from,
        secrets: auth.signingKeys.map((key) => key.secret),
        maxMessageLength: config.maxMessageLength,
      },
      clock,
      logger,
    }),
    sessionLimiter: rateLimiter(rateLimiters.sessions),
    rooms,
    queueRoom,
  };
}
