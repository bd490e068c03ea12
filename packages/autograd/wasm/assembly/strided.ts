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

// The odometer's counters (64 axes, more than any coalesced shape has: the TypeScript side checks) and the
// per-row offset deltas of up to four operands. Worker threads instantiate this module on the same shared
// memory, so this scratch must not be one static address: it sits behind a global, and globals are per
// instance. The main thread uses the static block; each worker points its instance at its own block.
const SCRATCH_BYTES: usize = 64 * 4 + 4 * 4;
let scratch: usize = memory.data(<i32>SCRATCH_BYTES);

/** Bytes of per-thread scratch an instance needs. */
export function threadScratchBytes(): usize {
  return SCRATCH_BYTES;
}

/** Points this instance's scratch at `p` (a worker's own block of threadScratchBytes()). */
export function setThreadScratch(p: usize): void {
  scratch = p;
}

@inline function idxAddr(a: i32): usize {
  return scratch + (<usize>a << 2);
}

@inline function deltaAddr(k: i32): usize {
  return scratch + 256 + (<usize>k << 2);
}

/** Zeroes the odometer before a walk. */
export function odometerReset(nd: i32): void {
  for (let a = 0; a < nd; a++) store<i32>(idxAddr(a), 0);
}

/**
 * Advances the odometer by one row and records the change of each operand's element offset (up to four
 * operands), read back with `delta(k)`, so the row loops need no per-row call per operand.
 */
export function odometerStep(desc: usize, nops: i32): void {
  const nd = descNd(desc);
  for (let k = 0; k < nops; k++) store<i32>(deltaAddr(k), 0);
  for (let a = nd - 2; a >= 0; a--) {
    const p = idxAddr(a);
    const i = load<i32>(p) + 1;
    for (let k = 0; k < nops; k++) {
      const d = deltaAddr(k);
      store<i32>(d, load<i32>(d) + descStride(desc, k, a));
    }
    if (i < descShape(desc, a)) {
      store<i32>(p, i);
      return;
    }
    for (let k = 0; k < nops; k++) {
      const d = deltaAddr(k);
      store<i32>(d, load<i32>(d) - i * descStride(desc, k, a));
    }
    store<i32>(p, 0);
  }
}

/** Delta of operand k after the last `odometerStep`, in elements. */
@inline export function delta(k: i32): i32 {
  return load<i32>(deltaAddr(k));
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
