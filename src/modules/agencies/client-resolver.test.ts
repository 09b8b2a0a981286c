import { describe, expect, it } from 'vitest';
import { clientSecretResolver } from './index.ts';

describe('clientSecretResolver', () => {
  const clients = {
    sys_active: { clientId: 'sys_active', agencyCode: '000.00.00.H49', revoked: false },
    sys_revoked: { clientId: 'sys_revoked', agencyCode: '000.00.00.H29', revoked: true },
  } as const;
  const secretsAsked: string[] = [];
  const resolver = clientSecretResolver({
    findClient: async (id) => clients[id as keyof typeof clients],
    resolveClientSecrets: async (id) => (secretsAsked.push(id), [`secret of ${id}`]),
  });

  it('gives the platform the agency and secrets of an active client', async () => {
    expect(await resolver.resolve('sys_active')).toEqual({ clientId: 'sys_active', agencyCode: '000.00.00.H49', secrets: ['secret of sys_active'], revoked: false });
  });

  it('gives a revoked client no secret without decrypting any, and an unknown one nothing', async () => {
    expect(await resolver.resolve('sys_revoked')).toEqual({ clientId: 'sys_revoked', agencyCode: '000.00.00.H29', secrets: [], revoked: true });
    expect(await resolver.resolve('sys_unknown')).toBeUndefined();
    expect(secretsAsked).toEqual(['sys_active']);
  });
});
