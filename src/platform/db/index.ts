export * from './database.ts';
export * from './migrate.ts';
export { prepared } from './prepared.ts';
export { sql } from 'kysely';
