import { describe, expect, it } from 'vitest';
import { sql } from '../db/index.ts';
import { PermanentEventError, defaultRetryDelayMs, listParkedEvents, publishInTx, publishManyInTx, retryParkedEvent } from './index.ts';
import { useOutboxDatabase, waitFor } from './outbox.test-support.ts';

const { env, events, eventById, worker, publish } = useOutboxDatabase();

describe('publishInTx', () => {
  it('commits the event with the change it reports', async () => {
    const id = await env.db.transaction().execute(async (tx) => {
      await sql`INSERT INTO things (name) VALUES ('a')`.execute(tx);
      return publishInTx(tx, { type: 'thing.created', payload: { name: 'Hạ Long' } });
    });
    const [row] = await events();
    expect(row).toMatchObject({ id, type: 'thing.created', payload: { name: 'Hạ Long' }, status: 'pending', attempts: 0 });
    expect((await sql`SELECT * FROM things`.execute(env.db)).rows).toHaveLength(1);
  });

  it('publishes many events in one statement, in order (publishManyInTx)', async () => {
    const later = new Date(Date.now() + 60_000);
    const ids = await env.db.transaction().execute((tx) =>
      publishManyInTx(tx, [
        { type: 'a', payload: { n: 1 } },
        { type: 'b', payload: { n: 2, name: 'Đà Nẵng' }, availableAt: later },
        { type: 'a', payload: null },
      ]),
    );
    expect(ids).toHaveLength(3);
    const rows = await events();
    expect(rows.map((r) => [r.id, r.type, r.payload])).toEqual([
      [ids[0], 'a', { n: 1 }],
      [ids[1], 'b', { n: 2, name: 'Đà Nẵng' }],
      [ids[2], 'a', {}],
    ]);
    expect(rows[1]?.available_at.getTime()).toBe(later.getTime());
    expect(await env.db.transaction().execute((tx) => publishManyInTx(tx, []))).toEqual([]);
    await expect(env.db.transaction().execute((tx) => publishManyInTx(tx, [{ type: ' ', payload: {} }]))).rejects.toThrow(/must not be empty/);
  });

  it('rolls the event back with the change', async () => {
    await expect(
      env.db.transaction().execute(async (tx) => {
        await sql`INSERT INTO things (name) VALUES ('b')`.execute(tx);
        await publishInTx(tx, { type: 'thing.created', payload: {} });
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    expect(await events()).toHaveLength(0);
    expect((await sql`SELECT * FROM things`.execute(env.db)).rows).toHaveLength(0);
  });

  it('holds a delayed event until it is due', async () => {
    const handled: number[] = [];
    await env.db.transaction().execute((tx) =>
      publishInTx(tx, { type: 'later', payload: {}, availableAt: new Date(Date.now() + 60_000) }),
    );
    const w = worker({ later: async (e) => void handled.push(e.id) });
    expect(await w.drain()).toBe(0);
    await sql`UPDATE outbox_events SET available_at = now()`.execute(env.db);
    expect(await w.drain()).toBe(1);
    expect(handled).toHaveLength(1);
  });
});

describe('outbox worker', () => {
  it('handles an event once and marks it done', async () => {
    const seen: { id: number; payload: unknown; attempts: number }[] = [];
    const id = await publish('thing.created', { n: 1 });
    const w = worker({ 'thing.created': async (e) => void seen.push({ id: e.id, payload: e.payload, attempts: e.attempts }) });
    expect(await w.drain()).toBe(1);
    expect(await w.drain()).toBe(0);
    expect(seen).toEqual([{ id, payload: { n: 1 }, attempts: 1 }]);
    const row = await eventById(id);
    expect(row.status).toBe('done');
    expect(row.processed_at).toBeInstanceOf(Date);
    expect(row.locked_until).toBeNull();
  });

  it('retries a failing event with backoff, then succeeds', async () => {
    let calls = 0;
    const id = await publish('flaky');
    const w = worker(
      {
        flaky: async () => {
          calls++;
          if (calls < 3) throw new Error(`SMTP down (${calls})`);
        },
      },
      { retryDelayMs: (attempt) => attempt * 60_000 },
    );
    expect(await w.drain()).toBe(1);
    let row = await eventById(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'SMTP down (1)', locked_until: null });
    // Backed off by about a minute: not due, so another pass leaves it alone.
    const wait = row.available_at.getTime() - Date.now();
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThan(70_000);
    expect(await w.drain()).toBe(0);

    await sql`UPDATE outbox_events SET available_at = now()`.execute(env.db);
    await w.drain();
    row = await eventById(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, last_error: 'SMTP down (2)' });
    expect(row.available_at.getTime() - Date.now()).toBeGreaterThan(110_000); // second attempt: 2 minutes

    await sql`UPDATE outbox_events SET available_at = now()`.execute(env.db);
    await w.drain();
    row = await eventById(id);
    expect(row).toMatchObject({ status: 'done', attempts: 3, last_error: null });
    expect(calls).toBe(3);
  });

  it('default backoff grows exponentially, with jitter, up to an hour', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const base = Math.min(3_600_000, 30_000 * 2 ** (attempt - 1));
      const delay = defaultRetryDelayMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(base / 2);
      expect(delay).toBeLessThanOrEqual(base);
    }
  });

  it('parks a poison event with its error after maxAttempts, and an operator can retry it', async () => {
    let calls = 0;
    let broken = true;
    const id = await publish('poison', { secret: 'x' });
    const w = worker(
      {
        poison: async () => {
          calls++;
          if (broken) throw new Error('cannot parse payload');
        },
      },
      { maxAttempts: 3, retryDelayMs: () => 0 },
    );
    await w.drain();
    expect(calls).toBe(3);
    const row = await eventById(id);
    expect(row).toMatchObject({ status: 'parked', attempts: 3, last_error: 'cannot parse payload' });
    expect(row.processed_at).toBeInstanceOf(Date);
    expect(await w.drain()).toBe(0);

    const parked = await listParkedEvents(env.db);
    expect(parked).toEqual([
      expect.objectContaining({ id, type: 'poison', attempts: 3, lastError: 'cannot parse payload' }),
    ]);
    expect(parked[0]).not.toHaveProperty('payload');

    broken = false;
    expect(await retryParkedEvent(env.db, id)).toBe(true);
    expect(await retryParkedEvent(env.db, id)).toBe(false); // no longer parked
    expect(await w.drain()).toBe(1);
    expect(await eventById(id)).toMatchObject({ status: 'done', attempts: 1, last_error: null });
    expect(await listParkedEvents(env.db)).toEqual([]);
  });

  it('parks at once an event that throws PermanentEventError', async () => {
    let calls = 0;
    const id = await publish('strict');
    const w = worker({
      strict: async () => {
        calls++;
        throw new PermanentEventError('recipient refused');
      },
    });
    await w.drain();
    expect(calls).toBe(1);
    expect(await eventById(id)).toMatchObject({ status: 'parked', attempts: 1, last_error: 'recipient refused' });
  });

  it('parks an event of an unknown type immediately, with a clear error', async () => {
    const id = await publish('nobody.listens');
    const w = worker({ other: async () => undefined });
    expect(await w.drain()).toBe(1);
    const row = await eventById(id);
    expect(row.status).toBe('parked');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBe('no handler is registered for event type "nobody.listens"');
  });

  it('re-claims an event whose lease expired (crashed worker), but not a live lease', async () => {
    const handled: number[] = [];
    const id = await publish('job');
    // A worker claimed it and died without reporting back.
    await sql`
      UPDATE outbox_events SET attempts = 1, claimed_by = 'dead-worker#1', locked_until = now() + interval '1 hour'
      WHERE id = ${id}
    `.execute(env.db);
    const w = worker({ job: async (e) => void handled.push(e.attempts) });
    expect(await w.drain()).toBe(0);
    await sql`UPDATE outbox_events SET locked_until = now() - interval '1 second' WHERE id = ${id}`.execute(env.db);
    expect(await w.drain()).toBe(1);
    expect(handled).toEqual([2]);
    expect(await eventById(id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('parks an event whose every attempt crashed its worker', async () => {
    let calls = 0;
    const id = await publish('job');
    await sql`
      UPDATE outbox_events SET attempts = 3, claimed_by = 'dead-worker#3', locked_until = now() - interval '1 second'
      WHERE id = ${id}
    `.execute(env.db);
    await worker({ job: async () => void calls++ }, { maxAttempts: 3 }).drain();
    expect(calls).toBe(0);
    const row = await eventById(id);
    expect(row.status).toBe('parked');
    expect(row.last_error).toMatch(/gave up after 3 attempts/);
  });

  it('ignores the late outcome of a worker whose lease was taken over', async () => {
    const id = await publish('slow');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = worker(
      {
        slow: async () => {
          await gate;
          throw new Error('too late');
        },
      },
      { leaseMs: 100, workerId: 'slow' },
    );
    const slowRun = slow.drain();
    await waitFor(async () => (await eventById(id)).claimed_by === 'slow#1');
    await new Promise((r) => setTimeout(r, 150));
    expect(await worker({ slow: async () => undefined }, { workerId: 'fast' }).drain()).toBe(1);
    release();
    await slowRun;
    expect(await eventById(id)).toMatchObject({ status: 'done', claimed_by: 'fast#1', last_error: null });
  });
});
