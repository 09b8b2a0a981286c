export * from './test-database.ts';
export * from './test-app.ts';
export * from './counting-body.ts';
