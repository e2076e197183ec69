// The live protocol over the WebSocket of GET /sessions/{id}/live and GET /queue/live. The frames'
// shapes are zod schemas (src/features/live/frames.ts); this module holds what the server and the clients
// share beside them. Free of Worker-only imports: the client in src/client uses it too.

export type {
  ClientFrame,
  QueueFrame,
  ServerFrame,
  WireMessage,
} from "./frames";

/** Close codes the server uses (besides 1000 and 1001). */
export const CLOSE_CODES = {
  /** Too many frames in the window: an error frame, then this. */
  policyViolation: 1008,
  /** A frame larger than LIVE_MAX_FRAME_BYTES. */
  tooBig: 1009,
  /** The token the socket was opened with expired: an error frame, then this; reconnect anew. */
  tokenExpired: 4401,
  /** The session no longer exists (its customer's data was erased). */
  gone: 4404,
} as const;

/** A burst of messages in one session reaches a live queue at most this often (its first at once, its newest at the end). */
export const COALESCE_MS = 250;

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
  try {
    ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
  } catch {
    // Closed already (the server closed it first).
  }
}
