import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { currentReadFloor, parseLsn, REPLICA_SILENCE_MS, ReplicaWatch, withReadFloor } from './replica.ts';

function fakePool(answer: () => { lsn: string | null; standby: boolean } | Error): pg.Pool {
  return {
    query: async () => {
      const row = answer();
      if (row instanceof Error) throw row;
      return { rows: [row] };
    },
  } as unknown as pg.Pool;
}

describe('WAL positions', () => {
  it('reads PostgreSQL LSNs as ordered numbers', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0')).toBe(1n << 32n);
    // The high part counts more than any low part.
    expect((parseLsn('1/0') as bigint) > (parseLsn('0/FFFFFFFF') as bigint)).toBe(true);
    expect(parseLsn('16/b374d848')).toBe((0x16n << 32n) + 0xb374d848n);
  });

  it('refuses what is not an LSN', () => {
    for (const bad of ['', 'primary', '1/', '/1', '1/2/3', 'G/1', '123456789/0', ' 1 / 2 ', null, undefined]) {
      expect(parseLsn(bad as string)).toBeUndefined();
    }
  });
});

describe('when a read may go to the replica', () => {
  it('only inside a read context, and only once the replica has replayed the floor', async () => {
    let replayed = '0/100';
    const watch = new ReplicaWatch(fakePool(() => ({ lsn: replayed, standby: true })), undefined);
    await watch.poll();
    expect(watch.usable(undefined)).toBe(false);
    expect(watch.usable({ lsn: undefined })).toBe(true);
    expect(watch.usable({ lsn: 0x100n })).toBe(true);
    expect(watch.usable({ lsn: 0x101n })).toBe(false);
    replayed = '0/200';
    await watch.poll();
    expect(watch.usable({ lsn: 0x101n })).toBe(true);
  });

  it('never lets the known replay position go back (a lower answer is ignored)', async () => {
    let replayed = '0/300';
    const watch = new ReplicaWatch(fakePool(() => ({ lsn: replayed, standby: true })), undefined);
    await watch.poll();
    replayed = '0/200';
    await watch.poll();
    expect(watch.snapshot().replayed).toBe(0x300n);
  });

  it('not from a replica that has been silent, nor from a server that is not in recovery', async () => {
    let answer: { lsn: string | null; standby: boolean } | Error = { lsn: '0/100', standby: true };
    const warnings: string[] = [];
    const watch = new ReplicaWatch(fakePool(() => answer), { warn: (_o: object, m: string) => warnings.push(m) } as never);
    await watch.poll();
    const answeredAt = watch.snapshot().answeredAt;
    expect(watch.usable({ lsn: undefined }, answeredAt + REPLICA_SILENCE_MS)).toBe(true);
    expect(watch.usable({ lsn: undefined }, answeredAt + REPLICA_SILENCE_MS + 1)).toBe(false);

    answer = new Error('connection refused');
    await watch.poll();
    expect(watch.usable({ lsn: undefined }, answeredAt + REPLICA_SILENCE_MS + 1)).toBe(false);
    expect(warnings).toEqual(['database: the read replica does not answer; reads go to the primary']);

    const promoted = new ReplicaWatch(fakePool(() => ({ lsn: null, standby: false })), undefined);
    await promoted.poll();
    expect(promoted.usable({ lsn: undefined })).toBe(false);
  });

  it('keeps the read context across awaits, and only inside withReadFloor', async () => {
    expect(currentReadFloor()).toBeUndefined();
    const seen = await withReadFloor(42n, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentReadFloor();
    });
    expect(seen).toEqual({ lsn: 42n });
    expect(currentReadFloor()).toBeUndefined();
  });
});
