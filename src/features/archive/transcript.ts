import { z } from "zod";
import { MESSAGE_AUTHORS, VISIBILITIES } from "../../core/chat";
import type { Participant } from "../../core/db/participant-repository";
import { DUE_KINDS, OUTCOMES, PRIORITIES, SESSION_STATUSES } from "../../core/lifecycle";
import { ROLES } from "../../platform/auth/roles";
import { UnavailableError } from "../../platform/errors";

// One archived session as R2 keeps it (`format` 1), read back through a schema: a field a later
// version added is filled with what it means for an older session; a transcript missing what every
// version has is refused, with what is wrong, never read half.

const text = z.string();
const maybe = z.string().nullable();
/** A field added after the format was first written: absent in older transcripts, null there. */
const later = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

const MessageSchema = z.object({
  id: text,
  seq: z.int().min(1),
  authorType: z.enum(MESSAGE_AUTHORS),
  content: text,
  timestamp: text,
  clientMessageId: maybe,
  authorId: later(text),
  authorName: later(text),
  visibility: z.enum(VISIBILITIES).default("public"),
  sources: later(z.array(z.object({ id: text, title: text }))),
  // The files stay in R2 (and their records in D1): the transcript names them.
  attachments: later(
    z.array(
      z.object({
        id: text,
        name: text,
        contentType: text,
        size: z.int().min(0),
        preview: z.boolean(),
      }),
    ),
  ),
});

const SessionSchema = z.object({
  id: text,
  createdAt: text,
  updatedAt: text,
  status: z.enum(SESSION_STATUSES),
  lastSeq: z.int().min(0),
  customerId: maybe,
  customerName: maybe,
  assigneeId: maybe,
  assigneeName: maybe,
  priority: z.enum(PRIORITIES).default("normal"),
  escalated: z.boolean().default(false),
  escalationReason: later(text),
  queuedAt: maybe,
  firstResponseAt: maybe,
  assignedAt: maybe,
  resolvedAt: maybe,
  outcome: z.enum(OUTCOMES).nullable(),
  rating: z.object({ score: z.int().min(1).max(5), comment: maybe, ratedAt: text }).nullable(),
  handoffAt: later(text),
  handoffReason: later(text),
  teamId: later(text),
  teamChosen: z.boolean().default(false),
  requiredSkill: later(text),
  locale: later(text),
  dueAt: later(text),
  dueKind: later(z.enum(DUE_KINDS)),
  slaBreachedAt: later(text),
  pageUrl: later(text),
});

const ParticipantSchema = z.object({
  id: text,
  role: z.enum(ROLES),
  name: maybe,
  joinedAt: text,
  leftAt: maybe,
  lastReadSeq: z.int().min(0),
}) satisfies z.ZodType<Participant>;

export const TranscriptSchema = z.object({
  format: z.literal(1),
  archivedAt: text,
  session: SessionSchema,
  messages: z.array(MessageSchema),
  participants: z.array(ParticipantSchema),
});

/** One archived session, as stored: everything about it, each message whatever its visibility. */
export type Transcript = z.output<typeof TranscriptSchema>;

/** An archived transcript that cannot be read as any format this service knows. */
export class ArchiveUnreadableError extends UnavailableError {
  readonly type = "/problems/archive-unreadable";
}

/** A stored transcript, read through its schema; throws ArchiveUnreadableError, saying why. */
export function parseTranscript(sessionId: string, body: string): Transcript {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new ArchiveUnreadableError(`The archived transcript of ${sessionId} is not JSON.`);
  }
  const parsed = TranscriptSchema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "transcript"}: ${issue.message}`)
      .join("; ");
    throw new ArchiveUnreadableError(
      `The archived transcript of ${sessionId} is not one this service can read (${where}).`,
    );
  }
  return parsed.data;
}
