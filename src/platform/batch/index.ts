import DataLoader from 'dataloader';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface BatcherOptions {
  /** Items per batch at most. */
  maxBatchSize?: number;
  /** Batches running at once; items arriving meanwhile wait and form the next batch. */
  maxInFlight?: number;
}

/** Runs one item; its batch mates are unaffected by its failure. */
export type Batcher<I, O> = (item: I) => Promise<O>;

/**
 * Natural batching of concurrent requests: while `maxInFlight` batches are being handled,
 * the items that arrive wait and go together in the next batch. An idle system handles
 * an item at once (after one event-loop turn); a busy one turns many small database
 * transactions into few large ones, so the cost per item falls as the load rises.
 * `handle` answers every item of a batch in order, with a value or an Error of its own.
 * Built on DataLoader (its batching, without its cache: every item is a new request).
 */
export function createBatcher<I, O>(handle: (items: readonly I[]) => Promise<(O | Error)[]>, options: BatcherOptions = {}): Batcher<I, O> {
  const maxInFlight = options.maxInFlight ?? 2;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) setImmediate(next);
    else inFlight--;
  };
  const loader = new DataLoader<I, O, I>(
    async (items) => {
      try {
        return await handle(items);
      } finally {
        release();
      }
    },
    {
      cache: false,
      maxBatchSize: options.maxBatchSize ?? 100,
      batchScheduleFn: (dispatch) => {
        if (inFlight < maxInFlight) {
          inFlight++;
          setImmediate(dispatch);
        } else {
          waiting.push(dispatch);
        }
      },
    },
  );
  return (item) => loader.load(item);
}

/**
 * `map` over a large input, `perTurn` items between two turns of the event loop: a batch of
 * thousands (a sync call, its audit entries) made in one go would hold up the requests that
 * arrive meanwhile, lookups above all. The first slice is made at once.
 */
export async function mapInTurns<I, O>(items: readonly I[], perTurn: number, map: (item: I) => O): Promise<O[]> {
  const out: O[] = [];
  for (let start = 0; start < items.length; start += perTurn) {
    if (start > 0) await nextTurn();
    const end = Math.min(items.length, start + perTurn);
    for (let i = start; i < end; i++) out.push(map(items[i] as I));
  }
  return out;
}
