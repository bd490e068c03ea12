// Vector (f64x2) elementary functions for the unary kernels, accurate to an ulp or two in double, so float64
// results agree with V8's Math.* to 1e-14 relative and float32 results (promoted to f64x2, evaluated, demoted)
// are within an ulp of Math.fround(Math.f(x)). exp and log are fdlibm's algorithms, the ones V8 ships, and give
// V8's doubles bit for bit: every fdlibm branch is computed (or taken when any lane needs it) and selected per
// lane. No FMA anywhere, so the results do not depend on the engine. Special values (NaN, +-Inf, +-0,
// subnormals, over/underflow) are selected at the end, as fdlibm's early returns do, after a common-case test
// that skips them when no lane needs one. Constants are loaded from splatted tables in static memory: V8 builds
// a v128.const from two 64-bit immediates on every loop iteration, a v128.load is one instruction.

@inline function splat(v: f64): v128 { return f64x2.splat(v); }
@inline function isplat(v: i64): v128 { return i64x2.splat(v); }
/** m ? a : b, lane-wise (m is an all-ones/all-zeros mask). */
@inline export function sel(a: v128, b: v128, m: v128): v128 { return v128.bitselect(a, b, m); }
@inline function add(a: v128, b: v128): v128 { return f64x2.add(a, b); }
@inline function sub(a: v128, b: v128): v128 { return f64x2.sub(a, b); }
@inline function mul(a: v128, b: v128): v128 { return f64x2.mul(a, b); }
@inline function div(a: v128, b: v128): v128 { return f64x2.div(a, b); }
/** The sign bit of each f64 lane. */
@inline export function signBits(x: v128): v128 { return v128.and(x, isplat(0x8000000000000000)); }

// fdlibm e_exp.c
const O_THRESHOLD = 7.09782712893383973096e+02;
const U_THRESHOLD = -7.45133219101941108420e+02;
const LN2HI = reinterpret<f64>(0x3FE62E42FEE00000);
const LN2LO = reinterpret<f64>(0x3DEA39EF35793C76);
const INVLN2 = reinterpret<f64>(0x3FF71547652B82FE);
const P1 = 1.66666666666666019037e-01;
const P2 = -2.77777777770155933842e-03;
const P3 = 6.61375632143793436117e-05;
const P4 = -1.65339022054652515390e-06;
const P5 = 4.13813679705723846039e-08;

// 2^52 + 2^51: adding it to an integer-valued double puts the integer in the low mantissa bits.
const SHIFTER = 6755399441055744.0;

// vexp's constants, splatted.
const EXP_K = memory.data<f64>([
  0.5, 0.5, INVLN2, INVLN2, reinterpret<f64>(0x3FD62E4300000000), reinterpret<f64>(0x3FD62E4300000000),
  LN2HI, LN2HI, LN2LO, LN2LO, P1, P1, P2, P2, P3, P3, P4, P4, P5, P5, 1, 1, 2, 2, SHIFTER + 1023, SHIFTER + 1023,
  reinterpret<f64>(0x3E30000000000000), reinterpret<f64>(0x3E30000000000000), 708, 708,
]);
@inline function ke(i: i32): v128 { return v128.load(EXP_K + (<usize>i << 4)); }

/** fdlibm's exp for x in [-746, 710] (ax = |x|), without the special cases. */
@inline function expCore(x: v128, ax: v128): v128 {
  const half = v128.or(ke(0), signBits(x));
  let kf = f64x2.trunc(add(mul(x, ke(1)), half));
  // fdlibm reduces only when the high word of |x| exceeds 0x3fd62e42 (|x| > ln2 / 2).
  kf = v128.and(kf, f64x2.ge(ax, ke(2)));
  const hi = sub(x, mul(kf, ke(3)));
  const lo = mul(kf, ke(4));
  const r = sub(hi, lo);
  const t = mul(r, r);
  const p = add(ke(5), mul(t, add(ke(6), mul(t, add(ke(7), mul(t, add(ke(8), mul(t, ke(9)))))))));
  const c = sub(r, mul(t, p));
  const y = sub(ke(10), sub(sub(lo, div(mul(r, c), sub(ke(11), c))), hi));
  // y * 2^k rounded once: two exact power-of-two factors (k in [-1076, 1024] splits into halves in [-538, 512]).
  const k2 = f64x2.floor(mul(kf, ke(0)));
  return mul(mul(y, i64x2.shl(add(sub(kf, k2), ke(12)), 52)), i64x2.shl(add(k2, ke(12)), 52));
}

