/**
 * IEEE 754 binary16 (F16) and bfloat16 (BF16) codecs for safetensors, on plain numbers.
 *
 * Decoding is exact: every F16 and BF16 value (normal, subnormal, ±0, ±Infinity) is a float32 value, so it
 * survives in float32 and float64 tensors; every NaN decodes to NaN. Encoding rounds the exact value to the
 * nearest representable one, ties to even (IEEE's default), overflowing to ±Infinity past the largest
 * finite value plus half an ulp (65520 for F16); NaN encodes as the quiet NaN PyTorch writes (0x7E00,
 * 0x7FC0). PyTorch converts a float64 tensor via float32 (two roundings); we round once from the exact
 * value, which differs from it only for values within 2^-29 relative of a tie.
 */

/** A 16-bit float format: exponent and fraction widths. */
export interface HalfFormat {
  readonly expBits: number;
  readonly fracBits: number;
  /** The quiet NaN written for NaN. */
  readonly nan: number;
}

export const F16: HalfFormat = { expBits: 5, fracBits: 10, nan: 0x7e00 };
export const BF16: HalfFormat = { expBits: 8, fracBits: 7, nan: 0x7fc0 };

// Scratch for reading a double's bits (little-endian: word 0 is the low half on every platform we support).
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const POW2 = Float64Array.from({ length: 54 }, (_, k) => 2 ** k);

/**
 * The 16-bit pattern of `v` in `fmt`, rounded to nearest, ties to even: the double's 53-bit significand is
 * shifted right by the bits the format lacks (integer-exact arithmetic below 2^53), rounding on the dropped bits.
 */
export function encodeHalf(v: number, fmt: HalfFormat): number {
  const { expBits, fracBits } = fmt;
  if (Number.isNaN(v)) return fmt.nan;
  scratch[0] = v;
  const hi = words[1]!;
  const exp = (hi >>> 20) & 0x7ff;
  const sign = hi >>> 31 ? 1 << (expBits + fracBits) : 0;
  const maxExp = (1 << expBits) - 1;
  const inf = sign | (maxExp << fracBits);
  if (exp === 0x7ff) return inf;
  // Zero, and subnormal doubles (below 2^-1022, far under half of any 16-bit format's smallest value): ±0.
  if (exp === 0) return sign;
  const sig = (hi & 0xfffff) * 4294967296 + words[0]! + 4503599627370496; // 2^52 + fraction: v = sig * 2^(exp - 1075)
  let t = exp - 1023 + (1 << (expBits - 1)) - 1; // the biased exponent in the target format
  const shift = t >= 1 ? 52 - fracBits : 53 - fracBits - t; // significand bits the target cannot hold
  if (shift > 53) return sign; // below half the smallest subnormal
  const p = POW2[shift]!;
  let r = Math.floor(sig / p);
  const rem = sig - r * p;
  if (rem > p / 2 || (rem === p / 2 && r % 2 === 1)) r++;
  if (t < 1) return sign | r; // subnormal; r = 2^fracBits is exactly the smallest normal's pattern
  if (r === 2 ** (fracBits + 1)) {
    r /= 2;
    t++;
  }
  if (t >= maxExp) return inf;
  return sign | (t << fracBits) | (r - 2 ** fracBits);
}

/** The value of 16-bit pattern `bits` in `fmt` (exact). */
export function decodeHalf(bits: number, fmt: HalfFormat): number {
  const { expBits, fracBits } = fmt;
  const sign = bits >> (expBits + fracBits) & 1 ? -1 : 1;
  const maxExp = 2 ** expBits - 1;
  const exp = (bits >> fracBits) & maxExp;
  const frac = bits & (2 ** fracBits - 1);
  const bias = 2 ** (expBits - 1) - 1;
  if (exp === 0) return sign * frac * 2 ** (1 - bias - fracBits);
  if (exp === maxExp) return frac === 0 ? sign * Infinity : NaN;
  return sign * (2 ** fracBits + frac) * 2 ** (exp - bias - fracBits);
}

// ---- bulk paths: the functions above are the exact reference; these are the fast forms used on files ----

const tables = new Map<HalfFormat, Float64Array>();

/** Every pattern's value, computed once per format (512 KiB): decoding a file is then a table lookup. */
function decodeTable(fmt: HalfFormat): Float64Array {
  let t = tables.get(fmt);
  if (t === undefined) {
    t = new Float64Array(65536);
    for (let b = 0; b < 65536; b++) t[b] = decodeHalf(b, fmt);
    tables.set(fmt, t);
  }
  return t;
}

/** Decodes `count` little-endian 16-bit patterns of `fmt` starting at byte `at` of `view` into `out`. */
export function decodeHalves(view: DataView, at: number, count: number, fmt: HalfFormat, out: Float32Array | Float64Array): void {
  const table = decodeTable(fmt);
  for (let i = 0; i < count; i++) out[i] = table[view.getUint16(at + 2 * i, true)]!;
}

/** RNE of a float32 bit pattern to F16 bits (integer operations only). */
function f32ToF16(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return mant !== 0 ? F16.nan : sign | 0x7c00;
  const e = exp - 112; // rebias 127 -> 15
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal: ±0
    // Subnormal: the 24-bit significand shifted right, rounded to nearest even on the dropped bits.
    const m = mant | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rem = m & ((1 << shift) - 1);
    let r = m >>> shift;
    if (rem > half || (rem === half && (r & 1) === 1)) r++;
    return sign | r;
  }
  let r = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the fraction bumps the exponent, up to Infinity (0x7c00): exactly IEEE rounding.
  if (rem > 0x1000 || (rem === 0x1000 && (r & 1) === 1)) r++;
  return sign | r;
}

/** RNE of a float32 bit pattern to BF16 bits: round off the low 16 bits. */
function f32ToBF16(x: number): number {
  if ((x & 0x7fffffff) > 0x7f800000) return BF16.nan;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

/**
 * Encodes `src` into little-endian 16-bit patterns of `fmt` at byte `at` of `view`: float32 data through its
 * bit patterns with integer rounding, other data through `encodeHalf` (the same rounding, from the double).
 */
export function encodeHalves(src: Float32Array | Float64Array | Int32Array, fmt: HalfFormat, view: DataView, at: number): void {
  if (src instanceof Float32Array) {
    const fromBits = fmt === F16 ? f32ToF16 : f32ToBF16;
    const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
    for (let i = 0; i < bits.length; i++) view.setUint16(at + 2 * i, fromBits(bits[i]!), true);
  } else {
    for (let i = 0; i < src.length; i++) view.setUint16(at + 2 * i, encodeHalf(src[i]!, fmt), true);
  }
}
