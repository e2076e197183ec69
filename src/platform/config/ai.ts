import { z } from "zod";
import { folded, localeTag } from "../locale";
import { parseWeeklyHours, type WeeklyHours } from "../weekly-hours";
import { flag, list, optional, positiveInt } from "./vars";

// The AI first responder's variables (part of src/platform/config/config.ts's one schema), each with its default.

/** A share between 0 and 1, with its default. */
const share = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

/** Words or phrases, compared folded (lower case, without accents: see mentionsAny). */
const phrases = list(z.string().transform(folded));

const HANDOFF_REASON_NAMES = [
  "customer_request",
  "model_handoff",
  "no_match",
  "unhelpful",
  "turn_limit",
  "model_failure",
] as const;
type HandoffReasonName = (typeof HANDOFF_REASON_NAMES)[number];

/** `{"de": {"no_match": "..."}}`: keys canonical locales (kept in lower case), then reasons. */
const handoffNotices = z
  .string()
  .transform((value, context) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "must be a JSON object" });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(localeTag, z.partialRecord(z.enum(HANDOFF_REASON_NAMES), z.string().trim().min(1))),
  )
  .transform((map) =>
    Object.fromEntries(Object.entries(map).map(([tag, texts]) => [tag.toLowerCase(), texts])),
  );

export const aiVars = {
  AI_RESPONDER: flag.default(false).describe("new sessions start with the AI first responder"),
  AI_MODEL: optional(z.string().min(1)).describe(
    "the model: a Workers AI model (needs the `AI` binding), or the endpoint's at `AI_BASE_URL`",
  ),
  AI_GATEWAY: optional(z.string().min(1)).describe("an AI Gateway id for Workers AI (optional)"),
  AI_BASE_URL: optional(z.url({ protocol: /^https?$/ })).describe(
    "an OpenAI-compatible endpoint instead of Workers AI; with neither, the responder answers with the best article",
  ),
  AI_API_KEY: optional(z.string().min(1)).describe(
    "a secret: the key of the endpoint at `AI_BASE_URL`",
  ),
  AI_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(200)
    .max(60_000)
    .default(4_000)
    .describe("the model's whole budget per answer, attempts included"),
  AI_STREAM: flag
    .default(false)
    .describe(
      "stream the model's answer to the customer as it is written (Workers AI or `AI_BASE_URL`; the stored message replaces it)",
    ),
  AI_MAX_ATTEMPTS: positiveInt(5).default(2).describe("how many attempts fit in `AI_TIMEOUT_MS`"),
  AI_RETRIEVAL: z
    .enum(["lexical", "hybrid"])
    .default("lexical")
    .describe(
      "how articles are found: `lexical` (full-text, offline) or `hybrid` (adds embeddings in Vectorize: needs the `AI` and `VECTORS` bindings)",
    ),
  AI_EMBEDDING_MODEL: z
    .string()
    .min(1)
    .default("@cf/baai/bge-m3")
    .describe("the Workers AI embedding model of hybrid retrieval (1024 dimensions)"),
  AI_MIN_COVERAGE: share(0.6).describe(
    "the least share of a question's words (weighted by rarity) an article must hold to be answered from",
  ),
  AI_MIN_MARGIN: share(0.15).describe(
    "how far the best article's coverage must stand ahead of the next one's to be answered from",
  ),
  AI_SUGGEST_COVERAGE: share(0.5).describe(
    'the least coverage of the articles offered as "Did one of these help?" when none is clearly best',
  ),
  AI_MIN_SIMILARITY: share(0.7).describe(
    "hybrid retrieval: the embedding similarity that counts as much as `AI_MIN_COVERAGE`",
  ),
  AI_MAX_TURNS: positiveInt(50).default(5).describe("handoff after this many answers"),
  AI_UNHELPFUL_LIMIT: positiveInt(10)
    .default(2)
    .describe('handoff after this many "did not help"s'),
  AI_HANDOFF_PHRASES: phrases
    .prefault(
      "agent,human,person,representative,operator,real person,talk to someone,speak to someone,talk with someone,speak with someone,chat with someone,mensch,menschen,mitarbeiter,mitarbeiterin,mit jemandem,humain,conseiller,conseillère,une personne,quelqu'un,humano,una persona,alguien,asesor,agente,موظف,شخص,إنسان",
    )
    .describe(
      "comma-separated words a customer asks for a person with (the defaults in English, German, French, Spanish and Arabic)",
    ),
  AI_UNHELPFUL_PHRASES: phrases
    .prefault(
      "not helpful,didn't help,did not help,doesn't help,does not help,that's wrong,that is wrong,not what i asked,useless,nicht geholfen,hilft nicht,nicht hilfreich,das ist falsch,n'a pas aidé,n'aide pas,pas utile,inutile,no me ayuda,no me ayudó,no ayuda,no sirve,inútil,لم يساعد,غير مفيد",
    )
    .describe(
      "comma-separated words a customer says an answer did not help with (the defaults in English, German, French, Spanish and Arabic)",
    ),
  AI_HANDOFF_NOTICES: optional(handoffNotices).describe(
    'what the customer reads at a handoff, per locale and reason, as JSON (`{"de": {"no_match": "..."}}`; reasons: customer_request, model_handoff, no_match, unhelpful, turn_limit, model_failure); built in: en, de, fr, es, ar',
  ),
  AI_BOT_NAME: z
    .string()
    .min(1)
    .default("Assistant")
    .describe(
      "the bot's `author_name` (in the console and the API; the widget names it in the customer's language)",
    ),
  SUPPORT_HOURS: optional(z.string().min(1)).describe(
    "when people answer, e.g. `Mon-Fri 09:00-17:00, Sat 10:00-14:00` (empty: always; a team's own `hours` take precedence for its sessions)",
  ),
  SUPPORT_TIME_ZONE: z.string().min(1).default("UTC").describe("the time zone of `SUPPORT_HOURS`"),
};