/** e^x: fdlibm's exp with its k = 0, k = +-1 and general reductions folded into one (they agree bit for bit). */
@inline export function vexp(x: v128): v128 {
  const ax = f64x2.abs(x);
  // The common case first: 2^-28 <= |x| <= 708 in both lanes (no NaN), no special case applies.
  if (i64x2.all_true(v128.and(f64x2.ge(ax, ke(13)), f64x2.le(ax, ke(14))))) return expCore(x, ax);
  const xc = f64x2.pmin(f64x2.pmax(x, splat(-746.0)), splat(710.0)); // p-min/max keep NaN (first operand)
  let out = expCore(xc, f64x2.abs(xc));
  out = sel(add(splat(1), x), out, f64x2.lt(ax, ke(13))); // |x| < 2^-28
  out = sel(splat(Infinity), out, f64x2.gt(x, splat(O_THRESHOLD)));
  out = sel(splat(0), out, f64x2.lt(x, splat(U_THRESHOLD)));
  return sel(x, out, f64x2.ne(x, x));
}

// 1/k! for the Taylor series of expm1 on |x| < ln2/2 (truncation error below 1e-17 relative).
const E2 = 0.5, E3 = 0.16666666666666666, E4 = 0.041666666666666664, E5 = 0.008333333333333333;
const E6 = 0.001388888888888889, E7 = 0.0001984126984126984, E8 = 0.0000248015873015873;
const E9 = 0.0000027557319223985893, E10 = 2.755731922398589e-7, E11 = 2.505210838544172e-8;
const E12 = 2.08767569878681e-9, E13 = 1.6059043836821613e-10;

// expm1's Taylor coefficients 1/13! ... 1/2!, then its thresholds ln2/2 and 2^-54, splatted.
const EXPM1_K = memory.data<f64>([
  E13, E13, E12, E12, E11, E11, E10, E10, E9, E9, E8, E8, E7, E7, E6, E6, E5, E5, E4, E4, E3, E3, E2, E2,
  0.34657359027997264, 0.34657359027997264, reinterpret<f64>(0x3C90000000000000), reinterpret<f64>(0x3C90000000000000),
]);
@inline function km(i: i32): v128 { return v128.load(EXPM1_K + (<usize>i << 4)); }

/** x + x^2 (1/2 + x/6 + ... + x^11/13!): expm1 on |x| < ln2/2 without cancellation. */
@inline function expm1Small(x: v128): v128 {
  let p = add(km(1), mul(x, km(0)));
  for (let i = 2; i < 12; i++) p = add(km(i), mul(x, p));
  return add(x, mul(mul(x, x), p));
}

/** e^x - 1: x + x^2 p(x) near 0 (no cancellation), e^x - 1 beyond ln2/2 (at most 4 ulp there). */
@inline export function vexpm1(x: v128): v128 {
  const ax = f64x2.abs(x);
  const useSmall = f64x2.lt(ax, km(12));
  let out: v128;
  if (i64x2.all_true(useSmall)) out = expm1Small(x);
  else {
    out = sub(vexp(x), ke(10));
    if (v128.any_true(useSmall)) out = sel(expm1Small(x), out, useSmall);
  }
  const tiny = f64x2.lt(ax, km(13)); // |x| < 2^-54 returns x: keeps -0
  return v128.any_true(tiny) ? sel(x, out, tiny) : out;
}

// fdlibm e_log.c
const LN2_HI = reinterpret<f64>(0x3FE62E42FEE00000);
const LN2_LO = reinterpret<f64>(0x3DEA39EF35793C76);
const LG1 = 6.666666666666735130e-01, LG2 = 3.999999999940941908e-01, LG3 = 2.857142874366239149e-01;
const LG4 = 2.222219843214978396e-01, LG5 = 1.818357216161805012e-01, LG6 = 1.531383769920937332e-01;
const LG7 = 1.479819860511658591e-01;

