import type { Message } from "../../core/chat";
import type { ChatRepository } from "../../core/db/chat-repository";
import type { HandoffReason } from "../../core/handoff";
import type { Notifier } from "../../core/notifier";
import { mentionsAny } from "../../core/search";
import type { AiConfig } from "../../platform/config/ai";
import type { Logger } from "../../platform/logger";
import type { KnowledgeService } from "../kb";
import type { LifecycleService } from "../workflow";
import type { ChatModel, ModelRequest } from "./model";
import { type ModelAnswer, parseModelAnswer } from "./model-answer";
import { revealsPrompt } from "./prompt";
import { DraftFeed, type ReplyProgress, UNSEEN } from "./reply-drafts";

/** How much of the conversation the responder reads: the newest public messages. */
const TRANSCRIPT = 100;
/** How many articles it retrieves for a question. */
const ARTICLES = 3;

export interface ResponderDeps {
  sessions: ChatRepository;
  knowledge: Pick<KnowledgeService, "retrieve">;
  lifecycle: Pick<LifecycleService, "handoff">;
  model: ChatModel;
  notifier: Notifier;
  settings: { ai: AiConfig };
  logger: Logger;
  clock: () => Date;
  newId: () => string;
}

/** What to do about one customer message: answer it, or hand the session to a person (and why). */
type Decision =
  | { action: "answer"; answer: ModelAnswer; sources: { id: string; title: string }[] }
  | { action: "handoff"; reason: HandoffReason; detail: string | null };

/**
 * The AI first responder. For a bot-owned session it answers every customer message that has no
 * reply yet, in seq order, each exactly once (a reply's client_message_id names the message it
 * answers, so retries and a restarted room store nothing twice), from the knowledge base only; or it
 * hands the session to a person, and then never writes in it again (the reply is stored only while
 * the bot owns the session, checked in the same statement). Run one at a time per session, by the
 * session's room.
 */
export class ResponderService {
  constructor(private readonly deps: ResponderDeps) {}

  /**
   * `progress` shows the room the bot thinking before each model call and, with AI_STREAM and a
   * model that streams, the reply as it is written (drafts carry the id the reply is stored with).
   */
  async respond(sessionId: string, progress: ReplyProgress = UNSEEN): Promise<void> {
    const { sessions, lifecycle, settings, newId } = this.deps;
    for (;;) {
      const page = await sessions.findSession(sessionId, TRANSCRIPT, "public");
      if (page?.session.status !== "bot") return;
      const next = pending(page.messages)[0];
      if (!next) return;
      const drafts = new DraftFeed(newId(), settings.ai.stream ? progress : UNSEEN);
      let stored = false;
      try {
        const decision = await this.decide(next, page.messages, progress.thinking, drafts);
        if (decision.action === "handoff") {
          drafts.discard();
          await lifecycle.handoff(null, sessionId, decision.reason, decision.detail);
          return;
        }
        stored = await this.reply(sessionId, next, decision, drafts.id);
        if (!stored) return;
      } finally {
        if (!stored) drafts.discard();
      }
    }
  }

