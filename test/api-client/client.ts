// A client of the support chat API written as a third party writes one: types generated from
// /openapi.json by openapi-typescript, requests sent by openapi-fetch. It is never run, only
// type-checked against a fresh generation (`npm run check`, scripts/check-api-client.mjs), so a
// document that gives generated clients types a person would not write fails the check.
import createClient from "openapi-fetch";
import type { components, paths } from "./openapi";

/** True when A and B are the same type. */
type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when its type argument is `true`. */
const holds = <_ extends true>() => undefined;

type Session = components["schemas"]["SessionSummary"];

export async function deskDay(baseUrl: string, token: string, session_id: string) {
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
  const path = { session_id };

  // A widget starts a session with no body, or names what it knows.
  await api.POST("/sessions");
  await api.POST("/sessions", { body: { skill: "lang:de", page_url: "https://shop.example/" } });

  // Paging forward from a seq; a URL carries no null.
  const page = await api.GET("/sessions/{session_id}/messages", {
    params: { path, query: { after_seq: 3, limit: 50 } },
  });
  holds<Same<NonNullable<typeof page.data>, components["schemas"]["MessagePage"]>>();
  await api.GET("/sessions/{session_id}/messages", {
    // @ts-expect-error after_seq is a number or left out, never null
    params: { path, query: { after_seq: null } },
  });

  // Reading a session as an agent: fields only agents see may be absent, and may be null.
  const read = await api.GET("/sessions/{session_id}", { params: { path } });
  if (read.data) {
    holds<Same<typeof read.data.due_at, string | null | undefined>>();
    holds<Same<typeof read.data.created_at, string>>();
    holds<Same<(typeof read.data.messages)[number], components["schemas"]["Message"]>>();
  }

  // Transitions answer the session by name; a transfer names a team alone, or an agent.
  const taken = await api.POST("/queue/claim");
  holds<Same<NonNullable<typeof taken.data>, Session>>();
  await api.POST("/sessions/{session_id}/transfer", {
    params: { path },
    body: { team_id: "billing" },
  });
  await api.POST("/sessions/{session_id}/transfer", {
    params: { path },
    body: { agent_id: "bob@example.com", agent_name: "Bob" },
  });
  await api.POST("/sessions/{session_id}/transfer", {
    params: { path },
    // @ts-expect-error a transfer names an agent or a team
    body: { agent_name: "Bob" },
  });

  // Resolving needs no body; the outcome has a default.
  const resolved = await api.POST("/sessions/{session_id}/resolve", { params: { path } });
  holds<Same<NonNullable<typeof resolved.data>, Session>>();
  await api.POST("/sessions/{session_id}/resolve", { params: { path }, body: {} });
  await api.POST("/sessions/{session_id}/resolve", { params: { path }, body: { outcome: "spam" } });

  // Fields with defaults are left out.
  await api.POST("/teams", { body: { id: "billing", name: "Billing" } });
  await api.POST("/kb/articles", { body: { title: "Returns", body: "Within 30 days." } });
  await api.POST("/sign-in/dev", { body: { agent_id: "alice" } });
  await api.GET("/sessions", { params: { query: { status: "open" } } });
  await api.GET("/kb/search", { params: { query: { q: "refund" } } });

  // Timestamps are strings, a missing error is a problem document.
  const ticket = await api.POST("/sessions/{session_id}/live-ticket", { params: { path } });
  holds<Same<NonNullable<typeof ticket.data>["expires_at"], string>>();
  if (ticket.error) holds<Same<typeof ticket.error, components["schemas"]["Problem"]>>();
}
