// Binary, compare, where and copy/cast kernels over strided views (see strided.ts for the descriptor).
// Float ops run natively: IEEE add/sub/mul/div/sqrt in f32 equal JavaScript's double op rounded to f32 (double
// has more than 2 * 24 + 2 bits, so the double rounding is innocuous). Int32 ops that can leave the exact
// range of a double product go through f64 and ToInt32, as storing into an Int32Array does.
import { descNd, descRows, descShape, descStride, delta, odometerReset, odometerStep, toInt32 } from './strided';

// JavaScript's own Math.pow, imported: an int32 pow that overflows wraps its huge double modulo 2^32, so the
// double must be V8's to the last bit for the int32 result to match the TypeScript backend.
@external("env", "pow") declare function jsPow(x: f64, y: f64): f64;

const ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW = 4, MAXIMUM = 5, MINIMUM = 6;
// Fused backward passes (float only): g (1 - y y), (g s)(1 - s), g [x > 0], each step rounded as the unfused ops.
const TANH_GRAD = 7, SIGMOID_GRAD = 8, RELU_GRAD = 9;

@inline function scalarBinary<T>(op: i32, x: T, y: T): T {
  if (isInteger<T>()) {
    const a = <f64>x, b = <f64>y;
    if (op == ADD) return <T>(<i32>x + <i32>y);
    if (op == SUB) return <T>(<i32>x - <i32>y);
    if (op == MUL) return <T>toInt32(a * b);
    if (op == DIV) return <T>toInt32(a / b);
    if (op == POW) return <T>toInt32(jsPow(a, b));
    if (op == MAXIMUM) return x > y ? x : y;
    return x < y ? x : y;
  } else {
    if (op == ADD) return x + y;
    if (op == SUB) return x - y;
    if (op == MUL) return x * y;
    if (op == DIV) return x / y;
    if (op == POW) return <T>Math.pow(<f64>x, <f64>y);
    if (op == TANH_GRAD) return x * (<T>1 - y * y);
    if (op == SIGMOID_GRAD) return (x * y) * (<T>1 - y);
    if (op == RELU_GRAD) return x * (y > <T>0 ? <T>1 : <T>0);
    // NaN wins, and on a tie the second operand is returned, exactly like the TypeScript loop.
    if (op == MAXIMUM) return x != x || x > y ? x : y;
    return x != x || x < y ? x : y;
  }
}

@inline function vectorBinary<T>(op: i32, x: v128, y: v128): v128 {
  if (op == ADD) return v128.add<T>(x, y);
  if (op == SUB) return v128.sub<T>(x, y);
  if (op == MUL) return v128.mul<T>(x, y);
  if (isFloat<T>()) {
    if (op == DIV) return v128.div<T>(x, y);
    const one = v128.splat<T>(<T>1);
    if (op == TANH_GRAD) return v128.mul<T>(x, v128.sub<T>(one, v128.mul<T>(y, y)));
    if (op == SIGMOID_GRAD) return v128.mul<T>(v128.mul<T>(x, y), v128.sub<T>(one, y));
    if (op == RELU_GRAD) return v128.mul<T>(x, v128.and(one, v128.gt<T>(y, v128.splat<T>(<T>0))));
  }
  if (op == MAXIMUM) return v128.bitselect(x, y, v128.or(v128.ne<T>(x, x), v128.gt<T>(x, y)));
  return v128.bitselect(x, y, v128.or(v128.ne<T>(x, x), v128.lt<T>(x, y)));
}

@inline function hasVector<T>(op: i32): bool {
  if (op == POW) return false;
  if (isInteger<T>() && (op == MUL || op == DIV)) return false;
  return true;
}

@inline function binaryRow<T>(op: i32, pa: usize, sa: i32, pb: usize, sb: i32, po: usize, n: i32): void {
  const B = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  let i = 0;
  if (hasVector<T>(op)) {
    if (sa == 1 && sb == 1) {
      for (; i + L <= n; i += L) {
        const o = <usize>i * B;
        v128.store(po + o, vectorBinary<T>(op, v128.load(pa + o), v128.load(pb + o)));
      }
    } else if (sa == 1 && sb == 0) {
      const vy = v128.splat<T>(load<T>(pb));
      for (; i + L <= n; i += L) {
        const o = <usize>i * B;
        v128.store(po + o, vectorBinary<T>(op, v128.load(pa + o), vy));
      }
    } else if (sa == 0 && sb == 1) {
      const vx = v128.splat<T>(load<T>(pa));
      for (; i + L <= n; i += L) {
        const o = <usize>i * B;
        v128.store(po + o, vectorBinary<T>(op, vx, v128.load(pb + o)));
      }
    }
  }
  for (; i < n; i++) {
    store<T>(po + <usize>i * B, scalarBinary<T>(op, load<T>(pa + <usize>(i * sa) * B), load<T>(pb + <usize>(i * sb) * B)));
  }
}

