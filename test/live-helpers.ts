import type { ServerFrame } from "../src/live/protocol";
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
  const waiters = new Set<() => void>();
  ws.addEventListener("message", (event) => {
    frames.push(JSON.parse(event.data as string));
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
