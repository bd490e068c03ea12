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

/** Rounds a non-negative number below 2^52 to the nearest integer, ties to even. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f; // exact: x < 2^52
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** The 16-bit pattern of `v` in `fmt`, rounded to nearest, ties to even. */
export function encodeHalf(v: number, fmt: HalfFormat): number {
  const { expBits, fracBits } = fmt;
  if (Number.isNaN(v)) return fmt.nan;
  const sign = v < 0 || Object.is(v, -0) ? 1 << (expBits + fracBits) : 0;
  const a = Math.abs(v);
  const bias = 2 ** (expBits - 1) - 1;
  const maxExp = 2 ** expBits - 1;
  const inf = sign | (maxExp << fracBits);
  if (a === Infinity) return inf;
  const minExp = 1 - bias;
  if (a < 2 ** minExp) {
    // Subnormal: multiples of 2^(minExp - fracBits); scaling by a power of two is exact. Rounding up to
    // 2^fracBits gives the pattern of the smallest normal, which is exactly right.
    return sign | roundHalfEven(a * 2 ** (fracBits - minExp));
  }
  let e = Math.floor(Math.log2(a));
  // log2 may be off by one near powers of two: fix e so that 2^e <= a < 2^(e+1).
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  let exp = e + bias;
  if (exp >= maxExp) return inf;
  // (a / 2^e - 1) * 2^fracBits is exact in float64 (power-of-two scalings and a Sterbenz subtraction).
  let frac = roundHalfEven((a / 2 ** e - 1) * 2 ** fracBits);
  if (frac === 2 ** fracBits) {
    frac = 0;
    exp++;
    if (exp >= maxExp) return inf;
  }
  return sign | (exp << fracBits) | frac;
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
