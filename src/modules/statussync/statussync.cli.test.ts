import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusSyncApi } from './index.ts';
import { replayFile } from './statussync.cli.ts';
import { H49, setUpSync, type SyncTestContext } from './statussync.test-support.ts';

let t: SyncTestContext;
let baseUrl: string;
beforeAll(async () => {
  t = await setUpSync();
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
}, 180_000);
afterAll(() => t.close());

describe('egov sync-client', () => {
  it('replays a JSON Lines file in signed batches, steps after their dossiers, and sums up', async () => {
    const c = await t.client();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'egov-sync-client-'));
    const file = path.join(dir, 'items.jsonl');
    const dossier = (n: number) => ({ code: `${H49}-261203-${String(n).padStart(4, '0')}`, procedureCode: '1.001193', applicantName: 'Võ Thị Hồng', receivedAt: '20261203080000', status: '2' });
    const lines = [
      ...[1, 2, 3, 4, 5].map((n) => JSON.stringify(dossier(n))),
      JSON.stringify({ kind: 'progress', code: `${H49}-261203-0001`, handledAt: '20261203090000', status: '4', action: 'Xử lý' }),
      JSON.stringify(dossier(6)),
      JSON.stringify({ ...dossier(7), receivedAt: 'never' }),
      '{not json',
      '',
    ];
    writeFileSync(file, lines.join('\n'));
    const summary = await replayFile(file, { url: baseUrl, client: c.clientId, secret: c.secret, agency: H49, batch: 2, retries: 1 });
    expect(summary).toMatchObject({ lines: 9, sent: 8, unparsable: 1, retries: 0, counts: { created: 6, applied: 1, invalid: 1 } });
    const again = await replayFile(file, { url: baseUrl, client: c.clientId, secret: c.secret, agency: H49, batch: 1000, retries: 1 });
    // Replayed again: nothing changes (0001's state is its later step's, so its first state is older).
    expect(again.counts).toEqual({ unchanged: 5, older_ignored: 1, duplicate: 1, invalid: 1 });
  });

  it('egov sync revoke-sessions ends a client\'s sessions', async () => {
    const session = await t.login();
    const c = await t.client();
    expect(await t.platform.api<StatusSyncApi>('statussync').revokeSessions(c.clientId, null)).toBeGreaterThan(0);
    expect((await t.post('/api/dvcqg', { session, service: 'LayDanhSachTTHC' })).json.error_code).toBe('-1');
  });
});
