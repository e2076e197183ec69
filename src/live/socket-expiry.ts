import type { Actor } from "../domain/access";
import { CLOSE_CODES } from "./protocol";
import { sendError } from "./room-socket";
import { isExpired } from "./tickets";

// A socket lives no longer than the token it was opened with. Each room keeps one alarm at the
// earliest expiry among its sockets; when it rings, the expired sockets are closed with 4401.

/** Every room's socket attachment carries at least its caller. */
interface WithActor {
  actor: Actor;
}

const actorOf = (ws: WebSocket) => (ws.deserializeAttachment() as WithActor).actor;

/** Makes sure the room's alarm rings by the time `actor`'s token expires. */
export async function watchExpiry(ctx: DurableObjectState, actor: Actor): Promise<void> {
  if (actor.kind !== "user" || actor.expiresAt === undefined) return;
  const due = actor.expiresAt * 1000;
  const current = await ctx.storage.getAlarm();
  if (current === null || current > due) await ctx.storage.setAlarm(due);
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

/** The alarm: closes every socket whose token has expired, and sets the alarm for the next one. */
export async function closeExpiredSockets(ctx: DurableObjectState, now = Date.now()) {
  let next = Number.POSITIVE_INFINITY;
  for (const ws of ctx.getWebSockets()) {
    const actor = actorOf(ws);
    if (isExpired(actor, now)) closeExpired(ws);
    else if (actor.kind === "user" && actor.expiresAt !== undefined) {
      next = Math.min(next, actor.expiresAt * 1000);
    }
  }
  if (next < Number.POSITIVE_INFINITY) await ctx.storage.setAlarm(next);
}