// fdlibm log's constants, splatted: f64 values, then i64 masks stored as their bit patterns.
const LOG_K = memory.data<f64>([
  LG1, LG1, LG2, LG2, LG3, LG3, LG4, LG4, LG5, LG5, LG6, LG6, LG7, LG7, 1, 1, 2, 2, LN2_HI, LN2_HI, LN2_LO, LN2_LO,
  0.5, 0.5, 0.33333333333333333, 0.33333333333333333,
  reinterpret<f64>(0xfffff), reinterpret<f64>(0xfffff), reinterpret<f64>(0x95f64), reinterpret<f64>(0x95f64), reinterpret<f64>(0x100000), reinterpret<f64>(0x100000), reinterpret<f64>(0x3ff00000), reinterpret<f64>(0x3ff00000),
  reinterpret<f64>(0xffffffff), reinterpret<f64>(0xffffffff), reinterpret<f64>(0x4338000000000000 - 1023), reinterpret<f64>(0x4338000000000000 - 1023),
  SHIFTER, SHIFTER, reinterpret<f64>(0x6147a), reinterpret<f64>(0x6147a), reinterpret<f64>(0x6b851), reinterpret<f64>(0x6b851), reinterpret<f64>(2), reinterpret<f64>(2), reinterpret<f64>(3), reinterpret<f64>(3),
]);
@inline function kl(i: i32): v128 { return v128.load(LOG_K + (<usize>i << 4)); }

/** R(s^2) of fdlibm's log: log(1+f) = f - hfsq + s (hfsq + R) with s = f / (2 + f). */
@inline function logR(z: v128): v128 {
  const w = mul(z, z);
  const t1 = mul(w, add(kl(1), mul(w, add(kl(3), mul(w, kl(5))))));
  const t2 = mul(z, add(kl(0), mul(w, add(kl(2), mul(w, add(kl(4), mul(w, kl(6))))))));
  return add(t2, t1);
}

/** The high word's mantissa bits of each lane (as i64 lanes). */
@inline function mantHigh(u: v128): v128 {
  return v128.and(i64x2.shr_u(u, 32), kl(13));
}

/** 0x100000 where fdlibm moves u's mantissa down an octave (mantissa >= sqrt(2)), else 0. */
@inline function octave(hx: v128): v128 {
  return v128.and(i64x2.add(hx, kl(14)), kl(15));
}

/** u (positive, finite, normal) with its exponent replaced so the mantissa lies in [sqrt(2)/2, sqrt(2)). */
@inline function normMant(u: v128, hx: v128): v128 {
  const high = v128.or(hx, v128.xor(octave(hx), kl(16)));
  return v128.or(i64x2.shl(high, 32), v128.and(u, kl(17)));
}

/** The matching power of two of `normMant`, as f64 lanes (the biased exponent added to 2^52 + 2^51 - 1023). */
@inline function normExp(u: v128, hx: v128): v128 {
  const k = i64x2.add(i64x2.add(i64x2.shr_u(u, 52), kl(18)), i64x2.shr_u(octave(hx), 20));
  return sub(k, kl(19));
}

/** fdlibm's log of u (positive, finite, normal) given dk, the power of two to add (k of the reduction plus `extra`). */
@inline function logNormal(u: v128, extra: v128): v128 {
  const hx = mantHigh(u);
  const dk = add(normExp(u, hx), extra);
  const f = sub(normMant(u, hx), kl(7));
  const s = div(f, add(kl(8), f));
  const R = logR(mul(s, s));
  const dhi = mul(dk, kl(9));
  const dlo = mul(dk, kl(10));
  // i > 0 in fdlibm (0x6147a <= hx <= 0x6b851): the hfsq formula, else the plain one.
  const band = v128.and(i64x2.ge_s(hx, kl(20)), i64x2.le_s(hx, kl(21)));
  const b = sub(dhi, sub(sub(mul(s, sub(f, R)), dlo), f));
  let out = b;
  if (v128.any_true(band)) {
    const hfsq = mul(mul(kl(11), f), f);
    out = sel(sub(dhi, sub(sub(hfsq, add(mul(s, add(hfsq, R)), dlo)), f)), b, band);
  }
  // |f| < 2^-20 (((2 + hx) & 0xfffff) < 3): fdlibm's short formula.
  const tiny = i64x2.lt_s(v128.and(i64x2.add(hx, kl(22)), kl(13)), kl(23));
  if (v128.any_true(tiny)) {
    const rt = mul(mul(f, f), sub(kl(11), mul(kl(12), f)));
    out = sel(sub(dhi, sub(sub(rt, dlo), f)), out, tiny);
  }
  return out;
}

