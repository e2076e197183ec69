import type { QueueFrame } from "../../src/client/live";
import type { RestClient } from "../../src/client/rest";
import { type LabelRef, readLabelList, withLabel } from "./labels";

/**
 * The desk's labels as every view shows them (the picker, the filter, the open conversation's chips):
 * read when a queue socket opens (a change made while it was down reached no one here), then kept by
 * the queues' `label` frames. A read that a frame overtook is older than it, and read again.
 */
export class DeskLabels {
  private stale = true;
  private pushes = 0;

  constructor(
    private readonly api: RestClient,
    private readonly current: () => LabelRef[] | null,
    private readonly onChange: (labels: LabelRef[]) => void,
  ) {}

  /** A socket opened: read them with the lists. */
  reconnected(): void {
    this.stale = true;
  }

  /** Reads them if a socket opened since the last read. */
  readIfStale(): void {
    if (!this.stale) return;
    this.stale = false;
    void this.read();
  }

  /**
   * A queue's frame: a label added, renamed, recoloured or removed changes the list at once.
   * Answers the id of a label removed (else undefined).
   */
  pushed(frame: QueueFrame | null): string | undefined {
    if (frame?.type !== "label") return undefined;
    this.pushes++;
    const labels = this.current();
    if (labels) this.onChange(withLabel(labels, frame.id, frame.label));
    return frame.label ? undefined : frame.id;
  }

  private async read(): Promise<void> {
    const pushes = this.pushes;
    const labels = await readLabelList(this.api);
    if (!labels) this.stale = true;
    else if (pushes === this.pushes) this.onChange(labels);
    else void this.read();
  }
}

/** A queue socket's frame (null: not JSON). */
export function parseQueueFrame(data: unknown): QueueFrame | null {
  try {
    return JSON.parse(String(data)) as QueueFrame;
  } catch {
    return null;
  }
}
