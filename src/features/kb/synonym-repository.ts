import { asc, eq, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { p, prepared, type Row, runOne } from "../../platform/db/statements";
import { kbSynonyms } from "./tables";

export interface Synonym {
  /** The word the articles use, lower case. */
  term: string;
  /** The words customers use for it, lower case. */
  synonyms: string[];
  updatedAt: string;
}

/** The most entries the desk's list holds (all are read for every question). */
export const MAX_SYNONYM_TERMS = 500;

function buildQueries(db: DrizzleD1Database) {
  return {
    all: db
      .select()
      .from(kbSynonyms)
      .orderBy(asc(kbSynonyms.term))
      .limit(MAX_SYNONYM_TERMS)
      .toSQL(),
    put: db
      .insert(kbSynonyms)
      .values({ term: p("term"), synonyms: p("synonyms"), updatedAt: p("updatedAt") })
      .onConflictDoUpdate({
        target: kbSynonyms.term,
        set: { synonyms: sql`excluded.synonyms`, updatedAt: sql`excluded.updated_at` },
      })
      .toSQL(),
    remove: db
      .delete(kbSynonyms)
      .where(eq(kbSynonyms.term, p("term")))
      .returning({ term: kbSynonyms.term })
      .toSQL(),
  };
}

/** The desk's synonym list in D1. */
export class SynonymRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, buildQueries);
  }

  async all(): Promise<Synonym[]> {
    const { rows } = await runOne(this.d1, this.statements.all.bind({}));
    return rows.map(toSynonym);
  }

  async put(synonym: Synonym): Promise<void> {
    await runOne(
      this.d1,
      this.statements.put.bind({
        term: synonym.term,
        synonyms: JSON.stringify(synonym.synonyms),
        updatedAt: synonym.updatedAt,
      }),
    );
  }

  /** Whether there was such a term to remove. */
  async remove(term: string): Promise<boolean> {
    return (await runOne(this.d1, this.statements.remove.bind({ term }))).rows.length > 0;
  }
}

function toSynonym(row: Row): Synonym {
  return {
    term: row.term as string,
    synonyms: JSON.parse(row.synonyms as string) as string[],
    updatedAt: row.updated_at as string,
  };
}
