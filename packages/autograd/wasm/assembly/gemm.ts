// Batched GEMM, C[b] = A[b] B[b], in the style of BLIS/GotoBLAS: B is packed into KC x NC blocks of NR-column
// micro-panels, A into MC x KC blocks of MR-row micro-panels, and a register-blocked micro-kernel keeps an
// MR x NR tile of C in eight v128 accumulators while it streams one A and one B micro-panel. The loops run
// A micro-panel outermost (it stays in L1) and sweep the B block (in L2) under it: measured ~2x faster for f64
// than BLIS's usual order, which streams the 4x larger pre-broadcast A panels from L2 instead.
//
// The tile is 4 x 8 for f32 (4 x 4 for f64): V8 hoists every load of the loop body above the arithmetic, so the
// accumulators, the B vectors and the A values of one k step must all fit in the 15 allocatable xmm registers
// at once (8 + 2 + 4 + 1 scratch). Wider tiles (6 x 8, 3 x 12, 4 x 12) spill and measure 30-50% slower. A is
// packed pre-broadcast (each element stored as a whole v128), so the kernel's A reads are plain loads with an
// immediate offset instead of load-splats, which V8 emits with an extra address computation each.
//
// Summation order: every C element is a sum over k split into KC-blocks; inside a block the products are added
// one at a time, left to right, into an accumulator that starts at +0, and each block's sum is then added to C
// (which starts at +0). That is exactly the TypeScript kernel's order with KC = 256, so float64 (and int32,
// computed in float64) results agree with it bit for bit. Wasm SIMD has no fused multiply-add, so each product
// is rounded before the add, as in JavaScript.

const MR = 4;
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

/** acc (f32x4 or f64x2) added into c, or stored on the first K-block (C is not zeroed beforehand). */
@inline function put<T>(c: usize, acc: v128, first: bool): void {
  v128.store(c, first ? acc : v128.add<T>(v128.load(c), acc));
}

/**
 * An R x (V vectors) tile of C (rows ldc elements apart) += A micro-panel (kc x MR, pre-broadcast) x B
 * micro-panel (kc x NR), reading only the first R rows of the A panel and V vectors of each B row. On the
 * first K-block (`first`) C is not read but set to the sums, which start at +0 and so are never -0 (the same
 * bits as adding them into a zeroed C). Called with literal R and V, so each variant compiles to code with
 * only its own accumulators. The k loop runs on the A pointer alone: one induction variable fewer than a
 * counter, measured ~7% faster.
 */
@inline function tile<T>(R: i32, V: i32, ap: usize, bp: usize, kc: i32, c: usize, ldc: i32, first: bool): void {
  const S = <usize>sizeof<T>();
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  const end = ap + (<usize>kc << 6);
  while (ap < end) {
    const b0 = v128.load(bp);
    const b1 = V > 1 ? v128.load(bp, 16) : b0;
    let a = v128.load(ap);
    c00 = v128.add<T>(c00, v128.mul<T>(a, b0));
    if (V > 1) c01 = v128.add<T>(c01, v128.mul<T>(a, b1));
    if (R > 1) {
      a = v128.load(ap, 16);
      c10 = v128.add<T>(c10, v128.mul<T>(a, b0));
      if (V > 1) c11 = v128.add<T>(c11, v128.mul<T>(a, b1));
    }
    if (R > 2) {
      a = v128.load(ap, 32);
      c20 = v128.add<T>(c20, v128.mul<T>(a, b0));
      if (V > 1) c21 = v128.add<T>(c21, v128.mul<T>(a, b1));
    }
    if (R > 3) {
      a = v128.load(ap, 48);
      c30 = v128.add<T>(c30, v128.mul<T>(a, b0));
      if (V > 1) c31 = v128.add<T>(c31, v128.mul<T>(a, b1));
    }
    ap += 64;
    bp += 32;
  }
  const row = <usize>ldc * S;
  put<T>(c, c00, first);
  if (V > 1) put<T>(c + 16, c01, first);
  if (R > 1) {
    put<T>(c + row, c10, first);
    if (V > 1) put<T>(c + row + 16, c11, first);
  }
  if (R > 2) {
    put<T>(c + 2 * row, c20, first);
    if (V > 1) put<T>(c + 2 * row + 16, c21, first);
  }
  if (R > 3) {
    put<T>(c + 3 * row, c30, first);
    if (V > 1) put<T>(c + 3 * row + 16, c31, first);
  }
}

