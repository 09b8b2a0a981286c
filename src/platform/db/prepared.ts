import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type pg from 'pg';

/**
 * Statements marked with `prepared` are sent to PostgreSQL as named prepared statements:
 * parsed and analysed once per connection, and after PostgreSQL's first five custom plans
 * usually run on one generic plan. Kysely sends every query unnamed, so a hot statement paid
 * its parse and plan each time: the exchange's send statement plans in ~0.46 ms and runs in
 * ~1.3 ms (bench:exchange: planning and parse analysis were ~17% of PostgreSQL's time).
 *
 * Two conditions, or do not mark the statement:
 * - its SQL text is the same on every call (values in parameters, as jsonb or arrays, never a
 *   varying number of placeholders): each distinct text stays prepared on its connection for
 *   the connection's life, so the set must stay small;
 * - its best plan does not depend on table sizes: inserts, upserts, and reads through a
 *   unique key or a function that plans its own query. A generic plan is kept until the
 *   table's statistics change, so a lookup planned while a table was nearly empty stays a
 *   sequential scan as it grows (seen in bench:exchange on the acknowledgement read and
 *   update: 685 sequential scans of exchange_deliveries, 10.5 M rows read in 20 s).
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
