// out[i] = op(x[i]) over contiguous arrays, one v128 at a time. The loops read and write whole vectors, so the
// last one may touch up to 15 bytes past n elements: the TypeScript side's allocations are 16-byte rounded.
// Float32 ops whose double result rounded to float32 equals the float32 op (neg, abs, square, reciprocal, sqrt,
// relu, step, sign: IEEE ops, double rounding innocuous) run on f32x4, and so do tanh and sigmoid (native float32
// algorithms within an ulp, math.ts); everything else is evaluated on two f64x2 halves (promote, compute in
// double, demote), which is what Math.fround(Math.f(x)) does.
import { verf, verfF32 } from './erf';
import { sel, vexp, vexpF32, vexpm1, vlog, vlog1p, vsigmoid, vsigmoidF32x4, vsoftplus, vsoftplusF32, vtanh, vtanhF32x4 } from './math';
import { vcos, vcosF32, vsin, vsinF32 } from './trig';
import { toInt32 } from './strided';

// The order of UnaryOp in src/backend/backend.ts (the driver maps names to these codes).
const NEG = 0, EXP = 1, LOG = 2, LOG1P = 3, EXPM1 = 4, SQRT = 5, RSQRT = 6, ABS = 7, SIGN = 8, SQUARE = 9;
const RECIPROCAL = 10, SIN = 11, COS = 12, TANH = 13, SIGMOID = 14, RELU = 15, SOFTPLUS = 16, ERF = 17, STEP = 18;

/** op on f64x2 lanes, as the TypeScript kernel computes it in double. */
@inline function mapF64(op: i32, x: v128): v128 {
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  // A switch, not an if-chain: binaryen turns `if (op == K) return f(x)` chains into branches that evaluate
  // every f(x) first (they are pure), which made abs pay for exp, log, ... on every element.
  switch (op) {
    case NEG: return f64x2.neg(x);
    case EXP: return vexp(x);
    case LOG: return vlog(x);
    case LOG1P: return vlog1p(x);
    case EXPM1: return vexpm1(x);
    case SQRT: return f64x2.sqrt(x);
    case RSQRT: return f64x2.div(one, f64x2.sqrt(x));
    case ABS: return f64x2.abs(x);
    // Math.sign: NaN and +-0 pass through.
    case SIGN: return sel(one, sel(f64x2.splat(-1), x, f64x2.lt(x, zero)), f64x2.gt(x, zero));
    case SQUARE: return f64x2.mul(x, x);
    case RECIPROCAL: return f64x2.div(one, x);
    case SIN: return vsin(x);
    case COS: return vcos(x);
    case TANH: return vtanh(x);
    case SIGMOID: return vsigmoid(x);
    case RELU: return v128.and(x, f64x2.gt(x, zero));
    case SOFTPLUS: return vsoftplus(x);
    case ERF: return verf(x);
    default: return v128.and(one, f64x2.gt(x, zero));
  }
}

@inline function mapF32(op: i32, x: v128): v128 {
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  switch (op) {
    case NEG: return f32x4.neg(x);
    case SQRT: return f32x4.sqrt(x);
    case ABS: return f32x4.abs(x);
    case SIGN: return sel(one, sel(f32x4.splat(-1), x, f32x4.lt(x, zero)), f32x4.gt(x, zero));
    case SQUARE: return f32x4.mul(x, x);
    case RECIPROCAL: return f32x4.div(one, x);
    case RELU: return v128.and(x, f32x4.gt(x, zero));
    case STEP: return v128.and(one, f32x4.gt(x, zero));
    case TANH: return vtanhF32x4(x);
    case SIGMOID: return vsigmoidF32x4(x);
  }
  const lo = f32x4.demote_f64x2_zero(mapF64ForF32(op, f64x2.promote_low_f32x4(x)));
  const hi = f32x4.demote_f64x2_zero(mapF64ForF32(op, f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 2, 3))));
  return i32x4.shuffle(lo, hi, 0, 1, 4, 5);
}

/** op on promoted float32 lanes: exp, softplus, erf, sin and cos have cheaper float32-accurate versions. */
@inline function mapF64ForF32(op: i32, x: v128): v128 {
  switch (op) {
    case EXP: return vexpF32(x);
    case ERF: return verfF32(x);
    case SOFTPLUS: return vsoftplusF32(x);
    case SIN: return vsinF32(x);
    case COS: return vcosF32(x);
    default: return mapF64(op, x);
  }
}

@inline function loopF32(op: i32, px: usize, po: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    v128.store(po + o, mapF32(op, v128.load(px + o)));
  }
}

@inline function loopF64(op: i32, px: usize, po: usize, n: i32): void {
  for (let i = 0; i < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(po + o, mapF64(op, v128.load(px + o)));
  }
}

