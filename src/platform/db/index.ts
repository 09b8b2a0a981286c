export * from './database.ts';
export * from './migrate.ts';
export { sql } from 'kysely';
