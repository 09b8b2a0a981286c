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
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
  }
}
