import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers.ts';

describe('securityHeaders', () => {
  it('computes helmet headers once, with the CSP and HSTS asked for', () => {
    const headers = new Map(securityHeaders({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"] } }, hsts: { maxAge: 60 } }));
    expect(headers.get('Content-Security-Policy')).toBe("default-src 'self';script-src 'self'");
    expect(headers.get('Strict-Transport-Security')).toBe('max-age=60; includeSubDomains');
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(new Map(securityHeaders({ hsts: false })).has('Strict-Transport-Security')).toBe(false);
  });

  it('refuses options helmet refuses instead of sending no headers', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { useDefaults: false, directives: { scriptSrc: ['self'] } } })).toThrow();
  });
});
