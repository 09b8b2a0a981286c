import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Db } from '../db/index.ts';
import type { TestDatabase } from '../testing/index.ts';
import { countAuditEntries, verifyAuditChain } from './index.ts';
import { entryHash } from './chain.ts';
import { auditHelpers, openAuditDatabase } from './audit.test-support.ts';

// Tamper evidence: the append-only guard, and what verifyAuditChain reports once someone
// with the owner's rights went around it.

let testDb: TestDatabase;
let db: Db;
const { rows, tamper, appendMany } = auditHelpers(() => db);

beforeAll(async () => {
  testDb = await openAuditDatabase();
  db = testDb.database.db;
});

afterAll(async () => {
  await testDb?.close();
});

beforeEach(async () => {
  await tamper(sql`TRUNCATE audit_log RESTART IDENTITY`);
});

describe('append-only guard', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await appendMany(2);
    await expect(sql`UPDATE audit_log SET actor = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(await rows()).toHaveLength(2);
  });

  it('refuses hashes that are not 64 lower-case hex characters (migration 0005 checks)', async () => {
    const insert = (prev: string, hash: string) =>
      sql`INSERT INTO audit_log (seq, chain, chain_pos, occurred_at, action, entity_type, entity_id, data, prev_hash, hash)
          VALUES (99, 1, 1, now(), 'x', 'x', 'x', '{}'::jsonb, ${prev}, ${hash})`.execute(db);
    const good = 'ab'.repeat(32);
    for (const bad of ['AB'.repeat(32), 'ab'.repeat(31) + 'a', 'ab'.repeat(32) + '0', 'ab'.repeat(31) + 'g0', `${'ab'.repeat(31)}a\n`]) {
      await expect(insert(bad, good)).rejects.toThrow(/audit_log_prev_hash_check/);
      await expect(insert(good, bad)).rejects.toThrow(/audit_log_hash_check/);
    }
    await insert(good, good);
    expect(await rows()).toHaveLength(1);
  });
});

describe('verifyAuditChain', () => {
  it('names the altered entry after an UPDATE behind the guard’s back', async () => {
    await appendMany(6);
    await tamper(sql`UPDATE audit_log SET data = '{"i": 3, "roles": ["leader"]}'::jsonb WHERE seq = 3`);
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({
      ok: false,
      reason: 'altered',
      firstBadPosition: 3,
      entries: 2,
      lastGoodPosition: 2,
      entry: { seq: 3, action: 'account.created', entityType: 'account', entityId: 'acc-1', position: 3 },
    });
  });

  it('detects an altered timestamp or actor', async () => {
    await appendMany(3);
    await tamper(sql`UPDATE audit_log SET occurred_at = occurred_at + interval '1 millisecond' WHERE seq = 2`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, reason: 'altered', firstBadPosition: 2 });
  });

  it('names the removed entry after a DELETE', async () => {
    await appendMany(8);
    await tamper(sql`DELETE FROM audit_log WHERE seq = 5`);
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, reason: 'removed', firstBadPosition: 5, entries: 4, lastGoodPosition: 4, entry: { seq: 6 } });
  });

  it('detects removal of the first entry', async () => {
    await appendMany(3);
    await tamper(sql`DELETE FROM audit_log WHERE seq = 1`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, reason: 'removed', firstBadPosition: 1, entries: 0, lastGoodPosition: null });
  });

  it('detects an entry rewritten with a recomputed hash by its broken link', async () => {
    await appendMany(4);
    const target = (await rows())[1];
    if (!target) throw new Error('no entry 2');
    const forged = entryHash(target.prev_hash, {
      seq: target.seq,
      occurredAt: target.occurred_at,
      actor: target.actor,
      action: 'role.revoked',
      entityType: target.entity_type,
      entityId: target.entity_id,
      data: target.data,
    });
    await tamper(sql`UPDATE audit_log SET action = 'role.revoked', hash = ${forged} WHERE seq = 2`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, reason: 'broken_link', firstBadPosition: 2, entry: { seq: 3 } });
  });

  it('walks the chain in batches and reports progress', async () => {
    await appendMany(10);
    const progress: [number, number][] = [];
    const result = await verifyAuditChain(db, (entries, lastSeq) => progress.push([entries, lastSeq]), { batchSize: 3 });
    expect(result).toEqual({ ok: true, entries: 10, chains: 1 });
    expect(progress).toEqual([
      [3, 3],
      [6, 6],
      [9, 9],
      [10, 10],
    ]);
    expect(await countAuditEntries(db)).toBe(10);
  });

  it('finds tampering beyond the first batch', async () => {
    await appendMany(10);
    await tamper(sql`UPDATE audit_log SET entity_id = 'acc-99' WHERE seq = 8`);
    expect(await verifyAuditChain(db, undefined, { batchSize: 3 })).toMatchObject({ ok: false, reason: 'altered', firstBadPosition: 8, entries: 7 });
  });
});
