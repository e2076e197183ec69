import { viewOf } from "../../core/access";
import type { Visibility } from "../../core/chat";
import type { Role } from "../../platform/auth/roles";
import type { LabelRef } from "../labels";
import { sendFrame } from "./protocol";
import { load, personOf, serialize, wants } from "./room-socket";

// What a session's room says to every socket at once: who is typing, who is here, the bot's draft,
// the labels; each to the sockets that want it (room-socket.ts, wantsOf).

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
    if (ws === from || !wants(ws, "typing")) continue;
    if (visibility === "internal" && viewOf(load(ws).actor) !== "all") continue;
    sendFrame(ws, text);
  }
}

/** Who is connected now, one entry a person, to the sockets in presence (on every join and leave). */
export function broadcastPresence(ctx: DurableObjectState): void {
  const sockets = ctx
    .getWebSockets()
    .filter((ws) => ws.readyState === WebSocket.OPEN && wants(ws, "presence"));
  const people = new Map<string, ReturnType<typeof personOf>>();
  for (const ws of sockets) {
    const { actor } = load(ws);
    people.set(
      actor.kind === "user" ? `${actor.role}:${actor.subject}` : "anonymous",
      personOf(actor),
    );
  }
  const frame = serialize({ type: "presence", connected: [...people.values()] });
  for (const ws of sockets) sendFrame(ws, frame);
}

/** The bot's reply as written so far (`text`), or withdrawn (null): it is public. */
export function broadcastDraft(ctx: DurableObjectState, id: string, text: string | null): void {
  const frame = serialize(
    text === null ? { type: "draft_discarded", id } : { type: "draft", id, text },
  );
  for (const ws of ctx.getWebSockets()) if (wants(ws, "drafts")) sendFrame(ws, frame);
}

/** The session's labels now, to the consoles showing it (never a customer's socket). */
export function broadcastLabels(ctx: DurableObjectState, labels: LabelRef[]): void {
  const frame = serialize({ type: "labels", labels });
  for (const ws of ctx.getWebSockets()) if (wants(ws, "labels")) sendFrame(ws, frame);
}
