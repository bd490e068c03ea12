// Operand packing for the GEMM (see gemm.ts): A into pre-broadcast MR-row micro-panels, B into NR-column
// micro-panels, both read straight from the staged operands through their strides.
import { MR } from './gemm-kernels';

@inline function splatLoad<T>(p: usize): v128 {
  return sizeof<T>() == 4 ? v128.load32_splat(p) : v128.load64_splat(p);
}

/**
 * Packs rows [0, mc) x columns [0, kc) of A (element (i, p) at a + (i sm + p sk) elements) into MR-row
 * micro-panels: panel q, step p, row r is the v128 splat of A(q MR + r, p) at dst + ((q kc + p) MR + r) 16.
 * Rows past mc are zero. Reads straight from the staged operand through its strides (a transposed A is just
 * sm = 1), so there is no intermediate copy.
 */
export function packA<T>(a: usize, sm: i32, sk: i32, mc: i32, kc: i32, dst: usize): void {
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
export function packB<T>(b: usize, sk: i32, sn: i32, kc: i32, nc: i32, dst: usize): void {
  const S = <usize>sizeof<T>();
  const NR = 32 / sizeof<T>();
  const kStep = <usize>sk * S;
  const colStep = <usize>sn * S;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const c0 = b + <usize>j0 * colStep;
    const cols = nc - j0;
    if (cols >= 2 * NR && sn == 1) {
      // Two panels per pass, so each B row is read a whole 64-byte line at a time: with rows a power of two
      // apart, the lines of one pass share a cache set and would be evicted before the next panel reused them.
      let src = c0;
      let dst2 = dst + (<usize>kc << 5);
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        v128.store(dst2, v128.load(src, 32));
        v128.store(dst2, v128.load(src, 48), 16);
        src += kStep;
        dst += 32;
        dst2 += 32;
      }
      dst = dst2;
      j0 += NR; // the second panel is done too
    } else if (cols >= NR && sn == 1) {
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