/** The full MR x NR tile: 8 accumulators + 2 B vectors + 4 A vectors + 1 scratch = 15 xmm registers. */
function microKernel<T>(ap: usize, bp: usize, kc: i32, c: usize, ldc: i32, first: bool): void {
  tile<T>(4, 2, ap, bp, kc, c, ldc, first);
}

// Edge tiles get kernels of their own size, so a 1-row or 1-vector remainder costs what it computes, not a
// whole 4 x 8 tile. They write a zeroed-by-construction (first = true) tile of row stride NR.
function edge1x1<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(1, 1, ap, bp, kc, c, 32 / sizeof<T>(), true); }
function edge2x1<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(2, 1, ap, bp, kc, c, 32 / sizeof<T>(), true); }
function edge3x1<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(3, 1, ap, bp, kc, c, 32 / sizeof<T>(), true); }
function edge4x1<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(4, 1, ap, bp, kc, c, 32 / sizeof<T>(), true); }
function edge1x2<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(1, 2, ap, bp, kc, c, 32 / sizeof<T>(), true); }
function edge2x2<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(2, 2, ap, bp, kc, c, 32 / sizeof<T>(), true); }
function edge3x2<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(3, 2, ap, bp, kc, c, 32 / sizeof<T>(), true); }

/** The rows x cols corner of a tile into `edge` (row stride NR), by the smallest kernel that covers it. */
function edgeTile<T>(rows: i32, cols: i32, ap: usize, bp: usize, kc: i32, edge: usize): void {
  if (cols <= 16 / sizeof<T>()) {
    if (rows == 1) edge1x1<T>(ap, bp, kc, edge);
    else if (rows == 2) edge2x1<T>(ap, bp, kc, edge);
    else if (rows == 3) edge3x1<T>(ap, bp, kc, edge);
    else edge4x1<T>(ap, bp, kc, edge);
  } else {
    if (rows == 1) edge1x2<T>(ap, bp, kc, edge);
    else if (rows == 2) edge2x2<T>(ap, bp, kc, edge);
    else if (rows == 3) edge3x2<T>(ap, bp, kc, edge);
    else microKernel<T>(ap, bp, kc, edge, 32 / sizeof<T>(), true);
  }
}

@inline function splatLoad<T>(p: usize): v128 {
  return sizeof<T>() == 4 ? v128.load32_splat(p) : v128.load64_splat(p);
}

/**
 * Packs rows [0, mc) x columns [0, kc) of A (element (i, p) at a + (i sm + p sk) elements) into MR-row
 * micro-panels: panel q, step p, row r is the v128 splat of A(q MR + r, p) at dst + ((q kc + p) MR + r) 16.
 * Rows past mc are zero. Reads straight from the staged operand through its strides (a transposed A is just
 * sm = 1), so there is no intermediate copy.
 */
function packA<T>(a: usize, sm: i32, sk: i32, mc: i32, kc: i32, dst: usize): void {
  const S = <usize>sizeof<T>();
  const rowStep = <usize>sm * S;
  const kStep = <usize>sk * S;
  const zero = f64x2.splat(0);
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const r0 = a + <usize>i0 * rowStep;
    if (i0 + MR <= mc) {
      let p0 = r0, p1 = r0 + rowStep, p2 = r0 + 2 * rowStep, p3 = r0 + 3 * rowStep;
      for (let p = 0; p < kc; p++) {
        v128.store(dst, splatLoad<T>(p0));
        v128.store(dst, splatLoad<T>(p1), 16);
        v128.store(dst, splatLoad<T>(p2), 32);
        v128.store(dst, splatLoad<T>(p3), 48);
        p0 += kStep; p1 += kStep; p2 += kStep; p3 += kStep;
        dst += 64;
      }
    } else {
      const rows = mc - i0;
      for (let p = 0; p < kc; p++) {
        const col = r0 + <usize>p * kStep;
        for (let r = 0; r < MR; r++) {
          v128.store(dst + (<usize>r << 4), r < rows ? splatLoad<T>(col + <usize>r * rowStep) : zero);
        }
        dst += 64;
      }
    }
  }
}

