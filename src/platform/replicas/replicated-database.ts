import { countD1 } from "../meter";
import { currentScope, inScope } from "../request-scope";

// D1 read replication through the Sessions API. Drizzle has no support for D1 sessions yet, and
// needs none here: it only builds the SQL (src/platform/db/statements.ts), and every query runs through
// `batch` on the D1Database the repositories were given (statements prepared once only carry SQL
// and values into it), or drizzle's own `all()` on a statement prepared during the request. That
// database is this wrapper: both run on the current request's D1 session when there is one
// (its request scope, src/platform/request-scope.ts), else on the primary, as everything outside a request does (the Durable
// Objects: rooms read the backlog they push after, so they must see the latest).

/** Where a request's session starts: a bookmark it sent, or a constraint. */
export type SessionStart = string | D1SessionConstraint;

/** The repositories' database: the primary, or the current request's session. */
export class ReplicatedDatabase implements D1Database {
  constructor(
    private readonly primary: D1Database,
    /** Tests watch where each request's session started. */
    private readonly onSession: (start: SessionStart) => void = () => {},
  ) {}

  /** A statement prepared during a request runs on its session (drizzle's own queries). */
  prepare(query: string): D1PreparedStatement {
    return (currentScope()?.session ?? this.primary).prepare(query);
  }

  async batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    const results = await (currentScope()?.session ?? this.primary).batch<T>(statements);
    countD1(results);
    return results;
  }

  exec(query: string): Promise<D1ExecResult> {
    return this.primary.exec(query);
  }

  withSession(start?: SessionStart): D1DatabaseSession {
    return this.primary.withSession(start);
  }

  dump(): Promise<ArrayBuffer> {
    return this.primary.dump();
  }

  /**
   * Runs `work` with every query in one D1 session started at `start` (sequentially consistent:
   * each read sees what the earlier ones saw); answers the session's bookmark after it.
   */
  async inSession(start: SessionStart, work: () => Promise<unknown>): Promise<string | null> {
    this.onSession(start);
    const session = this.primary.withSession(start);
    return inScope(async (scope) => {
      scope.session = session;
      await work();
      return session.getBookmark();
    });
  }
}
