import { p, prepared, runOne } from "../../platform/db/statements";

const statements = () => ({
  // The first outcome of a Message-ID stays: a redelivery is recognised, never counted twice.
  record: {
    sql: `insert into email_inbound (message_id, session_id, outcome, at) values (?, ?, ?, ?)
      on conflict (message_id) do nothing`,
    params: [p("messageId"), p("sessionId"), p("outcome"), p("at")],
  },
  customerOf: {
    sql: "select customer_id from chat_sessions where id = ?",
    params: [p("sessionId")],
  },
  counts: {
    sql: "select outcome, count(*) as n from email_inbound group by outcome",
    params: [],
  },
});

/** Emails that came in to reply addresses: what became of each, and whose session they name. */
export class InboundRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, statements);
  }

  async record(messageId: string, sessionId: string | null, outcome: string, at: string) {
    await runOne(this.d1, this.statements.record.bind({ messageId, sessionId, outcome, at }));
  }

  async customerOf(sessionId: string): Promise<string | null> {
    const { rows } = await runOne(this.d1, this.statements.customerOf.bind({ sessionId }));
    return (rows[0]?.customer_id as string | null | undefined) ?? null;
  }

  /** How many came in, by outcome. */
  async counts(): Promise<Record<string, number>> {
    const { rows } = await runOne(this.d1, this.statements.counts.bind({}));
    return Object.fromEntries(rows.map((row) => [row.outcome as string, row.n as number]));
  }
}
