import { env, exports } from "cloudflare:workers";

export const BASE = "http://chat.test";

/** A request through the real Worker entry point (its default export), as a client would send it. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

export function postJson(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return call(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    ...init,
  });
}

export async function createSession(): Promise<{ id: string; [key: string]: unknown }> {
  const response = await call("/sessions", { method: "POST" });
  if (response.status !== 201) throw new Error(`create session: ${response.status}`);
  return response.json();
}

export { env };

/** UUIDs in a predictable order, unique within a test file (storage is shared by the file's tests). */
export function sequentialIds(): () => string {
  const prefix = crypto.randomUUID().slice(0, 24);
  let next = 0;
  return () => `${prefix}${(next++).toString(16).padStart(12, "0")}`;
}

/** A clock pinned to `start`, moving `stepMs` forward at each reading. */
export function steppingClock(start: string, stepMs = 0): () => Date {
  let now = Date.parse(start);
  return () => {
    const reading = new Date(now);
    now += stepMs;
    return reading;
  };
}

export interface MessageBody {
  id: string;
  seq: number;
  author_type: string;
  content: string;
  timestamp: string;
  client_message_id: string | null;
}

export interface SessionBody {
  id: string;
  created_at: string;
  updated_at: string;
  status: string;
  last_seq: number;
  has_older_messages: boolean;
  messages: MessageBody[];
  message?: MessageBody;
}
