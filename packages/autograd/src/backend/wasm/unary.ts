import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { UnaryOp } from '../backend.js';
import { unary as cpuUnary } from '../cpu/elementwise.js';
import { arrayDType, suffix } from './call.js';
import { MEMORY_BOUND_MIN, PARALLEL_MIN, runFlat } from './parallel.js';
import { BYTES, allocElems, output, resetWorkspace, stageArray } from './workspace.js';

/** Op codes of wasm/assembly/unary.ts (the order of UnaryOp). */
export const UNARY_CODE: Record<UnaryOp, number> = {
  neg: 0, exp: 1, log: 2, log1p: 3, expm1: 4, sqrt: 5, rsqrt: 6, abs: 7, sign: 8, square: 9, reciprocal: 10,
  sin: 11, cos: 12, tanh: 13, sigmoid: 14, relu: 15, softplus: 16, erf: 17, step: 18,
};

/**
 * The int32 ops the wasm kernel runs, bit for bit with the TypeScript loop (ToInt32 of the double result; see
 * unary_i32). expm1, sin and cos stay on the TypeScript loop: their doubles may differ from V8's in the last
 * bit, and ToInt32(expm1(k)) for 22 <= k <= 58 keeps the low 32 bits of the double's integer part. Ops never
 * send int32 to a transcendental anyway (they cast to float first).
 */
export const INT32_OPS: ReadonlySet<UnaryOp> = new Set<UnaryOp>([
  'neg', 'abs', 'sign', 'square', 'reciprocal', 'sqrt', 'rsqrt', 'relu', 'step', 'exp', 'log', 'log1p', 'tanh', 'sigmoid',
  'softplus', 'erf',
]);

/**
 * float64 ops left on the TypeScript loop because wasm is not faster there (1e6 elements, medians on a shared
 * 2-core machine): neg, abs, square and reciprocal are one memory pass, and staging in and copying out costs two
 * more (0.74-0.90x); erf must repeat special.ts operation for operation, divisions included, to agree to 1e-14,
 * and runs at 0.98x. float32 keeps all of them (1.3-6x): the TypeScript loop pays a rounding store per element.
 */
export const FLOAT64_ON_TYPESCRIPT: ReadonlySet<UnaryOp> = new Set<UnaryOp>(['neg', 'abs', 'square', 'reciprocal', 'erf']);

/** The one-pass ops: memory-bound, so wasm's staging and copy-out only pay off on larger arrays. */
const CHEAP: ReadonlySet<UnaryOp> = new Set<UnaryOp>(['neg', 'abs', 'sign', 'square', 'reciprocal', 'sqrt', 'rsqrt', 'relu', 'step']);

/**
 * Fewest elements for which the wasm kernel beats the TypeScript loop (call, staging and copy-out cost about a
 * microsecond), measured at n = 16 ... 16384: float32 transcendentals win from about 64 elements (tanh from 16),
 * float64 ones from about 512, one-pass ops and every int32 op from about 1024. (call.ts's SMALL = 256 is the
 * backend-wide default; unary has cheap and expensive ops on both sides of it.)
 */
export function unaryCutover(op: UnaryOp, dtype: DType): number {
  if (dtype === 'int32' || CHEAP.has(op)) return 1024;
  return dtype === 'float32' ? 64 : 512;
}

/**
 * out[i] = op(x[i]) on a contiguous array: f32x4 lanes for the IEEE ops, f64x2 evaluation for the transcendental
 * ones (see wasm/assembly/math.ts for the accuracy). An input whose array type differs from `dtype` takes the
 * TypeScript loop (ops never do that).
 */
export function unary(op: UnaryOp, x: TypedArray, dtype: DType): TypedArray {
  const n = x.length;
  if (n < unaryCutover(op, dtype) || arrayDType(x) !== dtype) return cpuUnary(op, x, dtype);
  if (dtype === 'int32' ? !INT32_OPS.has(op) : dtype === 'float64' && FLOAT64_ON_TYPESCRIPT.has(op)) return cpuUnary(op, x, dtype);
  resetWorkspace();
  const px = stageArray(x, dtype, op);
  const out = allocElems(dtype, n, op);
  const w = BYTES[dtype];
  const result = output(dtype, out, n);
  runFlat(op, `unary_${suffix(dtype)}`, [UNARY_CODE[op]], [{ ptr: px, bytes: w }], { ptr: out, bytes: w }, n, result, CHEAP.has(op) ? MEMORY_BOUND_MIN : PARALLEL_MIN);
  return result.data;
}
