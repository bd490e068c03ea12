import type { DType, TypedArray } from '../../tensor/dtype.js';
import { allocate } from '../../tensor/dtype.js';
import type { Special2Op, SpecialOp, Strided } from '../backend.js';
import { forEachRow } from './strided-loop.js';
import { digamma, erfinv, lgamma, polygamma as polygammaFn, remainder, roundHalfEven } from './special-fns.js';

/** out[i] = op(x[i]) for the special functions and roundings; one loop per op keeps each monomorphic. */
export function special(op: SpecialOp, x: TypedArray, dtype: DType): TypedArray {
  const n = x.length;
  const out = allocate(dtype, n);
  switch (op) {
    case 'tan': for (let i = 0; i < n; i++) out[i] = Math.tan(x[i]!); break;
    case 'asin': for (let i = 0; i < n; i++) out[i] = Math.asin(x[i]!); break;
    case 'acos': for (let i = 0; i < n; i++) out[i] = Math.acos(x[i]!); break;
    case 'atan': for (let i = 0; i < n; i++) out[i] = Math.atan(x[i]!); break;
    case 'sinh': for (let i = 0; i < n; i++) out[i] = Math.sinh(x[i]!); break;
    case 'cosh': for (let i = 0; i < n; i++) out[i] = Math.cosh(x[i]!); break;
    case 'asinh': for (let i = 0; i < n; i++) out[i] = Math.asinh(x[i]!); break;
    case 'acosh': for (let i = 0; i < n; i++) out[i] = Math.acosh(x[i]!); break;
    case 'atanh': for (let i = 0; i < n; i++) out[i] = Math.atanh(x[i]!); break;
    case 'log2': for (let i = 0; i < n; i++) out[i] = Math.log2(x[i]!); break;
    case 'log10': for (let i = 0; i < n; i++) out[i] = Math.log10(x[i]!); break;
    case 'exp2': for (let i = 0; i < n; i++) out[i] = Math.pow(2, x[i]!); break;
    case 'erfinv': for (let i = 0; i < n; i++) out[i] = erfinv(x[i]!); break;
    case 'lgamma': for (let i = 0; i < n; i++) out[i] = lgamma(x[i]!); break;
    case 'digamma': for (let i = 0; i < n; i++) out[i] = digamma(x[i]!); break;
    case 'floor': for (let i = 0; i < n; i++) out[i] = Math.floor(x[i]!); break;
    case 'ceil': for (let i = 0; i < n; i++) out[i] = Math.ceil(x[i]!); break;
    case 'round': for (let i = 0; i < n; i++) out[i] = roundHalfEven(x[i]!); break;
    case 'trunc': for (let i = 0; i < n; i++) out[i] = Math.trunc(x[i]!); break;
    // sign(0) = 0 and sign(NaN) = NaN, as PyTorch.
    case 'sign': for (let i = 0; i < n; i++) out[i] = Math.sign(x[i]!); break;
  }
  return out;
}

/** out[i] = psi^(n)(x[i]) (n >= 1). */
export function polygamma(n: number, x: TypedArray, dtype: DType): TypedArray {
  const out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = polygammaFn(n, x[i]!);
  return out;
}

/** out = op(a, b) over views broadcast to `shape` (atan2(a = y, b = x), hypot, fmod, remainder). */
export function special2(op: Special2Op, a: Strided, b: Strided, shape: readonly number[], dtype: DType): TypedArray {
  let size = 1;
  for (const d of shape) size *= d;
  const out = allocate(dtype, size);
  const x = a.data;
  const y = b.data;
  forEachRow([a, b], shape, ([ia, ib], o, n, [sa, sb]) => {
    let i = ia!;
    let j = ib!;
    const end = o + n;
    switch (op) {
      case 'atan2': for (let k = o; k < end; k++, i += sa!, j += sb!) out[k] = Math.atan2(x[i]!, y[j]!); break;
      case 'hypot': for (let k = o; k < end; k++, i += sa!, j += sb!) out[k] = Math.hypot(x[i]!, y[j]!); break;
      // JavaScript's % is C's fmod: exact, with the sign of the dividend.
      case 'fmod': for (let k = o; k < end; k++, i += sa!, j += sb!) out[k] = x[i]! % y[j]!; break;
      case 'remainder': for (let k = o; k < end; k++, i += sa!, j += sb!) out[k] = remainder(x[i]!, y[j]!); break;
    }
  });
  return out;
}
