import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

export type SecurityHeaders = readonly (readonly [name: string, value: string])[];

/**
 * The headers helmet sets for these options, computed once. Our options are static (no
 * per-request nonces or directive functions), so every response gets the same headers;
 * @fastify/helmet instead rebuilt helmet's middleware, re-parsing the CSP, on every request
 * (about a tenth of a cached search page's CPU time).
 */
export function securityHeaders(options: HelmetOptions): SecurityHeaders {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      if (typeof value !== 'string') throw new Error(`security header ${name} is not a string`);
      const existing = headers.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
      if (existing >= 0) headers.splice(existing, 1);
      headers.push([name, value]);
    },
    removeHeader() {},
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}
