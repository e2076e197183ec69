// Shared by the labels suites: labels made by a supervisor, put on sessions by whoever is said.
import { expect } from "vitest";
import { type CallInit, call, mint, supervisorToken } from "../../helpers";

export const adminToken = await mint({ role: "admin", subject: "ada", name: "Ada" });

export const send = (method: string, body?: unknown, token: string | null = supervisorToken) =>
  ({
    method,
    token,
    ...(body !== undefined && {
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
  }) satisfies CallInit;

export interface LabelBody {
  id: string;
  name: string;
  colour: string;
}

let unique = 0;
/** A label of a name unique to this file's run. */
export async function makeLabel(name = `label ${++unique} ${crypto.randomUUID().slice(0, 6)}`) {
  const response = await call("/labels", send("POST", { name, colour: "#1D4ED8" }));
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<LabelBody>();
}

export async function putLabel(sessionId: string, labelId: string, token = supervisorToken) {
  return call(`/sessions/${sessionId}/labels/${labelId}`, send("PUT", undefined, token));
}
