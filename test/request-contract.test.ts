// The request half of the contract: the check that holds every request a test sends against the
// document can fail, and the document and the service's request schemas agree on the values where
// they used to part (regex flags, nullable and lenient numbers, a transfer's two shapes, no body...).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { queryInt } from "../src/core/wire/params";
import { ContractViolation, type Document } from "./contract";
import { call, testServices } from "./helpers";
import {
  documentJudge,
  holdRequest,
  type SentRequest,
  type ServiceVerdict,
  serviceJudge,
} from "./request-contract";

const SESSION = "3f0e4c1e-8a3b-4d6f-9a57-1f2b6c7d8e90";

function sent(method: string, path: string, body?: unknown, contentType = "application/json") {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  return {
    method,
    url: new URL(path, "http://chat.test"),
    contentType: body === undefined ? null : contentType,
    body: text,
  } satisfies SentRequest;
}

/** A one-route app whose schemas part from its document where a test needs them to. */
function thingsApp(body: z.ZodType) {
  const app = new OpenAPIHono();
  const route = createRoute({
    method: "post",
    path: "/things/{id}",
    request: {
      params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
      query: z.object({ limit: queryInt(1, 10).optional() }),
      body: { required: true, content: { "application/json": { schema: body } } },
    },
    responses: { 200: { description: "Done." } },
  });
  app.openapi(route, (c) => c.body(null, 200));
  const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
  return { documented: documentJudge(doc as unknown as Document), served: serviceJudge(app) };
}

const answer = (status: number) => new Response(null, { status });

/** Holds `request` (answered `status`) against the document and the schemas of `judges`. */
const hold = (judges: ReturnType<typeof thingsApp>, request: SentRequest, status: number) =>
  holdRequest(request, judges.documented(request), judges.served(request), answer(status));