/**
 * One full B micro-panel from a transposed B (each column contiguous along k, columns colStep bytes apart):
 * 4 x 4 (f32) or 2 x 2 (f64) blocks are transposed in registers, so each column is read with v128 loads.
 */
@inline function transposePanel<T>(c0: usize, colStep: usize, kc: i32, dst: usize): void {
  const S = <usize>sizeof<T>();
  const NR = 32 / sizeof<T>();
  const P = 16 / sizeof<T>(); // k steps per block
  let p = 0;
  for (; p + P <= kc; p += P) {
    const src = c0 + <usize>p * S;
    const out = dst + (<usize>p << 5);
    for (let h = 0; h < 2; h++) {
      const col = src + <usize>(h * P) * colStep;
      const half = out + (<usize>h << 4);
      if (sizeof<T>() == 4) {
        const x0 = v128.load(col), x1 = v128.load(col + colStep);
        const x2 = v128.load(col + 2 * colStep), x3 = v128.load(col + 3 * colStep);
        const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5), t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
        const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7), t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
        v128.store(half, i64x2.shuffle(t0, t1, 0, 2));
        v128.store(half, i64x2.shuffle(t0, t1, 1, 3), 32);
        v128.store(half, i64x2.shuffle(t2, t3, 0, 2), 64);
        v128.store(half, i64x2.shuffle(t2, t3, 1, 3), 96);
      } else {
        const x0 = v128.load(col), x1 = v128.load(col + colStep);
        v128.store(half, i64x2.shuffle(x0, x1, 0, 2));
        v128.store(half, i64x2.shuffle(x0, x1, 1, 3), 32);
      }
    }
  }
  for (; p < kc; p++) {
    for (let c = 0; c < NR; c++) store<T>(dst + (<usize>p << 5) + <usize>c * S, load<T>(c0 + <usize>c * colStep + <usize>p * S));
  }
}

/**
 * Packs rows [0, kc) x columns [0, nc) of B (element (p, j) at b + (p sk + j sn) elements) into NR-column
 * micro-panels: panel q, step p holds B(p, q NR .. q NR + NR) at dst + (q kc + p) NR elements. Columns past nc
 * are zero. Unit-stride rows copy two v128s per step; a transposed B (sk = 1) is gathered column by column.
 */
function packB<T>(b: usize, sk: i32, sn: i32, kc: i32, nc: i32, dst: usize): void {
  const S = <usize>sizeof<T>();
  const NR = 32 / sizeof<T>();
  const kStep = <usize>sk * S;
  const colStep = <usize>sn * S;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const c0 = b + <usize>j0 * colStep;
    const cols = nc - j0;
    if (cols >= NR && sn == 1) {
      let src = c0;
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += kStep;
        dst += 32;
      }
    } else if (cols >= NR && sk == 1) {
      transposePanel<T>(c0, colStep, kc, dst);
      dst += <usize>kc << 5;
    } else if (cols >= NR) {
      for (let c = 0; c < NR; c++) {
        let src = c0 + <usize>c * colStep;
        let out = dst + <usize>c * S;
        for (let p = 0; p < kc; p++) {
          store<T>(out, load<T>(src));
          src += kStep;
          out += 32;
        }
      }
      dst += <usize>kc << 5;
    } else {
      // The last, partial panel: zero it, then copy the columns there are, one column at a time.
      const bytes = <usize>kc << 5;
      for (let o: usize = 0; o < bytes; o += 16) v128.store(dst + o, i32x4.splat(0));
      for (let c = 0; c < cols; c++) {
        let src = c0 + <usize>c * colStep;
        let out = dst + <usize>c * S;
        for (let p = 0; p < kc; p++) {
          store<T>(out, load<T>(src));
          src += kStep;
          out += 32;
        }
      }
      dst += bytes;
    }
  }
}

