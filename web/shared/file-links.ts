import type { RestClient } from "../../src/client/rest";

// Signed links to files' bytes, asked for when a message with files is shown, and kept until shortly
// before they expire (then asked for again, on a click or a picture that no longer loads).

export interface FileLinks {
  url: string;
  preview_url: string | null;
  expires_at: string;
}

/** A link this close to expiring is renewed instead of used. */
const MARGIN_MS = 60_000;

export class LinkCache {
  private readonly links = new Map<string, FileLinks>();
  private readonly asking = new Map<string, Promise<FileLinks | null>>();

  constructor(private readonly api: RestClient) {}

  /** The links to `id` if they are still good for a while. */
  fresh(id: string): FileLinks | null {
    const links = this.links.get(id);
    return links && Date.parse(links.expires_at) - MARGIN_MS > Date.now() ? links : null;
  }

  /** Good links to `id` (asked for once at a time); null when the service gives none. */
  get(sessionId: string, id: string): Promise<FileLinks | null> {
    const fresh = this.fresh(id);
    if (fresh) return Promise.resolve(fresh);
    const asking = this.asking.get(id) ?? this.ask(sessionId, id);
    this.asking.set(id, asking);
    return asking;
  }

  /** Forgets the links to `id` (a picture did not load with them). */
  renew(sessionId: string, id: string): Promise<FileLinks | null> {
    this.links.delete(id);
    return this.get(sessionId, id);
  }

  private async ask(sessionId: string, id: string): Promise<FileLinks | null> {
    const response = await this.api.sessions[":session_id"].attachments[":attachment_id"]
      .$get({ param: { session_id: sessionId, attachment_id: id } })
      .catch(() => null);
    this.asking.delete(id);
    if (response?.status !== 200) return null;
    const links = await response.json();
    this.links.set(id, links);
    return links;
  }
}
