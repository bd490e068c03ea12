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