  private async decide(
    message: Message,
    transcript: Message[],
    thinking: () => void,
    drafts: DraftFeed,
  ): Promise<Decision> {
    const { ai } = this.deps.settings;
    const before = transcript.filter((m) => m.seq < message.seq);
    const customer = transcript.filter((m) => m.authorType === "customer" && m.seq <= message.seq);
    const handoff = (reason: HandoffReason, detail: string | null = null): Decision => ({
      action: "handoff",
      reason,
      detail,
    });
    if (mentionsAny(message.content, ai.handoffPhrases)) return handoff("customer_request");
    const unhelpful = customer.filter((m) => mentionsAny(m.content, ai.unhelpfulPhrases)).length;
    if (unhelpful >= ai.unhelpfulLimit) return handoff("unhelpful");
    const turns = before.filter((m) => m.authorType === "bot").length;
    if (turns >= ai.maxTurns) return handoff("turn_limit", `${turns} answers`);

    // The question in its context: this message and the customer's one before it.
    const previous = customer.at(-2)?.content ?? "";
    const hits = await this.deps.knowledge.retrieve(
      `${message.content} ${previous}`,
      ARTICLES,
      ai.minScore,
    );
    if (!hits.length) return handoff("no_match");

    thinking();
    const request: ModelRequest = {
      question: message.content,
      transcript: before.map((m) => ({
        role:
          m.authorType === "customer" ? "customer" : m.authorType === "bot" ? "assistant" : "agent",
        content: m.content,
      })),
      articles: hits.map((hit) => ({
        id: hit.article.id,
        title: hit.article.title,
        body: hit.article.body,
        excerpt: hit.excerpt,
      })),
    };
    let answer: ModelAnswer;
    try {
      answer = await this.ask(request, drafts);
    } catch (error) {
      return handoff("model_failure", describe(error));
    }
    if (answer.action === "handoff") return handoff("model_handoff", answer.reason || null);
    const titles = new Map(hits.map((hit) => [hit.article.id, hit.article.title]));
    const sources = [...new Set(answer.sources)]
      .filter((id) => titles.has(id))
      .map((id) => ({ id, title: titles.get(id) as string }));
    if (!answer.reply.trim() || !sources.length) {
      return handoff("model_failure", "an answer without a known source");
    }
    if (revealsPrompt(answer.reply))
      return handoff("model_failure", "an answer that broke the rules");
    return { action: "answer", answer, sources };
  }

  /**
   * The model's answer within the configured budget, retries included: each attempt gets what is
   * left of it, and a failure, a timeout or an answer that does not parse is tried again while
   * attempts and time remain. Throws once none do.
   */
  private async ask(request: ModelRequest, drafts: DraftFeed): Promise<ModelAnswer> {
    const { ai } = this.deps.settings;
    const deadline = Date.now() + ai.timeoutMs;
    let failure: unknown = new Error("no attempt");
    for (let attempt = 0; attempt < ai.maxAttempts; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        return parseModelAnswer(await this.attempt(request, AbortSignal.timeout(left), drafts));
      } catch (error) {
        drafts.discard();
        failure = error;
        this.deps.logger.warn("model attempt failed", { attempt, error: describe(error) });
      }
    }
    throw failure;
  }

  /** One attempt: the model's answer, streamed into drafts when streaming is on and the model can. */
  private async attempt(request: ModelRequest, signal: AbortSignal, drafts: DraftFeed) {
    const { model, settings } = this.deps;
    if (!settings.ai.stream || !model.stream) return model.answer(request, signal);
    let raw = "";
    for await (const piece of model.stream(request, signal)) {
      raw += piece;
      drafts.update(raw);
    }
    drafts.flush();
    return raw;
  }

  /** Stores the reply and publishes it; false when the bot may no longer write (a person took over). */
  private async reply(
    sessionId: string,
    to: Message,
    decision: Extract<Decision, { action: "answer" }>,
    id: string,
  ): Promise<boolean> {
    const { sessions, notifier, clock, settings } = this.deps;
    const { session, stored, owed } = await sessions.appendBotReply(sessionId, {
      id,
      authorType: "bot",
      content: decision.answer.reply.trim(),
      timestamp: clock().toISOString(),
      clientMessageId: replyKey(to),
      authorId: null,
      authorName: settings.ai.botName,
      visibility: "public",
      sources: decision.sources,
    });
    if (!stored || !session) return false;
    await notifier.stored(stored, "message", session, { entry: owed });
    return true;
  }
}

/** The client_message_id of the bot's reply to `message`: one reply per message, ever. */
const replyKey = (message: Message) => `bot:${message.id}`;

/** The customer's messages after the last one answered that have no reply yet, oldest first. */
function pending(transcript: Message[]): Message[] {
  const answered = new Set(
    transcript.flatMap((m) =>
      m.authorType === "bot" && m.clientMessageId ? [m.clientMessageId] : [],
    ),
  );
  const customer = transcript.filter((m) => m.authorType === "customer");
  const lastAnswered = customer.findLast((m) => answered.has(replyKey(m)))?.seq ?? 0;
  return customer.filter((m) => m.seq > lastAnswered && !answered.has(replyKey(m)));
}

function describe(error: unknown): string {
  if (error instanceof DOMException && error.name === "TimeoutError") return "timed out";
  return error instanceof Error ? error.message.slice(0, 200) : String(error);
}
