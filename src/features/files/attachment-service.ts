import { type AccessPolicy, type Actor, authorize, rateKey, viewOf } from "../../core/access";
import type { FilesConfig, FileType } from "../../platform/config/files";
import {
  ConflictError,
  ForbiddenError,
  fileQuotaReached,
  NotFoundError,
  RateLimitedError,
  sessionNotFound,
} from "../../platform/errors";
import type { Logger } from "../../platform/logger";
import type { RateLimiter } from "../../platform/rate-limiter";
import type { Attachment, AttachmentRepository } from "./attachment-repository";
import { parseRange } from "./byte-range";
import { type FileLinks, isSignedLink, signLinks, type Variant } from "./file-links";
import type { ByteRange, FileStore } from "./file-store";
import { sanitizeName } from "./names";
import { declaredLength, storeUpload, type Upload } from "./upload-intake";

/** A file's bytes as served: the whole of them, or a range. */
export interface OpenedFile {
  file: Attachment;
  type: string;
  body: ReadableStream<Uint8Array>;
  range: (ByteRange & { size: number }) | null;
  /** How long the link that opened it stays valid (seconds). */
  validFor: number;
}

/** A preview is a small image: the transcript shows it, the original is a click away. */
const PREVIEW_MAX_BYTES = 512 * 1024;
export const PREVIEW_TYPES: FileType[] = ["image/png", "image/jpeg", "image/webp"];
const DAY_MS = 86_400_000;
const PENDING_BATCH = 500;

/**
 * Files in the chat: uploaded into a session by those who may write there (streamed to R2, counted
 * while streaming, typed by their bytes, location metadata blanked), carried by a message of their
 * uploader's, and read through short-lived signed links by those who may read that message.
 */
export class AttachmentService {
  constructor(
    private readonly deps: {
      repository: AttachmentRepository;
      store: FileStore;
      /** Uploads count against the message rate limit. */
      limiter: RateLimiter;
      settings: AccessPolicy & { files: FilesConfig; rateLimitPeriodSeconds: number };
      /** The service's signing secrets: the first signs links, every one verifies. */
      secrets: string[];
      clock: () => Date;
      newId: () => string;
      logger: Logger;
    },
  ) {}

  /**
   * Stores a file in a session the caller may write to, pending until a message of theirs carries
   * it. Refused before anything is stored: no length (411), more than the limits allow (413), a
   * type not allowed (415), too many requests (429). Nothing is kept of a refused upload.
   */
  async upload(actor: Actor, sessionId: string, upload: Upload): Promise<Attachment> {
    const { repository, store, settings, clock, newId } = this.deps;
    const limits = settings.files;
    authorize(actor, "message:create", settings, sessionId);
    await this.throttle(actor);
    const length = declaredLength(upload, limits.maxBytes);
    const now = clock();
    const dayStart = new Date(now.getTime() - (now.getTime() % DAY_MS)).toISOString();
    const usage = await repository.usage(sessionId, dayStart);
    if (!usage) throw sessionNotFound(sessionId);
    const uploaderRole = actor.kind === "user" ? actor.role : "unrestricted";
    if (usage.sessionBytes + length > limits.maxSessionBytes) {
      throw fileQuotaReached(
        `This session holds ${usage.sessionBytes} bytes of files; it may hold ${limits.maxSessionBytes}.`,
      );
    }
    if (
      uploaderRole === "customer" &&
      usage.customerBytesToday + length > limits.maxCustomerDailyBytes
    ) {
      throw fileQuotaReached(
        `You have uploaded ${usage.customerBytesToday} bytes of files today; the limit is ${limits.maxCustomerDailyBytes}.`,
      );
    }
    const id = newId();
    const objectKey = `sessions/${sessionId}/${id}`;
    const contentType = await storeUpload(store, upload.body, length, limits.types, objectKey);
    const file = {
      id,
      sessionId,
      uploaderId: actor.kind === "user" ? actor.subject : null,
      uploaderRole,
      name: sanitizeName(upload.name),
      contentType,
      size: length,
      objectKey,
      createdAt: now.toISOString(),
    };
    const stored = await repository.insert(file, {
      maxSessionBytes: limits.maxSessionBytes,
      maxCustomerBytes: limits.maxCustomerDailyBytes,
      dayStart,
    });
    if (!stored) {
      // Uploads that raced past the limits together, or a session erased meanwhile.
      await store.delete([objectKey]);
      throw fileQuotaReached(
        "This file would take the session (or your uploads today) past the limit.",
      );
    }
    return {
      ...file,
      customerId: usage.customerId,
      previewKey: null,
      previewType: null,
      messageId: null,
      visibility: null,
    };
  }

