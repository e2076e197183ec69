import { type AccessPolicy, type Actor, authorizeUser } from "../../core/access";
import type { Source } from "../../core/chat";
import type { ChatRepository } from "../../core/db/chat-repository";
import type { AiConfig } from "../../platform/config/ai";
import { sessionNotFound } from "../../platform/errors";
import type { Logger } from "../../platform/logger";
import type { KnowledgeService, RankedArticle } from "../kb";
import { type ReplyService, type SavedReply, sessionWorkedOn } from "../replies";
import {
  askModel,
  type ChatModel,
  describeFailure,
  type ModelAnswer,
  type ModelRequest,
  promptOf,
  revealsPrompt,
  transcriptOf,
} from "../responder";
import type { TeamRepository } from "../routing";
import { customerQuestion, excerptSummary, matchingReplies } from "./suggestions";

/** How much of the conversation a draft or a summary reads: the newest messages. */
const TRANSCRIPT = 100;
/** How many articles a draft is written from (and suggests). */
const ARTICLES = 3;

/** Why a draft has no text: the suggestions are all there is. */
export type NoDraft =
  | "no_model"
  | "no_question"
  | "no_match"
  | "model_declined"
  | "model_timeout"
  | "model_failure";

export interface Draft {
  text: string | null;
  sources: Source[];
  reason: NoDraft | null;
  articles: RankedArticle[];
  replies: SavedReply[];
}

export interface Summary {
  text: string;
  by: "model" | "excerpt";
  reason: Exclude<NoDraft, "no_question" | "no_match" | "model_declined"> | null;
  messages: number;
}

export interface DraftServiceDeps {
  sessions: Pick<ChatRepository, "findSession" | "findSessionOnly">;
  teams: Pick<TeamRepository, "teamsOf">;
  knowledge: Pick<KnowledgeService, "rank">;
  replies: Pick<ReplyService, "filledFor">;
  /** null: no language model is configured (suggestions only, nothing invented). */
  model: ChatModel | null;
  settings: AccessPolicy & { ai: AiConfig };
  logger: Logger;
}

/**
 * The assistant at an agent's side: a reply drafted from the knowledge base and the public
 * conversation (internal notes only when the agent asks), with its sources, never sent by itself;
 * a summary for a transfer or an escalation. Within the model's budget always: past it, or with no
 * model, the best-matching articles and saved replies instead.
 */
export class DraftService {
  constructor(private readonly deps: DraftServiceDeps) {}

  async draft(actor: Actor, sessionId: string, includeNotes: boolean): Promise<Draft> {
    const messages = await this.transcript(actor, sessionId, includeNotes);
    const { question, context } = customerQuestion(messages);
    const asked = `${question?.content ?? ""} ${context}`;
    const [articles, replies] = await Promise.all([
      question ? this.deps.knowledge.rank(asked, null, ARTICLES) : [],
      this.deps.replies.filledFor(actor, sessionId),
    ]);
    const suggestions = { articles, replies: matchingReplies(replies, asked) };
    const none = (reason: NoDraft): Draft => ({ text: null, sources: [], reason, ...suggestions });
    const { model } = this.deps;
    if (!model) return none("no_model");
    if (!question) return none("no_question");
    if (!articles.length) return none("no_match");
    const request: ModelRequest = {
      task: "draft",
      locale: null,
      question: question.content,
      // Everything but the question, which comes last (notes written after it too, when asked).
      transcript: transcriptOf(messages.filter((m) => m.seq !== question.seq)),
      articles: articles.map((hit) => ({
        id: hit.article.id,
        title: hit.article.title,
        body: hit.article.body,
        excerpt: hit.excerpt,
      })),
    };
    const answer = await this.ask(model, request);
    if (typeof answer === "string") return none(answer);
    if (answer.action !== "answer" || !answer.reply.trim()) return none("model_declined");
    const titles = new Map(articles.map((hit) => [hit.article.id, hit.article.title]));
    const sources = [...new Set(answer.sources)]
      .filter((id) => titles.has(id))
      .map((id) => ({ id, title: titles.get(id) as string }));
    if (!sources.length || revealsPrompt(answer.reply, promptOf(request))) {
      return none("model_failure");
    }
    return { text: answer.reply.trim(), sources, reason: null, ...suggestions };
  }

  async summary(actor: Actor, sessionId: string, includeNotes: boolean): Promise<Summary> {
    const messages = await this.transcript(actor, sessionId, includeNotes);
    const excerpt = (reason: Summary["reason"]): Summary => ({
      text: excerptSummary(messages),
      by: "excerpt",
      reason,
      messages: messages.length,
    });
    const { model } = this.deps;
    if (!model) return excerpt("no_model");
    const request: ModelRequest = {
      task: "summary",
      locale: null,
      question: "(Summarise the conversation above.)",
      transcript: transcriptOf(messages),
      articles: [],
    };
    const answer = await this.ask(model, request);
    if (typeof answer === "string") return excerpt(answer);
    const text = answer.reply.trim();
    if (!text || revealsPrompt(text, promptOf(request))) return excerpt("model_failure");
    return { text, by: "model", reason: null, messages: messages.length };
  }

  /** The messages a draft reads: public ones, and internal notes only when asked (by agents). */
  private async transcript(actor: Actor, sessionId: string, includeNotes: boolean) {
    await sessionWorkedOn(this.deps, actor, "session:draft", sessionId);
    if (includeNotes) authorizeUser(actor, "message:internal", this.deps.settings, sessionId);
    const page = await this.deps.sessions.findSession(
      sessionId,
      TRANSCRIPT,
      includeNotes ? "all" : "public",
    );
    if (!page) throw sessionNotFound(sessionId);
    return page.messages;
  }

  /** The model's answer within its budget, or why there is none. */
  private async ask(
    model: ChatModel,
    request: ModelRequest,
  ): Promise<ModelAnswer | "model_timeout" | "model_failure"> {
    try {
      return await askModel(model, request, this.deps.settings.ai, this.deps.logger);
    } catch (error) {
      const failure = describeFailure(error);
      this.deps.logger.warn("draft without a model answer", { task: request.task, failure });
      return failure === "timed out" ? "model_timeout" : "model_failure";
    }
  }
}
