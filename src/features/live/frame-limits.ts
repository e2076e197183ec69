import type { LiveConfig } from "../../platform/config/config";
import { CLOSE_CODES } from "./protocol";
import { clientMessageIdOf, load, parseJson, save, sendError } from "./room-socket";
import { closeExpired } from "./socket-expiry";
import { isExpired } from "./tickets";

/**
 * Whether a socket's frame is taken: not larger than LIVE_MAX_FRAME_BYTES (else an error frame 413
 * naming its client_message_id, then close 1009), not from a socket whose token has expired (even
 * before the alarm closes it), and within LIVE_MAX_FRAMES_PER_WINDOW (else an error frame, then close 1008). Counts it.
 */
export function admitFrame(ws: WebSocket, data: string | ArrayBuffer, limits: LiveConfig): boolean {
  const size = typeof data === "string" ? new TextEncoder().encode(data).length : data.byteLength;
  if (size > limits.maxFrameBytes) {
    const detail = `Frames are limited to ${limits.maxFrameBytes} bytes.`;
    // Named, so a client stops resending that message on every reconnect (the socket closes anyway).
    sendError(
      ws,
      413,
      "/problems/too-large",
      detail,
      clientMessageIdOf(parseJson(data)),
      limits.maxFrameBytes,
    );
    ws.close(CLOSE_CODES.tooBig, detail);
    return false;
  }
  const state = load(ws);
  const now = Date.now();
  if (isExpired(state.actor, now)) {
    closeExpired(ws);
    return false;
  }
  if (now - state.windowStart >= limits.windowSeconds * 1000) {
    state.windowStart = now;
    state.frames = 0;
  }
  state.frames++;
  save(ws, state);
  if (state.frames > limits.maxFramesPerWindow) {
    sendError(ws, 429, "/problems/rate-limited", "Too many frames; this connection is closed.");
    ws.close(CLOSE_CODES.policyViolation, "Too many frames.");
    return false;
  }
  return true;
}
