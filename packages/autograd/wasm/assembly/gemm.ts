// Batched GEMM, C[b] = A[b] B[b], in the style of BLIS/GotoBLAS: B is packed into KC x NC blocks of NR-column
// micro-panels, A into MC x KC blocks of MR-row micro-panels, and a register-blocked micro-kernel keeps an
// MR x NR tile of C in eight v128 accumulators while it streams one A and one B micro-panel. The loops run
// A micro-panel outermost (it stays in L1) and sweep the B block (in L2) under it: measured ~2x faster for f64
// than BLIS's usual order, which streams the 4x larger pre-broadcast A panels from L2 instead.
//
// The tile is 4 x 8 for f32 (4 x 4 for f64): V8 (11.3, Node 20) hoists every load of a basic block above its
// arithmetic, so the accumulators, the B vectors and the A values of one k step must all fit in the 15
// allocatable xmm registers at once (8 + 2 + 4 + 1 scratch). Wider tiles (6 x 8, 5 x 8, 3 x 12, 4 x 12) spill
// and measure 30-50% slower in isolation (4 x 8: ~44 GFLOP/s f32 from L1 on this 2.6 GHz Zen 4). A is
// packed pre-broadcast (each element stored as a whole v128), so the kernel's A reads are plain loads with an
// immediate offset instead of load-splats, which V8 emits with an extra address computation each.
//
// Summation order: every C element is a sum over k split into KC-blocks; inside a block the products are added
// one at a time, left to right, into an accumulator that starts at +0, and each block's sum is then added to C
// (as if C started at +0). That is exactly the TypeScript kernel's order with KC = 256, so float64 (and int32,
// computed in float64) results agree with it bit for bit. Wasm SIMD has no fused multiply-add, so each product
// is rounded before the add, as in JavaScript.

import { MR, addEdge, edgeTile, microKernel } from './gemm-kernels';
import { packA, packB } from './gemm-pack';

// K-block: 256 for f64 is the TypeScript kernel's block, needed for bitwise agreement; it is also the best
// size measured for f32 (128-384 tried). One A micro-panel, 256 x 4 pre-broadcast elements, is 16 KB: it stays
// in L1 while the kernel sweeps every B micro-panel of the block.
const KC = 256;
// Rows of A packed per block: a small block (64 KB pre-broadcast) is packed right before the kernels read it,
// while it is still in L1/L2; measured 2-3% faster than 128 rows, and 4-32 rows all alike.
const MC = 16;
// Columns of B packed per block: a KC x NC block (512 KB in f32, 1 MB in f64 at NC = 512; 256 measured the
// same for f64) is re-read from L2 for every A micro-panel.
const NC = 512;

@inline function packABytes(m: i32, k: i32): i32 {
  return ((min(m, MC) + MR - 1) & ~(MR - 1)) * min(k, KC) * 16;
}

/** Bytes the packed A block of an m x k A needs, plus one MR x NR edge tile after it. */
export function gemmPackABytes(m: i32, k: i32): i32 {
  return packABytes(m, k) + MR * 32;
}

/** Bytes the packed B block needs for a k x n B of `elemBytes`-byte elements (whole NR-column panels). */
export function gemmPackBBytes(k: i32, n: i32, elemBytes: i32): i32 {
  const nr = 32 / elemBytes;
  return min(k, KC) * ((min(n, NC) + nr - 1) / nr) * nr * elemBytes;
}

/**
 * C[0:m, jc:jc+nc] += A[0:m, p0:p0+kc] Bblock for one packed KC x NC block of B (`bpack`): A (already offset to
 * column p0) is packed MC rows at a time unless `packedA` says the block in `apack` is still valid, and each
 * MR x NR tile of C gets the block's sum added (or stored when `first`, as if C started at +0).
 */
