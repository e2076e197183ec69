import type { Message } from "../../core/chat";
import { questionTerms } from "../kb";
import type { SavedReply } from "../replies";

/** How many saved replies a draft suggests. */
const REPLIES = 3;

/** The words worth matching in `text` (those a search would use), in lower case. */
const termsOf = (text: string) => new Set(questionTerms(text));

/**
 * The saved replies whose shortcut, title or text shares the most words with `text`, best first;
 * none that shares none.
 */
export function matchingReplies(replies: SavedReply[], text: string): SavedReply[] {
  const wanted = termsOf(text);
  return replies
    .map((reply) => {
      const words = termsOf(
        `${reply.shortcut.replaceAll(/[-_]/g, " ")} ${reply.title} ${reply.text}`,
      );
      return { reply, score: [...wanted].filter((word) => words.has(word)).length };
    })
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, REPLIES)
    .map(({ reply }) => reply);
}

const customerMessages = (messages: Message[]) =>
  messages.filter((m) => m.authorType === "customer" && m.visibility === "public");

/** What a draft answers: the customer's newest message, with the one before it for context. */
export function customerQuestion(messages: Message[]): {
  question: Message | undefined;
  context: string;
} {
  const customer = customerMessages(messages);
  return { question: customer.at(-1), context: customer.at(-2)?.content ?? "" };
}

/**
 * A summary without a model: facts taken from the conversation as they are, never invented (how
 * many messages, the customer's first and newest words).
 */
export function excerptSummary(messages: Message[]): string {
  const customer = customerMessages(messages);
  const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);
  const first = customer[0];
  const last = customer.at(-1);
  const parts = [`${messages.length} ${messages.length === 1 ? "message" : "messages"}.`];
  if (first) parts.push(`The customer first wrote: "${clip(first.content)}"`);
  if (last && last !== first) parts.push(`Their latest message: "${clip(last.content)}"`);
  if (!first) parts.push("The customer has not written yet.");
  return parts.join(" ");
}