@inline function binaryWalk<T>(op: i32, pa: usize, pb: usize, po: usize, desc: usize): void {
  const B = <usize>sizeof<T>();
  const nd = descNd(desc);
  const n = descShape(desc, nd - 1);
  const sa = descStride(desc, 0, nd - 1);
  const sb = descStride(desc, 1, nd - 1);
  const rows = descRows(desc);
  odometerReset(nd);
  for (let r = 0; r < rows; r++) {
    binaryRow<T>(op, pa, sa, pb, sb, po, n);
    po += <usize>n * B;
    if (r + 1 < rows) {
      odometerStep(desc, 2);
      pa += <usize>delta(0) * B;
      pb += <usize>delta(1) * B;
    }
  }
}

function binary<T>(op: i32, pa: usize, pb: usize, po: usize, desc: usize): void {
  switch (op) {
    case ADD: binaryWalk<T>(ADD, pa, pb, po, desc); break;
    case SUB: binaryWalk<T>(SUB, pa, pb, po, desc); break;
    case MUL: binaryWalk<T>(MUL, pa, pb, po, desc); break;
    case DIV: binaryWalk<T>(DIV, pa, pb, po, desc); break;
    case POW: binaryWalk<T>(POW, pa, pb, po, desc); break;
    case MAXIMUM: binaryWalk<T>(MAXIMUM, pa, pb, po, desc); break;
    case TANH_GRAD: if (isFloat<T>()) binaryWalk<T>(TANH_GRAD, pa, pb, po, desc); break;
    case SIGMOID_GRAD: if (isFloat<T>()) binaryWalk<T>(SIGMOID_GRAD, pa, pb, po, desc); break;
    case RELU_GRAD: if (isFloat<T>()) binaryWalk<T>(RELU_GRAD, pa, pb, po, desc); break;
    default: binaryWalk<T>(MINIMUM, pa, pb, po, desc); break;
  }
}

export function binary_f32(op: i32, pa: usize, pb: usize, po: usize, desc: usize): void { binary<f32>(op, pa, pb, po, desc); }
export function binary_f64(op: i32, pa: usize, pb: usize, po: usize, desc: usize): void { binary<f64>(op, pa, pb, po, desc); }
export function binary_i32(op: i32, pa: usize, pb: usize, po: usize, desc: usize): void { binary<i32>(op, pa, pb, po, desc); }

// Comparisons write int32 0/1; IEEE comparisons with NaN are false except `ne`, as in JavaScript.
const EQ = 0, NE = 1, LT = 2, LE = 3, GT = 4;

@inline function scalarCompare<T>(op: i32, x: T, y: T): i32 {
  if (op == EQ) return i32(x == y);
  if (op == NE) return i32(x != y);
  if (op == LT) return i32(x < y);
  if (op == LE) return i32(x <= y);
  if (op == GT) return i32(x > y);
  return i32(x >= y);
}

@inline function vectorCompare<T>(op: i32, x: v128, y: v128): v128 {
  if (op == EQ) return v128.eq<T>(x, y);
  if (op == NE) return v128.ne<T>(x, y);
  if (op == LT) return v128.lt<T>(x, y);
  if (op == LE) return v128.le<T>(x, y);
  if (op == GT) return v128.gt<T>(x, y);
  return v128.ge<T>(x, y);
}

@inline function compareWalk<T>(op: i32, pa: usize, pb: usize, po: usize, desc: usize): void {
  const B = <usize>sizeof<T>();
  const nd = descNd(desc);
  const n = descShape(desc, nd - 1);
  const sa = descStride(desc, 0, nd - 1);
  const sb = descStride(desc, 1, nd - 1);
  const rows = descRows(desc);
  const one = i32x4.splat(1);
  odometerReset(nd);
  for (let r = 0; r < rows; r++) {
    let i = 0;
    // 32-bit lanes map one to one onto the int32 output; f64 compares stay scalar.
    if (sizeof<T>() == 4 && sa == 1 && sb == 1) {
      for (; i + 4 <= n; i += 4) {
        const o = <usize>i << 2;
        v128.store(po + o, v128.and(vectorCompare<T>(op, v128.load(pa + o), v128.load(pb + o)), one));
      }
    } else if (sizeof<T>() == 4 && sa == 1 && sb == 0) {
      const vy = v128.splat<T>(load<T>(pb));
      for (; i + 4 <= n; i += 4) {
        const o = <usize>i << 2;
        v128.store(po + o, v128.and(vectorCompare<T>(op, v128.load(pa + o), vy), one));
      }
    }
    for (; i < n; i++) {
      store<i32>(po + (<usize>i << 2), scalarCompare<T>(op, load<T>(pa + <usize>(i * sa) * B), load<T>(pb + <usize>(i * sb) * B)));
    }
    po += <usize>n << 2;
    if (r + 1 < rows) {
      odometerStep(desc, 2);
      pa += <usize>delta(0) * B;
      pb += <usize>delta(1) * B;
    }
  }
}

