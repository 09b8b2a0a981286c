export * from './counting-body.ts';
export * from './test-database.ts';
export * from './test-app.ts';
export * from './sample-files.ts';
export * from './shared-fixtures.ts';
export * from './standby.ts';
