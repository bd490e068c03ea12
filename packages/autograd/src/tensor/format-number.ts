import type { DType } from './dtype.js';
import type { PrintOptions } from './print-options.js';

/**
 * Rounds an exact tie (the digits left over are 5 then zeros) to even, as Python's formatting does; JavaScript's
 * toFixed and toExponential round ties away from zero. `rounded` is JavaScript's result, `exact` the same
 * number with 30 more digits, `keep` how many characters of `exact` are kept, `suffix` the exponent part.
 */
function tieToEven(x: number, rounded: string, exact: string, keep: number, suffix: string): string {
  const rest = exact.slice(keep, exact.length - suffix.length);
  if (!/^50*$/.test(rest)) return rounded;
  const truncated = exact.slice(0, keep).replace(/\.$/, '');
  const last = Number(truncated.at(-1));
  return last % 2 === 0 ? `${x < 0 ? '-' : ''}${truncated}${suffix}` : rounded;
}

/** Python's `f'{x:.{p}f}'`: fixed point, ties to even, and a minus sign on -0. */
export function fixed(x: number, p: number): string {
  const s = x.toFixed(p);
  const a = Math.abs(x);
  const exact = a.toFixed(Math.min(100, p + 30));
  const out = tieToEven(x, s, exact, exact.indexOf('.') + 1 + p, '');
  return Object.is(x, -0) ? `-${out}` : out;
}

/** Python's `f'{x:.{p}e}'`: a two-digit exponent at least (1.0000e-05), ties to even. */
export function scientific(x: number, p: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const a = Math.abs(x);
  const exact = a.toExponential(Math.min(100, p + 30));
  const suffix = exact.slice(exact.indexOf('e'));
  const s = tieToEven(x, x.toExponential(p), exact, (p === 0 ? 1 : 2 + p), suffix);
  return (Object.is(x, -0) ? '-' : '') + s.replace(/e([+-])(\d)$/, 'e$10$2');
}

const nonFinite = (x: number): string => (Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf');

/**
 * PyTorch's `_Formatter`: one format shared by every printed element of a tensor. Floats whose nonzero finite
 * values are all whole print as `3.`; otherwise with `precision` decimals; in scientific notation when the
 * largest magnitude over the smallest exceeds 1000, the largest exceeds 1e8, or (not whole) the smallest is
 * below 1e-4, unless `sciMode` says otherwise. Every element is padded to one width so columns line up.
 */
export class Formatter {
  readonly width: number;
  private readonly intMode: boolean;
  private readonly sciMode: boolean;

  constructor(
    values: readonly number[],
    private readonly dtype: DType,
    private readonly opts: Readonly<PrintOptions>,
  ) {
    let intMode = true;
    let sciMode = false;
    if (dtype !== 'int32') {
      let min = Infinity;
      let max = 0;
      for (const v of values) {
        if (v === 0 || !Number.isFinite(v)) continue;
        const a = Math.abs(v);
        if (a < min) min = a;
        if (a > max) max = a;
        if (!Number.isInteger(v)) intMode = false;
      }
      if (max > 0) sciMode = max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4);
    }
    this.intMode = intMode;
    this.sciMode = dtype !== 'int32' && (opts.sciMode ?? sciMode);
    // As PyTorch: the width comes from the nonzero finite values (all values for int32); zeros, nan and inf
    // are padded to it but do not widen it.
    let width = 1;
    for (const v of values) if (dtype === 'int32' || (v !== 0 && Number.isFinite(v))) width = Math.max(width, this.raw(v).length);
    this.width = width;
  }

  /** The element without padding. */
  private raw(v: number): string {
    if (this.dtype === 'int32') return String(v);
    if (this.sciMode) return scientific(v, this.opts.precision);
    if (!Number.isFinite(v)) return nonFinite(v);
    if (this.intMode) return `${fixed(v, 0)}.`;
    return fixed(v, this.opts.precision);
  }

  /** The element padded on the left to the shared width. */
  format(v: number): string {
    return this.raw(v).padStart(this.width);
  }
}
