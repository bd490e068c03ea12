import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { UnaryOp } from '../backend.js';
import { unary as cpuUnary } from '../cpu/elementwise.js';
import { SMALL, arrayDType, fn } from './call.js';
import { allocElems, copyOut, resetWorkspace, stageArray } from './workspace.js';

/** Op codes of wasm/assembly/unary.ts (the order of UnaryOp). */
const UNARY_CODE: Record<UnaryOp, number> = {
  neg: 0, exp: 1, log: 2, log1p: 3, expm1: 4, sqrt: 5, rsqrt: 6, abs: 7, sign: 8, square: 9, reciprocal: 10,
  sin: 11, cos: 12, tanh: 13, sigmoid: 14, relu: 15, softplus: 16, erf: 17, step: 18,
};

/**
 * The int32 ops the wasm kernel runs: their double results are exact or correctly rounded, so ToInt32 of them
 * matches the TypeScript loop bit for bit. The transcendental ones stay on the TypeScript loop: ToInt32(exp(k))
 * for 22 <= k <= 58 keeps the low 32 bits of the double's integer part, so it depends on the last bit of V8's
 * own exp (and ops never reach them: they cast int32 to float first).
 */
export const INT32_OPS: ReadonlySet<UnaryOp> = new Set<UnaryOp>(['neg', 'abs', 'sign', 'square', 'reciprocal', 'sqrt', 'rsqrt', 'relu', 'step']);

/**
 * out[i] = op(x[i]) on a contiguous array: f32x4 lanes for the IEEE ops, f64x2 evaluation for the transcendental
 * ones (see wasm/assembly/math.ts for the accuracy). An input whose array type differs from `dtype` takes the
 * TypeScript loop (ops never do that).
 */
export function unary(op: UnaryOp, x: TypedArray, dtype: DType): TypedArray {
  const n = x.length;
  if (n < SMALL || arrayDType(x) !== dtype || (dtype === 'int32' && !INT32_OPS.has(op))) return cpuUnary(op, x, dtype);
  resetWorkspace();
  const px = stageArray(x, dtype, op);
  const out = allocElems(dtype, n, op);
  fn('unary', dtype)(UNARY_CODE[op], px, out, n);
  return copyOut(dtype, out, n);
}
