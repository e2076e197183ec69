import { LiveClient } from "../../src/client/live";
import type { RestClient } from "../../src/client/rest";
import { sessionLiveUrl } from "./live-url";

/**
 * Follows the rooms of the sessions the agent holds, as a desk that watches (not shown to the
 * customer as present): a message in one of them is news to the lists (its unread count, its
 * preview), which the team's live queue is not told of. One socket a held session.
 */
export class HeldSessions {
  private readonly followed = new Map<string, LiveClient>();

  constructor(
    private readonly api: RestClient,
    private readonly onMessage: () => void,
  ) {}

  /** Follows exactly these sessions, each from the last seq the lists showed. */
  follow(rows: readonly { id: string; last_seq: number }[]): void {
    const wanted = new Map(rows.map((row) => [row.id, row.last_seq]));
    for (const [id, client] of this.followed) {
      if (wanted.has(id)) continue;
      client.close();
      this.followed.delete(id);
    }
    for (const [id, lastSeq] of wanted) {
      if (this.followed.has(id)) continue;
      const client = new LiveClient({
        afterSeq: lastSeq,
        url: (after) => sessionLiveUrl(this.api, id, after, true),
        onMessage: () => this.onMessage(),
        backoff: { initialMs: 500, maxMs: 15_000 },
      });
      this.followed.set(id, client);
      client.start();
    }
  }

  wake(): void {
    for (const client of this.followed.values()) client.wake();
  }

  drop(): void {
    for (const client of this.followed.values()) client.drop();
  }

  stop(): void {
    this.follow([]);
  }
}
