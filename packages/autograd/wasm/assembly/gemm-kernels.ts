// The GEMM's register-blocked micro-kernels (see gemm.ts): the full 4 x 8 (f32) / 4 x 4 (f64) tile, and
// smaller ones for the edge tiles where m or n is not a multiple of the tile.

/** Rows of the register tile (its columns, NR, are two v128s: 32 / sizeof<T>() elements). */
export const MR = 4;

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

/**
 * The full MR x NR tile: 8 accumulators + 2 B vectors + 4 A vectors + 1 scratch = 15 xmm registers. The k
 * loop is unrolled 4 times with an exit test between steps: V8 does not hoist loads across the tests, so
 * each step still fits the registers, and the loop overhead (stack check, pointer updates) is paid once per
 * 4 steps; measured ~5% faster than tile<T>(4, 2, ...). kc >= 1.
 */
export function microKernel<T>(ap: usize, bp: usize, kc: i32, c: usize, ldc: i32, first: bool): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  let a = f64x2.splat(0), b0 = a, b1 = a;
  const S = <usize>sizeof<T>();
  const end = ap + (<usize>kc << 6);
  while (true) {
    b0 = v128.load(bp, 0);
    b1 = v128.load(bp, 16);
    a = v128.load(ap, 0);
    c00 = v128.add<T>(c00, v128.mul<T>(a, b0));
    c01 = v128.add<T>(c01, v128.mul<T>(a, b1));
    a = v128.load(ap, 16);
    c10 = v128.add<T>(c10, v128.mul<T>(a, b0));
    c11 = v128.add<T>(c11, v128.mul<T>(a, b1));
    a = v128.load(ap, 32);
    c20 = v128.add<T>(c20, v128.mul<T>(a, b0));
    c21 = v128.add<T>(c21, v128.mul<T>(a, b1));
    a = v128.load(ap, 48);
    c30 = v128.add<T>(c30, v128.mul<T>(a, b0));
    c31 = v128.add<T>(c31, v128.mul<T>(a, b1));
    if (ap + 64 >= end) break;
    b0 = v128.load(bp, 32);
    b1 = v128.load(bp, 48);
    a = v128.load(ap, 64);
    c00 = v128.add<T>(c00, v128.mul<T>(a, b0));
    c01 = v128.add<T>(c01, v128.mul<T>(a, b1));
    a = v128.load(ap, 80);
    c10 = v128.add<T>(c10, v128.mul<T>(a, b0));
    c11 = v128.add<T>(c11, v128.mul<T>(a, b1));
    a = v128.load(ap, 96);
    c20 = v128.add<T>(c20, v128.mul<T>(a, b0));
    c21 = v128.add<T>(c21, v128.mul<T>(a, b1));
    a = v128.load(ap, 112);
    c30 = v128.add<T>(c30, v128.mul<T>(a, b0));
    c31 = v128.add<T>(c31, v128.mul<T>(a, b1));
    if (ap + 128 >= end) break;
    b0 = v128.load(bp, 64);
    b1 = v128.load(bp, 80);
    a = v128.load(ap, 128);
    c00 = v128.add<T>(c00, v128.mul<T>(a, b0));
    c01 = v128.add<T>(c01, v128.mul<T>(a, b1));
    a = v128.load(ap, 144);
    c10 = v128.add<T>(c10, v128.mul<T>(a, b0));
    c11 = v128.add<T>(c11, v128.mul<T>(a, b1));
    a = v128.load(ap, 160);
    c20 = v128.add<T>(c20, v128.mul<T>(a, b0));
    c21 = v128.add<T>(c21, v128.mul<T>(a, b1));
    a = v128.load(ap, 176);
    c30 = v128.add<T>(c30, v128.mul<T>(a, b0));
    c31 = v128.add<T>(c31, v128.mul<T>(a, b1));
    if (ap + 192 >= end) break;
    b0 = v128.load(bp, 96);
    b1 = v128.load(bp, 112);
    a = v128.load(ap, 192);
    c00 = v128.add<T>(c00, v128.mul<T>(a, b0));
    c01 = v128.add<T>(c01, v128.mul<T>(a, b1));
    a = v128.load(ap, 208);
    c10 = v128.add<T>(c10, v128.mul<T>(a, b0));
    c11 = v128.add<T>(c11, v128.mul<T>(a, b1));
    a = v128.load(ap, 224);
    c20 = v128.add<T>(c20, v128.mul<T>(a, b0));
    c21 = v128.add<T>(c21, v128.mul<T>(a, b1));
    a = v128.load(ap, 240);
    c30 = v128.add<T>(c30, v128.mul<T>(a, b0));
    c31 = v128.add<T>(c31, v128.mul<T>(a, b1));
    ap += 256;
    bp += 128;
    if (ap >= end) break;
  }
  const row = <usize>ldc * S;
  put<T>(c, c00, first);
  put<T>(c + 16, c01, first);
  put<T>(c + row, c10, first);
  put<T>(c + row + 16, c11, first);
  put<T>(c + 2 * row, c20, first);
  put<T>(c + 2 * row + 16, c21, first);
  put<T>(c + 3 * row, c30, first);
  put<T>(c + 3 * row + 16, c31, first);
}

// Edge tiles get kernels of their own size, so a 1-row or 1-vector remainder costs what it computes, not a
// whole 4 x 8 tile. They store their sums (first = true) into a scratch tile of row stride NR.
function edge1x1<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(1, 1, ap, bp, kc, c, 32 / sizeof<T>(), true); }
function edge2x1<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(2, 1, ap, bp, kc, c, 32 / sizeof<T>(), true); }
function edge3x1<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(3, 1, ap, bp, kc, c, 32 / sizeof<T>(), true); }
function edge4x1<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(4, 1, ap, bp, kc, c, 32 / sizeof<T>(), true); }
function edge1x2<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(1, 2, ap, bp, kc, c, 32 / sizeof<T>(), true); }
function edge2x2<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(2, 2, ap, bp, kc, c, 32 / sizeof<T>(), true); }
function edge3x2<T>(ap: usize, bp: usize, kc: i32, c: usize): void { tile<T>(3, 2, ap, bp, kc, c, 32 / sizeof<T>(), true); }

/** The rows x cols corner of a tile into `edge` (row stride NR), by the smallest kernel that covers it. */
export function edgeTile<T>(rows: i32, cols: i32, ap: usize, bp: usize, kc: i32, edge: usize): void {
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

/** C (rows x cols of an MR x NR tile at c, row stride ldc) += the edge tile (= it, on the first K-block). */
export function addEdge<T>(c: usize, ldc: i32, rows: i32, cols: i32, edge: usize, first: bool): void {
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