type AiVars = z.output<z.ZodObject<typeof aiVars>>;

/** Which model answers: the Workers AI binding, an OpenAI-compatible endpoint, or none (articles). */
export type ModelChoice =
  | { kind: "workers-ai"; model: string; gateway: string | null }
  | { kind: "openai"; baseUrl: string; model: string; apiKey: string | null }
  | { kind: "articles" };

export interface RetrievalSettings {
  kind: "lexical" | "hybrid";
  embeddingModel: string;
  minCoverage: number;
  minMargin: number;
  suggestCoverage: number;
  minSimilarity: number;
}

export interface AiConfig {
  /** New sessions start owned by the bot. */
  responder: boolean;
  model: ModelChoice;
  /** The whole budget of one answer, retries included; past it the customer is handed off. */
  timeoutMs: number;
  maxAttempts: number;
  /** Show the answer to the customer as the model writes it (when the model streams). */
  stream: boolean;
  /** How articles are found, and what makes one good enough to answer from (src/features/responder/retrieval). */
  retrieval: RetrievalSettings;
  maxTurns: number;
  unhelpfulLimit: number;
  handoffPhrases: string[];
  unhelpfulPhrases: string[];
  botName: string;
  /** Configured handoff texts, per locale (lower case) and reason, over the built-in ones. */
  handoffNotices: Record<string, Partial<Record<HandoffReasonName, string>>>;
  /** When people answer; null: always (no hours configured). */
  supportHours: WeeklyHours | null;
}

/** Checks what the AI vars need of each other, naming the var at fault. */
export function checkAiVars(
  vars: AiVars,
  bindings: { ai: boolean; vectors: boolean },
  problem: (path: string, message: string) => void,
) {
  const hasBinding = bindings.ai;
  if (vars.AI_RETRIEVAL === "hybrid" && !(bindings.ai && bindings.vectors)) {
    problem(
      "AI_RETRIEVAL",
      'hybrid needs the Workers AI binding ("AI") and a Vectorize index ("VECTORS")',
    );
  }
  if (vars.AI_SUGGEST_COVERAGE > vars.AI_MIN_COVERAGE) {
    problem("AI_SUGGEST_COVERAGE", "must not be above AI_MIN_COVERAGE");
  }
  if (vars.AI_BASE_URL && !vars.AI_MODEL) problem("AI_MODEL", "is required with AI_BASE_URL");
  if (vars.AI_MODEL && !vars.AI_BASE_URL && !hasBinding) {
    problem("AI_MODEL", 'needs the Workers AI binding ([ai] binding = "AI") or AI_BASE_URL');
  }
  if (vars.SUPPORT_HOURS) {
    try {
      parseWeeklyHours(vars.SUPPORT_HOURS, vars.SUPPORT_TIME_ZONE);
    } catch (error) {
      problem("SUPPORT_HOURS", (error as Error).message);
    }
  }
}

export function toAiConfig(vars: AiVars): AiConfig {
  const model: ModelChoice = vars.AI_BASE_URL
    ? {
        kind: "openai",
        baseUrl: vars.AI_BASE_URL.replace(/\/+$/, ""),
        model: vars.AI_MODEL as string,
        apiKey: vars.AI_API_KEY ?? null,
      }
    : vars.AI_MODEL
      ? { kind: "workers-ai", model: vars.AI_MODEL, gateway: vars.AI_GATEWAY ?? null }
      : { kind: "articles" };
  return {
    responder: vars.AI_RESPONDER,
    model,
    timeoutMs: vars.AI_TIMEOUT_MS,
    maxAttempts: vars.AI_MAX_ATTEMPTS,
    stream: vars.AI_STREAM,
    retrieval: {
      kind: vars.AI_RETRIEVAL,
      embeddingModel: vars.AI_EMBEDDING_MODEL,
      minCoverage: vars.AI_MIN_COVERAGE,
      minMargin: vars.AI_MIN_MARGIN,
      suggestCoverage: vars.AI_SUGGEST_COVERAGE,
      minSimilarity: vars.AI_MIN_SIMILARITY,
    },
    maxTurns: vars.AI_MAX_TURNS,
    unhelpfulLimit: vars.AI_UNHELPFUL_LIMIT,
    handoffPhrases: vars.AI_HANDOFF_PHRASES,
    unhelpfulPhrases: vars.AI_UNHELPFUL_PHRASES,
    botName: vars.AI_BOT_NAME,
    handoffNotices: vars.AI_HANDOFF_NOTICES ?? {},
    supportHours: vars.SUPPORT_HOURS
      ? parseWeeklyHours(vars.SUPPORT_HOURS, vars.SUPPORT_TIME_ZONE)
      : null,
  };
}
