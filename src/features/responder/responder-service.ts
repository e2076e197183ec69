import type { Message, Source } from "../../core/chat";
import type { ChatRepository } from "../../core/db/chat-repository";
import type { HandoffReason } from "../../core/handoff";
import type { Notifier } from "../../core/notifier";
import { mentionsAny } from "../../core/search";
import type { AiConfig } from "../../platform/config/ai";
import { languageOf } from "../../platform/locale";
import type { Logger } from "../../platform/logger";
import type { LifecycleService } from "../workflow";
import { askModel, describeFailure } from "./ask-model";
import { type ChatModel, type ModelRequest, transcriptOf } from "./model";
import type { ModelAnswer } from "./model-answer";
import { noticesFor } from "./notices";
import { revealsPrompt } from "./prompt";
import { DraftFeed, type ReplyProgress, UNSEEN } from "./reply-drafts";
import type { Retrieval, Retrieved } from "./retrieval/retrieval";
import { type Verdict, verdictOf } from "./retrieval/verdict";
import { type SmallTalk, smallTalkOf } from "./small-talk";

/** How much of the conversation the responder reads: the newest public messages. */
const TRANSCRIPT = 100;
/** How many articles it retrieves for a question, and how many of them a model reads. */
const CANDIDATES = 6;
const ARTICLES = 3;

export interface ResponderDeps {
  sessions: ChatRepository;
  retrieval: Retrieval;
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
  | { action: "answer"; answer: ModelAnswer; sources: Source[] }
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
        const { locale } = page.session;
        const decision = await this.decide(next, page.messages, locale, progress.thinking, drafts);
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
    locale: string | null,
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
    const saysUnhelpful = (m: Message) => mentionsAny(m.content, ai.unhelpfulPhrases);
    if (customer.filter(saysUnhelpful).length >= ai.unhelpfulLimit) return handoff("unhelpful");
    const turns = before.filter((m) => m.authorType === "bot").length;
    if (turns >= ai.maxTurns) return handoff("turn_limit", `${turns} answers`);
    const talk = smallTalkOf(message.content);
    if (talk) return answerSmallTalk(talk, before, locale);

    // What the bot last answered from (not merely offered): a follow-up that finds only that again
    // is not helped by it.
    const given = (before.findLast((m) => m.authorType === "bot")?.sources ?? []).filter(
      (source) => !source.suggested,
    );
    const verdict = await this.find(
      message.content,
      customer.at(-2)?.content,
      locale,
      new Set(given.map((source) => source.id)),
    );
    // Nothing more to offer one who said the last answer did not help: they are told so.
    if (verdict.kind === "none") return handoff(saysUnhelpful(message) ? "unhelpful" : "no_match");
    const offline = ai.model.kind === "articles";
    if (verdict.kind === "suggest" && offline) {
      const reply = `${noticesFor(locale).suggestions}\n${verdict.articles.map((a) => `• ${a.article.title}`).join("\n")}`;
      return {
        action: "answer",
        answer: { action: "answer", reply, reason: "none clearly best", sources: [] },
        sources: verdict.articles.map(({ article }) => ({
          id: article.id,
          title: article.title,
          suggested: true,
        })),
      };
    }
    const hits =
      verdict.kind === "answer"
        ? [verdict.best, ...(offline ? [] : verdict.others.slice(0, ARTICLES - 1))]
        : verdict.articles;

    thinking();
    const request: ModelRequest = {
      question: message.content,
      locale,
      transcript: transcriptOf(before),
      articles: hits.map((hit) => ({
        id: hit.article.id,
        title: hit.article.title,
        body: hit.article.body,
        excerpt: hit.excerpt,
      })),
    };
    let answer: ModelAnswer;
    try {
      answer = await askModel(
        this.deps.model,
        request,
        ai,
        this.deps.logger,
        ai.stream ? drafts : undefined,
      );
    } catch (error) {
      return handoff("model_failure", describeFailure(error));
    }
    if (answer.action === "handoff") return handoff("model_handoff", answer.reason || null);
    // It answers from the articles it was given, and says which: anything else is a handoff.
    const titles = new Map(hits.map((hit) => [hit.article.id, hit.article.title]));
    const cited = [...new Set(answer.sources)];
    if (!answer.reply.trim() || !cited.length) {
      return handoff("model_failure", "an answer citing no article");
    }
    if (cited.some((id) => !titles.has(id))) {
      return handoff("model_failure", "an answer citing an article it was not given");
    }
    const sources = cited.map((id) => ({ id, title: titles.get(id) as string }));
    if (revealsPrompt(answer.reply))
      return handoff("model_failure", "an answer that broke the rules");
    return { action: "answer", answer, sources };
  }

  /**
   * What the knowledge base holds for a question: the message alone, else with the customer's one
   * before it (a follow-up: unless it finds only the article the bot just answered from, `given`,
   * which would repeat the answer that did not settle it; without a model, whose reply is the
   * article itself, the message alone neither); in the customer's language, and for a model (which
   * answers in any language) in any language when theirs has nothing.
   */
  private async find(
    question: string,
    previous: string | undefined,
    locale: string | null,
    given: ReadonlySet<string>,
  ): Promise<Verdict> {
    const { ai } = this.deps.settings;
    const language = languageOf(locale);
    const texts = previous ? [question, `${question} ${previous}`] : [question];
    const languages = language && ai.model.kind !== "articles" ? [language, null] : [language];
    for (const lang of languages) {
      for (const text of texts) {
        const found: Retrieved[] = await this.deps.retrieval.retrieve({
          text,
          language: lang,
          limit: CANDIDATES,
        });
        const verdict = verdictOf(found, ai.retrieval);
        // A follow-up's text, or any without a model (whose reply is the article itself), would
        // repeat the last answer if it found only its article.
        const wouldRepeat = text !== question || ai.model.kind === "articles";
        const repeats =
          wouldRepeat && verdict.kind === "answer" && given.has(verdict.best.article.id);
        if (verdict.kind !== "none" && !repeats) return verdict;
      }
    }
    return { kind: "none" };
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

/**
 * What small talk gets: a hello, a "what would you like to know?" for an opener, or a "you're
 * welcome" for a thanks or a "no, nothing else"; but a "no" to an answer or to articles offered is a
 * "did not help". Before the bot has said anything, an "ok" or a "no" is taken as a hello.
 */
function answerSmallTalk(talk: SmallTalk, before: Message[], locale: string | null): Decision {
  const last = before.findLast((m) => m.authorType === "bot");
  if (talk === "no" && last?.sources?.length) {
    return { action: "handoff", reason: "unhelpful", detail: "the customer said no" };
  }
  const kind = talk === "thanks" || talk === "no" ? (last ? "thanks" : "greeting") : talk;
  const reply = noticesFor(locale).smallTalk[kind];
  return {
    action: "answer",
    answer: { action: "answer", reply, reason: `small talk (${talk})`, sources: [] },
    sources: [],
  };
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