function compare<T>(op: i32, pa: usize, pb: usize, po: usize, desc: usize): void {
  switch (op) {
    case EQ: compareWalk<T>(EQ, pa, pb, po, desc); break;
    case NE: compareWalk<T>(NE, pa, pb, po, desc); break;
    case LT: compareWalk<T>(LT, pa, pb, po, desc); break;
    case LE: compareWalk<T>(LE, pa, pb, po, desc); break;
    case GT: compareWalk<T>(GT, pa, pb, po, desc); break;
    default: compareWalk<T>(5, pa, pb, po, desc); break;
  }
}

export function compare_f32(op: i32, pa: usize, pb: usize, po: usize, desc: usize): void { compare<f32>(op, pa, pb, po, desc); }
export function compare_f64(op: i32, pa: usize, pb: usize, po: usize, desc: usize): void { compare<f64>(op, pa, pb, po, desc); }
export function compare_i32(op: i32, pa: usize, pb: usize, po: usize, desc: usize): void { compare<i32>(op, pa, pb, po, desc); }

/** out = cond != 0 ? a : b, with cond an int32 view (operand 0), a and b operands 1 and 2. */
function where<T>(pc: usize, pa: usize, pb: usize, po: usize, desc: usize): void {
  const B = <usize>sizeof<T>();
  const nd = descNd(desc);
  const n = descShape(desc, nd - 1);
  const sc = descStride(desc, 0, nd - 1);
  const sa = descStride(desc, 1, nd - 1);
  const sb = descStride(desc, 2, nd - 1);
  const rows = descRows(desc);
  const zero = i32x4.splat(0);
  odometerReset(nd);
  for (let r = 0; r < rows; r++) {
    let i = 0;
    if (sizeof<T>() == 4 && sc == 1 && sa == 1 && sb == 1) {
      for (; i + 4 <= n; i += 4) {
        const o = <usize>i << 2;
        v128.store(po + o, v128.bitselect(v128.load(pa + o), v128.load(pb + o), i32x4.ne(v128.load(pc + o), zero)));
      }
    }
    for (; i < n; i++) {
      const c = load<i32>(pc + (<usize>(i * sc) << 2));
      store<T>(po + <usize>i * B, c != 0 ? load<T>(pa + <usize>(i * sa) * B) : load<T>(pb + <usize>(i * sb) * B));
    }
    po += <usize>n * B;
    if (r + 1 < rows) {
      odometerStep(desc, 3);
      pc += <usize>delta(0) << 2;
      pa += <usize>delta(1) * B;
      pb += <usize>delta(2) * B;
    }
  }
}

export function where_f32(pc: usize, pa: usize, pb: usize, po: usize, desc: usize): void { where<f32>(pc, pa, pb, po, desc); }
export function where_f64(pc: usize, pa: usize, pb: usize, po: usize, desc: usize): void { where<f64>(pc, pa, pb, po, desc); }
export function where_i32(pc: usize, pa: usize, pb: usize, po: usize, desc: usize): void { where<i32>(pc, pa, pb, po, desc); }

@inline function convert<S, D>(x: S): D {
  if (isInteger<D>() && isFloat<S>()) return <D>toInt32(<f64>x);
  return <D>x;
}

/** Copies a strided view of S (operand 0) into a contiguous array of D: `contiguous` and `cast` in one loop. */
function copy<S, D>(px: usize, po: usize, desc: usize): void {
  const BS = <usize>sizeof<S>();
  const BD = <usize>sizeof<D>();
  const nd = descNd(desc);
  const n = descShape(desc, nd - 1);
  const sx = descStride(desc, 0, nd - 1);
  const rows = descRows(desc);
  odometerReset(nd);
  for (let r = 0; r < rows; r++) {
    if (sx == 1 && BS == BD && !(isInteger<D>() && isFloat<S>()) && (isInteger<S>() == isInteger<D>())) {
      memory.copy(po, px, <usize>n * BS);
    } else {
      for (let i = 0; i < n; i++) store<D>(po + <usize>i * BD, convert<S, D>(load<S>(px + <usize>(i * sx) * BS)));
    }
    po += <usize>n * BD;
    if (r + 1 < rows) {
      odometerStep(desc, 1);
      px += <usize>delta(0) * BS;
    }
  }
}

export function copy_f32_f32(px: usize, po: usize, desc: usize): void { copy<f32, f32>(px, po, desc); }
export function copy_f32_f64(px: usize, po: usize, desc: usize): void { copy<f32, f64>(px, po, desc); }
export function copy_f32_i32(px: usize, po: usize, desc: usize): void { copy<f32, i32>(px, po, desc); }
export function copy_f64_f32(px: usize, po: usize, desc: usize): void { copy<f64, f32>(px, po, desc); }
export function copy_f64_f64(px: usize, po: usize, desc: usize): void { copy<f64, f64>(px, po, desc); }
export function copy_f64_i32(px: usize, po: usize, desc: usize): void { copy<f64, i32>(px, po, desc); }
export function copy_i32_f32(px: usize, po: usize, desc: usize): void { copy<i32, f32>(px, po, desc); }
export function copy_i32_f64(px: usize, po: usize, desc: usize): void { copy<i32, f64>(px, po, desc); }
export function copy_i32_i32(px: usize, po: usize, desc: usize): void { copy<i32, i32>(px, po, desc); }
