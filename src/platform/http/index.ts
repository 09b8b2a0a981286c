export * from './app.ts';
export * from './error-handler.ts';
export { csrfCheckedParts } from './multipart-form.ts';
export { HttpErrorCode } from './http.errors.ts';
export { readFloorOf, registerReadConsistency, WAL_COOKIE, withRequestReadFloor, type ReadConsistencySource } from './read-consistency.ts';
export { declareSecurityScheme, SESSION_SECURITY_SCHEME, type SecurityScheme } from './openapi.ts';
export { sendCachedJson } from './cached-json.ts';
export { redirectToSignIn, signInUrl } from './sign-in.ts';
