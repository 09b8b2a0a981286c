export * from './app.ts';
export * from './error-handler.ts';
export { csrfCheckedParts } from './multipart-form.ts';
export { HttpErrorCode } from './http.errors.ts';
export { sendCachedJson } from './cached-json.ts';
export { redirectToSignIn, signInUrl } from './sign-in.ts';
