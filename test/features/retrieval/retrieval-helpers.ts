// Shared by the retrieval tests: writing articles as an admin, and asking the responder a question in
// a fresh session (in a language) to see what it did with it.
import { expect } from "vitest";
import { act, agentToken, call, mint, postJson, type SessionBody } from "../../helpers";

export const admin = await mint({ role: "admin", subject: "ada" });

/** Writes a published article (English unless said); its id. */
export async function writeArticle(fields: {
  title: string;
  body: string;
  phrasings?: string[];
  tags?: string[];
  locale?: string;
  published?: boolean;
}): Promise<string> {
  const answer = await act("/kb/articles", admin, fields);
  expect(answer.status).toBe(201);
  return (answer.body as { id: string }).id;
}

/** The tea shop both rule suites start from: "tea" is in every article. */
export const TEA_SHOP = {
  storing: {
    title: "Storing tea",
    body: "Keep tea in an airtight tin, away from light and heat.",
  },
  brewing: {
    title: "Brewing tea",
    body: "Green tea wants water at 80 degrees; black tea boiling water, for four minutes.",
  },
  gifts: { title: "Tea gift boxes", body: "Our tea gift boxes hold six teas and come wrapped." },
  refunds: {
    title: "Refunds for tea orders",
    body: "Refunds reach the card you paid with within five days of the return arriving.",
  },
};

export type Outcome =
  | { kind: "answered"; sources: string[]; content: string }
  | { kind: "suggested"; suggestions: string[]; content: string }
  | { kind: "handed_off"; notice: string };

/** Starts a session (in `locale`), asks `question`, and waits for the responder's reply or handoff. */
export async function ask(question: string, locale?: string): Promise<Outcome> {
  return (await converse([question], locale))[0] as Outcome;
}

/**
 * Starts a session (in `locale`) and asks each question in turn, each after the responder's reply
 * to the one before; what it did with each (a handoff ends the conversation: no more are asked).
 */
export async function converse(questions: string[], locale?: string): Promise<Outcome[]> {
  const started = await call("/sessions", {
    method: "POST",
    token: null,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(locale ? { locale } : {}),
  });
  expect(started.status).toBe(201);
  const { id, customer_token } = await started.json<
    SessionBody & { customer_token: { token: string } }
  >();
  const outcomes: Outcome[] = [];
  for (const question of questions) {
    const posted = await postJson(
      `/sessions/${id}/messages`,
      { content: question },
      { token: customer_token.token },
    );
    expect(posted.status).toBe(201);
    const { message } = await posted.json<SessionBody>();
    const outcome = await outcomeAfter(id, message?.seq ?? 0, question);
    outcomes.push(outcome);
    if (outcome.kind === "handed_off") break;
  }
  return outcomes;
}

/** Waits for the responder's reply to the customer's message at `seq`, or the session's handoff. */
async function outcomeAfter(id: string, seq: number, question: string): Promise<Outcome> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const session = await (
      await call(`/sessions/${id}`, { token: agentToken })
    ).json<SessionBody>();
    const bot = session.messages.find((m) => m.author_type === "bot" && m.seq > seq);
    if (bot?.suggestions) {
      return {
        kind: "suggested",
        suggestions: bot.suggestions.map((s) => s.id),
        content: bot.content,
      };
    }
    if (bot)
      return {
        kind: "answered",
        sources: (bot.sources ?? []).map((s) => s.id),
        content: bot.content,
      };
    if (session.status !== "bot") {
      const notice = session.messages.findLast(
        (m) => m.author_type === "system" && m.visibility === "public",
      );
      return { kind: "handed_off", notice: notice?.content ?? "" };
    }
    if (Date.now() > deadline) throw new Error(`no reply to "${question}"`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
