// The customer's language: a session takes a BCP 47 locale (canonicalized, refused when it is not
// one), its greeting is the one configured for it, and the bot's handoff notices speak it.
import { describe, expect, it } from "vitest";
import type { HandoffReason } from "../../../src/core/handoff";
import { handoffNotice, noticesFor } from "../../../src/features/responder/notices";
import { parseConfig } from "../../../src/platform/config/config";
import { ConfigError } from "../../../src/platform/errors";
import { parseWeeklyHours } from "../../../src/platform/weekly-hours";
import { env, postJson, type SessionBody, testApp } from "../../helpers";

const GREETINGS = { en: "Hello!", de: "Hallo!", "pt-BR": "Olá!", ar: "مرحبًا!" };

describe("a session's locale", () => {
  it("is stored canonical and shown to the customer; none is null", async () => {
    const started = await postJson("/sessions", { locale: "de-at" }, { token: null });
    expect(started.status).toBe(201);
    expect(await started.json()).toMatchObject({ locale: "de-AT" });
    const plain = await postJson("/sessions", {}, { token: null });
    expect(await plain.json()).toMatchObject({ locale: null });
  });

  it.each(["", "x", "english please", "de_DE", "a".repeat(40), "12-34"])(
    "refuses %j with a problem naming the field",
    async (locale) => {
      const refused = await postJson("/sessions", { locale }, { token: null });
      expect(refused.status).toBe(400);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
      expect(JSON.stringify(await refused.json())).toContain("locale");
    },
  );

  it("chooses the greeting configured for it, its language's, else the English one", async () => {
    const { request } = testApp({ vars: { DEFAULT_MESSAGE: JSON.stringify(GREETINGS) } });
    const greet = async (locale?: string) => {
      const response = await request("/sessions", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(locale ? { locale } : {}),
      });
      return (await response.json<SessionBody>()).messages[0]?.content;
    };
    expect(await greet("de")).toBe("Hallo!");
    expect(await greet("de-CH")).toBe("Hallo!");
    expect(await greet("pt-br")).toBe("Olá!");
    expect(await greet("pt")).toBe("Hello!");
    expect(await greet("ja")).toBe("Hello!");
    expect(await greet()).toBe("Hello!");
  });

  it("greets in each language the widget speaks when nothing is configured", async () => {
    const greet = async (locale?: string) =>
      (
        await (
          await postJson("/sessions", locale ? { locale } : {}, { token: null })
        ).json<SessionBody>()
      ).messages[0]?.content;
    expect(await greet("de-AT")).toBe("Hallo, wie können wir helfen?");
    expect(await greet("fr")).toBe("Bonjour, comment pouvons-nous vous aider ?");
    expect(await greet("es")).toBe("Hola, ¿en qué podemos ayudarte?");
    expect(await greet("ar")).toBe("مرحبًا، كيف يمكننا مساعدتك؟");
    expect(await greet("ja")).toBe("Hello, how may I help you?");
    expect(await greet()).toBe("Hello, how may I help you?");
  });
});

describe("per-locale texts in the configuration", () => {
  it("take a plain text as before, or a JSON object of locale to text", () => {
    expect(parseConfig({ ...env, DEFAULT_MESSAGE: "Hi there" }).defaultMessage).toEqual({
      fallback: "Hi there",
      byLocale: {},
    });
    const { defaultMessage } = parseConfig({
      ...env,
      DEFAULT_MESSAGE: '{"fr": "Bonjour", "es": "Hola"}',
    });
    expect(defaultMessage).toEqual({
      fallback: "Bonjour",
      byLocale: { fr: "Bonjour", es: "Hola" },
    });
  });

  it.each([
    ["DEFAULT_MESSAGE", "{not json"],
    ["DEFAULT_MESSAGE", "{}"],
    ["DEFAULT_MESSAGE", '{"not a tag": "Hi"}'],
    ["DEFAULT_MESSAGE", '{"de": ""}'],
    ["AI_HANDOFF_NOTICES", '{"de": {"no_such_reason": "x"}}'],
    ["AI_HANDOFF_NOTICES", "[1]"],
  ])("refuse %s=%s, naming it", (name, value) => {
    try {
      parseConfig({ ...env, [name]: value });
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).errors.map((e) => e.path)).toContain(name);
    }
  });
});

