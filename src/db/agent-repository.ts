import { sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { ASSIGNED_COUNT, CAPACITY } from "./lifecycle-sql";
import { agents } from "./schema";
import { p, prepared, runBatch } from "./statements";

function buildQueries(db: DrizzleD1Database) {
  return {
    load: db
      .select({
        assigned: sql<number>`${ASSIGNED_COUNT}`.as("assigned"),
        capacity: sql<number>`${CAPACITY}`.as("capacity"),
      })
      .from(sql`(select 1)`)
      .toSQL(),
    setCapacity: db
      .insert(agents)
      .values({ id: p("agentId"), capacity: p("capacity"), updatedAt: p("timestamp") })
      .onConflictDoUpdate({
        target: agents.id,
        set: { capacity: sql`excluded.capacity`, updatedAt: sql`excluded.updated_at` },
      })
      .toSQL(),
  };
}

/** Agents' settings; an agent without a row has the configured defaults. */
export class AgentRepository {
  private readonly statements;

  constructor(private readonly d1: D1Database) {
    this.statements = prepared(d1, buildQueries);
  }

  /** How many sessions the agent holds, and how many they may hold. */
  async load(agentId: string, defaultCapacity: number) {
    const [rows] = await runBatch(this.d1, [
      this.statements.load.bind({ agentId, defaultCapacity }),
    ]);
    return { assigned: Number(rows[0]?.assigned ?? 0), capacity: Number(rows[0]?.capacity) };
  }

  async setCapacity(agentId: string, capacity: number, timestamp: string): Promise<void> {
    await runBatch(this.d1, [this.statements.setCapacity.bind({ agentId, capacity, timestamp })]);
  }
}
