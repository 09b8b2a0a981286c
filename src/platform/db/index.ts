export * from './database.ts';
export * from './migrate.ts';
export { prepared } from './prepared.ts';
export { sql } from 'kysely';
export { DEFAULT_POOL_LIMITS, type PoolLimits, type PoolLogger } from './pool.ts';
export { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE, databaseUnavailable, isConnectionFailure, isDatabaseUnavailable } from './unavailable.ts';
export { currentReadFloor, parseLsn, withReadFloor, type ReadFloor } from './replica.ts';
