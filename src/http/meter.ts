import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one request costs, counted where it is spent: D1 round trips and the rows D1 says it read and
 * wrote (its own result metadata), and Durable Object requests. The request log line carries it, so
 * the cost of every operation is measured, not guessed (`npm run bench` reads it).
 */
export interface Meter {
  d1RoundTrips: number;
  d1RowsRead: number;
  d1RowsWritten: number;
  /** The database's size after the request's last query (bytes; D1's metadata). */
  d1SizeAfter: number | null;
  doRequests: number;
}

const current = new AsyncLocalStorage<Meter>();

/** Runs `work` with a fresh meter; answers the meter (it keeps counting after-answer work). */
export function metered<T>(work: () => Promise<T>): { meter: Meter; done: Promise<T> } {
  const meter: Meter = {
    d1RoundTrips: 0,
    d1RowsRead: 0,
    d1RowsWritten: 0,
    d1SizeAfter: null,
    doRequests: 0,
  };
  return { meter, done: current.run(meter, work) };
}

/** Counts one D1 round trip and what its statements read and wrote. */
export function countD1(results: readonly { meta?: Partial<D1Meta> }[]): void {
  const meter = current.getStore();
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
  const meter = current.getStore();
  if (meter) meter.doRequests++;
}
