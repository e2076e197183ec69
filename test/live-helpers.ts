import type { ServerFrame } from "../src/live/protocol";
import { ServerFrameSchema } from "../src/schemas/live";
import { type CallInit, call } from "./helpers";

/** A client socket on the real Worker, recording every frame it receives. */
export interface TestSocket {
  ws: WebSocket;
  frames: ServerFrame[];
  closed: Promise<CloseEvent>;
  /** The seq of every `message` frame, in arrival order. */
  seqs(): number[];
  /** Resolves once `predicate` holds for the frames received (or rejects after `ms`). */
  until(predicate: (frames: ServerFrame[]) => boolean, ms?: number): Promise<void>;
  send(frame: unknown): void;
}

export async function openLive(
  sessionId: string,
  query = "",
  init: CallInit = {},
): Promise<TestSocket> {
  const response = await call(`/sessions/${sessionId}/live${query}`, {
    headers: { Upgrade: "websocket" },
    ...init,
  });
  const ws = response.webSocket;
  if (response.status !== 101 || !ws) {
    throw new Error(`no upgrade: ${response.status} ${await response.text()}`);
  }
  ws.accept();
  const frames: ServerFrame[] = [];
  const violations: string[] = [];
  const waiters = new Set<() => void>();
  ws.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data as string);
    // Every frame is what the protocol's schema says, with no property it does not declare.
    const parsed = ServerFrameSchema.safeParse(frame);
    if (!parsed.success || canonical(parsed.data) !== canonical(frame)) {
      violations.push(`a frame the protocol does not describe: ${event.data}`);
    }
    frames.push(frame);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<CloseEvent>((resolve) => ws.addEventListener("close", resolve));
  return {
    ws,
    frames,
    closed,
    seqs: () => frames.flatMap((f) => (f.type === "message" ? [f.message.seq] : [])),
    send: (frame) => ws.send(JSON.stringify(frame)),
    until: (predicate, ms = 5000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (violations.length) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(violations.join("\n")));
            return;
          }
          if (!predicate(frames)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out; frames: ${JSON.stringify(frames)}`));
        }, ms);
        waiters.add(check);
        check();
      }),
  };
}

export const hasReady = (frames: ServerFrame[]) => frames.some((f) => f.type === "ready");
export const seqsOf = (frames: ServerFrame[]) =>
  frames.flatMap((f) => (f.type === "message" ? [f.message.seq] : []));
export const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** JSON with its keys sorted, so that two values compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, inner) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
