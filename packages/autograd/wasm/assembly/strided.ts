// Strided-loop descriptors. The TypeScript side writes one per call into the workspace as i32s:
//   [nd, shape[0..nd), strides of operand 0 [0..nd), strides of operand 1, ...]
// with nd >= 1, strides in elements (never negative), and axes already coalesced where it can. Kernels walk
// every axis but the last with `Odometer` and run a monomorphic row loop along the last.

/** Number of axes in the descriptor. */
@inline export function descNd(desc: usize): i32 {
  return load<i32>(desc);
}

/** Size of axis `a`. */
@inline export function descShape(desc: usize, a: i32): i32 {
  return load<i32>(desc + (<usize>(1 + a) << 2));
}

/** Stride of operand `k` along axis `a`, in elements. */
@inline export function descStride(desc: usize, k: i32, a: i32): i32 {
  const nd = load<i32>(desc);
  return load<i32>(desc + (<usize>(1 + nd + k * nd + a) << 2));
}

/** Number of rows: the product of every axis but the last. */
export function descRows(desc: usize): i32 {
  const nd = descNd(desc);
  let rows = 1;
  for (let a = 0; a < nd - 1; a++) rows *= descShape(desc, a);
  return rows;
}

// One counter per axis; 64 axes is more than any coalesced shape has (the TypeScript side checks).
const IDX = memory.data(64 * 4);

/** Zeroes the odometer before a walk. */
export function odometerReset(nd: i32): void {
  for (let a = 0; a < nd; a++) store<i32>(IDX + (<usize>a << 2), 0);
}

/**
 * Advances the odometer by one row and returns the change of operand k's element offset, for up to three
 * operands at once (so the row loops need no per-row call per operand): the deltas land in DELTA[0..nops).
 */
export const DELTA = memory.data(4 * 4);

export function odometerStep(desc: usize, nops: i32): void {
  const nd = descNd(desc);
  for (let k = 0; k < nops; k++) store<i32>(DELTA + (<usize>k << 2), 0);
  for (let a = nd - 2; a >= 0; a--) {
    const p = IDX + (<usize>a << 2);
    const i = load<i32>(p) + 1;
    for (let k = 0; k < nops; k++) {
      const d = DELTA + (<usize>k << 2);
      store<i32>(d, load<i32>(d) + descStride(desc, k, a));
    }
    if (i < descShape(desc, a)) {
      store<i32>(p, i);
      return;
    }
    for (let k = 0; k < nops; k++) {
      const d = DELTA + (<usize>k << 2);
      store<i32>(d, load<i32>(d) - i * descStride(desc, k, a));
    }
    store<i32>(p, 0);
  }
}

/** Delta of operand k after the last `odometerStep`, in elements. */
@inline export function delta(k: i32): i32 {
  return load<i32>(DELTA + (<usize>k << 2));
}

/**
 * JavaScript's ToInt32 (what storing a number into an Int32Array does): truncate, wrap modulo 2^32, and
 * NaN or +-Infinity become 0. Int32 kernels go through it so they agree with the TypeScript backend bit for bit.
 */
export function toInt32(v: f64): i32 {
  if (!isFinite(v)) return 0;
  const t = trunc(v);
  const m = t - 4294967296.0 * floor(t / 4294967296.0);
  return <i32>(<i64>m);
}
