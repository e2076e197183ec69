import type { Message } from "./chat";

/**
 * Why the bot hands a session to a person: what the customer is told (in English; in other languages
 * by src/features/responder/notices.ts), and what agents read in the internal note. Stored on the session (`handoff_reason`) and counted by the analytics.
 */
export const HANDOFF_REASONS = {
  customer_request: {
    customer: "Connecting you with a person.",
    agents: "The customer asked for a person",
  },
  model_handoff: {
    customer: "This needs a person: connecting you with one.",
    agents: "The assistant decided a person should answer",
  },
  no_match: {
    customer: "I could not find an answer to that: connecting you with a person.",
    agents: "No knowledge-base article matched the question",
  },
  unhelpful: {
    customer: "Sorry that did not help: connecting you with a person.",
    agents: "The customer said the answers did not help",
  },
  turn_limit: {
    customer: "Connecting you with a person who can take this further.",
    agents: "The assistant answered as many times as it may",
  },
  model_failure: {
    customer: "Sorry, I could not answer just now: connecting you with a person.",
    agents: "The assistant failed",
  },
} as const;

export type HandoffReason = keyof typeof HANDOFF_REASONS;
export const HANDOFF_REASON_CODES = Object.keys(HANDOFF_REASONS) as [
  HandoffReason,
  ...HandoffReason[],
];

/**
 * The internal note agents get at the handoff, so nobody asks the customer to repeat themselves:
 * why, the customer's first and latest questions, and what the bot answered from.
 */
export function handoffNote(reason: HandoffReason, detail: string | null, transcript: Message[]) {
  const customer = transcript.filter((m) => m.authorType === "customer");
  const bot = transcript.filter((m) => m.authorType === "bot");
  const quote = (m: Message | undefined) =>
    m ? `"${m.content.length > 280 ? `${m.content.slice(0, 277)}...` : m.content}"` : "-";
  const used = bot.flatMap((m) => (m.sources ?? []).filter((s) => !s.suggested));
  const sources = [...new Set(used.map((s) => s.title))];
  const lines = [
    `Handoff: ${HANDOFF_REASONS[reason].agents}${detail ? ` (${detail})` : ""}.`,
    `First question: ${quote(customer[0])}`,
    ...(customer.length > 1 ? [`Latest: ${quote(customer.at(-1))}`] : []),
    `The assistant answered ${bot.length} time${bot.length === 1 ? "" : "s"}${
      sources.length ? `, from: ${sources.join("; ")}` : ""
    }.`,
  ];
  return lines.join("\n");
}