describe("handoff notices", () => {
  const hours = parseWeeklyHours("Mon-Fri 09:00-17:00", "Europe/Berlin");
  const sunday = new Date("2026-11-29T10:00:00Z");

  it("speak the customer's language, its region falling back to it, else English", () => {
    expect(handoffNotice("no_match", "de-AT", null, sunday)).toBe(
      "Dazu habe ich keine Antwort gefunden: Ich verbinde Sie mit einem Menschen.",
    );
    expect(handoffNotice("customer_request", "ar", null, sunday)).toBe("سأوصلك بأحد أفراد فريقنا.");
    expect(handoffNotice("customer_request", "ja", null, sunday)).toBe(
      "Connecting you with a person.",
    );
  });

  it("in Spanish say tú to the customer, as the widget and the greeting do, never usted", () => {
    const es = noticesFor("es");
    const texts = [
      ...Object.values(es.handoff),
      es.away("L-V 09:00-17:00", "Europe/Madrid", "lun 09:00"),
      es.suggestions,
      es.article,
      ...Object.values(es.smallTalk),
    ];
    for (const text of texts) {
      expect(text).not.toMatch(/\b(le|Le|usted|ayudarle|necesita algo|pregunte|pida)\b/);
    }
    expect(handoffNotice("no_match", "es-MX", null, sunday)).toBe(
      "No encontré una respuesta: te pongo en contacto con una persona.",
    );
  });

  it("say when a person answers, in the customer's language and its way with dates", () => {
    const text = handoffNotice("no_match", "fr", hours, sunday);
    expect(text).toContain(
      "Notre équipe est absente pour le moment (horaires : Mon-Fri 09:00-17:00, Europe/Berlin).",
    );
    expect(text).toMatch(/à partir de lun\. 09:00 \(Europe\/Berlin\)/);
  });

  it("take the configured texts over the built-in ones, for any locale", () => {
    const { ai } = parseConfig({
      ...env,
      AI_HANDOFF_NOTICES: JSON.stringify({
        en: { no_match: "Hold on, a person is coming." },
        de: { no_match: "Moment, ein Mensch kommt." },
        it: { no_match: "Un momento, arriva una persona." },
      }),
    });
    const say = (locale: string | null, reason: HandoffReason = "no_match") =>
      handoffNotice(reason, locale, null, sunday, ai.handoffNotices);
    expect(say("de")).toBe("Moment, ein Mensch kommt.");
    expect(say("de-AT")).toBe("Moment, ein Mensch kommt.");
    expect(say("it-IT")).toBe("Un momento, arriva una persona.");
    expect(say("de", "unhelpful")).toContain("nicht geholfen");
    // A language with neither built-in nor configured texts reads the configured English.
    expect(say("ja")).toBe("Hold on, a person is coming.");
    expect(say(null)).toBe("Hold on, a person is coming.");
    expect(say("fr")).toMatch(/^Je n'ai pas trouvé/);
  });

  it("outside hours keep the configured reason and add when a person answers", () => {
    const { ai } = parseConfig({
      ...env,
      AI_HANDOFF_NOTICES: JSON.stringify({ de: { no_match: "Moment, ein Mensch kommt." } }),
    });
    const text = handoffNotice("no_match", "de", hours, sunday, ai.handoffNotices);
    expect(text).toMatch(/^Moment, ein Mensch kommt\. Unser Team ist gerade nicht da/);
    expect(text).toContain("Eine Antwort kommt ab Mo., 09:00 (Europe/Berlin).");
  });
});
