import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type pg from 'pg';

/**
 * Statements marked with `prepared` are sent to PostgreSQL as named prepared statements:
 * parsed and analysed once per connection, and after PostgreSQL's first five custom plans
 * usually run on one generic plan. Kysely sends every query unnamed, so a hot statement
 * would pay its parse and plan on every call. Mark a statement only if
 * - its SQL text is the same on every call (values in parameters, never a varying number of
 *   placeholders): each distinct text stays prepared for its connection's life;
 * - its best plan does not depend on table sizes (inserts, upserts, reads through a unique
 *   key or a function that plans its own query): a generic plan made while a table was
 *   nearly empty stays a sequential scan as the table grows.
 * On PGlite the mark is an ordinary comment.
 */
export function prepared<T>(query: RawBuilder<T>): RawBuilder<T> {
  return sql<T>`${sql.raw(PREPARED_MARK)}${query}`;
}

const PREPARED_MARK = '/* egov:prepared */ ';

const names = new Map<string, string>();

/** The statement's name: a digest of its text, so two texts never share a name on a connection. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `egov_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * The query function Kysely's PostgresDialect calls on a pooled client: statements marked with
 * `prepared` go as named ones, anything else (unmarked text, a cursor) as Kysely sends it.
 */
export function preparingQuery(client: pg.PoolClient): (text: unknown, parameters?: ReadonlyArray<unknown>) => Promise<unknown> {
  const send = client.query.bind(client) as (query: unknown, values?: unknown[]) => Promise<unknown>;
  return (text, parameters) => {
    const values = parameters ? [...parameters] : undefined;
    if (typeof text === 'string' && text.startsWith(PREPARED_MARK)) return send({ name: nameOf(text), text, values });
    return send(text, values);
  };
}
