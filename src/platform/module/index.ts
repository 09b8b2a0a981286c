export type * from './module.ts';
export * from './actor.ts';
