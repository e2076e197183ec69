import { getTableColumns, Param, Placeholder, sql, type Table } from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import { DatabaseUnavailableError } from "../errors";

// Queries are built by drizzle with named placeholders and compiled to SQL once per isolate; a
// request only binds values. Rows come back as D1 answers them: column name to value.

/** A value bound to a named placeholder of a statement. */
export type Value = string | number | null;
/** A row as D1 answers it: column name to value. */
export type Row = Record<string, unknown>;

/** The SQL and parameters drizzle built; parameters are constants or named placeholders. */
export interface CompiledQuery {
  sql: string;
  params: unknown[];
}

/** A named placeholder, bound per request. */
export const p = (name: string) => sql.placeholder(name);

/**
 * Each named query's SQL: the statements of one batch, run in the order they are named here and
 * answered by name (a statement added later cannot shift what another one answers).
 */
export const compileNamed = <T extends Record<string, { toSQL(): CompiledQuery }>>(queries: T) =>
  Object.fromEntries(Object.entries(queries).map(([name, query]) => [name, query.toSQL()])) as {
    [K in keyof T]: CompiledQuery;
  };

/** One parameter of a statement: a constant, or the value of a named placeholder (column-encoded). */
type Binder = { constant: unknown } | { name: string; encode?: (value: Value) => unknown };

function binderOf(param: unknown): Binder {
  if (param instanceof Placeholder) return { name: param.name };
  // Insert values are wrapped with their column, which maps them to the driver's form (as drizzle does).
  if (param instanceof Param && param.value instanceof Placeholder) {
    const { encoder } = param;
    return {
      name: param.value.name,
      ...(encoder && { encode: (value: Value) => encoder.mapToDriverValue(value) }),
    };
  }
  return { constant: param };
}

/** A statement prepared once: each request only binds its placeholders' values. */
export class Statement {
  private readonly prepared: D1PreparedStatement;
  private readonly binders: Binder[];

  constructor(d1: D1Database, { sql, params }: CompiledQuery) {
    this.prepared = d1.prepare(sql);
    this.binders = params.map(binderOf);
  }

  bind(values: Record<string, Value>): D1PreparedStatement {
    const bound = this.binders.map((binder) => {
      if ("constant" in binder) return binder.constant;
      if (!(binder.name in values)) throw new Error(`No value for the placeholder ${binder.name}.`);
      const value = values[binder.name] ?? null;
      return value !== null && binder.encode ? binder.encode(value) : value;
    });
    return this.prepared.bind(...bound);
  }
}

const compiledBy = new Map<unknown, unknown>();

/**
 * The queries `build` makes, compiled on the first call and then kept for the isolate: their SQL
 * depends on the schema only, never on the database or the request.
 */
export function compiled<T>(d1: D1Database, build: (db: DrizzleD1Database) => T): T {
  let queries = compiledBy.get(build) as T | undefined;
  if (!queries) {
    queries = build(drizzle(d1));
    compiledBy.set(build, queries);
  }
  return queries;
}

/** The queries `build` makes, prepared on `d1`: a request only binds their placeholders. */
export function prepared<T>(d1: D1Database, build: (db: DrizzleD1Database) => T): Prepared<T> {
  return prepareAll(d1, compiled(d1, build));
}

/** Prepares every compiled query of a (nested) record of them. */
function prepareAll<T>(d1: D1Database, compiled: T): Prepared<T> {
  if (Array.isArray(compiled)) {
    return compiled.map((q) => prepareAll(d1, q)) as unknown as Prepared<T>;
  }
  if (isCompiled(compiled)) return new Statement(d1, compiled) as Prepared<T>;
  return Object.fromEntries(
    Object.entries(compiled as object).map(([key, value]) => [key, prepareAll(d1, value)]),
  ) as Prepared<T>;
}

export type Prepared<T> = T extends CompiledQuery ? Statement : { [K in keyof T]: Prepared<T[K]> };

function isCompiled(value: unknown): value is CompiledQuery {
  return typeof value === "object" && value !== null && "sql" in value && "params" in value;
}

// What a statement did is read from the rows it answers (a write's RETURNING rows), never from
// D1's `changes`: FTS5 writes its pending index when the next statement of a batch starts, and those
// writes count in that statement's `changes`.

/** What a statement answered: its rows (for a write, its RETURNING rows: the rows it changed). */
export interface Answer {
  rows: Row[];
}

/** Runs one statement; answers its rows. */
export async function runOne(d1: D1Database, statement: D1PreparedStatement): Promise<Answer> {
  // A batch of one, as every query is: the meter and the request's D1 session see batches.
  const [result] = await guard(() => d1.batch<Row>([statement]));
  return { rows: result?.results ?? [] };
}

/** Runs writes in one D1 batch (one transaction), answering nothing (read back with runBound). */
export function runAll(d1: D1Database, statements: D1PreparedStatement[]): Promise<D1Result[]> {
  return guard(() => d1.batch(statements));
}

/**
 * Binds the same values to every named statement and runs them in one D1 batch (one transaction),
 * in the order they are named; answers each one's rows by name.
 */
export function runNamed<K extends string>(
  d1: D1Database,
  statements: Record<K, Statement>,
  values: Record<string, Value>,
): Promise<Record<K, Answer>> {
  const bound = Object.fromEntries(
    Object.entries<Statement>(statements).map(([name, statement]) => [
      name,
      statement.bind(values),
    ]),
  ) as Record<K, D1PreparedStatement>;
  return runBound(d1, bound);
}

/** Runs bound statements in one D1 batch, in the order they are named; answers them by name. */
export async function runBound<K extends string>(
  d1: D1Database,
  statements: Record<K, D1PreparedStatement>,
): Promise<Record<K, Answer>> {
  const names = Object.keys(statements) as K[];
  const results = await guard(() => d1.batch<Row>(names.map((name) => statements[name])));
  return Object.fromEntries(
    names.map((name, i) => [name, { rows: results[i]?.results ?? [] }]),
  ) as Record<K, Answer>;
}

/** Any failure of D1 itself becomes a 503 for the client; the cause is kept for the log. */
export async function guard<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    throw new DatabaseUnavailableError("The database did not answer; try again shortly.", {
      cause: error,
    });
  }
}

/** A table's column names in D1's rows, by the schema's field names. */
export function columnNames<T extends Table>(table: T) {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([field, column]) => [field, column.name]),
  ) as Record<keyof T["$inferSelect"], string>;
}
