import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import { chatSessions, routingRules, teamMembers } from "../../core/db/schema";
import { guard } from "../../platform/db/statements";
import { labels, sessionLabels } from "./tables";

export interface Label {
  id: string;
  name: string;
  colour: string;
  createdAt: string;
  updatedAt: string;
}

/** A label as a session carries it. */
export type LabelRef = Pick<Label, "id" | "name" | "colour">;

/** Who may see a session: its team and assignee (null: no such session). */
export interface SessionScope {
  teamId: string | null;
  assigneeId: string | null;
}

const REF = { id: labels.id, name: labels.name, colour: labels.colour };
// D1 binds at most 100 parameters a statement.
const CHUNK = 90;

/** Labels, and the labels of sessions, in D1. */
export class LabelRepository {
  private readonly db: DrizzleD1Database;

  constructor(d1: D1Database) {
    this.db = drizzle(d1);
  }

  list(): Promise<Label[]> {
    return guard(() => this.db.select().from(labels).orderBy(asc(labels.nameKey)).all());
  }

  async get(id: string): Promise<Label | null> {
    return (
      (await guard(() => this.db.select().from(labels).where(eq(labels.id, id)).get())) ?? null
    );
  }

  /** Adds a label; false when another has the same name (whatever its case). */
  async add(label: Label): Promise<boolean> {
    const result = await guard(() =>
      this.db
        .insert(labels)
        .values({ ...label, nameKey: nameKey(label.name) })
        .onConflictDoNothing()
        .returning({ id: labels.id })
        .all(),
    );
    return result.length > 0;
  }

  /** Changes a label; "taken" when another label has that name. */
  async update(label: Label): Promise<"updated" | "missing" | "taken"> {
    const key = nameKey(label.name);
    const other = await guard(() =>
      this.db.select({ id: labels.id }).from(labels).where(eq(labels.nameKey, key)).get(),
    );
    if (other && other.id !== label.id) return "taken";
    const result = await guard(() =>
      this.db
        .update(labels)
        .set({ name: label.name, nameKey: key, colour: label.colour, updatedAt: label.updatedAt })
        .where(eq(labels.id, label.id))
        .returning({ id: labels.id })
        .all(),
    );
    return result.length > 0 ? "updated" : "missing";
  }

  /**
   * Removes a label from every session (the foreign key) and from the routing rules, in one
   * transaction: a rule that only labelled goes, one that also routes keeps routing.
   */
  async remove(id: string): Promise<boolean> {
    const { db } = this;
    const [, , removed] = await guard(() =>
      db.batch([
        db
          .delete(routingRules)
          .where(and(eq(routingRules.labelId, id), isNull(routingRules.teamId))),
        db.update(routingRules).set({ labelId: null }).where(eq(routingRules.labelId, id)),
        db.delete(labels).where(eq(labels.id, id)).returning({ id: labels.id }),
      ]),
    );
    return removed.length > 0;
  }

  /** Which of `ids` are labels. */
  async existing(ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await guard(() =>
      this.db.select({ id: labels.id }).from(labels).where(inArray(labels.id, ids)).all(),
    );
    return rows.map((row) => row.id);
  }

  /** The session's team and assignee, or null when D1 has no such session. */
  async scopeOf(sessionId: string): Promise<SessionScope | null> {
    const row = await guard(() =>
      this.db
        .select({ teamId: chatSessions.teamId, assigneeId: chatSessions.assigneeId })
        .from(chatSessions)
        .where(eq(chatSessions.id, sessionId))
        .get(),
    );
    return row ?? null;
  }

  /** Whether `agentId` is a member of `teamId`. */
  async isMember(agentId: string, teamId: string): Promise<boolean> {
    const row = await guard(() =>
      this.db
        .select({ one: sql`1` })
        .from(teamMembers)
        .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.agentId, agentId)))
        .get(),
    );
    return row !== undefined;
  }

  /**
   * Puts the labels `labelIds` that exist on a session (those it has already stay as they were);
   * answers how many were added.
   */
  async attach(sessionId: string, labelIds: string[], by: string, at: string): Promise<number> {
    if (!labelIds.length) return 0;
    const rows = await guard(() =>
      this.attaching(sessionId, labelIds, by, at).returning({ id: sessionLabels.labelId }).all(),
    );
    return rows.length;
  }

  /**
   * Puts a label on a session, or takes it off, and answers the session's labels after it, read in
   * the same transaction: a concurrent change of the same label comes before or after both.
   */
  async change(
    sessionId: string,
    change: { put: string; by: string; at: string } | { take: string },
  ): Promise<LabelRef[]> {
    const write =
      "put" in change
        ? this.attaching(sessionId, [change.put], change.by, change.at)
        : this.db
            .delete(sessionLabels)
            .where(
              and(eq(sessionLabels.sessionId, sessionId), eq(sessionLabels.labelId, change.take)),
            );
    const [, rows] = await guard(() => this.db.batch([write, this.labelsOf([sessionId])]));
    return rows.map(({ sessionId: _, ...label }) => label);
  }

  /** The insert of those of `labelIds` that exist on the session, if it exists (none twice). */
  private attaching(sessionId: string, labelIds: string[], by: string, at: string) {
    return this.db
      .insert(sessionLabels)
      .select(
        this.db
          .select({
            sessionId: sql<string>`${sessionId}`.as("session_id"),
            labelId: labels.id,
            addedBy: sql<string>`${by}`.as("added_by"),
            addedAt: sql<string>`${at}`.as("added_at"),
          })
          .from(labels)
          .where(
            and(
              inArray(labels.id, labelIds),
              sql`exists (select 1 from ${chatSessions} where ${chatSessions.id} = ${sessionId})`,
            ),
          ),
      )
      .onConflictDoNothing();
  }

  /** The labels of each of `sessionIds`, by name. */
  async ofSessions(sessionIds: string[]): Promise<Map<string, LabelRef[]>> {
    const bySession = new Map<string, LabelRef[]>(sessionIds.map((id) => [id, []]));
    for (let i = 0; i < sessionIds.length; i += CHUNK) {
      const chunk = sessionIds.slice(i, i + CHUNK);
      const rows = await guard(() => this.labelsOf(chunk).all());
      for (const { sessionId, ...label } of rows) bySession.get(sessionId)?.push(label);
    }
    return bySession;
  }

  /** The statement reading the labels of (at most CHUNK) sessions, by name. */
  labelsOf(sessionIds: string[]) {
    return this.db
      .select({ sessionId: sessionLabels.sessionId, ...REF })
      .from(sessionLabels)
      .innerJoin(labels, eq(labels.id, sessionLabels.labelId))
      .where(inArray(sessionLabels.sessionId, sessionIds))
      .orderBy(asc(labels.nameKey));
  }
}

/**
 * Names compare as people read them: without case, Unicode composition (é as one code point or two) or
 * width (ｖｉｐ), and without what does not show (zero-width spaces, direction marks and overrides).
 */
export const nameKey = (name: string) =>
  name
    .normalize("NFKC")
    .replace(/[\p{Cf}\p{Cc}]/gu, "")
    .toLocaleLowerCase("en");
