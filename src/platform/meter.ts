import { currentScope, type Meter } from "./request-scope";

/**
 * What one request costs, counted where it is spent: D1 round trips and the rows D1 says it read and
 * wrote (its own result metadata), and Durable Object requests. The request log line carries it, so
 * the cost of every operation is measured, not guessed (`npm run bench` reads it).
 */
export function startMeter(): Meter {
  const meter: Meter = {
    d1RoundTrips: 0,
    d1RowsRead: 0,
    d1RowsWritten: 0,
    d1SizeAfter: null,
    doRequests: 0,
    r2ClassA: 0,
    r2ClassB: 0,
  };
  const scope = currentScope();
  if (scope) scope.meter = meter;
  return meter;
}

/** Counts one D1 round trip and what its statements read and wrote. */
export function countD1(results: readonly { meta?: Partial<D1Meta> }[]): void {
  const meter = currentScope()?.meter;
  if (!meter) return;
  meter.d1RoundTrips++;
  for (const { meta } of results) {
    meter.d1RowsRead += meta?.rows_read ?? 0;
    meter.d1RowsWritten += meta?.rows_written ?? 0;
    meter.d1SizeAfter = meta?.size_after ?? meter.d1SizeAfter;
  }
}

/** Counts one request to a Durable Object. */
export function countDoRequest(): void {
  const meter = currentScope()?.meter;
  if (meter) meter.doRequests++;
}

/** Counts one R2 operation of its billing class: A (put, list, multipart), B (get, head). */
export function countR2(kind: "A" | "B"): void {
  const meter = currentScope()?.meter;
  if (!meter) return;
  if (kind === "A") meter.r2ClassA++;
  else meter.r2ClassB++;
}
