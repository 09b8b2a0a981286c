export * from './file-store.ts';
export * from './content-check.ts';
export * from './sweep.ts';
