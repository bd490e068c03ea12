// Reductions over a contiguous array seen as [outer, r, inner], the r axis reduced (the TypeScript side permutes
// other axis sets into one block first, exactly as the TypeScript kernel does). Sums and products run in f64 in
// the TypeScript kernel's order (k ascending for every output), so float64 results agree bit for bit: the SIMD
// goes across outputs (inner lanes) or across independent rows, never across one output's terms. max/min and
// argmax/argmin are order-free, so they take v128 lanes along the row too.
import { MAX, MIN, PROD, SUM, accumulateRow, combine, fillF64, firstEqual, initOf, ld, rowExtreme, toOut } from './reduce-common';

/** Sum or product of each row of r elements, four rows at a time so four f64 chains overlap. */
@inline function foldRows<T>(op: i32, px: usize, outer: i32, r: i32, po: usize): void {
  const B = <usize>sizeof<T>();
  const row = <usize>r * B;
  let o = 0;
  for (; o + 4 <= outer; o += 4) {
    let a0 = initOf(op), a1 = a0, a2 = a0, a3 = a0;
    let q = px + <usize>o * row;
    for (let k = 0; k < r; k++, q += B) {
      a0 = combine(op, a0, ld<T>(q));
      a1 = combine(op, a1, ld<T>(q + row));
      a2 = combine(op, a2, ld<T>(q + 2 * row));
      a3 = combine(op, a3, ld<T>(q + 3 * row));
    }
    const d = po + <usize>o * B;
    store<T>(d, toOut<T>(a0));
    store<T>(d + B, toOut<T>(a1));
    store<T>(d + 2 * B, toOut<T>(a2));
    store<T>(d + 3 * B, toOut<T>(a3));
  }
  for (; o < outer; o++) {
    let a = initOf(op);
    let q = px + <usize>o * row;
    for (let k = 0; k < r; k++, q += B) a = combine(op, a, ld<T>(q));
    store<T>(po + <usize>o * B, toOut<T>(a));
  }
}

/** int32 sums of rows short enough (r <= 2^22) that the f64 sum is exact: its ToInt32 is the wrapping i32 sum. */
@inline function sumRowsI32(px: usize, outer: i32, r: i32, po: usize): void {
  for (let o = 0; o < outer; o++) {
    const p = px + (<usize>o * <usize>r << 2);
    let v = i32x4.splat(0);
    let i = 0;
    for (; i + 4 <= r; i += 4) v = i32x4.add(v, v128.load(p + (<usize>i << 2)));
    let s = i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
    for (; i < r; i++) s += load<i32>(p + (<usize>i << 2));
    store<i32>(po + (<usize>o << 2), s);
  }
}

/** max/min of each row; a zero result takes the sign of the row's first zero, as the sequential loop does. */
@inline function extremeRows<T>(op: i32, px: usize, outer: i32, r: i32, po: usize): void {
  const B = <usize>sizeof<T>();
  for (let o = 0; o < outer; o++) {
    const p = px + <usize>o * <usize>r * B;
    let m = rowExtreme<T>(op, p, r);
    if (isFloat<T>() && m == 0) m = ld<T>(p + <usize>firstEqual<T>(p, r, 0) * B);
    store<T>(po + <usize>o * B, toOut<T>(m));
  }
}

/**
 * [outer, r, inner] with inner > 1 (or a block of `inner` columns of rows `stride` apart): an f64 accumulator row
 * (acc, inner slots) per outer block.
 */
@inline function foldBlocks<T>(op: i32, px: usize, outer: i32, r: i32, inner: i32, stride: i32, po: usize, acc: usize): void {
  const B = <usize>sizeof<T>();
  const rowBytes = <usize>stride * B;
  for (let o = 0; o < outer; o++) {
    fillF64(acc, inner, initOf(op));
    let row = px + <usize>o * <usize>r * rowBytes;
    for (let k = 0; k < r; k++, row += rowBytes) accumulateRow<T>(op, acc, row, inner);
    const d = po + <usize>o * rowBytes;
    for (let i = 0; i < inner; i++) store<T>(d + <usize>i * B, toOut<T>(load<f64>(acc + (<usize>i << 3))));
  }
}

@inline function reduceOp<T>(op: i32, px: usize, outer: i32, r: i32, inner: i32, stride: i32, po: usize, acc: usize): void {
  if (inner > 1 || stride != 1) foldBlocks<T>(op, px, outer, r, inner, stride, po, acc);
  else if (op == MAX || op == MIN) extremeRows<T>(op, px, outer, r, po);
  else if (isInteger<T>() && op == SUM && r <= 4194304) sumRowsI32(px, outer, r, po);
  else foldRows<T>(op, px, outer, r, po);
}

// `stride` is the distance in elements between rows k and k + 1 of the input, and between outer rows of the output:
// `inner` itself, or the full width when a thread takes a block of `inner` columns.
function reduce<T>(op: i32, px: usize, outer: i32, r: i32, inner: i32, stride: i32, po: usize, acc: usize): void {
  switch (op) {
    case SUM: reduceOp<T>(SUM, px, outer, r, inner, stride, po, acc); break;
    case MAX: reduceOp<T>(MAX, px, outer, r, inner, stride, po, acc); break;
    case MIN: reduceOp<T>(MIN, px, outer, r, inner, stride, po, acc); break;
    default: reduceOp<T>(PROD, px, outer, r, inner, stride, po, acc); break;
  }
}

export function reduce_f32(op: i32, px: usize, outer: i32, r: i32, inner: i32, stride: i32, po: usize, acc: usize): void { reduce<f32>(op, px, outer, r, inner, stride, po, acc); }
export function reduce_f64(op: i32, px: usize, outer: i32, r: i32, inner: i32, stride: i32, po: usize, acc: usize): void { reduce<f64>(op, px, outer, r, inner, stride, po, acc); }
export function reduce_i32(op: i32, px: usize, outer: i32, r: i32, inner: i32, stride: i32, po: usize, acc: usize): void { reduce<i32>(op, px, outer, r, inner, stride, po, acc); }