/** ln x: fdlibm's log, its three formulas (|f| < 2^-20, the hfsq band, the rest) selected per lane. */
@inline export function vlog(x: v128): v128 {
  // The common case first: both lanes normal, positive and finite.
  const normal = v128.and(f64x2.ge(x, splat(reinterpret<f64>(0x0010000000000000))), f64x2.lt(x, splat(Infinity)));
  if (i64x2.all_true(normal)) return logNormal(x, splat(0));
  // Subnormals are scaled by 2^54 first; zeros, negatives, +Inf and NaN are selected at the end.
  const sub54 = f64x2.lt(x, splat(reinterpret<f64>(0x0010000000000000)));
  let out = logNormal(sel(mul(x, splat(18014398509481984.0)), x, sub54), v128.and(sub54, splat(-54)));
  out = sel(splat(-Infinity), out, f64x2.eq(x, splat(0)));
  out = sel(splat(NaN), out, f64x2.lt(x, splat(0)));
  out = sel(x, out, f64x2.eq(x, splat(Infinity)));
  return sel(x, out, f64x2.ne(x, x));
}

/**
 * ln(1 + x): u = 1 + x is reduced as in log, and the rounding error of u is added back as c / u (fdlibm's
 * log1p correction), so tiny x keep full relative accuracy.
 */
@inline export function vlog1p(x: v128): v128 {
  const u = add(kl(7), x);
  const hx = mantHigh(u);
  const dk = normExp(u, hx);
  const f = sub(normMant(u, hx), kl(7));
  const kpos = f64x2.gt(dk, splat(0));
  const c = div(sel(sub(kl(7), sub(u, x)), sub(x, sub(u, kl(7))), kpos), u);
  const s = div(f, add(kl(8), f));
  const R = logR(mul(s, s));
  const hfsq = mul(mul(kl(11), f), f);
  let out = sub(mul(dk, kl(9)), sub(sub(hfsq, add(mul(s, add(hfsq, R)), add(mul(dk, kl(10)), c))), f));
  // The common case: -1 < x < Inf and |x| >= 2^-54 in both lanes (no NaN): no special case applies.
  const tiny = f64x2.lt(f64x2.abs(x), splat(reinterpret<f64>(0x3C90000000000000)));
  const plain = v128.andnot(v128.and(f64x2.gt(x, splat(-1)), f64x2.lt(x, splat(Infinity))), tiny);
  if (i64x2.all_true(plain)) return out;
  out = sel(x, out, tiny); // |x| < 2^-54 returns x: keeps -0
  out = sel(splat(-Infinity), out, f64x2.eq(x, splat(-1)));
  out = sel(splat(NaN), out, f64x2.lt(x, splat(-1)));
  out = sel(x, out, f64x2.eq(x, splat(Infinity)));
  return sel(x, out, f64x2.ne(x, x));
}

/** tanh x = t / (t + 2) with t = e^(2|x|) - 1, sign restored; |x| >= 22 gives +-1 exactly, as in fdlibm. */
@inline export function vtanh(x: v128): v128 {
  const t = vexpm1(mul(splat(2), f64x2.pmin(f64x2.abs(x), splat(22))));
  return v128.or(div(t, add(t, splat(2))), signBits(x));
}

/** 1 / (1 + e^-x) for x >= 0, e^x / (1 + e^x) below: exp only sees -|x|, as the TypeScript kernel. */
@inline export function vsigmoid(x: v128): v128 {
  const e = vexp(v128.or(x, isplat(0x8000000000000000)));
  const d = add(splat(1), e);
  return sel(div(splat(1), d), div(e, d), f64x2.ge(x, splat(0)));
}

