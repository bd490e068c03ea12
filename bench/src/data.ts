/**
 * Deterministic inputs shared by every engine: each workload draws its arrays once from a seeded PRNG and
 * hands the same numbers to nabla and to each peer.
 */

/** mulberry32: a tiny, fast 32-bit PRNG; uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` float32 values uniform in [-scale, scale). */
export function uniformArray(n: number, scale: number, seed: number): Float32Array {
  const r = prng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (r() * 2 - 1) * scale;
  return out;
}

/** `n` class labels in [0, classes). */
export function labelArray(n: number, classes: number, seed: number): Int32Array {
  const r = prng(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * classes);
  return out;
}

/** PyTorch's default Linear/Conv init bound, 1 / sqrt(fanIn). */
export const initBound = (fanIn: number): number => 1 / Math.sqrt(fanIn);
