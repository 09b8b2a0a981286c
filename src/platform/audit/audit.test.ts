import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate, sql, type Db } from '../db/index.ts';
import { createTestDatabase, isPostgres, type TestDatabase } from '../testing/index.ts';
import { GENESIS_HASH, appendAuditInTx, appendAuditManyInTx, canonicalJson, verifyAuditChain } from './index.ts';
import { AUDIT_CHAINS, chainOf, entryHash } from './chain.ts';
import { AUDIT_MIGRATIONS, auditHelpers, openAuditDatabase, platformDir, type AuditRow } from './audit.test-support.ts';

let testDb: TestDatabase;
let db: Db;
const { rows, tamper, appendMany } = auditHelpers(() => db);

beforeAll(async () => {
  testDb = await openAuditDatabase();
  db = testDb.database.db;
  await sql`CREATE TABLE things (id serial PRIMARY KEY, name text NOT NULL)`.execute(db);
});

afterAll(async () => {
  await testDb?.close();
});

beforeEach(async () => {
  await tamper(sql`TRUNCATE audit_log RESTART IDENTITY`);
});

describe('appendAuditInTx', () => {
  it('chains each entry to the previous one, starting from the genesis hash', async () => {
    await appendMany(3);
    const [a, b, c] = await rows();
    expect(a?.seq).toBe(1);
    expect(a?.prev_hash).toBe(GENESIS_HASH);
    expect(b?.prev_hash).toBe(a?.hash);
    expect(c?.prev_hash).toBe(b?.hash);
    expect(new Set([a?.hash, b?.hash, c?.hash]).size).toBe(3);
    expect(a).toMatchObject({ actor: 'account-1', action: 'account.created', entity_type: 'account', entity_id: 'acc-1', chain: chainOf('account', 'acc-1'), chain_pos: 1 });
    expect([b?.chain_pos, c?.chain_pos]).toEqual([2, 3]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 3, chains: 1 });
  });

  it('verifies an empty chain', async () => {
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 0, chains: 0 });
  });

  it('is written and rolled back with the change it records; the seq gap left behind is not a removal', async () => {
    await appendMany(1);
    await expect(
      db.transaction().execute(async (tx) => {
        await sql`INSERT INTO things (name) VALUES ('x')`.execute(tx);
        await appendAuditInTx(tx, { actor: 'a', action: 'thing.created', entityType: 'thing', entityId: '1' });
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    expect(await rows()).toHaveLength(1);
    expect((await sql`SELECT * FROM things`.execute(db)).rows).toHaveLength(0);
    await appendMany(1);
    expect((await rows()).map((r) => r.seq)).toEqual([1, 3]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 2, chains: 1 });
  });

  it('opens its own transaction when given the pool', async () => {
    const appended = await appendAuditInTx(db, { actor: null, action: 'system.started', entityType: 'system', entityId: '-' });
    expect(appended.seq).toBe(1);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 1, chains: 1 });
  });

  it('hashes exactly what it stores: key order, dates, undefined, unicode and numbers survive jsonb', async () => {
    await db.transaction().execute((tx) =>
      appendAuditInTx(tx, {
        actor: 'Nguyễn Văn An',
        action: 'dossier.submitted',
        entityType: 'dossier',
        entityId: '000.00.00.H49-260302-0001',
        data: {
          zeta: 1,
          alpha: { b: [3, { y: null, x: 'đ' }], a: 0.1 + 0.2 },
          when: new Date('2026-03-02T01:30:00.123Z'),
          skipped: undefined,
          big: 12345678901234567000, // beyond 2^53: JSON keeps it as a float
          tiny: 1e-7,
          negativeZero: -0,
          emoji: '😀 "quoted" \\ \n',
        },
      }),
    );
    const [row] = await rows();
    expect(row?.data).toMatchObject({ when: '2026-03-02T01:30:00.123Z', alpha: { a: 0.30000000000000004 } });
    expect(row?.data).not.toHaveProperty('skipped');
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 1, chains: 1 });
  });

  it('keeps every chain valid under concurrent appenders, on one entity and on many', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          await sql`INSERT INTO things (name) VALUES (${`t${i}`})`.execute(tx);
          const entityId = i % 2 === 0 ? 'shared' : String(i);
          await appendAuditInTx(tx, { actor: `a${i}`, action: 'thing.created', entityType: 'thing', entityId });
          // Hold the transaction open a little so that the appenders really overlap.
          await sql`SELECT pg_sleep(0.01)`.execute(tx);
        }),
      ),
    );
    const all = await rows();
    expect(all).toHaveLength(20);
    const shared = all.filter((r) => r.entity_id === 'shared');
    expect(shared.map((r) => r.chain_pos).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const chains = new Set(all.map((r) => r.chain));
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 20, chains: chains.size });
  });

  it.skipIf(!isPostgres())(
    'refuses to fork the chain from a stale snapshot (PostgreSQL only: runs in the CI PostgreSQL pass)',
    async () => {
      await appendMany(1);
      await expect(
        db
          .transaction()
          .setIsolationLevel('repeatable read')
          .execute(async (tx) => {
            await sql`SELECT count(*) FROM audit_log`.execute(tx); // snapshot taken here
            await appendMany(1); // committed by another connection meanwhile
            await appendAuditInTx(tx, { actor: null, action: 'stale', entityType: 'account', entityId: 'acc-1' }); // same chain
          }),
      ).rejects.toThrow(/audit_log_chain_pos_unique|could not serialize/);
      expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 2, chains: 1 });
    },
  );
});

