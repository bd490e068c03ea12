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
// Math.fround of V8's double result: exp and softplus at most 1 ulp off (log, log1p, expm1, sin and cos, through
// the double versions, 0). float32 tanh and sigmoid run natively on f32x4 lanes (math-f32 section below).
// Their constants, splatted:
const EXPF32_K = memory.data<f64>([
  -110, -110, 100, 100, INVLN2, INVLN2, 0.6931471805599453, 0.6931471805599453, E8, E8, E7, E7, E6, E6, E5, E5,
  E4, E4, E3, E3, E2, E2, 1, 1, SHIFTER + 1023, SHIFTER + 1023,
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

/** softplus for the float32 kernels: the TypeScript kernel's formula with vexpF32. */
@inline export function vsoftplusF32(x: v128): v128 {
  return add(f64x2.pmax(splat(0), x), vlog1p(vexpF32(v128.or(x, isplat(0x8000000000000000)))));
}

// math-f32: float32 tanh and sigmoid evaluated natively on f32x4 lanes (four elements per instruction, no
// promotion to double), every step an IEEE float32 operation and no FMA, so the result is engine-independent.
// Polynomial coefficients are near-minimax fits made offline in double: Lawson's iteratively reweighted least
// squares on 6000 points against 40-digit mpmath values, weighted for the relative error of the final result, and
// rounded to float32 one coefficient at a time (lowest order first) with the higher ones refitted to absorb it.
//   tanh:  x + x^3 P(x^2), P of degree 4 on |x| < 0.625: relative error 4.5e-9 (0.08 ulp).
//   e^r:   1 + r Q(r), Q of degree 5 on |r| <= ln2/2: relative error 3.1e-9 (0.05 ulp).
// ln2 is split Cody-Waite style: LN2HI_F is ln2 truncated to 16 significant bits, so k LN2HI_F is exact for
// |k| < 2^8 and y - k LN2HI_F is exact (Sterbenz); LN2LO_F = fround(ln2 - LN2HI_F).
const LN2HI_F: f32 = 0.693145751953125;
const LN2LO_F: f32 = 1.428606765330187e-6;
// 1.5 * 2^23 + 127: adding it to an integer-valued float32 k puts k + 127 in the low mantissa bits; shifted left by
// 23 that is the bit pattern of 2^k (for -126 <= k <= 127).
const SHIFTER_F: f32 = 12583039;
const TE5: f32 = 0.0013821393949910998, TE4: f32 = 0.00836865697056055, TE3: f32 = 0.041668254882097244;
const TE2: f32 = 0.1666652113199234, TE1: f32 = 0.4999999403953552;
const TP4: f32 = -0.0056922961957752705, TP3: f32 = 0.02062816731631756, TP2: f32 = -0.05373651534318924;
const TP1: f32 = 0.13331405818462372, TP0: f32 = -0.3333328068256378;
// The constants splatted to four float32 lanes (exact: every value above is a float32).
const F32_K = memory.data<f32>([
  1.4426950408889634, 1.4426950408889634, 1.4426950408889634, 1.4426950408889634, // 0: 1/ln2
  LN2HI_F, LN2HI_F, LN2HI_F, LN2HI_F, LN2LO_F, LN2LO_F, LN2LO_F, LN2LO_F, SHIFTER_F, SHIFTER_F, SHIFTER_F, SHIFTER_F,
  TE5, TE5, TE5, TE5, TE4, TE4, TE4, TE4, TE3, TE3, TE3, TE3, TE2, TE2, TE2, TE2, TE1, TE1, TE1, TE1, // 4..8
  1, 1, 1, 1, 2, 2, 2, 2, 0.5, 0.5, 0.5, 0.5, -0.0, -0.0, -0.0, -0.0, // 9: 1, 10: 2, 11: 0.5, 12: sign bit
  TP4, TP4, TP4, TP4, TP3, TP3, TP3, TP3, TP2, TP2, TP2, TP2, TP1, TP1, TP1, TP1, TP0, TP0, TP0, TP0, // 13..17
  0.625, 0.625, 0.625, 0.625, 9.5, 9.5, 9.5, 9.5, -110, -110, -110, -110, // 18: tanh's cut, 19: its clamp, 20: exp's floor
], 16);
@inline function kf(i: i32): v128 { return v128.load(F32_K + (<usize>i << 4)); }
@inline function addf(a: v128, b: v128): v128 { return f32x4.add(a, b); }
@inline function subf(a: v128, b: v128): v128 { return f32x4.sub(a, b); }
@inline function mulf(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
/** 2^k for integer-valued float32 lanes k in [-126, 127]. */
@inline function pow2f(k: v128): v128 { return i32x4.shl(addf(k, kf(3)), 23); }
/** (Q(r) - 1) / r = E1 + E2 r + ... + E5 r^4, so e^r = 1 + r + r^2 (this). */
@inline function expTail(r: v128): v128 {
  let q = addf(mulf(kf(4), r), kf(5));
  q = addf(mulf(q, r), kf(6));
  q = addf(mulf(q, r), kf(7));
  return addf(mulf(q, r), kf(8));
}

/**
 * tanh on f32x4 lanes. |x| < 0.625: x + x^3 P(x^2), the correction below 0.14 |x| so the error is the final
 * addition's half ulp plus ~0.1 ulp. Above: 1 - 2 / (e^(2|x|) + 1) with e^y = 2^k e^r (r = y - k ln2): the error of
 * q = 2 / (e + 1) (~2 ulp of q) counts at most half in ulps of the result, since q < 0.45 lies a binade (or more)
 * below 1 - q >= 0.55; |x| is clamped to 9.5, where 1 - q rounds to 1. The sign bit is OR-ed back
 * (tanh(-0) = -0, NaN stays NaN). Every float32 bit pattern checked against Math.fround(Math.tanh(x)): at most 1 ulp
 * (7.3e6 of 2^32 off by 1, e.g. at x = 3.5e-4), NaN, +-0 and +-Inf exact.
 */
@inline export function vtanhF32x4(x: v128): v128 {
  const a = f32x4.abs(x);
  const z = mulf(a, a);
  let p = addf(mulf(kf(13), z), kf(14));
  p = addf(mulf(p, z), kf(15));
  p = addf(mulf(p, z), kf(16));
  p = addf(mulf(p, z), kf(17));
  const small = addf(a, mulf(mulf(a, z), p));
  const y = mulf(f32x4.pmin(a, kf(19)), kf(10)); // pmin keeps NaN (first operand)
  const k = f32x4.nearest(mulf(y, kf(0)));
  const r = subf(subf(y, mulf(k, kf(1))), mulf(k, kf(2)));
  const e = mulf(addf(kf(9), mulf(r, addf(mulf(expTail(r), r), kf(9)))), pow2f(k));
  const big = subf(kf(9), f32x4.div(kf(10), addf(e, kf(9))));
  return v128.or(sel(small, big, f32x4.lt(a, kf(18))), v128.and(x, kf(12)));
}

/**
 * sigmoid on f32x4 lanes: with E = e^-|x|, 1 / (1 + E) for x >= 0 and E / (1 + E) below (the TypeScript kernel's
 * formula). E is carried as eh + el: r = y - k ln2 as rh + rl, e^r = 1 + rh + rh^2 Q, summed with Fast2Sum so the
 * roundings of r and of the sum are kept (error ~0.1 ulp). d = 1 + eh rounds; its error err is exact and corrects
 * the quotient to first order, leaving the division's half ulp. y is clamped to -110, where E underflows to 0; 2^k
 * is applied as two halves so subnormal E rounds once. Every float32 bit pattern checked against Math.fround of the
 * double formula: at most 1 ulp (7.5e7 of 2^32 off by 1, e.g. at x = 8.9e-8), NaN, +-0 and +-Inf exact.
 */
@inline export function vsigmoidF32x4(x: v128): v128 {
  const y = f32x4.pmax(v128.or(x, kf(12)), kf(20)); // -|x|, clamped; pmax keeps NaN (first operand)
  const k = f32x4.nearest(mulf(y, kf(0)));
  const t = subf(y, mulf(k, kf(1)));
  const kl = mulf(k, kf(2));
  const rh = subf(t, kl);
  const rl = subf(subf(t, rh), kl);
  const u = addf(kf(9), rh);
  const tail = addf(addf(mulf(mulf(rh, rh), expTail(rh)), addf(subf(kf(9), u), rh)), rl);
  const eh0 = addf(u, tail);
  const el0 = addf(subf(u, eh0), tail);
  const k1 = f32x4.floor(mulf(k, kf(11)));
  const s2 = pow2f(subf(k, k1));
  const s1 = pow2f(k1);
  const eh = mulf(mulf(eh0, s2), s1);
  const el = mulf(mulf(el0, s2), s1);
  const d = addf(kf(9), eh);
  const err = addf(addf(subf(kf(9), d), eh), el);
  const inv = f32x4.div(kf(9), d);
  const pos = subf(inv, mulf(inv, mulf(err, inv)));
  const q0 = f32x4.div(eh, d);
  const neg = addf(q0, mulf(subf(el, mulf(q0, err)), inv));
  return sel(pos, neg, f32x4.ge(x, f32x4.splat(0)));
}
