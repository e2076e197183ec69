import { hasPreview, makePreview } from "./image-preview";
import {
  type Refusal,
  refusalOf,
  type Uploaded,
  type UploadTarget,
  uploadFile,
  uploadPreview,
} from "./upload";

// The files someone picked to send, uploaded one after another as soon as there is a session and a
// connection: a dropped line or a busy service is retried (with backoff, or at once when the owner
// pumps, back online) until the service stores the file once; a refusal is kept, in words.

/** The most files one message carries (ATTACHMENT_MAX_PER_MESSAGE's default). */
export const MAX_FILES_PER_MESSAGE = 10;
const BACKOFF_MS = { first: 1_000, max: 30_000 };

export interface PendingFile {
  key: string;
  name: string;
  size: number;
  state: "waiting" | "uploading" | "uploaded" | "refused";
  /** The share sent so far, 0 to 1. */
  progress: number;
  /** Why the service (or the composer) refused it, in words. */
  reason: string | null;
  /** A local picture of it (an object URL of its preview), for an image. */
  thumbnail: string | null;
  /** The stored file, once uploaded (and its preview given, for an image). */
  stored: Uploaded | null;
  /** Handed to a message: no longer in the composer. */
  sent: boolean;
}

/** Refusals in the reader's words: the service's, and the composer's own. */
export interface RefusalWords {
  file: (refusal: Refusal) => string;
  /** A message the service refused (`content`: its text). */
  message: (refusal: Refusal, content: string) => string;
  tooManyFiles: (max: number) => string;
}

/** For an agent: the service's own detail where it has one. */
export const ENGLISH_REFUSALS: RefusalWords = {
  file: refusalOf,
  message: (refusal) => refusal.detail || `The service answered ${refusal.status}.`,
  tooManyFiles: (max) => `at most ${max} files in one message`,
};

interface Entry extends PendingFile {
  blob: Blob;
  preview: Promise<Blob | null> | null;
  abort: AbortController;
}

export class FileQueue {
  private entries: Entry[] = [];
  private running = false;
  private backoffMs = BACKOFF_MS.first;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Where to upload; null until the chat has a session. */
    private readonly target: () => UploadTarget | null,
    private readonly onChange: () => void,
    private readonly words: RefusalWords = ENGLISH_REFUSALS,
  ) {}

  /** What the composer shows: the files not handed to a message yet. */
  get composing(): PendingFile[] {
    return this.entries.filter((entry) => !entry.sent);
  }

  add(files: Iterable<File>): void {
    for (const file of files) {
      const room = this.composing.filter((entry) => entry.state !== "refused").length;
      const preview = hasPreview(file.type) ? makePreview(file) : null;
      const entry: Entry = {
        key: crypto.randomUUID(),
        name: file.name || "pasted image",
        size: file.size,
        state: room < MAX_FILES_PER_MESSAGE ? "waiting" : "refused",
        progress: 0,
        reason:
          room < MAX_FILES_PER_MESSAGE ? null : this.words.tooManyFiles(MAX_FILES_PER_MESSAGE),
        thumbnail: null,
        stored: null,
        sent: false,
        blob: file,
        preview,
        abort: new AbortController(),
      };
      void preview?.then((blob) => {
        if (blob && this.entries.includes(entry)) {
          entry.thumbnail = URL.createObjectURL(blob);
          this.onChange();
        }
      });
      this.entries.push(entry);
    }
    this.onChange();
    this.pump();
  }

  remove(key: string): void {
    const entry = this.entries.find((e) => e.key === key);
    if (entry) this.drop([entry]);
  }

  /** Hands the composer's files (but the refused, which stay to be read) to a message. */
  take(): PendingFile[] {
    const taken = this.entries.filter((entry) => !entry.sent && entry.state !== "refused");
    for (const entry of taken) entry.sent = true;
    this.onChange();
    return taken;
  }

  /** Whether every one of `files` is uploaded or refused (a message may go with the uploaded). */
  settled(files: PendingFile[]): boolean {
    return files.every((file) => file.state === "uploaded" || file.state === "refused");
  }

  /** A message has its files (or has gone): forget them. Refused ones go back to the composer. */
  release(files: PendingFile[]): void {
    const entries = this.entries.filter((entry) => files.includes(entry));
    for (const entry of entries) if (entry.state === "refused") entry.sent = false;
    this.drop(entries.filter((entry) => entry.state !== "refused"));
  }

  /** Forgets every file (another conversation opened: these belong to the last one). */
  clear(): void {
    this.drop([...this.entries]);
  }

  /** Forgets the files in the composer; those handed to a message go on uploading. */
  clearComposing(): void {
    this.drop(this.entries.filter((entry) => !entry.sent));
  }

  /** Uploads what waits, one file at a time, if there is somewhere to upload it. */
  pump(): void {
    clearTimeout(this.timer);
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      for (;;) {
        const entry = this.entries.find((e) => e.state === "waiting");
        const target = this.target();
        if (!entry || !target) return;
        if (!(await this.upload(entry, target))) {
          if (!navigator.onLine) return; // the owner pumps again when the browser is back online
          this.timer = setTimeout(() => this.pump(), this.backoffMs);
          this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MS.max);
          return;
        }
        this.backoffMs = BACKOFF_MS.first;
      }
    } finally {
      this.running = false;
    }
  }

  /** One try at `entry` (its bytes, then its preview): false if it should be tried again. */
  private async upload(entry: Entry, target: UploadTarget): Promise<boolean> {
    const change = (update: Partial<PendingFile>) => {
      Object.assign(entry, update);
      this.onChange();
    };
    if (!entry.stored) {
      change({ state: "uploading", progress: 0 });
      const result = await uploadFile(
        target,
        entry.blob,
        entry.name,
        (progress) => change({ progress }),
        entry.abort.signal,
      );
      if (!this.entries.includes(entry)) return true; // removed meanwhile
      if (result.kind === "refused") {
        change({ state: "refused", reason: this.words.file(result.refusal) });
        return true;
      }
      if (result.kind === "retry") {
        change({ state: "waiting", progress: 0 });
        if (result.afterMs) this.backoffMs = Math.max(this.backoffMs, result.afterMs);
        return false;
      }
      entry.stored = result.file;
    }
    const preview = entry.stored.content_type.startsWith("image/") ? await entry.preview : null;
    if (preview && !entry.stored.preview) {
      const result = await uploadPreview(target, entry.stored.id, preview);
      if (result.kind === "retry") {
        change({ state: "waiting" });
        return false;
      }
      // A refused preview leaves the original for the transcript to show.
      if (result.kind === "stored") entry.stored = result.file;
    }
    change({ state: "uploaded", progress: 1 });
    return true;
  }

  private drop(entries: Entry[]): void {
    for (const entry of entries) {
      entry.abort.abort();
      if (entry.thumbnail) URL.revokeObjectURL(entry.thumbnail);
    }
    this.entries = this.entries.filter((entry) => !entries.includes(entry));
    this.onChange();
  }
}
