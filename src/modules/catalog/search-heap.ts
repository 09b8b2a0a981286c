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
function siftDown(heap: Int32Array, start: number, size: number, key: Float32Array | Float64Array, tie: Int32Array): void {
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
function sortHeap(heap: Int32Array, key: Float32Array | Float64Array, tie: Int32Array): void {
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


/**
 * The best `k` documents seen on a key (higher first) and a tie-break (lower first), the worst
 * at the root, with each document's key and tie-break kept beside it: comparisons read these
 * small arrays, not the index's arrays by document (a cache miss each at 100,000 documents).
 * One per process, grown as needed; its content is read before the next query.
 */
export const keyedHeap = { docs: new Int32Array(256), keys: new Float64Array(256), ties: new Int32Array(256), size: 0, k: 0 };

export function startKeyed(k: number): void {
  if (keyedHeap.docs.length < k) {
    keyedHeap.docs = new Int32Array(k);
    keyedHeap.keys = new Float64Array(k);
    keyedHeap.ties = new Int32Array(k);
  }
  keyedHeap.size = 0;
  keyedHeap.k = k;
}

/** Restores the heap's first `size` from `start` down, the one ranking last at the root. */
function siftDownKeyed(start: number, size: number): void {
  const { docs, keys, ties } = keyedHeap;
  let i = start;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) return;
    const r = l + 1;
    let w = l;
    if (r < size) {
      const kr = keys[r] as number;
      const kl = keys[l] as number;
      if (kr < kl || (kr === kl && (ties[r] as number) > (ties[l] as number))) w = r;
    }
    const kw = keys[w] as number;
    const ki = keys[i] as number;
    if (!(kw < ki || (kw === ki && (ties[w] as number) > (ties[i] as number)))) return;
    const d = docs[i] as number;
    docs[i] = docs[w] as number;
    docs[w] = d;
    keys[i] = kw;
    keys[w] = ki;
    const t = ties[i] as number;
    ties[i] = ties[w] as number;
    ties[w] = t;
    i = w;
  }
}

/** Offers a document: kept when the heap is not full or it ranks before the root. */
export function offerKeyed(d: number, key: number, tie: number): void {
  const h = keyedHeap;
  if (h.size < h.k) {
    const at = h.size++;
    h.docs[at] = d;
    h.keys[at] = key;
    h.ties[at] = tie;
    if (h.size === h.k) for (let i = (h.k >> 1) - 1; i >= 0; i--) siftDownKeyed(i, h.k);
    return;
  }
  if (entersKeyed(key, tie)) {
    h.docs[0] = d;
    h.keys[0] = key;
    h.ties[0] = tie;
    siftDownKeyed(0, h.k);
  }
}

/** True when a document of this key and tie-break would enter the heap. */
export function entersKeyed(key: number, tie: number): boolean {
  const h = keyedHeap;
  if (h.size < h.k) return true;
  const root = h.keys[0] as number;
  return key > root || (key === root && tie < (h.ties[0] as number));
}

/** Orders what the heap holds best first, in place; its first `size` entries. */
export function sortKeyed(): number {
  const h = keyedHeap;
  const size = h.size;
  if (size < h.k) for (let i = (size >> 1) - 1; i >= 0; i--) siftDownKeyed(i, size);
  const { docs, keys, ties } = h;
  for (let end = size - 1; end > 0; end--) {
    const d = docs[0] as number;
    docs[0] = docs[end] as number;
    docs[end] = d;
    const k = keys[0] as number;
    keys[0] = keys[end] as number;
    keys[end] = k;
    const t = ties[0] as number;
    ties[0] = ties[end] as number;
    ties[end] = t;
    siftDownKeyed(0, end);
  }
  return size;
}
