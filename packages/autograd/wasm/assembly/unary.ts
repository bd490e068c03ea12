// out[i] = op(x[i]) over contiguous arrays, one v128 at a time. The loops read and write whole vectors, so the
// last one may touch up to 15 bytes past n elements: the TypeScript side's allocations are 16-byte rounded.
// Float32 ops whose double result rounded to float32 equals the float32 op (neg, abs, square, reciprocal, sqrt,
// relu, step, sign: IEEE ops, double rounding innocuous) run on f32x4; everything else is evaluated on two
// f64x2 halves (promote, compute in double, demote), which is what Math.fround(Math.f(x)) does.
import { verf } from './erf';
import { sel, vexp, vexpF32, vexpm1, vlog, vlog1p, vsigmoid, vsigmoidF32, vsoftplus, vtanh, vtanhF32 } from './math';
import { vcos, vsin } from './trig';
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
  }
  const lo = f32x4.demote_f64x2_zero(mapF64ForF32(op, f64x2.promote_low_f32x4(x)));
  const hi = f32x4.demote_f64x2_zero(mapF64ForF32(op, f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 2, 3))));
  return i32x4.shuffle(lo, hi, 0, 1, 4, 5);
}

/** op on promoted float32 lanes: exp, tanh and sigmoid have cheaper float32-accurate versions (math.ts). */
@inline function mapF64ForF32(op: i32, x: v128): v128 {
  switch (op) {
    case EXP: return vexpF32(x);
    case TANH: return vtanhF32(x);
    case SIGMOID: return vsigmoidF32(x);
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

export function unary_f32(op: i32, px: usize, po: usize, n: i32): void {
  switch (op) {
    case NEG: loopF32(NEG, px, po, n); break;
    case EXP: loopF32(EXP, px, po, n); break;
    case LOG: loopF32(LOG, px, po, n); break;
    case LOG1P: loopF32(LOG1P, px, po, n); break;
    case EXPM1: loopF32(EXPM1, px, po, n); break;
    case SQRT: loopF32(SQRT, px, po, n); break;
    case RSQRT: loopF32(RSQRT, px, po, n); break;
    case ABS: loopF32(ABS, px, po, n); break;
    case SIGN: loopF32(SIGN, px, po, n); break;
    case SQUARE: loopF32(SQUARE, px, po, n); break;
    case RECIPROCAL: loopF32(RECIPROCAL, px, po, n); break;
    case SIN: loopF32(SIN, px, po, n); break;
    case COS: loopF32(COS, px, po, n); break;
    case TANH: loopF32(TANH, px, po, n); break;
    case SIGMOID: loopF32(SIGMOID, px, po, n); break;
    case RELU: loopF32(RELU, px, po, n); break;
    case SOFTPLUS: loopF32(SOFTPLUS, px, po, n); break;
    case ERF: loopF32(ERF, px, po, n); break;
    default: loopF32(STEP, px, po, n); break;
  }
}

export function unary_f64(op: i32, px: usize, po: usize, n: i32): void {
  switch (op) {
    case NEG: loopF64(NEG, px, po, n); break;
    case EXP: loopF64(EXP, px, po, n); break;
    case LOG: loopF64(LOG, px, po, n); break;
    case LOG1P: loopF64(LOG1P, px, po, n); break;
    case EXPM1: loopF64(EXPM1, px, po, n); break;
    case SQRT: loopF64(SQRT, px, po, n); break;
    case RSQRT: loopF64(RSQRT, px, po, n); break;
    case ABS: loopF64(ABS, px, po, n); break;
    case SIGN: loopF64(SIGN, px, po, n); break;
    case SQUARE: loopF64(SQUARE, px, po, n); break;
    case RECIPROCAL: loopF64(RECIPROCAL, px, po, n); break;
    case SIN: loopF64(SIN, px, po, n); break;
    case COS: loopF64(COS, px, po, n); break;
    case TANH: loopF64(TANH, px, po, n); break;
    case SIGMOID: loopF64(SIGMOID, px, po, n); break;
    case RELU: loopF64(RELU, px, po, n); break;
    case SOFTPLUS: loopF64(SOFTPLUS, px, po, n); break;
    case ERF: loopF64(ERF, px, po, n); break;
    default: loopF64(STEP, px, po, n); break;
  }
}

/**
 * The int32 ops whose double result is exact or exactly rounded (the TypeScript kernel computes in double and
 * stores through ToInt32): neg and abs wrap as ToInt32 does, square rounds x * x to double first. The driver
 * keeps the transcendental ones on the TypeScript loop.
 */
export function unary_i32(op: i32, px: usize, po: usize, n: i32): void {
  const zero = i32x4.splat(0);
  const one = i32x4.splat(1);
  if (op == NEG || op == ABS || op == RELU || op == STEP || op == SIGN) {
    for (let i = 0; i < n; i += 4) {
      const o = <usize>i << 2;
      const x = v128.load(px + o);
      let r: v128;
      if (op == NEG) r = i32x4.neg(x);
      else if (op == ABS) r = i32x4.abs(x);
      else if (op == RELU) r = i32x4.max_s(x, zero);
      else if (op == STEP) r = v128.and(i32x4.gt_s(x, zero), one);
      else r = v128.or(v128.and(i32x4.gt_s(x, zero), one), i32x4.lt_s(x, zero));
      v128.store(po + o, r);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const x = <f64>load<i32>(px + o);
    let r: f64;
    if (op == SQUARE) r = x * x;
    else if (op == SQRT) r = Math.sqrt(x);
    else if (op == RSQRT) r = 1 / Math.sqrt(x);
    else if (op == RECIPROCAL) r = 1 / x;
    else return; // the transcendental ops: the driver runs them on the TypeScript loop
    store<i32>(po + o, toInt32(r));
  }
}
