import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret, deriveKey } from '../../platform/crypto/index.ts';
import { sql } from '../../platform/db/index.ts';
import { actors, setUpAgencies, TEST_SECRET_KEY } from './agencies.test-support.ts';
import { signPayload } from './index.ts';

describe('integration clients', () => {
  let env: Awaited<ReturnType<typeof setUpAgencies>>;

  beforeAll(async () => {
    env = await setUpAgencies();
  });
  afterAll(async () => {
    await env?.close();
  });

  const payload = '{"service":"DongBoHoSoMC","data":[]}';

  it('creates a client whose secret signs requests, stored sealed and audited', async () => {
    const { clientId, secret, name } = await env.api.createClient(actors.admin, { agencyCode: '000.00.00.H49', name: 'Một cửa điện tử' });
    expect(clientId).toMatch(/^sys_[0-9a-f]{20}$/);
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(name).toBe('Một cửa điện tử');

    expect(await env.api.verifySignature(clientId, payload, signPayload(secret, payload))).toBe(true);
    expect(await env.api.verifySignature(clientId, payload, signPayload(secret, payload).toUpperCase())).toBe(true);
    expect(await env.api.verifySignature(clientId, `${payload} `, signPayload(secret, payload))).toBe(false);
    expect(await env.api.verifySignature(clientId, payload, signPayload('wrong-secret', payload))).toBe(false);
    expect(await env.api.verifySignature(clientId, payload, 'not-hex')).toBe(false);
    expect(await env.api.verifySignature('sys_unknown000000000000', payload, signPayload(secret, payload))).toBe(false);

    // Encrypted with the server's key (not hashed: the HMAC needs the key), never in clear.
    const { rows } = await sql<{ sealed_secret: string }>`SELECT sealed_secret FROM integration_client_secrets WHERE client_id = ${clientId}`.execute(env.db);
    expect(rows).toHaveLength(1);
    const sealed = rows[0]?.sealed_secret ?? '';
    expect(sealed).not.toContain(secret);
    expect(decryptSecret(sealed, deriveKey(TEST_SECRET_KEY, 'integration-client-secrets'))).toBe(secret);

    const audit = await sql<{ action: string; actor: string; data: unknown }>`SELECT action, actor, data FROM audit_log WHERE entity_id = ${clientId}`.execute(env.db);
    expect(audit.rows).toEqual([expect.objectContaining({ action: 'integration_client.created', actor: 'acc-admin' })]);
    expect(JSON.stringify(audit.rows[0]?.data)).not.toContain(secret);
  });

  it('never shows the secret again: listings carry only a hint', async () => {
    const { clientId, secret } = await env.api.createClient(actors.adminH49, { agencyCode: '000.00.01.H49' });
    const list = await env.api.listClients(actors.adminH49, '000.00.01.H49');
    const listed = list.find((c) => c.clientId === clientId);
    expect(listed).toMatchObject({ name: 'Hệ thống tích hợp', agencyCode: '000.00.01.H49', revokedAt: null });
    expect(listed?.activeSecrets).toEqual([{ hint: secret.slice(-4), createdAt: expect.any(Date), validUntil: null }]);
    expect(JSON.stringify(list)).not.toContain(secret);
  });

  it('rotates with an overlap in which old and new secrets both verify', async () => {
    const { clientId, secret: oldSecret } = await env.api.createClient(actors.admin, { agencyCode: '000.00.00.H29' });
    const before = Date.now();
    const rotated = await env.api.rotateClientSecret(actors.admin, clientId, { overlapHours: 48 });
    expect(rotated.secret).not.toBe(oldSecret);
    expect(rotated.previousValidUntil.getTime()).toBeGreaterThanOrEqual(before + 48 * 3_600_000 - 1000);
    expect(await env.api.verifySignature(clientId, payload, signPayload(oldSecret, payload))).toBe(true);
    expect(await env.api.verifySignature(clientId, payload, signPayload(rotated.secret, payload))).toBe(true);
    expect(await env.api.resolveClientSecrets(clientId)).toEqual([rotated.secret, oldSecret]);

    // Once the overlap has passed, only the new secret works.
    await sql`UPDATE integration_client_secrets SET valid_until = now() - interval '1 second' WHERE client_id = ${clientId} AND valid_until IS NOT NULL`.execute(env.db);
    expect(await env.api.verifySignature(clientId, payload, signPayload(oldSecret, payload))).toBe(false);
    expect(await env.api.verifySignature(clientId, payload, signPayload(rotated.secret, payload))).toBe(true);
  });

  it('defaults to a 7-day overlap, ends old secrets at once with 0, and never extends an ending secret', async () => {
    const { clientId, secret: first } = await env.api.createClient(actors.admin, { agencyCode: '000.00.00.H29' });
    const second = await env.api.rotateClientSecret(actors.admin, clientId);
    expect(second.overlapHours).toBe(168);
    const validUntil = async () =>
      (await sql<{ hint: string; valid_until: Date | null }>`SELECT hint, valid_until FROM integration_client_secrets WHERE client_id = ${clientId} ORDER BY id`.execute(env.db)).rows;
    const firstEnds = (await validUntil())[0]?.valid_until;
    expect(firstEnds?.getTime()).toBeCloseTo(Date.now() + 168 * 3_600_000, -4);

    const third = await env.api.rotateClientSecret(actors.admin, clientId, { overlapHours: 720 });
    // The first secret keeps its earlier end; the second now ends in 30 days.
    expect((await validUntil())[0]?.valid_until?.getTime()).toBe(firstEnds?.getTime());
    expect(await env.api.resolveClientSecrets(clientId)).toEqual([third.secret, second.secret, first]);

    const fourth = await env.api.rotateClientSecret(actors.admin, clientId, { overlapHours: 0 });
    expect(await env.api.resolveClientSecrets(clientId)).toEqual([fourth.secret]);
    await expect(env.api.rotateClientSecret(actors.admin, clientId, { overlapHours: -1 })).rejects.toMatchObject({ code: 'agencies.overlap_invalid' });
    await expect(env.api.rotateClientSecret(actors.admin, clientId, { overlapHours: 1.5 })).rejects.toMatchObject({ code: 'agencies.overlap_invalid' });
  });

  it('revokes a client: no secret verifies any more, and it cannot be rotated', async () => {
    const { clientId, secret } = await env.api.createClient(actors.adminH49, { agencyCode: '000.00.00.H49' });
    await env.api.revokeClient(actors.adminH49, clientId);
    expect(await env.api.verifySignature(clientId, payload, signPayload(secret, payload))).toBe(false);
    expect(await env.api.resolveClientSecrets(clientId)).toEqual([]);
    expect(await env.api.findClient(clientId)).toMatchObject({ revoked: true, agencyCode: '000.00.00.H49' });
    await expect(env.api.revokeClient(actors.adminH49, clientId)).rejects.toMatchObject({ code: 'agencies.client_revoked', kind: 'conflict' });
    await expect(env.api.rotateClientSecret(actors.adminH49, clientId)).rejects.toMatchObject({ code: 'agencies.client_revoked' });
    const audit = await sql<{ action: string }>`SELECT action FROM audit_log WHERE entity_id = ${clientId} ORDER BY seq`.execute(env.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['integration_client.created', 'integration_client.revoked']);
  });

  it('lets an agency admin of H49 manage only H49 agencies', async () => {
    await expect(env.api.createClient(actors.adminH49, { agencyCode: '000.00.00.H29' })).rejects.toMatchObject({ kind: 'forbidden', code: 'agencies.forbidden' });
    await expect(env.api.listClients(actors.adminH49, '000.00.00.H29')).rejects.toMatchObject({ kind: 'forbidden' });
    const h29 = await env.api.createClient(actors.adminH29, { agencyCode: '000.00.00.H29' });
    await expect(env.api.rotateClientSecret(actors.adminH49, h29.clientId)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(env.api.revokeClient(actors.adminH49, h29.clientId)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await env.api.verifySignature(h29.clientId, payload, signPayload(h29.secret, payload))).toBe(true);
    // An agency admin of a department manages its whole province's subtree.
    await expect(env.api.createClient(actors.adminH49Dept, { agencyCode: '000.00.00.H49' })).resolves.toMatchObject({ agencyCode: '000.00.00.H49' });
  });

  it('refuses everyone else, and strangers are asked to sign in', async () => {
    for (const actor of [actors.leaderH49, actors.citizen]) {
      await expect(env.api.createClient(actor, { agencyCode: '000.00.00.H49' })).rejects.toMatchObject({ kind: 'forbidden' });
    }
    await expect(env.api.createClient(undefined, { agencyCode: '000.00.00.H49' })).rejects.toMatchObject({ kind: 'unauthenticated' });
    await expect(env.api.revokeClient(undefined, 'sys_whatever0000000000')).rejects.toMatchObject({ kind: 'unauthenticated' });
    await expect(env.api.revokeClient(actors.admin, 'sys_whatever0000000000')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('validates the agency and the name', async () => {
    await expect(env.api.createClient(actors.admin, { agencyCode: '000.00.00.H99' })).rejects.toMatchObject({ code: 'agencies.not_found' });
    await expect(env.api.createClient(actors.admin, { agencyCode: '000.00.00.H49', name: 'x'.repeat(201) })).rejects.toMatchObject({ code: 'agencies.client_name_invalid' });
  });
});