describe('chains', () => {
  it('spreads entities over the chains, each chain gap-free from position 1', async () => {
    for (let i = 0; i < 200; i++) {
      await appendAuditInTx(db, { actor: null, action: 'dossier.submitted', entityType: 'dossier', entityId: `000.00.00.H49-260302-${String(i).padStart(4, '0')}` });
    }
    const all = await rows();
    const byChain = new Map<number, number[]>();
    for (const r of all) byChain.set(r.chain, [...(byChain.get(r.chain) ?? []), r.chain_pos]);
    expect(byChain.size).toBeGreaterThan(AUDIT_CHAINS / 2);
    for (const positions of byChain.values()) expect(positions).toEqual(positions.map((_, i) => i + 1));
    expect(await verifyAuditChain(db, undefined, { batchSize: 7 })).toEqual({ ok: true, entries: 200, chains: byChain.size });
  });

  it('names the chain and position of an entry removed from one chain among many', async () => {
    for (const entity of ['acc-1', 'acc-2', 'acc-3', 'acc-4']) await appendMany(3, entity);
    const victim = (await rows()).find((r) => r.entity_id === 'acc-3' && r.chain_pos === 2);
    if (!victim) throw new Error('no victim');
    await tamper(sql`DELETE FROM audit_log WHERE seq = ${victim.seq}`);
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, reason: 'removed', chain: victim.chain, firstBadPosition: 2, lastGoodPosition: 1, entry: { entityId: 'acc-3', position: 3 } });
  });

  it.skipIf(!isPostgres())(
    'lets appenders of other chains commit while one chain is held (PostgreSQL only: PGlite has one connection)',
    async () => {
      const [held, other] = ['acc-1', 'acc-2'];
      expect(chainOf('account', held)).not.toBe(chainOf('account', other));
      let release!: () => void;
      const holding = new Promise<void>((resolve) => (release = resolve));
      let appended!: () => void;
      const heldAppended = new Promise<void>((resolve) => (appended = resolve));
      const holder = db.transaction().execute(async (tx) => {
        await appendAuditInTx(tx, { actor: null, action: 'account.created', entityType: 'account', entityId: held });
        appended();
        await holding;
      });
      await heldAppended;
      // Would wait for the holder forever with one lock for the whole trail.
      await appendAuditInTx(db, { actor: null, action: 'account.created', entityType: 'account', entityId: other });
      expect((await rows()).map((r) => r.entity_id)).toEqual([other]);
      release();
      await holder;
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 2, chains: 2 });
    },
  );
});

