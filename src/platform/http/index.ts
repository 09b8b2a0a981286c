export * from './app.ts';
export * from './error-handler.ts';
