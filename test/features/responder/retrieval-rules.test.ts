// The retrieval's rules on their own: coverage, the verdict (answer, offer, nothing), misspellings and
// reciprocal rank fusion, with articles and rankings made up for each rule.
import { describe, expect, it } from "vitest";
import type { Article, RankedArticle } from "../../../src/features/kb";
import { expandTerms, keyOf, rankByCoverage } from "../../../src/features/kb/coverage";
import { DEFAULT_SYNONYMS } from "../../../src/features/kb/default-synonyms";
import { heldWords, phraseFit } from "../../../src/features/kb/phrase-fit";
import { likelyMeant } from "../../../src/features/kb/spelling";
import { hybridRetrieval } from "../../../src/features/responder/retrieval/hybrid-retrieval";
import type { Retrieved } from "../../../src/features/responder/retrieval/retrieval";
import { verdictOf } from "../../../src/features/responder/retrieval/verdict";
import type { RetrievalSettings } from "../../../src/platform/config/ai";

const rules: RetrievalSettings = {
  kind: "hybrid",
  embeddingModel: "@cf/baai/bge-m3",
  minCoverage: 0.55,
  minMargin: 0.15,
  suggestCoverage: 0.5,
  minSimilarity: 0.7,
};

const article = (id: string): Article => ({
  id,
  title: `Article ${id}`,
  body: `About ${id}.`,
  tags: [],
  phrasings: [],
  locale: "en",
  published: true,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});

const found = (id: string, confidence: number, relevance = confidence): Retrieved => ({
  article: article(id),
  excerpt: "",
  coverage: confidence,
  confidence,
  relevance,
});

describe("coverage", () => {
  it("of a question wholly held is 1, for one article or a thousand", () => {
    const all = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `a${i}`, strong: true }));
    for (const n of [1, 1000]) {
      // "tea" is in every article, "refund" in the first only.
      const ranked = rankByCoverage({
        articles: n,
        matches: [all(n), [{ id: "a0", strong: true }]],
        meant: [],
      });
      expect(ranked[0]).toEqual({ id: "a0", coverage: 1 });
      if (n > 1) expect(ranked[1]?.coverage).toBeLessThan(0.5);
    }
  });

  it("counts a word in every article (it weighs little, never nothing)", () => {
    const ranked = rankByCoverage({
      articles: 3,
      matches: [
        [
          { id: "a", strong: true },
          { id: "b", strong: true },
          { id: "c", strong: true },
        ],
      ],
      meant: [],
    });
    expect(ranked.map((r) => r.coverage)).toEqual([1, 1, 1]);
  });

  it("is lowered by a word no article holds, and by a word found only in a body", () => {
    const [unknown] = rankByCoverage({
      articles: 10,
      matches: [[{ id: "a", strong: true }], []],
      meant: [],
    });
    expect(unknown?.coverage).toBeLessThan(0.5);
    const [body] = rankByCoverage({
      articles: 10,
      matches: [[{ id: "a", strong: false }]],
      meant: [],
    });
    expect(body?.coverage).toBeCloseTo(0.75);
  });
});

describe("the verdict", () => {
  it("answers from an article that covers the question and stands clearly ahead", () => {
    expect(verdictOf([found("a", 0.9), found("b", 0.6)], rules)).toMatchObject({
      kind: "answer",
      best: { article: { id: "a" } },
    });
    expect(verdictOf([found("only", 0.6)], rules)).toMatchObject({ kind: "answer" });
  });

  it("offers the two or three best when none stands out", () => {
    const verdict = verdictOf(
      [found("a", 0.9), found("b", 0.85), found("c", 0.8), found("d", 0.78), found("e", 0.4)],
      rules,
    );
    expect(verdict.kind).toBe("suggest");
    if (verdict.kind === "suggest") {
      expect(verdict.articles.map((a) => a.article.id)).toEqual(["a", "b", "c"]);
    }
  });

  it("offers nothing when one is plausible but weak, or none is", () => {
    expect(verdictOf([found("a", 0.52), found("b", 0.45)], rules)).toEqual({ kind: "none" });
    expect(verdictOf([found("a", 0.3)], rules)).toEqual({ kind: "none" });
    expect(verdictOf([], rules)).toEqual({ kind: "none" });
  });

  it("answers with a fifth of the question less from an article twice the margin ahead", () => {
    // minCoverage 0.55 and minMargin 0.15: 0.35 is enough 0.3 ahead, not 0.29 ahead.
    const clear = [found("a", 0.36), found("b", 0.06)];
    expect(verdictOf(clear, rules)).toMatchObject({
      kind: "answer",
      best: { article: { id: "a" } },
    });
    expect(verdictOf([found("a", 0.36), found("b", 0.08)], rules)).toEqual({ kind: "none" });
    expect(verdictOf([found("a", 0.34), found("b", 0)], rules)).toEqual({ kind: "none" });
  });
});

describe("misspellings", () => {
  const vocabulary = ["return", "ship", "teapot", "refund", "chat"].map((term) => ({
    term,
    doc: 3,
  }));

  it("are taken for the indexed word meant", () => {
    expect(likelyMeant("retrun", vocabulary)).toBe("return");
    expect(likelyMeant("teapto", vocabulary)).toBe("teapot");
    expect(likelyMeant("shiping", vocabulary)).toBe("ship");
  });

  it("only in words long enough not to be another word", () => {
    expect(likelyMeant("chai", vocabulary)).toBeNull();
    expect(likelyMeant("whiskers", vocabulary)).toBeNull();
  });
});

