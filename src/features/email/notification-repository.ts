import { p, prepared, type Row, runOne } from "../../platform/db/statements";

/** A reply the customer has not seen: public, from an agent or the bot (not the service's greeting). */
export interface UnseenReply {
  seq: number;
  authorType: string;
  authorName: string | null;
  content: string;
  timestamp: string;
}

/** An email sent to a session's customer: the replies it carried (by seq), and when. */
export interface EmailSent {
  firstSeq: number;
  lastSeq: number;
  sentAt: string;
}

/** What a session owes its customer by email. */
export interface Pending {
  customerId: string | null;
  /** When the session's last email was claimed (null: never). */
  lastEmailedAt: string | null;
  /** After what the customer read (or wrote last) and what was emailed before, oldest first (at most 20). */
  unseen: UnseenReply[];
}

// Written as SQL: each subquery names its own table, which the builder would leave unqualified.
const statements = () => ({
  pending: {
    sql: `select s.customer_id as customer_id,
      (select max(n.created_at) from email_notifications n where n.session_id = s.id) as last_emailed_at,
      (select json_group_array(json_object('seq', m.seq, 'author_type', m.author_type,
          'author_name', m.author_name, 'content', m.content, 'timestamp', m.timestamp))
        from (select * from chat_messages m where m.session_id = s.id and m.visibility = 'public'
          and (m.author_type = 'bot' or (m.author_type = 'service_agent' and m.author_id is not null))
          and m.seq > max(
            ?,
            coalesce((select r.last_read_seq from session_participants r
              where r.session_id = s.id and r.participant_id = s.customer_id), 0),
            coalesce((select max(n.last_seq) from email_notifications n where n.session_id = s.id), 0),
            coalesce((select c.seq from chat_messages c where c.session_id = s.id
              and c.author_type = 'customer' order by c.seq desc limit 1), 0))
          order by m.seq limit 20) m) as unseen
      from chat_sessions s where s.id = ?`,
    params: [p("seenSeq"), p("sessionId")],
  },
  // Claimed before sending: a retry or a restart finds the key taken. Never to a suppressed address.
  claim: {
    sql: `insert into email_notifications (session_id, first_seq, last_seq, recipient, created_at)
      select ?, ?, ?, ?, ? where not exists (select 1 from email_suppressions where email = ?)
      on conflict do nothing returning session_id`,
    params: [p("sessionId"), p("firstSeq"), p("lastSeq"), p("recipient"), p("now"), p("recipient")],
  },
  ofSession: {
    sql: `select first_seq, last_seq, created_at from email_notifications
      where session_id = ? and message_id is not null order by last_seq`,
    params: [p("sessionId")],
  },
  sent: {
    sql: "update email_notifications set message_id = ? where session_id = ? and last_seq = ?",
    params: [p("messageId"), p("sessionId"), p("lastSeq")],
  },
  release: {
    sql: "delete from email_notifications where session_id = ? and last_seq = ? and message_id is null",
    params: [p("sessionId"), p("lastSeq")],
  },
  suppress: {
    sql: `insert into email_suppressions (email, reason, at) values (?, ?, ?)
      on conflict (email) do nothing`,
    params: [p("email"), p("reason"), p("now")],
  },
  suppressed: {
    sql: "select reason from email_suppressions where email = ?",
    params: [p("email")],
  },
});

/** The emails owed to customers, those sent, and the addresses never written to again. */
export class NotificationRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, statements);
  }

  /** What the customer has not seen: after `seenSeq` (shown live), what they read, what was emailed. */
  async pending(sessionId: string, seenSeq = 0): Promise<Pending | null> {
    const { rows } = await runOne(this.d1, this.statements.pending.bind({ sessionId, seenSeq }));
    const row = rows[0];
    if (!row) return null;
    const unseen = (JSON.parse((row.unseen as string | null) ?? "[]") as Row[])
      .map(
        (m): UnseenReply => ({
          seq: m.seq as number,
          authorType: m.author_type as string,
          authorName: (m.author_name as string | null) ?? null,
          content: m.content as string,
          timestamp: m.timestamp as string,
        }),
      )
      .sort((a, b) => a.seq - b.seq);
    return {
      customerId: (row.customer_id as string | null) ?? null,
      lastEmailedAt: (row.last_emailed_at as string | null) ?? null,
      unseen,
    };
  }

  /** Takes the key of an email; false: taken already, or the address is suppressed. */
  async claim(
    sessionId: string,
    seqs: { first: number; last: number },
    recipient: string,
    now: string,
  ) {
    const result = await runOne(
      this.d1,
      this.statements.claim.bind({
        sessionId,
        firstSeq: seqs.first,
        lastSeq: seqs.last,
        recipient,
        now,
      }),
    );
    return result.rows.length === 1;
  }

  /** The emails sent of a session: which replies each carried, and when. */
  async ofSession(sessionId: string): Promise<EmailSent[]> {
    const { rows } = await runOne(this.d1, this.statements.ofSession.bind({ sessionId }));
    return rows.map((row) => ({
      firstSeq: row.first_seq as number,
      lastSeq: row.last_seq as number,
      sentAt: row.created_at as string,
    }));
  }

  async sent(sessionId: string, lastSeq: number, messageId: string): Promise<void> {
    await runOne(this.d1, this.statements.sent.bind({ sessionId, lastSeq, messageId }));
  }

  /** Gives a key back when its email surely did not leave (the send failed). */
  async release(sessionId: string, lastSeq: number): Promise<void> {
    await runOne(this.d1, this.statements.release.bind({ sessionId, lastSeq }));
  }

  async suppress(email: string, reason: "unsubscribed" | "bounced", now: string) {
    await runOne(this.d1, this.statements.suppress.bind({ email, reason, now }));
  }

  async isSuppressed(email: string): Promise<boolean> {
    const { rows } = await runOne(this.d1, this.statements.suppressed.bind({ email }));
    return rows.length > 0;
  }
}