@inline function sweepBlock<T>(
  A: usize, sam: i32, sak: i32, packedA: bool, bpack: usize, C: usize, ldc: i32,
  m: i32, kc: i32, jc: i32, nc: i32, first: bool, apack: usize, edge: usize,
): void {
  const S = <usize>sizeof<T>();
  const NR = 32 / sizeof<T>();
  for (let ic = 0; ic < m; ic += MC) {
    const mc = min(MC, m - ic);
    if (!packedA) packA<T>(A + <usize>(ic * sam) * S, sam, sak, mc, kc, apack);
    for (let ir = 0; ir < mc; ir += MR) {
      const ap = apack + (<usize>ir * <usize>kc << 4);
      const rows = min(MR, mc - ir);
      for (let jr = 0; jr < nc; jr += NR) {
        const bp = bpack + <usize>jr * <usize>kc * S;
        const cols = min(NR, nc - jr);
        const c = C + (<usize>(ic + ir) * <usize>ldc + <usize>(jc + jr)) * S;
        if (rows == MR && cols == NR) {
          microKernel<T>(ap, bp, kc, c, ldc, first);
        } else {
          edgeTile<T>(rows, cols, ap, bp, kc, edge);
          addEdge<T>(c, ldc, rows, cols, edge, first);
        }
      }
    }
  }
}

/**
 * C[bi] = A[bi] B[bi] for bi < batch, with A(bi, i, p) at pa + (bi sab + i sam + p sak) elements, B(bi, p, j) at
 * pb + (bi sbb + p sbk + j sbn) and C(bi, i, j) at pc + (bi scb + i ldc + j). apack / bpack are workspaces of
 * gemmPackABytes(m, k) / gemmPackBBytes(k, n, sizeof<T>()) bytes. A caller may split C into blocks of rows, of
 * columns (ldc > n) or of the batch and run them separately, in any order or on other threads with their own
 * workspaces: each element's sum is the same either way.
 */
function gemm<T>(
  pa: usize, sab: i32, sam: i32, sak: i32,
  pb: usize, sbb: i32, sbk: i32, sbn: i32,
  pc: usize, scb: i32, ldc: i32, batch: i32, m: i32, k: i32, n: i32, apack: usize, bpack: usize,
): void {
  const S = <usize>sizeof<T>();
  // With one block per operand, a batch-broadcast operand (stride 0) is packed once for the whole batch.
  const oneBBlock = k <= KC && n <= NC;
  const oneABlock = oneBBlock && m <= MC;
  // Edge tiles (rows past m or columns past n) are computed into an MR x NR tile after the A block (not a
  // static: worker threads share this memory), then their valid part is added into C.
  const edge = apack + <usize>packABytes(m, k);
  for (let bi = 0; bi < batch; bi++) {
    const A = pa + <usize>(bi * sab) * S;
    const B = pb + <usize>(bi * sbb) * S;
    const C = pc + <usize>bi * <usize>scb * S;
    if (k == 0) for (let i = 0; i < m; i++) memory.fill(C + <usize>i * <usize>ldc * S, 0, <usize>n * S);
    for (let jc = 0; jc < n; jc += NC) {
      const nc = min(NC, n - jc);
      for (let p0 = 0; p0 < k; p0 += KC) {
        const kc = min(KC, k - p0);
        if (!(bi > 0 && sbb == 0 && oneBBlock)) packB<T>(B + <usize>(p0 * sbk + jc * sbn) * S, sbk, sbn, kc, nc, bpack);
        const packedA = bi > 0 && sab == 0 && oneABlock;
        sweepBlock<T>(A + <usize>(p0 * sak) * S, sam, sak, packedA, bpack, C, ldc, m, kc, jc, nc, p0 == 0, apack, edge);
      }
    }
  }
}

// Threads splitting one product by rows share one packed copy of B instead of each packing all of it: B is
// packed with gemm_packb_*, block (jc, p0) at element jc k + p0 ncPad (ncPad: the block's columns rounded up to
// whole NR panels; k x n rounded up to whole panels in all), in `parts` pieces that threads can pack at once
// (piece `part` packs its share of the micro-panels of every block), and then each row block runs
// gemm_prepacked_*.

