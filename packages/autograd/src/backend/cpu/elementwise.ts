import type { DType, TypedArray } from '../../tensor/dtype.js';
import { allocate } from '../../tensor/dtype.js';
import type { BinaryOp, CompareOp, Strided, UnaryOp } from '../backend.js';
import { flatStep, forEachRow } from './strided-loop.js';
import { erf } from './special.js';

/** out[i] = op(x[i]). One loop per op keeps each loop monomorphic. */
export function unary(op: UnaryOp, x: TypedArray, dtype: DType): TypedArray {
  const n = x.length;
  const out = allocate(dtype, n);
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]!; break;
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!); break;
    case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!); break;
    case 'log1p': for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]!); break;
    case 'expm1': for (let i = 0; i < n; i++) out[i] = Math.expm1(x[i]!); break;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!); break;
    case 'rsqrt': for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]!); break;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!); break;
    // sign(0) = 0 and sign(NaN) = NaN, as PyTorch.
    case 'sign': for (let i = 0; i < n; i++) out[i] = Math.sign(x[i]!); break;
    case 'square': for (let i = 0; i < n; i++) out[i] = x[i]! * x[i]!; break;
    case 'reciprocal': for (let i = 0; i < n; i++) out[i] = 1 / x[i]!; break;
    case 'sin': for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]!); break;
    case 'cos': for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]!); break;
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!); break;
    // Branch on the sign so exp only sees non-positive arguments: no overflow, sigmoid(+-400) is exactly 1 / 0.
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
        else { const e = Math.exp(v); out[i] = e / (1 + e); }
      }
      break;
    case 'relu': for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? x[i]! : 0; break;
    // softplus(x) = max(x, 0) + log1p(exp(-|x|)): exact for large |x|, never overflows.
    case 'softplus':
      for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))); }
      break;
    case 'erf': for (let i = 0; i < n; i++) out[i] = erf(x[i]!); break;
    // Heaviside step with step(0) = 0: the mask relu's gradient uses.
    case 'step': for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? 1 : 0; break;
  }
  return out;
}

/**
 * out = op(a, b) over views broadcast to `shape`. Row-major and scalar-broadcast operands (the common
 * cases) run as one flat loop; other layouts run `binaryRow` once per innermost row.
 */
export function binary(op: BinaryOp, a: Strided, b: Strided, shape: readonly number[], dtype: DType): TypedArray {
  let size = 1;
  for (const d of shape) size *= d;
  const out = allocate(dtype, size);
  const da = flatStep(a, shape, size);
  const db = flatStep(b, shape, size);
  if (da >= 0 && db >= 0) {
    binaryRow(op, a.data, a.offset, da, b.data, b.offset, db, out, 0, size);
    return out;
  }
  forEachRow([a, b], shape, (offsets, o, n, strides) => {
    binaryRow(op, a.data, offsets[0]!, strides[0]!, b.data, offsets[1]!, strides[1]!, out, o, n);
  });
  return out;
}

/** out[o..o+n) = op(x[i], y[j]) stepping i by di and j by dj: one monomorphic loop per op. */
function binaryRow(op: BinaryOp, x: TypedArray, i: number, di: number, y: TypedArray, j: number, dj: number, out: TypedArray, o: number, n: number): void {
  const end = o + n;
  switch (op) {
    case 'add': for (let k = o; k < end; k++, i += di, j += dj) out[k] = x[i]! + y[j]!; break;
    case 'sub': for (let k = o; k < end; k++, i += di, j += dj) out[k] = x[i]! - y[j]!; break;
    case 'mul': for (let k = o; k < end; k++, i += di, j += dj) out[k] = x[i]! * y[j]!; break;
    case 'div': for (let k = o; k < end; k++, i += di, j += dj) out[k] = x[i]! / y[j]!; break;
    case 'pow': for (let k = o; k < end; k++, i += di, j += dj) out[k] = Math.pow(x[i]!, y[j]!); break;
    // NaN wins in maximum/minimum, as in PyTorch.
    case 'maximum':
      for (let k = o; k < end; k++, i += di, j += dj) { const p = x[i]!, q = y[j]!; out[k] = p !== p || p > q ? p : q; }
      break;
    case 'minimum':
      for (let k = o; k < end; k++, i += di, j += dj) { const p = x[i]!, q = y[j]!; out[k] = p !== p || p < q ? p : q; }
      break;
    default:
      fusedGradRow(op, x, i, di, y, j, dj, out, o, n);
  }
}

/**
 * The fused backward rows, rounding every intermediate to the output's precision (fround for float32) so the
 * result has the bits of the unfused ops: g * (1 - y*y), (g * s) * (1 - s), g * [x > 0].
 */
function fusedGradRow(op: BinaryOp, x: TypedArray, i: number, di: number, y: TypedArray, j: number, dj: number, out: TypedArray, o: number, n: number): void {
  const r = out instanceof Float32Array ? Math.fround : (v: number) => v;
  const end = o + n;
  switch (op) {
    case 'tanhGrad': for (let k = o; k < end; k++, i += di, j += dj) { const q = y[j]!; out[k] = x[i]! * r(1 - r(q * q)); } break;
    case 'sigmoidGrad': for (let k = o; k < end; k++, i += di, j += dj) { const q = y[j]!; out[k] = r(x[i]! * q) * r(1 - q); } break;
    default: for (let k = o; k < end; k++, i += di, j += dj) out[k] = x[i]! * (y[j]! > 0 ? 1 : 0); break;
  }
}

/** 0/1 mask of op(a, b). Comparisons with NaN are false except `ne`, as IEEE says. */
export function compare(op: CompareOp, a: Strided, b: Strided, shape: readonly number[]): Int32Array {
  let size = 1;
  for (const d of shape) size *= d;
  const out = new Int32Array(size);
  const x = a.data;
  const y = b.data;
  forEachRow([a, b], shape, ([ia, ib], o, n, [sa, sb]) => {
    let i = ia!;
    let j = ib!;
    const end = o + n;
    switch (op) {
      case 'eq': for (let k = o; k < end; k++, i += sa!, j += sb!) out[k] = x[i] === y[j] ? 1 : 0; break;
      case 'ne': for (let k = o; k < end; k++, i += sa!, j += sb!) out[k] = x[i] !== y[j] ? 1 : 0; break;
      case 'lt': for (let k = o; k < end; k++, i += sa!, j += sb!) out[k] = x[i]! < y[j]! ? 1 : 0; break;
      case 'le': for (let k = o; k < end; k++, i += sa!, j += sb!) out[k] = x[i]! <= y[j]! ? 1 : 0; break;
      case 'gt': for (let k = o; k < end; k++, i += sa!, j += sb!) out[k] = x[i]! > y[j]! ? 1 : 0; break;
      case 'ge': for (let k = o; k < end; k++, i += sa!, j += sb!) out[k] = x[i]! >= y[j]! ? 1 : 0; break;
    }
  });
  return out;
}

/** out = cond != 0 ? a : b. */
export function where(cond: Strided, a: Strided, b: Strided, shape: readonly number[], dtype: DType): TypedArray {
  let size = 1;
  for (const d of shape) size *= d;
  const out = allocate(dtype, size);
  const c = cond.data;
  const x = a.data;
  const y = b.data;
  forEachRow([cond, a, b], shape, ([ic, ia, ib], o, n, [sc, sa, sb]) => {
    for (let k = o, p = ic!, i = ia!, j = ib!; k < o + n; k++, p += sc!, i += sa!, j += sb!) {
      out[k] = c[p] !== 0 ? x[i]! : y[j]!;
    }
  });
  return out;
}
