import type { z } from "@hono/zod-openapi";
import { type QueueFrame, QueueFrameSchema, ServerFrameSchema } from "../src/features/live/frames";
import type { ServerFrame } from "../src/features/live/protocol";
import { type CallInit, call } from "./helpers";

/** A client socket on the real Worker, recording every frame it receives. */
export interface TestSocket<Frame = ServerFrame> {
  ws: WebSocket;
  frames: Frame[];
  closed: Promise<CloseEvent>;
  /** The seq of every `message` frame, in arrival order. */
  seqs(): number[];
  /** Resolves once `predicate` holds for the frames received (or rejects after `ms`). */
  until(predicate: (frames: Frame[]) => boolean, ms?: number): Promise<void>;
  send(frame: unknown): void;
}

/** A session's live socket. */
export function openLive(sessionId: string, query = "", init: CallInit = {}) {
  return openSocket(`/sessions/${sessionId}/live${query}`, ServerFrameSchema, init);
}

/** A console on a live queue (`team`: that team's; otherwise the sessions in no team). */
export function openQueue(token: string, team?: string): Promise<TestSocket<QueueFrame>> {
  const query = team ? `?team=${team}` : "";
  return openSocket(`/queue/live${query}`, QueueFrameSchema, { token });
}

async function openSocket<Frame>(
  path: string,
  schema: z.ZodType<Frame>,
  init: CallInit,
): Promise<TestSocket<Frame>> {
  const response = await call(path, {
    headers: { Upgrade: "websocket" },
    ...init,
  });
  const ws = response.webSocket;
  if (response.status !== 101 || !ws) {
    throw new Error(`no upgrade: ${response.status} ${await response.text()}`);
  }
  ws.accept();
  const frames: Frame[] = [];
  const violations: string[] = [];
  const waiters = new Set<() => void>();
  ws.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data as string);
    // Every frame is what the protocol's schema says, with no property it does not declare.
    const parsed = schema.safeParse(frame);
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
    seqs: () => seqsOf(frames as ServerFrame[]),
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
