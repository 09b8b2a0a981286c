import { describe, expect, it } from 'vitest';
import { createBatcher, mapInTurns } from './index.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('createBatcher', () => {
  it('handles a lone item at once, and items arriving while a batch runs together in the next one', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const run = createBatcher<number, string>(
      async (items) => {
        batches.push([...items]);
        if (batches.length === 1) await gate;
        return items.map((i) => `#${i}`);
      },
      { maxInFlight: 1 },
    );
    const first = run(1);
    await tick();
    await tick();
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((i) => run(i));
    await tick();
    await tick();
    expect(batches).toEqual([[1]]); // waiting for the batch in flight
    release();
    expect(await first).toBe('#1');
    expect(await Promise.all(rest)).toEqual(['#2', '#3', '#4']);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('fails only the items answered with an Error, and survives a batch that throws', async () => {
    let explode = false;
    const run = createBatcher<number, number>(async (items) => {
      if (explode) throw new Error('database down');
      return items.map((i) => (i % 2 ? new Error(`odd ${i}`) : i * 10));
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => run(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['odd 1', 20, 'odd 3', 40]);
    explode = true;
    await expect(run(6)).rejects.toThrow('database down');
    explode = false;
    expect(await run(8)).toBe(80); // the slot was released
  });

  it('splits at maxBatchSize and keeps at most maxInFlight batches running', async () => {
    let running = 0;
    let most = 0;
    const sizes: number[] = [];
    const run = createBatcher<number, number>(
      async (items) => {
        running++;
        most = Math.max(most, running);
        sizes.push(items.length);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return [...items];
      },
      { maxBatchSize: 3, maxInFlight: 2 },
    );
    const out = await Promise.all(Array.from({ length: 10 }, (_, i) => run(i)));
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
    expect(most).toBe(2);
  });
});

describe('mapInTurns', () => {
  it('maps in order, letting the event loop run other work between slices', async () => {
    const seen: string[] = [];
    const waiting = new Promise<void>((r) => setImmediate(() => (seen.push('immediate'), r())));
    const out = await mapInTurns([1, 2, 3, 4, 5], 2, (n) => {
      seen.push(`item ${n}`);
      return n * 10;
    });
    await waiting;
    expect(out).toEqual([10, 20, 30, 40, 50]);
    // The first slice at once; work queued meanwhile ran between the first slice and the second.
    expect(seen.slice(0, 2)).toEqual(['item 1', 'item 2']);
    expect(seen.indexOf('immediate')).toBeGreaterThan(seen.indexOf('item 2'));
    expect(seen.indexOf('immediate')).toBeLessThan(seen.indexOf('item 3'));
    expect(await mapInTurns([], 2, (n: number) => n)).toEqual([]);
  });
});