describe("suggestions", () => {
  it("offers the articles as sure as the best, though its phrasing puts it ahead", () => {
    // Both hold half the question; one's title fits it better: not enough to answer from it alone.
    const verdict = verdictOf([found("a", 0.5, 0.85), found("b", 0.5, 0.6)], rules);
    expect(verdict).toMatchObject({ kind: "suggest" });
    if (verdict.kind === "suggest")
      expect(verdict.articles.map((a) => a.article.id)).toEqual(["a", "b"]);
  });
});

describe("words as customers write them", () => {
  it("compares a word with the synonym lists whatever its plural, tense or accents", () => {
    expect(keyOf("addresses")).toBe(keyOf("address"));
    expect(keyOf("Packages")).toBe(keyOf("package"));
    expect(keyOf("dispatched")).toBe(keyOf("dispatch"));
    expect(keyOf("envíos")).toBe(keyOf("envio"));
    expect(keyOf("devoluciones")).toBe(keyOf("devolución"));
    expect(keyOf("tea")).toBe("tea");
    expect(keyOf("glass")).toBe("glass");
  });

  it("counts the shipped synonyms and the desk's alike, each word with all the entries holding it", () => {
    const desk = [{ term: "package", synonyms: ["box"] }];
    const [packages, tea] = expandTerms(["packages", "tea"], [...DEFAULT_SYNONYMS, ...desk]);
    expect(packages).toEqual(expect.arrayContaining(["packages", "parcel", "shipment", "box"]));
    expect(tea).toEqual(["tea"]);
    const [geld] = expandTerms(["erstattung"], DEFAULT_SYNONYMS);
    expect(geld).toContain("rückerstattung");
  });

  it("fits an article whose phrasing asks the question as the customer did, synonyms included", () => {
    const tracking = {
      ...article("tracking"),
      title: "Tracking your parcel",
      phrasings: ["where is my parcel"],
    };
    const missing = { ...article("missing"), title: "Something is missing from my parcel" };
    const groups = [["package", "parcel"]];
    expect(phraseFit(heldWords("Where is my package right now?", groups), tracking)).toBe(1);
    expect(phraseFit(heldWords("Where is my package right now?", groups), missing)).toBeCloseTo(
      3 / 6,
    );
    // Sharing only words that carry no topic ("is my") is no fit.
    expect(phraseFit(heldWords("is my tea organic?", [["tea"], ["organic"]]), missing)).toBe(0);
  });
});

describe("reciprocal rank fusion", () => {
  it("puts first what both rankings find, and trusts a close embedding as much as coverage", async () => {
    const ranked = (id: string, coverage: number): RankedArticle => ({
      article: article(id),
      excerpt: "",
      coverage,
      relevance: coverage,
    });
    const retrieval = hybridRetrieval({
      knowledge: {
        rank: async () => [ranked("a", 0.6), ranked("b", 0.5), ranked("c", 0.4)],
        published: async (ids) => ids.map((id) => ranked(id, 0)),
      },
      embed: async (texts) => texts.map(() => [1, 0]),
      index: {
        upsert: async () => ({}),
        deleteByIds: async () => ({}),
        query: async () => ({
          matches: [
            { id: "b", score: 0.7 },
            { id: "d", score: 0.35 },
          ],
        }),
      },
      rules,
    });
    const found = await retrieval.retrieve({ text: "q", language: null, limit: 5 });
    expect(found.map((f) => f.article.id)).toEqual(["b", "a", "c", "d"]);
    // A similarity of AI_MIN_SIMILARITY counts as AI_MIN_COVERAGE; half of it, as half.
    expect(found[0]?.confidence).toBeCloseTo(0.55);
    expect(found.find((f) => f.article.id === "d")?.confidence).toBeCloseTo(0.275);
  });

  it("embeds and looks up a question once when it is tried in another language, and again after a failure", async () => {
    const embedded: string[] = [];
    let lookups = 0;
    let failNext = false;
    const retrieval = hybridRetrieval({
      knowledge: {
        rank: async () => [],
        published: async (ids) =>
          ids.map((id) => ({ article: article(id), excerpt: "", coverage: 0, relevance: 0 })),
      },
      embed: async (texts) => {
        embedded.push(...texts);
        if (failNext) {
          failNext = false;
          throw new Error("embedding model unavailable");
        }
        return texts.map(() => [1, 0]);
      },
      index: {
        upsert: async () => ({}),
        deleteByIds: async () => ({}),
        query: async () => {
          lookups++;
          return { matches: [{ id: "a", score: 0.9 }] };
        },
      },
      rules,
    });
    const ask = (text: string, language: string | null) =>
      retrieval.retrieve({ text, language, limit: 3 });
    expect((await ask("wo ist mein paket", "de")).map((f) => f.article.id)).toEqual([]);
    expect((await ask("wo ist mein paket", null)).map((f) => f.article.id)).toEqual(["a"]);
    expect(embedded).toEqual(["wo ist mein paket"]);
    expect(lookups).toBe(1);

    failNext = true;
    await expect(ask("where is my parcel", null)).rejects.toThrow("unavailable");
    expect((await ask("where is my parcel", null)).map((f) => f.article.id)).toEqual(["a"]);
    expect(embedded).toEqual(["wo ist mein paket", "where is my parcel", "where is my parcel"]);
    expect(lookups).toBe(2);
  });
});
