import type { WireMessage } from "../../src/client/live";
import type { RestClient } from "../../src/client/rest";
import { ENGLISH_REFUSALS, FileQueue, type PendingFile, type RefusalWords } from "./file-queue";
import type { UploadTarget } from "./upload";

// Messages that carry files: each waits until its files are uploaded, then goes by REST with its
// client_message_id (the live socket's frame takes text only), so a retry after a dropped line stores
// it once. Text-only messages keep going through the live client's own outbox.

export interface OutgoingMessage {
  /** Its client_message_id. */
  id: string;
  content: string;
  internal: boolean;
  files: PendingFile[];
  /** Why the service refused it, in words (it is not retried). */
  error: string | null;
}

const RETRY_MS = 5_000;

export class FileOutbox {
  readonly queue: FileQueue;
  messages: OutgoingMessage[] = [];
  private posting = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: {
      api: RestClient;
      /** The service's origin, the session and the token to upload with (null: no session yet). */
      target: () => UploadTarget | null;
      onChange: () => void;
      /** A message the service stored (its live frame may come before or after). */
      onStored: (message: WireMessage) => void;
      /** Refusals in the reader's words (English, with the service's detail, by default). */
      words?: RefusalWords;
    },
  ) {
    this.queue = new FileQueue(
      options.target,
      () => {
        options.onChange();
        this.postReady();
      },
      options.words,
    );
  }

  /** Whether the composer holds files: the next message carries them. */
  get hasFiles(): boolean {
    return this.queue.composing.some((file) => file.state !== "refused");
  }

  /** A message with the composer's files (and `content`, which may be empty). */
  send(content: string, internal = false): void {
    const files = this.queue.take();
    if (!files.length) return;
    const id = crypto.randomUUID();
    this.messages = [...this.messages, { id, content, internal, files, error: null }];
    this.options.onChange();
    this.deliver();
  }

  /** The service stored the message `clientMessageId` (seen live): it is no longer outgoing. */
  stored(clientMessageId: string | null): void {
    const message = this.messages.find((m) => m.id === clientMessageId);
    if (message) this.forget(message);
  }

  /** Forgets every message and file (another conversation opened, in this same outbox). */
  clear(): void {
    this.messages = [];
    this.queue.clear();
  }

  /**
   * Its view is gone (another conversation opened, with an outbox of its own): the composer's files
   * are forgotten, and the messages sent with files still go, uploaded and then posted, unseen.
   */
  close(): void {
    this.queue.clearComposing();
  }

  /** Uploads what waits and posts what is ready, now (the line is back, the session exists). */
  deliver(): void {
    this.queue.pump();
    this.postReady();
  }

  /** Posts each message whose files are all uploaded (or refused). */
  private postReady(): void {
    clearTimeout(this.timer);
    for (const message of this.messages) {
      if (!message.error && this.queue.settled(message.files)) void this.post(message);
    }
  }

  private async post(message: OutgoingMessage): Promise<void> {
    const target = this.options.target();
    if (!target || this.posting.has(message.id)) return;
    const ids = message.files.flatMap((file) => (file.stored ? [file.stored.id] : []));
    if (!ids.length && !message.content.trim()) return this.forget(message); // every file refused
    this.posting.add(message.id);
    const response = await this.options.api.sessions[":session_id"].messages
      .$post({
        param: { session_id: target.sessionId },
        query: {},
        json: {
          ...(message.content.trim() && { content: message.content }),
          attachment_ids: ids,
          client_message_id: message.id,
          ...(message.internal && { visibility: "internal" as const }),
        },
      })
      .catch(() => null);
    this.posting.delete(message.id);
    if (!this.messages.includes(message)) return;
    if (response?.status === 201) {
      this.options.onStored((await response.json()).message);
      return this.forget(message);
    }
    if (!response || response.status === 429 || response.status >= 500) {
      this.timer = setTimeout(() => this.deliver(), RETRY_MS);
      return;
    }
    const problem = (await response.json().catch(() => ({}))) as {
      type?: string;
      detail?: string;
      errors?: { path: string }[];
    };
    const refusal = {
      status: response.status,
      type: problem.type ?? null,
      detail: problem.detail ?? "",
      fields: problem.errors?.map((error) => error.path),
    };
    message.error = (this.options.words ?? ENGLISH_REFUSALS).message(refusal, message.content);
    this.options.onChange();
  }

  private forget(message: OutgoingMessage): void {
    this.messages = this.messages.filter((m) => m !== message);
    this.queue.release(message.files);
  }
}