/**
 * max(x, 0) + log1p(e^-|x|), as the TypeScript kernel (never overflows, exact for large |x|). pmax(0, x) is 0 for
 * x = -0 as Math.max is; for NaN it gives 0, but the log1p term is NaN then.
 */
@inline export function vsoftplus(x: v128): v128 {
  return add(f64x2.pmax(splat(0), x), vlog1p(vexp(v128.or(x, isplat(0x8000000000000000)))));
}

// Float32-only fast paths: evaluated in double to about 1e-10 relative, far inside float32's half ulp (3e-8), so
// after the final rounding to float32 they are within one ulp of the correctly rounded value. Over/underflow
// happen at that final rounding, exactly where float32's own do. Checked over every finite float32 against
// Math.fround of V8's double result: exp, tanh, sigmoid and softplus at most 1 ulp off (log, log1p, expm1, sin
// and cos, through the double versions, 0). Their constants, splatted:
const EXPF32_K = memory.data<f64>([
  -110, -110, 100, 100, INVLN2, INVLN2, 0.6931471805599453, 0.6931471805599453, E8, E8, E7, E7, E6, E6, E5, E5,
  E4, E4, E3, E3, E2, E2, 1, 1, SHIFTER + 1023, SHIFTER + 1023,
  // vtanhF32 from 13 on
  10, 10, -1.0 / 3, -1.0 / 3, 2.0 / 15, 2.0 / 15, -17.0 / 315, -17.0 / 315, 62.0 / 2835, 62.0 / 2835, 0.0625, 0.0625,
]);
@inline function kx(i: i32): v128 { return v128.load(EXPF32_K + (<usize>i << 4)); }

/**
 * e^x for the float32 kernels: x clamped to [-110, 100] (beyond both float32 ends), r = x - k ln2 with one
 * double ln2 (|k| <= 160: error 4e-15), Taylor degree 8 on |r| <= ln2/2 (2e-10 relative).
 */
@inline export function vexpF32(x: v128): v128 {
  const xc = f64x2.pmin(f64x2.pmax(x, kx(0)), kx(1));
  const kf = f64x2.nearest(mul(xc, kx(2)));
  const r = sub(xc, mul(kf, kx(3)));
  let p = add(kx(5), mul(r, kx(4)));
  p = add(kx(6), mul(r, p));
  p = add(kx(7), mul(r, p));
  p = add(kx(8), mul(r, p));
  p = add(kx(9), mul(r, p));
  p = add(kx(10), mul(r, p));
  p = add(kx(11), mul(r, p));
  p = add(kx(11), mul(r, p));
  return mul(p, i64x2.shl(add(kf, kx(12)), 52));
}

/** tanh for the float32 kernels: odd Taylor polynomial below |x| = 1/16, (e - 1) / (e + 1) with e = e^(2|x|) above. */
@inline export function vtanhF32(x: v128): v128 {
  const ax = f64x2.pmin(f64x2.abs(x), kx(13));
  const z = mul(ax, ax);
  const poly = add(ax, mul(mul(ax, z), add(kx(14), mul(z, add(kx(15), mul(z, add(kx(16), mul(z, kx(17)))))))));
  const e = vexpF32(add(ax, ax));
  const big = div(sub(e, kx(11)), add(e, kx(11)));
  return v128.or(sel(poly, big, f64x2.lt(ax, kx(18))), signBits(x));
}

/** sigmoid for the float32 kernels: the TypeScript kernel's formula with vexpF32. */
@inline export function vsigmoidF32(x: v128): v128 {
  const e = vexpF32(v128.or(x, isplat(0x8000000000000000)));
  const d = add(splat(1), e);
  return sel(div(splat(1), d), div(e, d), f64x2.ge(x, splat(0)));
}

/** softplus for the float32 kernels: the TypeScript kernel's formula with vexpF32. */
@inline export function vsoftplusF32(x: v128): v128 {
  return add(f64x2.pmax(splat(0), x), vlog1p(vexpF32(v128.or(x, isplat(0x8000000000000000)))));
}
