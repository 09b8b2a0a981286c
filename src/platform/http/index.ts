export * from './app.ts';
export * from './error-handler.ts';
export { HttpErrorCode } from './http.errors.ts';
