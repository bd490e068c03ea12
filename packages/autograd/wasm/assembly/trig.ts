// sin and cos on f64x2 lanes: Cody-Waite reduction by pi/2 with two-sums for |x| < 2^19, Payne-Hanek beyond
// (per lane, scalar), then fdlibm's __kernel_sin/__kernel_cos on the reduced pair (y0, y1). Accurate to about
// an ulp; the TypeScript backend's Math.sin/cos (glibc's in V8) are within an ulp of the true value too.
import { sel } from './math';

@inline function splat(v: f64): v128 { return f64x2.splat(v); }
@inline function isplat(v: i64): v128 { return i64x2.splat(v); }
@inline function add(a: v128, b: v128): v128 { return f64x2.add(a, b); }
@inline function sub(a: v128, b: v128): v128 { return f64x2.sub(a, b); }
@inline function mul(a: v128, b: v128): v128 { return f64x2.mul(a, b); }

// fdlibm's pi/2 in 33-bit pieces (n * piece is exact for |n| < 2^20) plus a 53-bit tail: 160 bits in all.
const INVPIO2 = reinterpret<f64>(0x3FE45F306DC9C883);
const PIO2_1 = reinterpret<f64>(0x3FF921FB54400000);
const PIO2_2 = reinterpret<f64>(0x3DD0B4611A600000);
const PIO2_3 = reinterpret<f64>(0x3BA3198A2E000000);
const PIO2_3T = reinterpret<f64>(0x397B839A252049C1);
const S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04;
const S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05;
const C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
/** Below this |x| the vector reduction is exact enough; beyond it (and for NaN, +-Inf) lanes go to `largeQuot`. */
const VECTOR_LIMIT = 524288.0;

// Bits of 2/pi for the Payne-Hanek reduction (jdh8/metallic's rem_pio2, as in AssemblyScript's Math, with two fixes). The leading
// zero word matters: arguments in [2^19, 2^21) read one word before the table proper (AssemblyScript's own copy
// lacks it and reads whatever static data precedes it, which puts sin(-1860803.01) in the wrong quadrant).
const PIO2_TABLE = memory.data<u64>([
  0x0000000000000000,
  0x00000000A2F9836E, 0x4E441529FC2757D1, 0xF534DDC0DB629599, 0x3C439041FE5163AB,
  0xDEBBC561B7246E3A, 0x424DD2E006492EEA, 0x09D1921CFE1DEB1C, 0xB129A73EE88235F5,
  0x2EBB4484E99C7026, 0xB45F7E413991D639, 0x835339F49C845F8B, 0xBDF9283B1FF897FF,
  0xDE05980FEF2F118B, 0x5A0A6D1F6D367ECF, 0x27CB09B74F463F66, 0x9E5FEA2D7527BAC7,
  0xEBE5F17B3D0739F7, 0x8A5292EA6BFB5FB1, 0x1F8D5D0856033046, 0xFC7B6BABF0CFBC20,
  0x9AF4361DA9E39161, 0x5EE61B086599855F, 0x14A068408DFFD880, 0x4D73273106061557,
]);

// The reduced pair of the last largeQuot call. Globals are per instance, hence per worker thread.
let redY0: f64 = 0;
let redY1: f64 = 0;

/** High 64 bits of the 128-bit product u * v. */
@inline function mulHi(u: u64, v: u64): u64 {
  const u1 = u & 0xFFFFFFFF, v1 = v & 0xFFFFFFFF, uh = u >> 32, vh = v >> 32;
  let t = u1 * v1;
  t = uh * v1 + (t >> 32);
  const w1 = t >> 32;
  t = u1 * vh + (t & 0xFFFFFFFF);
  return uh * vh + w1 + (t >> 32);
}

/** Sets (redY0, redY1) = pi/4 * (the 128-bit fraction q1:q0, normalised); returns the normalising shift. */
function pio2Right(q0: u64, q1: u64): u64 {
  const p0: u64 = 0xC4C6628B80DC1CD1;
  const p1: u64 = 0xC90FDAA22168C234;
  const shift = clz(q1);
  if (shift != 0) {
    q1 = q1 << shift | q0 >> (64 - shift);
    q0 <<= shift;
  }
  const lo = p1 * q1;
  const hi = mulHi(p1, q1);
  const ahi = hi >> 11;
  const alo = lo >> 11 | hi << 53;
  const blo = <u64>(reinterpret<f64>(0x3B40000000000000) * <f64>p0 * <f64>q1 + reinterpret<f64>(0x3B40000000000000) * <f64>p1 * <f64>q0);
  redY0 = <f64>(ahi + u64(lo < blo));
  redY1 = reinterpret<f64>(0x3BF0000000000000) * <f64>(alo + blo);
  return shift;
}

