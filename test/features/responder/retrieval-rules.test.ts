// The retrieval's rules on their own: coverage, the verdict (answer, offer, nothing), misspellings and
// reciprocal rank fusion, with articles and rankings made up for each rule.
import { describe, expect, it } from "vitest";
import type { Article, RankedArticle } from "../../../src/features/kb";
import { rankByCoverage } from "../../../src/features/kb/coverage";
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
    expect(verdictOf([found("a", 0.52), found("b", 0.2)], rules)).toEqual({ kind: "none" });
    expect(verdictOf([found("a", 0.4)], rules)).toEqual({ kind: "none" });
    expect(verdictOf([], rules)).toEqual({ kind: "none" });
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
});
