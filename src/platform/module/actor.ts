/**
 * The authenticated principal a use case authorises against. Identity sets it on each
 * request from the session; use cases take it as a parameter and decide there.
 */
export type AccountKind = 'citizen' | 'business' | 'official' | 'admin';

export interface Actor {
  accountId: string;
  kind: AccountKind;
  displayName: string;
  /** The agency an official belongs to (QĐ 20 code); null for citizens, businesses and system admins. */
  agencyCode: string | null;
  /** An official's roles, each declared by some module (platform/module/contributions.ts); empty for others. */
  roles: string[];
  /**
   * When the session last proved a second factor (ISO 8601), if it did: sensitive use cases
   * ask identity's `requireRecentSecondFactor(actor)`. Absent for API clients and tests.
   */
  secondFactorAt?: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
  }
}