/** Payne-Hanek: x - q pi/2 = redY0 + redY1 for finite |x| >= 2^19; returns q (with x's sign). */
function largeQuot(x: f64): i32 {
  const u = reinterpret<u64>(x);
  const offset = <i64>((u & 0x7FFFFFFFFFFFFFFF) >> 52) - 1045;
  const shift = <u64>(offset & 63);
  const tbl = PIO2_TABLE + 8 + <usize>(<i32>(offset >> 6) << 3);
  const b0 = load<u64>(tbl), b1 = load<u64>(tbl, 8), b2 = load<u64>(tbl, 16);
  let s0 = b0, s1 = b1, s2 = b2;
  if (shift != 0) {
    const rshift = 64 - shift;
    const b3 = load<u64>(tbl, 24);
    s0 = b1 >> rshift | b0 << shift;
    s1 = b2 >> rshift | b1 << shift;
    s2 = b3 >> rshift | b2 << shift;
  }
  const significand = (u & 0x000FFFFFFFFFFFFF) | 0x0010000000000000;
  const blo = s1 * significand;
  const bhi = mulHi(s1, significand);
  const ahi = s0 * significand;
  // The high half of s2 * significand exactly (metallic and AssemblyScript take (s2 >> 32) * (significand >> 32),
  // off by up to 2^32 units of 2^-128 turns: 1e-10 relative for arguments near a multiple of pi/2).
  const clo = mulHi(s2, significand);
  const plo = blo + clo;
  const phi = ahi + bhi + u64(plo < clo);
  const rlo = plo << 2;
  const rhi = phi << 2 | plo >> 62;
  const slo = <u64>(<i64>rhi >> 63);
  const shi = <u64>(<i64>slo >> 1);
  const q = (<i64>phi >> 62) - <i64>slo;
  const shifter = 0x3CB0000000000000 - (pio2Right(rlo ^ slo, rhi ^ shi) << 52);
  const coeff = reinterpret<f64>(shifter | ((u ^ rhi) & 0x8000000000000000));
  redY0 *= coeff;
  redY1 *= coeff;
  return x < 0 ? -<i32>q : <i32>q;
}

/** sin or cos (cosine = true) of f64x2 lanes. */
@inline function vtrig(x: v128, cosine: bool): v128 {
  let n = f64x2.nearest(mul(x, splat(INVPIO2)));
  const a = sub(x, mul(n, splat(PIO2_1)));
  // (s1, e1) = a - n p2 exactly, (s2, e2) = s1 - n p3 exactly (Knuth's two-sum: no magnitude condition).
  const b = f64x2.neg(mul(n, splat(PIO2_2)));
  const s1 = add(a, b);
  const bb1 = sub(s1, a);
  const e1 = add(sub(a, sub(s1, bb1)), sub(b, bb1));
  const c = f64x2.neg(mul(n, splat(PIO2_3)));
  const s2 = add(s1, c);
  const bb2 = sub(s2, s1);
  const e2 = add(sub(s1, sub(s2, bb2)), sub(c, bb2));
  const lo = sub(add(e1, e2), mul(n, splat(PIO2_3T)));
  let y0 = add(s2, lo);
  let y1 = add(sub(s2, y0), lo);
  const finite = f64x2.eq(sub(x, x), splat(0));
  const far = v128.not(f64x2.lt(f64x2.abs(x), splat(VECTOR_LIMIT)));
  if (v128.any_true(v128.and(far, finite))) {
    const x0 = f64x2.extract_lane(x, 0);
    const x1 = f64x2.extract_lane(x, 1);
    if (i64x2.extract_lane(far, 0) != 0 && isFinite(x0)) {
      n = f64x2.replace_lane(n, 0, <f64>largeQuot(x0));
      y0 = f64x2.replace_lane(y0, 0, redY0);
      y1 = f64x2.replace_lane(y1, 0, redY1);
    }
    if (i64x2.extract_lane(far, 1) != 0 && isFinite(x1)) {
      n = f64x2.replace_lane(n, 1, <f64>largeQuot(x1));
      y0 = f64x2.replace_lane(y0, 1, redY0);
      y1 = f64x2.replace_lane(y1, 1, redY1);
    }
  }
  // __kernel_sin(y0, y1, 1) and __kernel_cos(y0, y1)
  const z = mul(y0, y0);
  const v = mul(z, y0);
  const rs = add(splat(S2), mul(z, add(splat(S3), mul(z, add(splat(S4), mul(z, add(splat(S5), mul(z, splat(S6)))))))));
  const ks = sub(y0, sub(sub(mul(z, sub(mul(splat(0.5), y1), mul(v, rs))), y1), mul(v, splat(S1))));
  const w2 = mul(z, z);
  const rc = add(
    mul(z, add(splat(C1), mul(z, add(splat(C2), mul(z, splat(C3)))))),
    mul(mul(w2, w2), add(splat(C4), mul(z, add(splat(C5), mul(z, splat(C6)))))),
  );
  const hz = mul(splat(0.5), z);
  const w = sub(splat(1), hz);
  const kc = add(w, add(sub(sub(splat(1), w), hz), sub(mul(z, rc), mul(y0, y1))));
  // Quadrant n mod 4 (cos x = sin(x + pi/2)): odd quadrants take the other kernel, quadrants 2 and 3 negate.
  let q = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(n));
  if (cosine) q = i64x2.add(q, isplat(1));
  const odd = i64x2.eq(v128.and(q, isplat(1)), isplat(1));
  const neg = v128.and(i64x2.eq(v128.and(q, isplat(2)), isplat(2)), isplat(0x8000000000000000));
  let out = v128.xor(sel(kc, ks, odd), neg);
  // |x| < 2^-26: sin x = x (keeps -0 and subnormals).
  if (!cosine) out = sel(x, out, f64x2.lt(f64x2.abs(x), splat(reinterpret<f64>(0x3E50000000000000))));
  return sel(out, sub(x, x), finite); // NaN for NaN and +-Inf
}

