// The live protocol: JSON frames with a `type`, over the WebSocket of GET /sessions/{id}/live.
// Free of Worker-only imports: the client in src/client uses the same types.

/** A message as the REST API shows it (snake_case). */
export interface WireMessage {
  id: string;
  seq: number;
  author_type: "customer" | "service_agent" | "system";
  content: string;
  timestamp: string;
  client_message_id: string | null;
  author_name: string | null;
  /** "internal" notes reach agents only. */
  visibility: "public" | "internal";
}

export type Role = "customer" | "service_agent" | "supervisor" | "admin";

export type ServerFrame =
  /** A stored message: never before it is in D1, each seq once per socket, in seq order. */
  | { type: "message"; message: WireMessage }
  /** The backlog after the requested after_seq has been sent; live messages follow. */
  | { type: "ready"; last_seq: number }
  /** Someone else is typing; the indicator expires by itself at expires_at. Never stored. */
  | { type: "typing"; role: Role | null; name: string | null; expires_at: string }
  /** Who is connected to the session now, one entry per person. */
  | { type: "presence"; connected: { role: Role | null; name: string | null }[] }
  /** A frame was refused; `status` and `problem_type` are those the REST API would answer. */
  | {
      type: "error";
      status: number;
      problem_type: string;
      detail: string;
      client_message_id?: string;
    };

export type ClientFrame =
  | {
      type: "message";
      content: string;
      client_message_id?: string;
      author_type?: "customer" | "service_agent";
      visibility?: "public" | "internal";
    }
  | { type: "typing" };

/** Close codes the server uses (besides 1000 and 1001). */
export const CLOSE_CODES = {
  /** Too many frames in the window: an error frame, then this. */
  policyViolation: 1008,
  /** A frame larger than LIVE_MAX_FRAME_BYTES. */
  tooBig: 1009,
} as const;

/** Sent by a client to keep a connection alive; the runtime answers without waking the object. */
export const PING = '{"type":"ping"}';
export const PONG = '{"type":"pong"}';

/** Sends a serialized frame; a socket that closed meanwhile catches up when it reconnects. */
export function sendFrame(ws: WebSocket, text: string): void {
  try {
    ws.send(text);
  } catch {
    // Closed meanwhile.
  }
}

/** Answers a client's close with its code; 1005 and 1006 have no wire form, so those get 1000. */
export function answerClose(ws: WebSocket, code: number): void {
  ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
}
