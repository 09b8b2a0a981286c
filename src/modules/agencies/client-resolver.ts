import type { ClientSecretResolver } from '../../platform/integration/index.ts';

/**
 * Integration clients (system id + secret) live in this module; the platform's signed-request
 * layer verifies with what this resolver returns. A revoked client resolves with no secret.
 */
/** The part of the agencies API the resolver reads (AgenciesApi satisfies it). */
interface ClientLookup {
  findClient(clientId: string): Promise<{ clientId: string; agencyCode: string; revoked: boolean } | undefined>;
  resolveClientSecrets(clientId: string): Promise<string[]>;
}

export function clientSecretResolver(agencies: ClientLookup): ClientSecretResolver {
  return {
    async resolve(clientId) {
      const client = await agencies.findClient(clientId);
      if (!client) return undefined;
      const secrets = client.revoked ? [] : await agencies.resolveClientSecrets(clientId);
      return { clientId: client.clientId, agencyCode: client.agencyCode, secrets, revoked: client.revoked };
    },
  };
}
