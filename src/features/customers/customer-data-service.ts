import { type AccessPolicy, type Actor, authorizeUser, type User } from "../../core/access";
import { CUSTOMER_ERASED } from "../../core/db/schema";
import type { LivePublisher } from "../../core/ports";
import type { Logger } from "../../platform/logger";
import type { ArchiveService, ArchiveStore, Transcript } from "../archive";
import type { AttachmentService, FileLinks } from "../files";
import type { Contact, ContactRepository } from "./contact-repository";
import type { AuditEntry, CustomerDataRepository } from "./customer-data-repository";

export interface CustomerExport {
  customerId: string;
  exportedAt: string;
  /** Their contact (profile and attributes), if the desk knows them as a person. */
  contact: Contact | null;
  sessions: (Transcript & { archived: boolean })[];
  /** Every file in their sessions, with links to its bytes valid for a day. */
  files: {
    id: string;
    sessionId: string;
    name: string;
    contentType: string;
    size: number;
    createdAt: string;
    links: FileLinks;
  }[];
}

/**
 * A customer's data requests (admins only): export everything about them (their sessions and
 * messages, from D1 and the archive), and erase it. Both are recorded in the audit log: who, what,
 * whose, when.
 */
export class CustomerDataService {
  constructor(
    private readonly deps: {
      data: CustomerDataRepository;
      contacts: Pick<ContactRepository, "get">;
      archive: Pick<ArchiveService, "live" | "stored">;
      store: ArchiveStore;
      /** Their files: links in the export, bytes removed by the erasure. */
      files: Pick<AttachmentService, "exportLinks" | "eraseCustomer">;
      /** Closes the live sockets of the erased sessions. */
      live: Pick<LivePublisher, "end">;
      logger: Logger;
      settings: AccessPolicy;
      clock: () => Date;
      newId: () => string;
    },
  ) {}

  async export(actor: Actor, customerId: string, origin: string): Promise<CustomerExport> {
    const user = authorizeUser(actor, "customer:data", this.deps.settings);
    const { archive, data } = this.deps;
    const found = await data.sessionsOf(customerId);
    const sessions: CustomerExport["sessions"] = [];
    for (const id of found.live) {
      const transcript = await archive.live(id);
      if (transcript) sessions.push({ ...transcript, archived: false });
    }
    for (const { id } of found.archived) {
      const transcript = await archive.stored(id);
      if (transcript) sessions.push({ ...transcript, archived: true });
    }
    const contact = await this.deps.contacts.get(customerId);
    const files = await this.deps.files.exportLinks(customerId, origin);
    const entry = this.entry(user, "customer.export", customerId, {
      sessions: sessions.length,
      files: files.length,
    });
    await data.audit(entry);
    return { customerId, exportedAt: entry.at, contact, sessions, files };
  }

  /**
   * Erases the customer: first their archived transcripts and their files (R2), then, in one D1 transaction, their
   * sessions with every message and participant, the archive's marks, their contact, and the audit entry (from
   * which on the customer's tokens start nothing: see ChatService.createSession); then their live
   * sockets close. A failure part-way leaves a request that can simply be made again.
   */
  async erase(actor: Actor, customerId: string): Promise<{ sessions: number; archived: number }> {
    const user = authorizeUser(actor, "customer:data", this.deps.settings);
    const found = await this.deps.data.sessionsOf(customerId);
    await this.deps.store.delete(found.keys);
    await this.deps.files.eraseCustomer(customerId);
    const erased = { sessions: found.live.length, archived: found.archived.length };
    await this.deps.data.erase(customerId, this.entry(user, CUSTOMER_ERASED, customerId, erased));
    const ids = [...found.live, ...found.archived.map((session) => session.id)];
    const ended = await Promise.allSettled(ids.map((id) => this.deps.live.end(id)));
    for (const result of ended) {
      if (result.status === "rejected") {
        this.deps.logger.warn("closing an erased session's sockets failed", {
          error: String(result.reason),
        });
      }
    }
    return erased;
  }

  async auditOf(actor: Actor, subject: string, limit: number): Promise<AuditEntry[]> {
    authorizeUser(actor, "customer:data", this.deps.settings);
    return this.deps.data.auditOf(subject, limit);
  }

  private entry(
    user: User,
    action: string,
    subject: string,
    detail: Record<string, unknown>,
  ): AuditEntry {
    return {
      id: this.deps.newId(),
      at: this.deps.clock().toISOString(),
      actorId: user.subject,
      actorRole: user.role,
      action,
      subject,
      detail,
    };
  }
}
