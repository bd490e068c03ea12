// argmax/argmin along one axis of a contiguous [outer, r, inner] array: the first index of the extreme value, and
// the first NaN when there is one (NaN counts as the extreme, as in PyTorch and the TypeScript kernel).
import { MAX, MIN, firstEqual, rowExtreme } from './reduce-common';

/** better(v, b), or v is the first NaN (b not yet NaN), lane by lane. */
@inline function takes<T>(op: i32, v: v128, b: v128): v128 {
  const better = op == MAX ? v128.gt<T>(v, b) : v128.lt<T>(v, b);
  if (isInteger<T>()) return better;
  return v128.or(better, v128.and(v128.ne<T>(v, v), v128.eq<T>(b, b)));
}

/**
 * inner > 1: a running best value (best, inner slots of T) and index (idx, inner slots of the lane width: i32 for
 * 4-byte T, i64 for f64) per outer block, updated lane-wise for k = 1..r-1 so each lane keeps its first winner.
 */
@inline function argBlocks<T>(op: i32, px: usize, outer: i32, r: i32, inner: i32, stride: i32, po: usize, best: usize, idx: usize): void {
  const B = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  const rowBytes = <usize>stride * B;
  for (let o = 0; o < outer; o++) {
    let row = px + <usize>o * <usize>r * rowBytes;
    memory.copy(best, row, <usize>inner * B);
    memory.fill(idx, 0, <usize>inner * B);
    row += rowBytes;
    for (let k = 1; k < r; k++, row += rowBytes) {
      const kk = sizeof<T>() == 8 ? i64x2.splat(<i64>k) : i32x4.splat(k);
      let i = 0;
      for (; i + L <= inner; i += L) {
        const off = <usize>i * B;
        const v = v128.load(row + off);
        const b = v128.load(best + off);
        const mask = takes<T>(op, v, b);
        v128.store(best + off, v128.bitselect(v, b, mask));
        v128.store(idx + off, v128.bitselect(kk, v128.load(idx + off), mask));
      }
      for (; i < inner; i++) {
        const off = <usize>i * B;
        const v = load<T>(row + off);
        const b = load<T>(best + off);
        if ((op == MAX ? v > b : v < b) || (v != v && b == b)) {
          store<T>(best + off, v);
          if (sizeof<T>() == 8) store<i64>(idx + off, k);
          else store<i32>(idx + off, k);
        }
      }
    }
    const d = po + (<usize>o * <usize>stride << 2);
    for (let i = 0; i < inner; i++) {
      const off = <usize>i * B;
      store<i32>(d + (<usize>i << 2), sizeof<T>() == 8 ? <i32>load<i64>(idx + off) : load<i32>(idx + off));
    }
  }
}

/** inner == 1: the row's extreme (NaN if any) by lanes, then the first index holding it. */
@inline function argRows<T>(op: i32, px: usize, outer: i32, r: i32, po: usize): void {
  const B = <usize>sizeof<T>();
  for (let o = 0; o < outer; o++) {
    const p = px + <usize>o * <usize>r * B;
    const m = rowExtreme<T>(op, p, r);
    store<i32>(po + (<usize>o << 2), firstEqual<T>(p, r, m));
  }
}

// `stride`: the distance in elements between rows k and k + 1 of the input and between outer rows of the output
// (`inner`, or the full width when a thread takes a block of `inner` columns).
function argReduce<T>(op: i32, px: usize, outer: i32, r: i32, inner: i32, stride: i32, po: usize, best: usize, idx: usize): void {
  if (r == 0) {
    for (let o = 0; o < outer; o++) memory.fill(po + (<usize>o * <usize>stride << 2), 0, <usize>inner << 2);
  } else if (inner == 1 && stride == 1) {
    if (op == MAX) argRows<T>(MAX, px, outer, r, po);
    else argRows<T>(MIN, px, outer, r, po);
  } else {
    if (op == MAX) argBlocks<T>(MAX, px, outer, r, inner, stride, po, best, idx);
    else argBlocks<T>(MIN, px, outer, r, inner, stride, po, best, idx);
  }
}

// op: 1 argmax, 2 argmin (the reduce codes of max and min). best and idx: scratch of inner * sizeof<T>() bytes each.
export function argreduce_f32(op: i32, px: usize, outer: i32, r: i32, inner: i32, stride: i32, po: usize, best: usize, idx: usize): void { argReduce<f32>(op, px, outer, r, inner, stride, po, best, idx); }
export function argreduce_f64(op: i32, px: usize, outer: i32, r: i32, inner: i32, stride: i32, po: usize, best: usize, idx: usize): void { argReduce<f64>(op, px, outer, r, inner, stride, po, best, idx); }
export function argreduce_i32(op: i32, px: usize, outer: i32, r: i32, inner: i32, stride: i32, po: usize, best: usize, idx: usize): void { argReduce<i32>(op, px, outer, r, inner, stride, po, best, idx); }
