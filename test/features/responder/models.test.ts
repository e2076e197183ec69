// The models the responder may ask, and the rules around them, at the level where each lives: no
// test reaches the network (outbound fetch is mocked; the Workers AI binding is a fake).
import Ajv from "ajv";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mentionsAny, toFtsQuery } from "../../../src/core/search";
import type { ModelRequest } from "../../../src/features/responder/model";
import {
  MODEL_ANSWER_JSON_SCHEMA,
  parseModelAnswer,
} from "../../../src/features/responder/model-answer";
import { articleModel } from "../../../src/features/responder/models/article-model";
import { openAiModel } from "../../../src/features/responder/models/openai-model";
import { abortable, workersAiModel } from "../../../src/features/responder/models/workers-ai-model";
import { handoffNotice } from "../../../src/features/responder/notices";
import { revealsPrompt, SYSTEM_PROMPT } from "../../../src/features/responder/prompt";
import { parseConfig } from "../../../src/platform/config/config";
import { ConfigError } from "../../../src/platform/errors";
import { isOpen, nextOpening, parseWeeklyHours } from "../../../src/platform/weekly-hours";
import { env } from "../../helpers";

afterEach(() => vi.restoreAllMocks());

const request: ModelRequest = {
  question: "How long do refunds take?",
  locale: null,
  transcript: [{ role: "customer", content: "Hi" }],
  articles: [{ id: "a-1", title: "Refunds", body: "Within 14 days.", excerpt: "14 days" }],
};
const signal = () => AbortSignal.timeout(1000);

describe("an OpenAI-compatible endpoint", () => {
  it("is sent the rules, the articles as data and the conversation, and its JSON is read", async () => {
    const sent: { url: string; init: RequestInit }[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      sent.push({ url: String(input), init: init ?? {} });
      const content = JSON.stringify({
        action: "answer",
        reply: "14 days.",
        reason: "",
        sources: ["a-1"],
      });
      return Response.json({ choices: [{ message: { role: "assistant", content } }] });
    });
    const model = openAiModel({ baseUrl: "https://llm.example/v1", model: "m-1", apiKey: "k-1" });
    const answer = parseModelAnswer(await model.answer(request, signal()));
    expect(answer).toEqual({ action: "answer", reply: "14 days.", reason: "", sources: ["a-1"] });
    expect(sent[0]?.url).toBe("https://llm.example/v1/chat/completions");
    expect(new Headers(sent[0]?.init.headers).get("authorization")).toBe("Bearer k-1");
    const body = JSON.parse(String(sent[0]?.init.body));
    expect(body).toMatchObject({ model: "m-1", response_format: { type: "json_object" } });
    expect(body.messages[0]).toEqual({ role: "system", content: SYSTEM_PROMPT });
    expect(body.messages[1].content).toContain('<article id="a-1" title="Refunds">');
    expect(body.messages.at(-1)).toEqual({ role: "user", content: request.question });
  });

  it("fails on an error answer, and sends no key where none is set (Ollama, vLLM)", async () => {
    const spy = vi
      .spyOn(globalThis, "fetch")
      .mockImplementation(async () => new Response("overloaded", { status: 503 }));
    const model = openAiModel({ baseUrl: "http://localhost:11434/v1", model: "m", apiKey: null });
    await expect(model.answer(request, signal())).rejects.toThrow("503");
    const init = spy.mock.calls[0]?.[1];
    expect(new Headers(init?.headers).has("authorization")).toBe(false);
  });
});

describe("Workers AI", () => {
  it("runs the configured model through the AI Gateway, held to the answer's schema", async () => {
    const calls: unknown[][] = [];
    const ai = {
      run: async (...args: unknown[]) => {
        calls.push(args);
        return { response: { action: "handoff", reply: "", reason: "no", sources: [] } };
      },
    };
    const answer = await workersAiModel(ai, "@cf/meta/llama", "gw-1").answer(request, signal());
    expect(parseModelAnswer(answer).action).toBe("handoff");
    const [model, inputs, options] = calls[0] as [string, Record<string, unknown>, unknown];
    expect(model).toBe("@cf/meta/llama");
    expect(inputs.response_format).toMatchObject({ type: "json_schema" });
    expect(options).toEqual({ gateway: { id: "gw-1" } });
  });

  it("gives up when the budget runs out, whatever the binding does", async () => {
    const never = new Promise(() => {});
    await expect(abortable(never, AbortSignal.timeout(20))).rejects.toThrow();
  });
});

describe("without a model", () => {
  it("answers with the best article, and hands off when there is none", async () => {
    const answer = parseModelAnswer(await articleModel.answer(request, signal()));
    expect(answer).toMatchObject({ action: "answer", sources: ["a-1"] });
    // The title and the excerpt; the article itself is the source (no API path a customer cannot open).
    expect(answer.reply).toBe('This article may help: "Refunds". 14 days');
    const none = parseModelAnswer(
      await articleModel.answer({ ...request, articles: [] }, signal()),
    );
    expect(none.action).toBe("handoff");
  });
});