/** sin x. */
@inline export function vsin(x: v128): v128 { return vtrig(x, false); }
/** cos x. */
@inline export function vcos(x: v128): v128 { return vtrig(x, true); }

// pi/2 - PIO2_1 to 53 bits (fdlibm's pio2_1t): with PIO2_1, 86 bits of pi/2.
const PIO2_1T = reinterpret<f64>(0x3DD0B4611A626331);

/**
 * sin or cos of promoted float32 lanes: a float32 below 2^19 is at least about 2^-30 from a multiple of pi/2,
 * so two-piece Cody-Waite (86 bits, no two-sums, no tail) leaves the reduced argument good to 2^-38 relative,
 * and the kernels drop their tail terms. Vectors with a lane beyond 2^19, NaN or +-Inf take `vtrig`.
 */
@inline function vtrigF32(x: v128, cosine: bool): v128 {
  if (!i64x2.all_true(f64x2.lt(f64x2.abs(x), splat(VECTOR_LIMIT)))) return vtrig(x, cosine);
  const n = f64x2.nearest(mul(x, splat(INVPIO2)));
  const y = sub(sub(x, mul(n, splat(PIO2_1))), mul(n, splat(PIO2_1T)));
  const z = mul(y, y);
  const rs = add(splat(S2), mul(z, add(splat(S3), mul(z, add(splat(S4), mul(z, add(splat(S5), mul(z, splat(S6)))))))));
  const ks = add(y, mul(mul(z, y), add(splat(S1), mul(z, rs))));
  const w2 = mul(z, z);
  const rc = add(
    mul(z, add(splat(C1), mul(z, add(splat(C2), mul(z, splat(C3)))))),
    mul(mul(w2, w2), add(splat(C4), mul(z, add(splat(C5), mul(z, splat(C6)))))),
  );
  const kc = add(sub(splat(1), mul(splat(0.5), z)), mul(z, rc));
  let q = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(n));
  if (cosine) q = i64x2.add(q, isplat(1));
  const odd = i64x2.eq(v128.and(q, isplat(1)), isplat(1));
  const neg = v128.and(i64x2.eq(v128.and(q, isplat(2)), isplat(2)), isplat(0x8000000000000000));
  const out = v128.xor(sel(kc, ks, odd), neg);
  return cosine ? out : sel(x, out, f64x2.lt(f64x2.abs(x), splat(reinterpret<f64>(0x3E50000000000000))));
}

/** sin of promoted float32 lanes. */
@inline export function vsinF32(x: v128): v128 { return vtrigF32(x, false); }
/** cos of promoted float32 lanes. */
@inline export function vcosF32(x: v128): v128 { return vtrigF32(x, true); }
