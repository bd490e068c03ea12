// erf on f64x2 lanes: the TypeScript backend's algorithm (src/backend/cpu/special.ts) operation for operation,
// so float64 results match it to the last bit or two (only exp may differ by an ulp). The Maclaurin loop runs
// until every lane has converged; a lane stops accumulating at the term where the scalar loop would break.
import { sel, vexp } from './math';

const SQRT_PI = Math.sqrt(Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf x: series for |x| < 2.5, erfc's continued fraction up to 6, +-1 beyond; erf(-0) = +0 as in special.ts. */
export function verf(x: v128): v128 {
  const a = f64x2.abs(x);
  const inSeries = f64x2.lt(a, f64x2.splat(2.5));
  let out = f64x2.splat(1);
  if (v128.any_true(inSeries)) {
    let term = a;
    let sum = a;
    const nx2 = f64x2.neg(f64x2.mul(a, a));
    let active = inSeries;
    for (let n = 1; n < 60; n++) {
      term = f64x2.mul(term, f64x2.div(nx2, f64x2.splat(<f64>n)));
      const add = f64x2.div(term, f64x2.splat(<f64>(2 * n + 1)));
      const next = f64x2.add(sum, add);
      sum = sel(next, sum, active);
      active = v128.andnot(active, f64x2.lt(f64x2.abs(add), f64x2.mul(f64x2.splat(1e-17), f64x2.abs(next))));
      if (!v128.any_true(active)) break;
    }
    out = sel(f64x2.mul(f64x2.splat(TWO_OVER_SQRT_PI), sum), out, inSeries);
  }
  const inFraction = v128.and(f64x2.ge(a, f64x2.splat(2.5)), f64x2.le(a, f64x2.splat(6)));
  if (v128.any_true(inFraction)) {
    let f = a;
    for (let k = 60; k >= 1; k--) f = f64x2.add(a, f64x2.div(f64x2.splat(<f64>k / 2), f));
    const erfc = f64x2.div(f64x2.div(vexp(f64x2.mul(f64x2.neg(a), a)), f64x2.splat(SQRT_PI)), f);
    out = sel(f64x2.sub(f64x2.splat(1), erfc), out, inFraction);
  }
  out = v128.xor(out, v128.and(f64x2.lt(x, f64x2.splat(0)), i64x2.splat(0x8000000000000000)));
  return sel(x, out, f64x2.ne(x, x));
}

// (-1)^n / (n! (2n + 1)): erf x = 2/sqrt(pi) x sum c_n x^2n. 34 terms reach 1e-13 relative at |x| = 2.5.
const ERF_SERIES = memory.data<f64>([1, -0.3333333333333333, 0.1, -0.023809523809523808, 0.004629629629629629, -0.0007575757575757576, 0.00010683760683760684, -0.000013227513227513228, 0.0000014589169000933706, -1.4503852223150468e-7, 1.3122532963802806e-8, -1.0892221037148573e-9, 8.35070279514724e-11, -5.9477940136376354e-12, 3.9554295164585257e-13, -2.466827010264457e-14, 1.4483264643598138e-15, -8.032735012415773e-17, 4.221407288807088e-18, -2.107855191442136e-19, 1.0025164934907719e-20, -4.5518467589282e-22, 1.977064753877905e-23, -8.230149299214221e-25, 3.289260349175752e-26, -1.2641078988989164e-27, 4.678483515518485e-29, -1.669761793417372e-30, 5.754191643982172e-32, -1.9169428621097826e-33, 6.180307588222797e-35, -1.930357208815108e-36, 5.846755007468836e-38, -1.718856062801784e-39]);

/**
 * erf for the float32 kernels: the same series (as a fixed Horner polynomial, no divisions) below 2.5 and the
 * same continued fraction, 24 deep, up to 6: about 1e-12 relative, far inside float32's half ulp (checked on
 * every float32 in [-6, 6]: at most 1 ulp from Math.fround of special.ts's erf).
 */
export function verfF32(x: v128): v128 {
  const a = f64x2.abs(x);
  const inSeries = f64x2.lt(a, f64x2.splat(2.5));
  let out = f64x2.splat(1);
  if (v128.any_true(inSeries)) {
    const z = f64x2.mul(a, a);
    let p = f64x2.splat(load<f64>(ERF_SERIES + 33 * 8));
    for (let k = 32; k >= 0; k--) p = f64x2.add(f64x2.mul(p, z), f64x2.splat(load<f64>(ERF_SERIES + <usize>k * 8)));
    out = sel(f64x2.mul(f64x2.splat(TWO_OVER_SQRT_PI), f64x2.mul(a, p)), out, inSeries);
  }
  const inFraction = v128.and(f64x2.ge(a, f64x2.splat(2.5)), f64x2.le(a, f64x2.splat(6)));
  if (v128.any_true(inFraction)) {
    let f = a;
    for (let k = 24; k >= 1; k--) f = f64x2.add(a, f64x2.div(f64x2.splat(<f64>k / 2), f));
    const erfc = f64x2.div(f64x2.div(vexp(f64x2.mul(f64x2.neg(a), a)), f64x2.splat(SQRT_PI)), f);
    out = sel(f64x2.sub(f64x2.splat(1), erfc), out, inFraction);
  }
  out = v128.xor(out, v128.and(f64x2.lt(x, f64x2.splat(0)), i64x2.splat(0x8000000000000000)));
  return sel(x, out, f64x2.ne(x, x));
}