// One function per (op, dtype), each with its literal op code: binaryen's code folding merged the 19 inlined
// loops of one switch back into a single loop that dispatched on the op for every vector and called the math out
// of line; separate functions keep each loop specialised with its math inlined.
function f32Neg(px: usize, po: usize, n: i32): void { loopF32(NEG, px, po, n); }
function f32Exp(px: usize, po: usize, n: i32): void { loopF32(EXP, px, po, n); }
function f32Log(px: usize, po: usize, n: i32): void { loopF32(LOG, px, po, n); }
function f32Log1p(px: usize, po: usize, n: i32): void { loopF32(LOG1P, px, po, n); }
function f32Expm1(px: usize, po: usize, n: i32): void { loopF32(EXPM1, px, po, n); }
function f32Sqrt(px: usize, po: usize, n: i32): void { loopF32(SQRT, px, po, n); }
function f32Rsqrt(px: usize, po: usize, n: i32): void { loopF32(RSQRT, px, po, n); }
function f32Abs(px: usize, po: usize, n: i32): void { loopF32(ABS, px, po, n); }
function f32Sign(px: usize, po: usize, n: i32): void { loopF32(SIGN, px, po, n); }
function f32Square(px: usize, po: usize, n: i32): void { loopF32(SQUARE, px, po, n); }
function f32Reciprocal(px: usize, po: usize, n: i32): void { loopF32(RECIPROCAL, px, po, n); }
function f32Sin(px: usize, po: usize, n: i32): void { loopF32(SIN, px, po, n); }
function f32Cos(px: usize, po: usize, n: i32): void { loopF32(COS, px, po, n); }
function f32Tanh(px: usize, po: usize, n: i32): void { loopF32(TANH, px, po, n); }
function f32Sigmoid(px: usize, po: usize, n: i32): void { loopF32(SIGMOID, px, po, n); }
function f32Relu(px: usize, po: usize, n: i32): void { loopF32(RELU, px, po, n); }
function f32Softplus(px: usize, po: usize, n: i32): void { loopF32(SOFTPLUS, px, po, n); }
function f32Erf(px: usize, po: usize, n: i32): void { loopF32(ERF, px, po, n); }
function f32Step(px: usize, po: usize, n: i32): void { loopF32(STEP, px, po, n); }

function f64Neg(px: usize, po: usize, n: i32): void { loopF64(NEG, px, po, n); }
function f64Exp(px: usize, po: usize, n: i32): void { loopF64(EXP, px, po, n); }
function f64Log(px: usize, po: usize, n: i32): void { loopF64(LOG, px, po, n); }
function f64Log1p(px: usize, po: usize, n: i32): void { loopF64(LOG1P, px, po, n); }
function f64Expm1(px: usize, po: usize, n: i32): void { loopF64(EXPM1, px, po, n); }
function f64Sqrt(px: usize, po: usize, n: i32): void { loopF64(SQRT, px, po, n); }
function f64Rsqrt(px: usize, po: usize, n: i32): void { loopF64(RSQRT, px, po, n); }
function f64Abs(px: usize, po: usize, n: i32): void { loopF64(ABS, px, po, n); }
function f64Sign(px: usize, po: usize, n: i32): void { loopF64(SIGN, px, po, n); }
function f64Square(px: usize, po: usize, n: i32): void { loopF64(SQUARE, px, po, n); }
function f64Reciprocal(px: usize, po: usize, n: i32): void { loopF64(RECIPROCAL, px, po, n); }
function f64Sin(px: usize, po: usize, n: i32): void { loopF64(SIN, px, po, n); }
function f64Cos(px: usize, po: usize, n: i32): void { loopF64(COS, px, po, n); }
function f64Tanh(px: usize, po: usize, n: i32): void { loopF64(TANH, px, po, n); }
function f64Sigmoid(px: usize, po: usize, n: i32): void { loopF64(SIGMOID, px, po, n); }
function f64Relu(px: usize, po: usize, n: i32): void { loopF64(RELU, px, po, n); }
function f64Softplus(px: usize, po: usize, n: i32): void { loopF64(SOFTPLUS, px, po, n); }
function f64Erf(px: usize, po: usize, n: i32): void { loopF64(ERF, px, po, n); }
function f64Step(px: usize, po: usize, n: i32): void { loopF64(STEP, px, po, n); }

export function unary_f32(op: i32, px: usize, po: usize, n: i32): void {
  switch (op) {
    case NEG: f32Neg(px, po, n); break;
    case EXP: f32Exp(px, po, n); break;
    case LOG: f32Log(px, po, n); break;
    case LOG1P: f32Log1p(px, po, n); break;
    case EXPM1: f32Expm1(px, po, n); break;
    case SQRT: f32Sqrt(px, po, n); break;
    case RSQRT: f32Rsqrt(px, po, n); break;
    case ABS: f32Abs(px, po, n); break;
    case SIGN: f32Sign(px, po, n); break;
    case SQUARE: f32Square(px, po, n); break;
    case RECIPROCAL: f32Reciprocal(px, po, n); break;
    case SIN: f32Sin(px, po, n); break;
    case COS: f32Cos(px, po, n); break;
    case TANH: f32Tanh(px, po, n); break;
    case SIGMOID: f32Sigmoid(px, po, n); break;
    case RELU: f32Relu(px, po, n); break;
    case SOFTPLUS: f32Softplus(px, po, n); break;
    case ERF: f32Erf(px, po, n); break;
    default: f32Step(px, po, n); break;
  }
}