@inline function blockOffset<T>(jc: i32, p0: i32, k: i32, nc: i32): usize {
  const NR = 32 / sizeof<T>();
  return (<usize>jc * <usize>k + <usize>p0 * <usize>((nc + NR - 1) / NR * NR)) * sizeof<T>();
}

function packBAll<T>(pb: usize, sbk: i32, sbn: i32, k: i32, n: i32, dst: usize, part: i32, parts: i32): void {
  const S = <usize>sizeof<T>();
  const NR = 32 / sizeof<T>();
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    // Panels [q0, q1) of this block's (nc + NR - 1) / NR: panel q sits at q kc NR elements into the block.
    const panels = (nc + NR - 1) / NR;
    const q0 = <i32>(<i64>part * panels / parts);
    const q1 = <i32>(<i64>(part + 1) * panels / parts);
    if (q0 == q1) continue;
    const cols = min(nc, q1 * NR) - q0 * NR;
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = min(KC, k - p0);
      const src = pb + <usize>(p0 * sbk + (jc + q0 * NR) * sbn) * S;
      packB<T>(src, sbk, sbn, kc, cols, dst + blockOffset<T>(jc, p0, k, nc) + <usize>q0 * <usize>kc * <usize>NR * S);
    }
  }
}

/** C = A B for one m x k A against a B packed whole by packBAll at `bpackAll` (see gemm for the layouts). */
function gemmPrepacked<T>(pa: usize, sam: i32, sak: i32, bpackAll: usize, pc: usize, ldc: i32, m: i32, k: i32, n: i32, apack: usize): void {
  const S = <usize>sizeof<T>();
  const edge = apack + <usize>packABytes(m, k);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const bp = bpackAll + blockOffset<T>(jc, p0, k, nc);
      sweepBlock<T>(pa + <usize>(p0 * sak) * S, sam, sak, false, bp, pc, ldc, m, min(KC, k - p0), jc, nc, p0 == 0, apack, edge);
    }
  }
}

export function gemm_packb_f32(pb: usize, sbk: i32, sbn: i32, k: i32, n: i32, dst: usize, part: i32, parts: i32): void {
  packBAll<f32>(pb, sbk, sbn, k, n, dst, part, parts);
}

export function gemm_packb_f64(pb: usize, sbk: i32, sbn: i32, k: i32, n: i32, dst: usize, part: i32, parts: i32): void {
  packBAll<f64>(pb, sbk, sbn, k, n, dst, part, parts);
}

export function gemm_prepacked_f32(pa: usize, sam: i32, sak: i32, bpackAll: usize, pc: usize, ldc: i32, m: i32, k: i32, n: i32, apack: usize): void {
  gemmPrepacked<f32>(pa, sam, sak, bpackAll, pc, ldc, m, k, n, apack);
}

export function gemm_prepacked_f64(pa: usize, sam: i32, sak: i32, bpackAll: usize, pc: usize, ldc: i32, m: i32, k: i32, n: i32, apack: usize): void {
  gemmPrepacked<f64>(pa, sam, sak, bpackAll, pc, ldc, m, k, n, apack);
}

export function gemm_f32(
  pa: usize, sab: i32, sam: i32, sak: i32, pb: usize, sbb: i32, sbk: i32, sbn: i32,
  pc: usize, scb: i32, ldc: i32, batch: i32, m: i32, k: i32, n: i32, apack: usize, bpack: usize,
): void {
  gemm<f32>(pa, sab, sam, sak, pb, sbb, sbk, sbn, pc, scb, ldc, batch, m, k, n, apack, bpack);
}

export function gemm_f64(
  pa: usize, sab: i32, sam: i32, sak: i32, pb: usize, sbb: i32, sbk: i32, sbn: i32,
  pc: usize, scb: i32, ldc: i32, batch: i32, m: i32, k: i32, n: i32, apack: usize, bpack: usize,
): void {
  gemm<f64>(pa, sab, sam, sak, pb, sbb, sbk, sbn, pc, scb, ldc, batch, m, k, n, apack, bpack);
}
