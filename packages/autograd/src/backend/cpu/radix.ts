/**
 * Stable LSD radix argsort of one line of keys already mapped to unsigned integers that order like the values
 * (`hi` the most significant word, `lo` the next one or null). Byte passes where every key has the same byte
 * are skipped, so small-range data costs fewer passes. Writes the sorted positions into `order`.
 *
 * Why radix: a comparator sort of 2^20 keys spends ~370 ms in comparator calls; four or eight O(n) byte
 * passes take a fraction of that and are stable by construction (ties keep their input order).
 */
export function radixArgsort(hi: Uint32Array, lo: Uint32Array | null, n: number, order: Int32Array, scratch: RadixScratch): void {
  let idx = order;
  let idx2 = scratch.idx;
  let h = hi;
  let h2 = scratch.hi;
  let l = lo;
  let l2 = scratch.lo;
  for (let i = 0; i < n; i++) idx[i] = i;
  const count = scratch.count;
  const words = lo === null ? 1 : 2;
  for (let pass = 0; pass < 4 * words; pass++) {
    const fromLo = words === 2 && pass < 4;
    const src = fromLo ? l! : h;
    const shift = (pass % 4) * 8;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[i]! >>> shift) & 255]!++;
    if (count[(src[0]! >>> shift) & 255] === n) continue; // every key has this byte: the pass would not move anything
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const p = count[(src[i]! >>> shift) & 255]!++;
      idx2[p] = idx[i]!;
      h2[p] = h[i]!;
      if (l !== null) l2[p] = l[i]!;
    }
    [idx, idx2] = [idx2, idx];
    [h, h2] = [h2, h];
    if (l !== null) [l, l2] = [l2, l];
  }
  if (idx !== order) order.set(idx.subarray(0, n));
}

/** Work arrays of `radixArgsort` for lines up to `n` long, reused across the lines of one call. */
export interface RadixScratch {
  idx: Int32Array;
  hi: Uint32Array;
  lo: Uint32Array;
  count: Uint32Array;
}

export const radixScratch = (n: number): RadixScratch => ({
  idx: new Int32Array(n), hi: new Uint32Array(n), lo: new Uint32Array(n), count: new Uint32Array(256),
});