/** C (rows x cols of an MR x NR tile at c, row stride ldc) += the edge tile (= it, on the first K-block). */
function addEdge<T>(c: usize, ldc: i32, rows: i32, cols: i32, edge: usize, first: bool): void {
  const S = <usize>sizeof<T>();
  const NR = 32 / sizeof<T>();
  for (let r = 0; r < rows; r++) {
    const dst = c + <usize>(r * ldc) * S;
    const src = edge + <usize>(r * NR) * S;
    for (let q = 0; q < cols; q++) {
      const o = <usize>q * S;
      store<T>(dst + o, first ? load<T>(src + o) : load<T>(dst + o) + load<T>(src + o));
    }
  }
}

/**
 * C[bi] = A[bi] B[bi] for bi < batch, with A(bi, i, p) at pa + (bi sab + i sam + p sak) elements, B(bi, p, j) at
 * pb + (bi sbb + p sbk + j sbn), and C contiguous [batch, m, n] at pc. packA / packB are workspaces of
 * gemmPackABytes() / gemmPackBBytes() bytes (or less when m, k, n are smaller than a block).
 */
function gemm<T>(
  pa: usize, sab: i32, sam: i32, sak: i32,
  pb: usize, sbb: i32, sbk: i32, sbn: i32,
  pc: usize, batch: i32, m: i32, k: i32, n: i32, apack: usize, bpack: usize,
): void {
  const S = <usize>sizeof<T>();
  const NR = 32 / sizeof<T>();
  // With one block per operand, a batch-broadcast operand (stride 0) is packed once for the whole batch.
  const oneBBlock = k <= KC && n <= NC;
  const oneABlock = oneBBlock && m <= MC;
  // Edge tiles (rows past m or columns past n) are computed into a zeroed MR x NR tile after the A block (not a
  // static: worker threads share this memory), then their valid part is added into C.
  const edge = apack + <usize>packABytes(m, k);
  for (let bi = 0; bi < batch; bi++) {
    const A = pa + <usize>(bi * sab) * S;
    const B = pb + <usize>(bi * sbb) * S;
    const C = pc + <usize>bi * <usize>m * <usize>n * S;
    if (k == 0) memory.fill(C, 0, <usize>m * <usize>n * S);
    for (let jc = 0; jc < n; jc += NC) {
      const nc = min(NC, n - jc);
      for (let p0 = 0; p0 < k; p0 += KC) {
        const kc = min(KC, k - p0);
        const first = p0 == 0;
        if (!(bi > 0 && sbb == 0 && oneBBlock)) packB<T>(B + <usize>(p0 * sbk + jc * sbn) * S, sbk, sbn, kc, nc, bpack);
        for (let ic = 0; ic < m; ic += MC) {
          const mc = min(MC, m - ic);
          if (!(bi > 0 && sab == 0 && oneABlock)) packA<T>(A + <usize>(ic * sam + p0 * sak) * S, sam, sak, mc, kc, apack);
          for (let ir = 0; ir < mc; ir += MR) {
            const ap = apack + (<usize>ir * <usize>kc << 4);
            const rows = min(MR, mc - ir);
            for (let jr = 0; jr < nc; jr += NR) {
              const bp = bpack + <usize>jr * <usize>kc * S;
              const cols = min(NR, nc - jr);
              const c = C + (<usize>(ic + ir) * <usize>n + <usize>(jc + jr)) * S;
              if (rows == MR && cols == NR) {
                microKernel<T>(ap, bp, kc, c, n, first);
              } else {
                edgeTile<T>(rows, cols, ap, bp, kc, edge);
                addEdge<T>(c, n, rows, cols, edge, first);
              }
            }
          }
        }
      }
    }
  }
}

export function gemm_f32(
  pa: usize, sab: i32, sam: i32, sak: i32, pb: usize, sbb: i32, sbk: i32, sbn: i32,
  pc: usize, batch: i32, m: i32, k: i32, n: i32, apack: usize, bpack: usize,
): void {
  gemm<f32>(pa, sab, sam, sak, pb, sbb, sbk, sbn, pc, batch, m, k, n, apack, bpack);
}

export function gemm_f64(
  pa: usize, sab: i32, sam: i32, sak: i32, pb: usize, sbb: i32, sbk: i32, sbn: i32,
  pc: usize, batch: i32, m: i32, k: i32, n: i32, apack: usize, bpack: usize,
): void {
  gemm<f64>(pa, sab, sam, sak, pb, sbb, sbk, sbn, pc, batch, m, k, n, apack, bpack);
}
