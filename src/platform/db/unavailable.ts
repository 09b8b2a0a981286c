import { DomainError } from '../errors/index.ts';

/** The stable code of every request refused because PostgreSQL cannot be reached. */
export const DATABASE_UNAVAILABLE = 'db.unavailable';

/** What `Retry-After` advises: a PostgreSQL restart takes a few seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs that say the session is gone or cannot be had, not that the statement was wrong:
 * class 08 (connection exception), 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
 * connect now (starting up, shutting down, in recovery), 53300 too many connections.
 */
const SESSION_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Socket and name-resolution failures: the server is not there or the path to it broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);

/**
 * What node-postgres and pg-pool throw, without a code, when a connection is lost or cannot be
 * had in time (texts of pg 8 / pg-pool 3: "Connection terminated unexpectedly", "Connection
 * terminated due to connection timeout", "Client has encountered a connection error and is not
 * queryable", "timeout exceeded when trying to connect", "Query read timeout").
 */
const DRIVER_MESSAGES = /^(Connection terminated\b|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|Query read timeout)/;

/**
 * True when `error` says that PostgreSQL could not be reached or the connection was lost, as
 * opposed to a statement that failed (a constraint, a syntax error, a serialization failure).
 * Used on the PostgreSQL driver's errors only: the embedded PGlite has no connection to lose.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^08[0-9A-Z]{3}$/.test(code) || SESSION_STATES.has(code) || NETWORK_CODES.has(code)) return true;
  }
  // Node's connect to a name with several addresses fails with one error per address.
  if (error instanceof AggregateError && error.errors.some(isConnectionFailure)) return true;
  return DRIVER_MESSAGES.test(error.message);
}

/**
 * The one platform error for "the database is not reachable now": kind `unavailable` (503 with
 * `Retry-After`). The driver's message stays in `cause`, for the log only.
 */
export function databaseUnavailable(cause: unknown): DomainError {
  return new DomainError(DATABASE_UNAVAILABLE, 'unavailable', 'The service is temporarily unavailable. Please try again in a few seconds.', {
    cause,
    details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  });
}

export function isDatabaseUnavailable(error: unknown): error is DomainError {
  return error instanceof DomainError && error.code === DATABASE_UNAVAILABLE;
}
