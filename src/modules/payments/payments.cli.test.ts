import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CommandPlatform } from '../../platform/module/index.ts';
import type { PaymentsApi } from './payments.api.ts';
import { bankStatementCommand, reconcileCommand } from './payments.cli.ts';

describe('egov payments reconcile / bank-statement', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'egov-payments-cli-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const platformWith = (api: Partial<PaymentsApi>) => async () => ({ api: () => api }) as unknown as CommandPlatform;

  it('prints every mismatch of the day and exits 1; 0 when the report matches; 2 without --file', async () => {
    const file = path.join(dir, 'report.csv');
    await writeFile(file, 'txn_ref,amount_vnd,response_code\nA,1,00\n');
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const reconcile = vi.fn(async () => ({ rows: 1, mismatches: [{ kind: 'amount' as const, txnRef: 'A', line: 2, ours: '2', theirs: '1' }] }));
      expect(await reconcileCommand.run(['--file', file, '--day', '2026-12-05'], platformWith({ reconcile }))).toBe(1);
      expect(reconcile).toHaveBeenCalledWith('txn_ref,amount_vnd,response_code\nA,1,00\n', '2026-12-05');
      expect(out.mock.calls.map((c) => String(c[0])).join('')).toContain('amount\tA\tline 2\tours 2\ttheirs 1');
      expect(await reconcileCommand.run([`--file=${file}`, '--day', '2026-12-05'], platformWith({ reconcile: async () => ({ rows: 1, mismatches: [] }) }))).toBe(0);
      expect(await reconcileCommand.run([], platformWith({}))).toBe(2);
      expect(await reconcileCommand.run(['--file', file, '--day', '5/12/2026'], platformWith({}))).toBe(2);
      const applyBankStatement = vi.fn(async () => [{ line: 2, transactionNo: 'FT1', reference: 'EGABCDEFGHJK', outcome: 'paid' as const }]);
      expect(await bankStatementCommand.run(['--file', file], platformWith({ applyBankStatement }))).toBe(0);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