export function unary_f64(op: i32, px: usize, po: usize, n: i32): void {
  switch (op) {
    case NEG: f64Neg(px, po, n); break;
    case EXP: f64Exp(px, po, n); break;
    case LOG: f64Log(px, po, n); break;
    case LOG1P: f64Log1p(px, po, n); break;
    case EXPM1: f64Expm1(px, po, n); break;
    case SQRT: f64Sqrt(px, po, n); break;
    case RSQRT: f64Rsqrt(px, po, n); break;
    case ABS: f64Abs(px, po, n); break;
    case SIGN: f64Sign(px, po, n); break;
    case SQUARE: f64Square(px, po, n); break;
    case RECIPROCAL: f64Reciprocal(px, po, n); break;
    case SIN: f64Sin(px, po, n); break;
    case COS: f64Cos(px, po, n); break;
    case TANH: f64Tanh(px, po, n); break;
    case SIGMOID: f64Sigmoid(px, po, n); break;
    case RELU: f64Relu(px, po, n); break;
    case SOFTPLUS: f64Softplus(px, po, n); break;
    case ERF: f64Erf(px, po, n); break;
    default: f64Step(px, po, n); break;
  }
}

/** ToInt32 of two f64 lanes whose finite values lie inside int32 (NaN and +-Inf give 0), in i32 lanes 0 and 1. */
@inline function smallToI32(r: v128): v128 {
  return v128.and(i32x4.trunc_sat_f64x2_s_zero(r), i32x4.shuffle(f64x2.eq(f64x2.sub(r, r), f64x2.splat(0)), zero4(), 0, 2, 4, 4));
}
@inline function zero4(): v128 { return i32x4.splat(0); }

/** op of int32 lanes through double, for ops whose results are NaN, +-Inf or inside int32 (sqrt, rsqrt, reciprocal). */
@inline function viaF64(op: i32, x: v128): v128 {
  const lo = smallToI32(mapF64(op, f64x2.convert_low_i32x4_s(x)));
  const hi = smallToI32(mapF64(op, f64x2.convert_low_i32x4_s(i32x4.shuffle(x, x, 2, 3, 2, 3))));
  return i32x4.shuffle(lo, hi, 0, 1, 4, 5);
}

/**
 * int32 ops, matching the TypeScript kernel's ToInt32 of its double result bit for bit: neg and abs wrap as ToInt32
 * does; square is the wrapped i32 product while every |x| < 2^26 (x * x < 2^52 is exact in double) and goes
 * through the rounded double otherwise; exp, log and sigmoid are V8's doubles to the last bit (fdlibm), and
 * log1p, tanh, softplus and erf of an integer never land within an ulp of an integer other than where both
 * agree. expm1, sin and cos stay on the driver's TypeScript loop (their last bit differs from V8's, and
 * ToInt32(expm1(k)) for 22 <= k <= 58 keeps the low 32 bits of the double's integer part).
 */
export function unary_i32(op: i32, px: usize, po: usize, n: i32): void {
  const zero = i32x4.splat(0);
  const one = i32x4.splat(1);
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    const x = v128.load(px + o);
    let r: v128;
    if (op == NEG) r = i32x4.neg(x);
    else if (op == ABS) r = i32x4.abs(x);
    else if (op == RELU) r = i32x4.max_s(x, zero);
    else if (op == STEP) r = v128.and(i32x4.gt_s(x, zero), one);
    else if (op == SIGN) r = v128.or(v128.and(i32x4.gt_s(x, zero), one), i32x4.lt_s(x, zero));
    else if (op == SQRT || op == RSQRT || op == RECIPROCAL) r = viaF64(op, x);
    else if (op == EXP || op == LOG || op == LOG1P || op == TANH || op == SIGMOID || op == SOFTPLUS || op == ERF) {
      // Any double: ToInt32 wraps it modulo 2^32, lane by lane.
      const lo = mapF64(op, f64x2.convert_low_i32x4_s(x));
      const hi = mapF64(op, f64x2.convert_low_i32x4_s(i32x4.shuffle(x, x, 2, 3, 2, 3)));
      store<i32>(po + o, toInt32(f64x2.extract_lane(lo, 0)));
      store<i32>(po + o, toInt32(f64x2.extract_lane(lo, 1)), 4);
      store<i32>(po + o, toInt32(f64x2.extract_lane(hi, 0)), 8);
      store<i32>(po + o, toInt32(f64x2.extract_lane(hi, 1)), 12);
      continue;
    }
    else if (op == SQUARE) {
      if (v128.any_true(i32x4.gt_u(i32x4.abs(x), i32x4.splat(1 << 26)))) {
        for (let j = 0; j < 4; j++) {
          const v = <f64>load<i32>(px + o + (<usize>j << 2));
          store<i32>(po + o + (<usize>j << 2), toInt32(v * v));
        }
        continue;
      }
      r = i32x4.mul(x, x);
    } else return; // expm1, sin, cos: the driver runs them on the TypeScript loop
    v128.store(po + o, r);
  }
}