describe("a model's answer", () => {
  it("is one of two actions, in JSON (fenced or not); anything else is refused", () => {
    expect(
      parseModelAnswer('```json\n{"action":"answer","reply":"x","sources":["a"]}\n```'),
    ).toEqual({
      action: "answer",
      reply: "x",
      reason: "",
      sources: ["a"],
    });
    for (const raw of ['{"action":"refund"}', "sure!", null, { action: "delete_account" }]) {
      expect(() => parseModelAnswer(raw)).toThrow();
    }
  });

  it("is held to a JSON Schema derived from the same rules: what parses is what validates", () => {
    const validate = new Ajv({ strict: false }).compile(MODEL_ANSWER_JSON_SCHEMA);
    const answer = parseModelAnswer({ action: "answer", reply: "x", sources: ["a"] });
    expect(validate(answer)).toBe(true);
    expect(validate({ ...answer, extra: true })).toBe(false);
    expect(validate({ action: "answer", reply: "x" })).toBe(false);
    expect(validate({ ...answer, reply: "x".repeat(4_001) })).toBe(false);
  });

  it("that repeats the rules is caught", () => {
    expect(revealsPrompt(`Here: ${SYSTEM_PROMPT.slice(100, 200)}`)).toBe(true);
    expect(revealsPrompt("Refunds take up to 14 days; see the refund policy.")).toBe(false);
  });
});

describe("support hours", () => {
  const hours = parseWeeklyHours("Mon-Fri 09:00-17:00, Sat 10:00-12:00", "Europe/Berlin");

  it("are open and closed as written, in their time zone", () => {
    expect(isOpen(hours, new Date("2026-11-25T10:00:00Z"))).toBe(true); // Wed 11:00 Berlin
    expect(isOpen(hours, new Date("2026-11-25T16:30:00Z"))).toBe(false); // Wed 17:30
    expect(isOpen(hours, new Date("2026-11-28T09:30:00Z"))).toBe(true); // Sat 10:30
    expect(isOpen(hours, new Date("2026-11-29T10:00:00Z"))).toBe(false); // Sun
    expect(nextOpening(hours, new Date("2026-11-28T12:00:00Z"))).toEqual(
      new Date("2026-11-30T08:00:00Z"), // Mon 09:00 Berlin
    );
  });

  it("tell a customer handed off after hours when a person will answer", () => {
    const text = handoffNotice("no_match", null, hours, new Date("2026-11-29T10:00:00Z"));
    expect(text).toContain("connecting you with a person");
    expect(text).toContain("Mon-Fri 09:00-17:00");
    expect(text).toMatch(/from Mon.*09:00/);
    expect(handoffNotice("no_match", null, hours, new Date("2026-11-25T10:00:00Z"))).not.toContain(
      "away",
    );
  });

  it("are told in the customer's language, English where there is none", () => {
    const sunday = new Date("2026-11-29T10:00:00Z");
    const german = handoffNotice("no_match", "de-AT", hours, sunday);
    expect(german).toContain("Ich verbinde Sie mit einem Menschen");
    expect(german).toContain("Unser Team ist gerade nicht da (Zeiten: Mon-Fri 09:00-17:00");
    expect(handoffNotice("customer_request", "ar", null, sunday)).toBe("سأوصلك بأحد أفراد فريقنا.");
    expect(handoffNotice("no_match", "fr", null, sunday)).toMatch(/^Je n'ai pas trouvé/);
    expect(handoffNotice("no_match", "es", null, sunday)).toMatch(/^No encontré/);
    expect(handoffNotice("no_match", "pt-BR", null, sunday)).toBe(
      "I could not find an answer to that: connecting you with a person.",
    );
  });

  it("that cannot be read make the configuration invalid, naming the var", () => {
    for (const bad of ["Mon-Fri 9-5", "Funday 09:00-10:00", "Mon 17:00-09:00"]) {
      try {
        parseConfig({ ...env, SUPPORT_HOURS: bad });
        throw new Error("expected a ConfigError");
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).errors[0]?.path).toBe("SUPPORT_HOURS");
      }
    }
  });
});

describe("words", () => {
  it("ask for a person only as whole words", () => {
    const phrases = ["agent", "talk to a person"];
    expect(mentionsAny("Can I talk to a person?", phrases)).toBe(true);
    expect(mentionsAny("AGENT please", phrases)).toBe(true);
    expect(mentionsAny("my travel agents said", phrases)).toBe(false);
  });

  it("are understood by default in every language the assistant speaks, with a phone's apostrophe", () => {
    const { handoffPhrases, unhelpfulPhrases } = parseConfig({
      ...env,
      AI_HANDOFF_PHRASES: undefined,
      AI_UNHELPFUL_PHRASES: undefined,
    }).ai;
    for (const asks of [
      "Ich möchte mit einem Menschen sprechen",
      "Je voudrais parler à un conseiller",
      "¿Puedo hablar con una persona?",
      "أريد التحدث إلى موظف",
    ]) {
      expect(mentionsAny(asks, handoffPhrases), asks).toBe(true);
    }
    for (const unhelpful of [
      "That didn’t help",
      "Das hat nicht geholfen",
      "ça n’a pas aidé",
      "no me ayudó nada",
      "هذا لم يساعد",
    ]) {
      expect(mentionsAny(unhelpful, unhelpfulPhrases), unhelpful).toBe(true);
    }
    // As customers type them: with someone, without accents or the hamza.
    for (const asks of [
      "I want to speak with someone",
      "Kann ich bitte mit jemandem reden?",
      "une conseillere svp",
      "اريد التحدث مع انسان",
    ]) {
      expect(mentionsAny(asks, handoffPhrases), asks).toBe(true);
    }
    for (const unhelpful of ["no me ayudo", "inutil", "ça n'a pas aide"]) {
      expect(mentionsAny(unhelpful, unhelpfulPhrases), unhelpful).toBe(true);
    }
    expect(mentionsAny("Wann kommt mein Paket?", handoffPhrases)).toBe(false);
    expect(mentionsAny("¿Cuántas personas caben?", handoffPhrases)).toBe(false);
  });

  it("become a full-text query that is never FTS5 syntax", () => {
    expect(toFtsQuery('How do I get a "refund" NEAR(x)?')).toBe('"refund" OR "near"');
    expect(toFtsQuery("the and of")).toBeNull();
  });
});
