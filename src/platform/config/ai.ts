import { z } from "zod";
import { parseWeeklyHours, type WeeklyHours } from "../weekly-hours";
import { flag, list, optional, positiveInt } from "./vars";

// The AI first responder's variables (part of src/platform/config/config.ts's one schema), each with its default.

/** Words or phrases, compared in lower case. */
const phrases = list(z.string().transform((phrase) => phrase.toLowerCase()));

export const aiVars = {
  AI_RESPONDER: flag.default(false),
  AI_MODEL: optional(z.string().min(1)),
  AI_GATEWAY: optional(z.string().min(1)),
  AI_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  AI_API_KEY: optional(z.string().min(1)),
  AI_TIMEOUT_MS: z.coerce.number().int().min(200).max(60_000).default(4_000),
  AI_MAX_ATTEMPTS: positiveInt(5).default(2),
  AI_MIN_SCORE: z.coerce.number().min(0).default(0.5),
  AI_MAX_TURNS: positiveInt(50).default(5),
  AI_UNHELPFUL_LIMIT: positiveInt(10).default(2),
  AI_HANDOFF_PHRASES: phrases.prefault(
    "agent,human,person,representative,operator,real person,talk to someone,speak to someone",
  ),
  AI_UNHELPFUL_PHRASES: phrases.prefault(
    "not helpful,didn't help,did not help,doesn't help,does not help,that's wrong,that is wrong,not what i asked,useless",
  ),
  AI_BOT_NAME: z.string().min(1).default("Assistant"),
  SUPPORT_HOURS: optional(z.string().min(1)),
  SUPPORT_TIME_ZONE: z.string().min(1).default("UTC"),
};

type AiVars = z.output<z.ZodObject<typeof aiVars>>;

/** Which model answers: the Workers AI binding, an OpenAI-compatible endpoint, or none (articles). */
export type ModelChoice =
  | { kind: "workers-ai"; model: string; gateway: string | null }
  | { kind: "openai"; baseUrl: string; model: string; apiKey: string | null }
  | { kind: "articles" };

export interface AiConfig {
  /** New sessions start owned by the bot. */
  responder: boolean;
  model: ModelChoice;
  /** The whole budget of one answer, retries included; past it the customer is handed off. */
  timeoutMs: number;
  maxAttempts: number;
  /** The least relevance (-bm25) an article needs for the bot to answer from it. */
  minScore: number;
  maxTurns: number;
  unhelpfulLimit: number;
  handoffPhrases: string[];
  unhelpfulPhrases: string[];
  botName: string;
  /** When people answer; null: always (no hours configured). */
  supportHours: WeeklyHours | null;
}

/** Checks what the AI vars need of each other, naming the var at fault. */
export function checkAiVars(
  vars: AiVars,
  hasBinding: boolean,
  problem: (path: string, message: string) => void,
) {
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
    minScore: vars.AI_MIN_SCORE,
    maxTurns: vars.AI_MAX_TURNS,
    unhelpfulLimit: vars.AI_UNHELPFUL_LIMIT,
    handoffPhrases: vars.AI_HANDOFF_PHRASES,
    unhelpfulPhrases: vars.AI_UNHELPFUL_PHRASES,
    botName: vars.AI_BOT_NAME,
    supportHours: vars.SUPPORT_HOURS
      ? parseWeeklyHours(vars.SUPPORT_HOURS, vars.SUPPORT_TIME_ZONE)
      : null,
  };
}