  /**
   * Gives an image its preview (a smaller PNG, JPEG or WebP, at most 512 KiB, made by the
   * uploader's browser), before a message carries it; once.
   */
  async uploadPreview(
    actor: Actor,
    sessionId: string,
    id: string,
    upload: Upload,
  ): Promise<Attachment> {
    const { repository, store } = this.deps;
    authorize(actor, "message:create", this.deps.settings, sessionId);
    await this.throttle(actor);
    const file = await repository.find(id);
    const uploaderId = actor.kind === "user" ? actor.subject : null;
    if (!file || file.sessionId !== sessionId || file.uploaderId !== uploaderId) {
      throw new NotFoundError(`File ${id} is not one of yours in this session.`);
    }
    if (!file.contentType.startsWith("image/") || file.previewKey || file.messageId) {
      throw new ConflictError("Only an image no message carries yet gets a preview, and only one.");
    }
    const length = declaredLength(upload, PREVIEW_MAX_BYTES);
    // A key of its own per try: a losing race removes its own bytes, never the winner's.
    const key = `${file.objectKey}.preview-${this.deps.newId()}`;
    const type = await storeUpload(store, upload.body, length, PREVIEW_TYPES, key);
    if (!(await repository.setPreview(sessionId, id, uploaderId, { key, type }))) {
      await store.delete([key]);
      throw new ConflictError("This file has a preview already, or a message carries it.");
    }
    return { ...file, previewKey: key, previewType: type };
  }

  /**
   * Links to a file for someone who may read it: the message that carries it decides, as for the
   * message itself (a customer never reaches an internal note's file, or another session's); a file
   * no message carries yet is its uploader's alone.
   */
  async links(actor: Actor, sessionId: string, id: string, origin: string): Promise<FileLinks> {
    authorize(actor, "session:read", this.deps.settings, sessionId);
    const file = await this.deps.repository.find(id);
    const hidden =
      !file ||
      file.sessionId !== sessionId ||
      (file.messageId === null &&
        actor.kind !== "unrestricted" &&
        !(actor.kind === "user" && actor.subject === file.uploaderId)) ||
      (file.visibility === "internal" && viewOf(actor) === "public");
    if (hidden) throw new NotFoundError(`File ${id} does not exist in this session.`);
    return this.sign(file, origin, this.deps.settings.files.linkTtlSeconds);
  }

  /** Links to every file of a customer's (their data export), valid for a day. */
  async exportLinks(
    customerId: string,
    origin: string,
  ): Promise<(Attachment & { links: FileLinks })[]> {
    const files = await this.deps.repository.ofCustomer(customerId);
    return Promise.all(
      files.map(async (file) => ({ ...file, links: await this.sign(file, origin, 86_400) })),
    );
  }

  /** Opens a file through a signed link: the link must be ours and unexpired, the file still there. */
  async open(
    id: string,
    variant: Variant,
    link: { expires: number; signature: string },
    rangeHeader: string | undefined,
  ): Promise<OpenedFile> {
    const now = Math.floor(this.deps.clock().getTime() / 1000);
    const signed = await isSignedLink(this.deps.secrets, id, variant, link);
    if (!signed) throw new ForbiddenError("This link to a file is not one of ours.");
    if (link.expires <= now) {
      throw new ForbiddenError("This link to a file has expired: ask for a new one.");
    }
    const file = await this.deps.repository.find(id);
    const key = variant === "preview" ? file?.previewKey : file?.objectKey;
    if (!file || !key) throw new NotFoundError(`File ${id} does not exist.`);
    const range = variant === "original" ? parseRange(rangeHeader, file.size) : null;
    const body = await this.deps.store.get(key, range ?? undefined);
    if (!body) throw new NotFoundError(`File ${id} does not exist.`);
    return {
      file,
      type: variant === "preview" ? (file.previewType ?? file.contentType) : file.contentType,
      body,
      range: range && { ...range, size: file.size },
      validFor: link.expires - now,
    };
  }

  /** How many of a writer's files in a session no message carries yet (ChatService asks). */
  unsent(sessionId: string, actor: Actor, ids: string[]): Promise<number> {
    const uploaderId = actor.kind === "user" ? actor.subject : null;
    return this.deps.repository.unsent(sessionId, uploaderId, ids);
  }

  /** The cron's: uploads no message carried within ATTACHMENT_PENDING_HOURS go, rows then bytes. */
  async removeAbandoned(): Promise<number> {
    const { clock, settings, repository, store } = this.deps;
    const before = new Date(clock().getTime() - settings.files.pendingHours * 3_600_000);
    let removed = 0;
    for (;;) {
      const keys = await repository.removeAbandoned(before.toISOString(), PENDING_BATCH);
      await store.delete(keys);
      removed += keys.length;
      if (keys.length < PENDING_BATCH) break;
    }
    if (removed) this.deps.logger.info("abandoned uploads removed", { objects: removed });
    return removed;
  }

  /** Removes the bytes of every file in a customer's sessions (their erasure; D1 rows go with it). */
  async eraseCustomer(customerId: string): Promise<number> {
    const files = await this.deps.repository.ofCustomer(customerId);
    const keys = files.flatMap((file) => [file.objectKey, file.previewKey ?? []].flat());
    await this.deps.store.delete(keys);
    return files.length;
  }

  private async throttle(actor: Actor): Promise<void> {
    if (!(await this.deps.limiter.allow(rateKey(actor)))) {
      throw new RateLimitedError(
        "Too many messages and files; slow down.",
        this.deps.settings.rateLimitPeriodSeconds,
      );
    }
  }

  private async sign(file: Attachment, origin: string, ttlSeconds: number): Promise<FileLinks> {
    const { clock, secrets, settings } = this.deps;
    const expires = Math.floor(clock().getTime() / 1000) + ttlSeconds;
    const base = `${settings.files.origin ?? origin}/files/${file.id}`;
    return signLinks(file, base, secrets[0] as string, expires);
  }
}
