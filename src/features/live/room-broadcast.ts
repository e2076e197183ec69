import { viewOf } from "../../core/access";
import type { Visibility } from "../../core/chat";
import type { Role } from "../../platform/auth/roles";
import { sendFrame } from "./protocol";
import { load, personOf, serialize } from "./room-socket";

// What a session's room says to every socket at once: who is typing, who is here.

/**
 * Someone is typing (a person, or the bot thinking): everyone but the typer sees it; typing an
 * internal note reaches agents only.
 */
export function broadcastTyping(
  ctx: DurableObjectState,
  typingTtlSeconds: number,
  typer: { role: Role | "bot" | null; name: string | null },
  visibility: Visibility,
  from?: WebSocket,
): void {
  const expiresAt = new Date(Date.now() + typingTtlSeconds * 1000);
  const text = serialize({
    type: "typing",
    ...typer,
    visibility,
    expires_at: expiresAt.toISOString(),
  });
  for (const ws of ctx.getWebSockets()) {
    if (ws === from) continue;
    if (visibility === "internal" && viewOf(load(ws).actor) !== "all") continue;
    sendFrame(ws, text);
  }
}

/** Who is connected now, one entry a person, to every socket (on every join and leave). */
export function broadcastPresence(ctx: DurableObjectState): void {
  const sockets = ctx.getWebSockets().filter((ws) => ws.readyState === WebSocket.OPEN);
  const people = new Map<string, ReturnType<typeof personOf>>();
  for (const ws of sockets) {
    const { actor, watching } = load(ws);
    if (watching) continue;
    people.set(
      actor.kind === "user" ? `${actor.role}:${actor.subject}` : "anonymous",
      personOf(actor),
    );
  }
  const frame = serialize({ type: "presence", connected: [...people.values()] });
  for (const ws of sockets) sendFrame(ws, frame);
}

/**
 * The bot's reply as written so far (`text`), or withdrawn (null), to every socket but the desk's
 * watching ones (they count unread messages only): it is public.
 */
export function broadcastDraft(ctx: DurableObjectState, id: string, text: string | null): void {
  const frame = serialize(
    text === null ? { type: "draft_discarded", id } : { type: "draft", id, text },
  );
  for (const ws of ctx.getWebSockets()) if (!load(ws).watching) sendFrame(ws, frame);
}
