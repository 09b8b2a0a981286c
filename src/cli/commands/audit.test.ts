import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Composition } from '../../app/composition.ts';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { sql } from '../../platform/db/index.ts';
import { createTestDatabase, type TestDatabase } from '../../platform/testing/index.ts';
import { UsageError } from '../command.ts';
import { auditCommand } from './audit.ts';

const platformDir = path.join(import.meta.dirname, '..', '..', 'platform');
let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase([
    { module: 'platform', dir: path.join(platformDir, 'db', 'migrations') },
    { module: 'platform.audit', dir: path.join(platformDir, 'audit', 'migrations') },
  ]);
});

afterAll(async () => {
  await testDb?.close();
});

// The command only needs the database of the composed platform.
const platform = async () => ({ ctx: { db: testDb.database.db } }) as unknown as Composition;

async function run(args: string[]): Promise<{ code: number | void; out: string }> {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    const code = await auditCommand.run(args, platform);
    return { code, out: writes.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('egov audit verify', () => {
  it('reports an intact chain and exits 0, then names the altered entry and exits 1', async () => {
    const db = testDb.database.db;
    // One agency's history: one chain, positions 1–3 = seq 1–3.
    for (const id of ['1', '2', '3']) {
      await appendAuditInTx(db, { actor: 'admin', action: 'agency.updated', entityType: 'agency', entityId: '000.00.00.H49', data: { id } });
    }
    const ok = await run(['verify']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('audit chain OK: 3 entries on 1 chain');

    await db.transaction().execute(async (tx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(tx);
      await sql`UPDATE audit_log SET actor = 'intruder' WHERE seq = 2`.execute(tx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(tx);
    });
    const bad = await run(['verify']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/audit chain BROKEN: entry seq 2 \(agency\.updated on agency 000\.00\.00\.H49, .*; chain \d+ position 2\) was altered/);

    await db.transaction().execute(async (tx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(tx);
      await sql`DELETE FROM audit_log WHERE seq = 2`.execute(tx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(tx);
    });
    const removed = await run(['verify']);
    expect(removed.code).toBe(1);
    expect(removed.out).toMatch(/the entry at position 2 of chain \d+ was removed: the chain resumes at seq 3 \(agency\.updated on agency 000\.00\.00\.H49/);
  });

  it('rejects a missing or unknown subcommand', async () => {
    await expect(auditCommand.run([], platform)).rejects.toBeInstanceOf(UsageError);
    await expect(auditCommand.run(['wipe'], platform)).rejects.toThrow('unknown subcommand "wipe"');
  });
});