describe("the request check", () => {
  const skill = thingsApp(z.object({ skill: z.string().regex(/^[\p{L}:]+$/u) }));

  it("passes a request both sides accept, and one both refuse", () => {
    const plain = thingsApp(z.object({ name: z.string().min(1) }));
    expect(() => hold(plain, sent("POST", "/things/a?limit=3", { name: "x" }), 200)).not.toThrow();
    for (const refused of [
      sent("POST", "/things/a", { name: "" }),
      sent("POST", "/things/A", { name: "x" }),
      sent("POST", "/things/a?limit=11", { name: "x" }),
      sent("POST", "/things/a", { name: "x" }, "text/plain"),
      sent("POST", "/things/a", "{"),
      sent("POST", "/things/a"),
    ]) {
      expect(() => hold(plain, refused, 400)).not.toThrow();
    }
  });

  it("fails a request the service's schemas accept and the document refuses, whatever the answer", () => {
    // The generator wrote the u flag into the pattern: "^[\p{L}:]+$/u" refuses every value.
    const request = sent("POST", "/things/a", { skill: "lang:de" });
    expect(() => hold(skill, request, 200)).toThrow(ContractViolation);
    expect(() => hold(skill, request, 404)).toThrow(/document refuses the request/);
  });

  it("fails a success the document refuses, even where the service's schemas are read wrong", () => {
    const request = sent("POST", "/things/a", { skill: "lang:de" });
    const refusedToo: ServiceVerdict = { unreadable: false, structural: ["body.skill: wrong"] };
    const refusals = skill.documented(request);
    expect(() => holdRequest(request, refusals, refusedToo, answer(200))).toThrow(/a success/);
    expect(() => holdRequest(request, refusals, refusedToo, answer(400))).not.toThrow();
  });

  it("fails a request the document accepts and the service's schemas refuse", () => {
    // zod refuses a key outside the enum; an object schema without additionalProperties takes it.
    const levels = thingsApp(z.partialRecord(z.enum(["low", "high"]), z.int()));
    const request = sent("POST", "/things/a", { critical: 1 });
    expect(() => hold(levels, request, 400)).toThrow(/the service's schemas refuse it/);
  });

  it("lets the service refuse what only a refinement says", () => {
    const refined = thingsApp(z.object({ name: z.string().refine((v) => v !== "no", "not no") }));
    expect(() => hold(refined, sent("POST", "/things/a", { name: "no" }), 400)).not.toThrow();
  });
});

describe("the document and the service agree", async () => {
  const doc = await (await call("/openapi.json")).json<Document>();
  const documented = documentJudge(doc);
  const served = serviceJudge(createApp(testServices()));

  /** Whether each side accepts `request` (the service: but for custom refinements): [document, service]. */
  const verdicts = (request: SentRequest) => {
    const refusals = documented(request);
    const verdict = served(request);
    expect(refusals && verdict, `${request.method} ${request.url.pathname}`).toBeTruthy();
    return [
      refusals?.length === 0,
      verdict?.unreadable === false && verdict.structural.length === 0,
    ];
  };

  it.each([
    ["3", true],
    [" 5", true],
    ["0x10", true],
    ["", false],
    ["-1", false],
    ["1.5", false],
    ["NaN", false],
    ["1e20", false],
    ["9007199254740993", false],
  ])("on after_seq=%j (%s)", (value, accepted) => {
    const request = sent("GET", `/sessions/${SESSION}/messages?after_seq=${value}`);
    expect(verdicts(request)).toEqual([accepted, accepted]);
  });

  it.each([
    [SESSION, true],
    [SESSION.toUpperCase(), true],
    ["not-a-uuid", false],
    [`${SESSION}0`, false],
  ])("on the session id %s (%s)", (id, accepted) => {
    expect(verdicts(sent("GET", `/sessions/${id}`))).toEqual([accepted, accepted]);
    expect(verdicts(sent("GET", `/kb/articles/${id}`))).toEqual([accepted, accepted]);
  });

  it.each([
    ["2026-01-01T00:00:00Z", true],
    ["2026-01-01T00:00:00.123456+02:00", true],
    ["2026-01-01T00:00:00+0200", false],
    ["2026-01-01t00:00:00z", false],
    ["2026-01-01 00:00:00Z", false],
    ["2026-01-01T00:00Z", false],
    ["2026-01-01T23:59:60Z", false],
    ["2026-02-30T00:00:00Z", false],
  ])("on the analytics range from %s (%s)", (from, accepted) => {
    const query = new URLSearchParams({ from, to: "2026-02-01T00:00:00Z" });
    const request = sent("GET", `/analytics/summary?${query}`);
    expect(verdicts(request)).toEqual([accepted, accepted]);
  });

  it.each([
    [{ skill: "lang:de" }, true],
    [{ skill: "two words" }, false],
    [{ team_id: "billing", page_url: "https://shop.example/help?x=1" }, true],
    [{ page_url: "https://shop.example/a b" }, false],
    [{ page_url: "https://shop.example/ä" }, false],
    [{ page_url: "shop.example/help" }, false],
    [{ team_id: "Billing" }, false],
  ])("on starting a session with %j (%s)", (body, accepted) => {
    expect(verdicts(sent("POST", "/sessions", body))).toEqual([accepted, accepted]);
  });

  it.each([
    [{ agent_id: "bob" }, true],
    [{ agent_id: "bob", agent_name: "Bob" }, true],
    [{ team_id: "billing" }, true],
    [{ agent_id: "bob", team_id: "billing" }, false],
    [{ agent_name: "Bob" }, false],
    [{}, false],
  ])("on a transfer with %j (%s)", (body, accepted) => {
    const request = sent("POST", `/sessions/${SESSION}/transfer`, body);
    expect(verdicts(request)).toEqual([accepted, accepted]);
  });

  it.each([
    [undefined, "application/json", true],
    ["", "application/json", true],
    ["{}", "application/json", true],
    [{ outcome: "spam" }, "application/json", true],
    [{ outcome: "solved" }, "application/json", false],
    ["{}", "text/plain", false],
  ])("on a resolution with the body %j as %s (%s)", (body, type, accepted) => {
    const request = sent("POST", `/sessions/${SESSION}/resolve`, body, type);
    expect(verdicts(request)).toEqual([accepted, accepted]);
  });

  it.each([
    [
      {
        name: "T",
        service_levels: { urgent: { first_response_seconds: 60, next_response_seconds: 60 } },
      },
      true,
    ],
    [
      {
        name: "T",
        service_levels: { critical: { first_response_seconds: 60, next_response_seconds: 60 } },
      },
      false,
    ],
    [{ name: "T", time_zone: "\u{1F600}".repeat(64) }, true],
    [{ name: "T", time_zone: "\u{1F600}".repeat(65) }, false],
  ])("on a team %j (%s)", (body, accepted) => {
    expect(verdicts(sent("PUT", "/teams/billing", body))).toEqual([accepted, accepted]);
  });

  it.each([
    [{ skills: ["lang:de", "billing"] }, "/agents/bob/skills", true],
    [{ last_read_seq: 3 }, `/sessions/${SESSION}/read`, true],
    [{ last_read_seq: 1e20 }, `/sessions/${SESSION}/read`, false],
    [{ type: "string", label: "Plan" }, "/contact-attributes/plan", true],
    [{ type: "string", label: " " }, "/contact-attributes/plan", false],
    [{ type: "string", label: "\u{1F600}".repeat(100) }, "/contact-attributes/plan", true],
  ])("on %j to %s (%s)", (body, path, accepted) => {
    const method = /^\/(agents|contact-attributes)/.test(path) ? "PUT" : "POST";
    expect(verdicts(sent(method, path, body))).toEqual([accepted, accepted]);
  });
});