describe('appendAuditManyInTx', () => {
  it('appends a batch in order on one chain, in one call, and it verifies (larger batches made in turns of the event loop)', async () => {
    await appendMany(2, 'acc-9');
    const batch = Array.from({ length: 600 }, (_, i) => ({
      actor: i % 2 ? null : 'clerk',
      action: 'exchange.acknowledged',
      entityType: 'exchange_package',
      entityId: `pkg-${i}`,
      data: { recipient: '000.00.00.G15', result: 'done', i },
    }));
    const appended = await appendAuditManyInTx(db, batch);
    expect(appended).toHaveLength(600);
    expect(new Set(appended.map((a) => a.chain))).toEqual(new Set([chainOf('exchange_package', 'pkg-0')]));
    const positions = appended.map((a) => a.position);
    expect(positions).toEqual(positions.map((_, i) => positions[0]! + i));
    const stored = (await rows()).filter((r) => r.action === 'exchange.acknowledged');
    expect(stored.map((r) => r.entity_id)).toEqual(batch.map((b) => b.entityId));
    expect(stored.map((r) => r.actor)).toEqual(batch.map((b) => b.actor));
    expect(stored.map((r) => r.data)).toEqual(batch.map((b) => b.data));
    expect(await appendAuditManyInTx(db, [])).toEqual([]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 602 });
  });

  it('keeps every entry of one transaction on the chain of its first entry', async () => {
    const appended = await db.transaction().execute(async (tx) => [
      await appendAuditInTx(tx, { actor: null, action: 'a', entityType: 'account', entityId: 'acc-1' }),
      await appendAuditInTx(tx, { actor: null, action: 'b', entityType: 'account', entityId: 'acc-2' }),
    ]);
    expect(chainOf('account', 'acc-1')).not.toBe(chainOf('account', 'acc-2'));
    expect(appended.map((a) => [a.chain, a.position])).toEqual([
      [chainOf('account', 'acc-1'), 1],
      [chainOf('account', 'acc-1'), 2],
    ]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 2, chains: 1 });
  });

  it.skipIf(!isPostgres())(
    'never deadlocks two transactions that audit two entities in opposite orders (PostgreSQL only: PGlite has one connection)',
    async () => {
      const run = (first: string, second: string) =>
        db.transaction().execute(async (tx) => {
          await appendAuditInTx(tx, { actor: null, action: 'x', entityType: 'account', entityId: first });
          await sql`SELECT pg_sleep(0.05)`.execute(tx); // both now hold their first chain
          await appendAuditInTx(tx, { actor: null, action: 'y', entityType: 'account', entityId: second });
        });
      await Promise.all([run('acc-1', 'acc-2'), run('acc-2', 'acc-1')]);
      expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 4, chains: 2 });
    },
  );
});

describe('migration to chains', () => {
  it('turns a trail written as one chain into chain 0, positions in seq order, still verifying', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'audit-0001-'));
    await copyFile(path.join(platformDir, 'audit', 'migrations', '0001_audit.sql'), path.join(dir, '0001_audit.sql'));
    const old = await createTestDatabase([
      { module: 'platform', dir: path.join(platformDir, 'db', 'migrations') },
      { module: 'platform.audit', dir },
    ]);
    try {
      let prev = GENESIS_HASH;
      for (const seq of [1, 2, 4]) {
        const content = { seq, occurredAt: new Date(`2026-03-0${seq}T00:00:00.000Z`), actor: null, action: 'agency.updated', entityType: 'agency', entityId: `H4${seq}`, data: {} };
        const hash = entryHash(prev, content);
        await sql`INSERT INTO audit_log (seq, occurred_at, actor, action, entity_type, entity_id, data, prev_hash, hash)
                  VALUES (${seq}, ${content.occurredAt}, null, ${content.action}, ${content.entityType}, ${content.entityId}, '{}'::jsonb, ${prev}, ${hash})`.execute(old.database.db);
        prev = hash;
      }
      await migrate(old.database, AUDIT_MIGRATIONS);
      const migrated = (await sql<AuditRow>`SELECT * FROM audit_log ORDER BY seq`.execute(old.database.db)).rows;
      expect(migrated.map((r) => [r.seq, r.chain, r.chain_pos])).toEqual([
        [1, 0, 1],
        [2, 0, 2],
        [4, 0, 3],
      ]);
      expect(await verifyAuditChain(old.database.db)).toEqual({ ok: true, entries: 3, chains: 1 });
    } finally {
      await old.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});
