import { SNIFF_BYTES } from "./sniff";

// Reading an upload as it streams in: its first bytes (to decide its type), then the rest, counted.

/** The stream's first `SNIFF_BYTES` bytes (fewer if it ends first), and the stream of all of it. */
export async function peek(
  body: ReadableStream<Uint8Array>,
): Promise<{ head: Uint8Array; ended: boolean; whole: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < SNIFF_BYTES) {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    chunks.push(value);
    size += value.length;
  }
  const head = concat(chunks, size);
  const whole = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.length) controller.enqueue(head);
      if (ended) controller.close();
    },
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { head, ended, whole };
}

/**
 * Passes bytes through while counting them; errs as soon as there are more than `max`, whatever the
 * sender said its length was (`counted.over` then says so).
 */
export function counter(max: number) {
  const counted = { bytes: 0, over: false };
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      counted.bytes += chunk.length;
      if (counted.bytes > max) {
        counted.over = true;
        controller.error(new Error(`more than ${max} bytes`));
        return;
      }
      controller.enqueue(chunk);
    },
  });
  return { stream, counted };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
