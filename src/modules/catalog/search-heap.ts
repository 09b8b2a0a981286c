/**
 * Ordering documents by a key (higher first) and a tie-break (lower first) in typed arrays:
 * heapsort with the comparison inlined (Array#sort calling a comparator cost more than the
 * rest of the ranking).
 */

/** True when a ranks after b: lower key, or equal keys and a higher tie-break. */
export function after(key: Float32Array | Float64Array, tie: Int32Array, a: number, b: number): boolean {
  const ka = key[a] as number;
  const kb = key[b] as number;
  return ka < kb || (ka === kb && (tie[a] as number) > (tie[b] as number));
}

/** Restores a heap of `size` whose root is the one ranking last, from `start` down. */
export function siftDown(heap: Int32Array, start: number, size: number, key: Float32Array | Float64Array, tie: Int32Array): void {
  let i = start;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) return;
    const r = l + 1;
    const worse = r < size && after(key, tie, heap[r] as number, heap[l] as number) ? r : l;
    if (!after(key, tie, heap[worse] as number, heap[i] as number)) return;
    const x = heap[i] as number;
    heap[i] = heap[worse] as number;
    heap[worse] = x;
    i = worse;
  }
}

/**
 * Orders a heap (root ranking last) best first, in place: heapsort with the comparison inlined
 * (Array#sort calling a comparator cost more than the rest of the ranking).
 */
export function sortHeap(heap: Int32Array, key: Float32Array | Float64Array, tie: Int32Array): void {
  for (let end = heap.length - 1; end > 0; end--) {
    const x = heap[0] as number;
    heap[0] = heap[end] as number;
    heap[end] = x;
    siftDown(heap, 0, end, key, tie);
  }
}

/** Orders `list` best first on key (higher first), then tie (lower first). */
export function sortBest(list: Int32Array, key: Float32Array | Float64Array, tie: Int32Array): void {
  for (let i = (list.length >> 1) - 1; i >= 0; i--) siftDown(list, i, list.length, key, tie);
  sortHeap(list, key, tie);
}

