import type { Actor } from "../../core/access";
import { armAlarm } from "../../platform/alarms";
import { CLOSE_CODES } from "./protocol";
import { sendError } from "./room-socket";
import { isExpired } from "./tickets";

// A socket lives no longer than the token it was opened with. A room keeps its one alarm at the
// earliest thing it must do: close an expired socket, or (src/features/live/session-room.ts) check on a reply.

/** Every room's socket attachment carries at least its caller. */
interface WithActor {
  actor: Actor;
}

const actorOf = (ws: WebSocket) => (ws.deserializeAttachment() as WithActor).actor;

/** Makes sure the room's alarm rings by the time `actor`'s token expires. */
export async function watchExpiry(ctx: DurableObjectState, actor: Actor): Promise<void> {
  if (actor.kind === "user" && actor.expiresAt !== undefined) {
    await armAlarm(ctx, actor.expiresAt * 1000);
  }
}

/** Closes `ws` because its token expired: an error frame, then close code 4401. */
export function closeExpired(ws: WebSocket): void {
  sendError(
    ws,
    401,
    "/problems/unauthorized",
    "The token behind this connection has expired; reconnect with a fresh ticket.",
  );
  try {
    ws.close(CLOSE_CODES.tokenExpired, "The token has expired.");
  } catch {
    // Closed meanwhile.
  }
}

/** Closes every socket whose token has expired; answers when the next one expires (ms), if any. */
export function closeExpiredSockets(ctx: DurableObjectState, now = Date.now()): number | null {
  let next: number | null = null;
  for (const ws of ctx.getWebSockets()) {
    const actor = actorOf(ws);
    if (isExpired(actor, now)) closeExpired(ws);
    else if (actor.kind === "user" && actor.expiresAt !== undefined) {
      next = Math.min(next ?? Number.POSITIVE_INFINITY, actor.expiresAt * 1000);
    }
  }
  return next;
}
