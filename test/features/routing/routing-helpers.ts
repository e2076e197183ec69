// Shared by the routing suites: teams, sessions started as a widget would, agents with a console open.
import { expect } from "vitest";
import {
  type CallInit,
  call,
  createSession,
  mint,
  type SessionBody,
  supervisorToken,
} from "../../helpers";
import { openQueue } from "../../live-helpers";

export const json = (
  method: string,
  body: unknown,
  token: string | null = supervisorToken,
): CallInit => ({
  method,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
  token,
});

let unique = 0;
/** A fresh id for this file's teams and agents. */
export const fresh = (prefix: string) => `${prefix}-${++unique}-${crypto.randomUUID().slice(0, 6)}`;

export async function createTeam(body: Record<string, unknown>) {
  const response = await call("/teams", json("POST", { name: "A team", ...body }));
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<{ id: string; members: string[] }>();
}

/** Starts a session as a widget would, with a body (team, page, skill). */
export function startIn(body: Record<string, unknown>) {
  return createSession(json("POST", body, null));
}

/** An agent with a console open on their team's queue: connected, and online unless they chose away. */
export async function agentAt(team: string, subject = fresh("agent")) {
  const token = await mint({ subject, name: subject });
  const console_ = await openQueue(token, team);
  await console_.until((frames) => frames.some((f) => f.type === "ready"));
  return { id: subject, token, console: console_ };
}

export const agentView = (id: string) =>
  call(`/sessions/${id}`, { token: supervisorToken }).then((r) => r.json<SessionBody>());

export const me = (token: string) => call("/agents/me", { token }).then((r) => r.json<Agent>());

export interface Agent {
  id: string;
  status: string;
  chosen_status: string;
  connected: boolean;
  assigned: number;
  skills: string[];
  teams: string[];
}

export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 5000,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`never: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
