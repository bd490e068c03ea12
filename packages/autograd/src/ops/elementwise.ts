import { ValueError, describe } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { NO_PARAMS } from '../primitives/elementwise.js';
import type { CompareOp } from '../backend/backend.js';
import { checkDType, type DType } from '../tensor/dtype.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { broadcastShapes } from '../tensor/shape.js';
import { scalarTensor } from '../creation/fill.js';
import { checkInt32Values } from '../tensor/int32.js';
import { binaryOperands, broadcastOperands, checkTensor, floatOperand, toDType, toShape } from './operand.js';
import { elementsForCheck } from '../transforms/levels.js';

type BinaryName = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
const binary = (op: BinaryName, x: TensorLike, y: TensorLike): Tensor => apply(op, binaryOperands(op, x, y), NO_PARAMS);

/** x + y with broadcasting. @example add(tensor([1, 2]), 1) // [2, 3] */
export const add = (x: TensorLike, y: TensorLike): Tensor => binary('add', x, y);
/** x - y with broadcasting. */
export const sub = (x: TensorLike, y: TensorLike): Tensor => binary('sub', x, y);
/** x * y elementwise with broadcasting. */
export const mul = (x: TensorLike, y: TensorLike): Tensor => binary('mul', x, y);
/** x / y with broadcasting; true division (int32 operands give float32, as PyTorch). */
export const div = (x: TensorLike, y: TensorLike): Tensor => {
  const [a, b] = binaryOperands('div', x, y);
  return a!.dtype === 'int32' ? apply('div', [toDType(a!, 'float32'), toDType(b!, 'float32')], NO_PARAMS) : apply('div', [a!, b!], NO_PARAMS);
};
/** x ** y with broadcasting; 0 ** 0 = 1; a negative base with a fractional exponent gives NaN. */
export const pow = (x: TensorLike, y: TensorLike): Tensor => binary('pow', x, y);
/** Elementwise max; ties split the gradient 0.5 / 0.5. */
export const maximum = (x: TensorLike, y: TensorLike): Tensor => binary('maximum', x, y);
/** Elementwise min; ties split the gradient 0.5 / 0.5. */
export const minimum = (x: TensorLike, y: TensorLike): Tensor => binary('minimum', x, y);

const compare = (op: CompareOp, x: TensorLike, y: TensorLike): Tensor => {
  const [a, b] = binaryOperands(op, x, y);
  return apply('compare', [a!, b!], { op });
};
/** 1 where x == y, else 0 (int32, no gradient). */
export const eq = (x: TensorLike, y: TensorLike): Tensor => compare('eq', x, y);
/** 1 where x != y, else 0 (int32). */
export const ne = (x: TensorLike, y: TensorLike): Tensor => compare('ne', x, y);
/** 1 where x < y, else 0 (int32). */
export const lt = (x: TensorLike, y: TensorLike): Tensor => compare('lt', x, y);
/** 1 where x <= y, else 0 (int32). */
export const le = (x: TensorLike, y: TensorLike): Tensor => compare('le', x, y);
/** 1 where x > y, else 0 (int32). */
export const gt = (x: TensorLike, y: TensorLike): Tensor => compare('gt', x, y);
/** 1 where x >= y, else 0 (int32). */
export const ge = (x: TensorLike, y: TensorLike): Tensor => compare('ge', x, y);

/**
 * Picks `x` where `cond` is nonzero and `y` elsewhere, broadcasting all three. The gradient flows only to
 * the picked side, so a NaN in the unpicked branch's gradient does not leak (use it for safe masking).
 */
export function where(cond: Tensor, x: TensorLike, y: TensorLike): Tensor {
  const c = checkTensor('where', cond, 'cond');
  const [a, b] =
    typeof x === 'number' && typeof y === 'number'
      ? [x, y].map((v) => scalarTensor(v, Number.isInteger(x) && Number.isInteger(y) ? 'int32' : 'float32'))
      : broadcastOperands('where', [x, y], ['x', 'y']);
  const shape = broadcastShapes('where', c._shape, a!._shape);
  return apply('where', [toShape(c, shape), toShape(a!, shape), toShape(b!, shape)], NO_PARAMS);
}

type UnaryName =
  | 'neg' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'rsqrt' | 'abs' | 'square' | 'reciprocal'
  | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'relu' | 'softplus' | 'erf';
const unary = (op: UnaryName, x: Tensor): Tensor => apply(op, [floatOperand(op, x)], NO_PARAMS);

/** -x */
export const neg = (x: Tensor): Tensor => {
  const t = checkTensor('neg', x);
  return apply('neg', [t], NO_PARAMS);
};
/** e^x */
export const exp = (x: Tensor): Tensor => unary('exp', x);
/** Natural log; log(0) = -inf, log(x < 0) = NaN. */
export const log = (x: Tensor): Tensor => unary('log', x);
/** ln(1 + x), accurate for small x. */
export const log1p = (x: Tensor): Tensor => unary('log1p', x);
/** e^x - 1, accurate for small x. */
export const expm1 = (x: Tensor): Tensor => unary('expm1', x);
/** Square root; its gradient at 0 is +inf. */
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
/** 1 / sqrt(x) */
export const rsqrt = (x: Tensor): Tensor => unary('rsqrt', x);
/** |x|; gradient 0 at 0. */
export const abs = (x: Tensor): Tensor => (checkTensor('abs', x).dtype === 'int32' ? x.mul(sign(x)) : unary('abs', x));
/** x * x */
export const square = (x: Tensor): Tensor => (checkTensor('square', x).dtype === 'int32' ? x.mul(x) : unary('square', x));
/** 1 / x */
export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x);
/** sin x */
export const sin = (x: Tensor): Tensor => unary('sin', x);
/** cos x */
export const cos = (x: Tensor): Tensor => unary('cos', x);
/** tanh x */
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
/** 1 / (1 + e^-x), computed without overflow: sigmoid(+-400) is exactly 1 / 0 with gradient 0. */
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
/** max(x, 0); gradient 0 at 0. */
export const relu = (x: Tensor): Tensor => unary('relu', x);
/** Options of `softplus` (PyTorch's). */
export interface SoftplusOptions {
  /** Sharpness: (1 / beta) ln(1 + e^(beta x)). Default 1. */
  beta?: number;
  /** Above beta x > threshold the result is x itself (PyTorch's linear region). Default 20. */
  threshold?: number;
}
/**
 * ln(1 + e^x), stable for large |x|. Given options, PyTorch's softplus: (1 / beta) ln(1 + e^(beta x)),
 * and x itself where beta x > threshold (gradient 1 there).
 * @example softplus(tensor([0])) // [0.6931]; softplus(x, { beta: 2, threshold: 10 })
 */
export const softplus = (x: Tensor, opts?: SoftplusOptions): Tensor => {
  if (opts === undefined) return unary('softplus', x);
  const t = floatOperand('softplus', x);
  if (typeof opts !== 'object' || opts === null) throw new ValueError(`softplus: options must be an object like { beta: 1, threshold: 20 }, got ${describe(opts)}`);
  const { beta = 1, threshold = 20 } = opts;
  checkNumberArg('softplus', 'beta', beta);
  checkNumberArg('softplus', 'threshold', threshold);
  if (beta === 0) throw new ValueError('softplus: beta must be nonzero, got 0');
  const bx = t.mul(beta);
  // The unpicked branch sees 0 in the linear region, so its gradient stays finite there.
  return where(bx.gt(threshold), t, unary('softplus', where(bx.gt(threshold), 0, bx)).div(beta));
};

/** The error function. */
export const erf = (x: Tensor): Tensor => unary('erf', x);

/**
 * A copy converted to `dtype`; the gradient is cast back. Float to int32 truncates toward zero (as
 * PyTorch), but a value int32 cannot hold (beyond [-2^31, 2^31 - 1], NaN, an infinity) is a ValueError
 * naming the value and its index, where PyTorch's result would be unspecified.
 * @example tensor([1.7, -2.5]).astype('int32') // [1, -2]
 */
export const astype = (x: Tensor, dtype: DType): Tensor => {
  const t = checkTensor('astype', x);
  checkDType('astype', dtype);
  if (t.dtype === dtype) return clone(t);
  if (dtype === 'int32') checkInt32Values('astype', elementsForCheck(t), t._shape, "cast to 'float64' instead to keep such values");
  return apply('cast', [t], { dtype });
};
/** A copy with its own memory; the gradient passes through unchanged. */
export const clone = (x: Tensor): Tensor => add(checkTensor('clone', x), 0);

/** x where x > 0, slope * x elsewhere. */
export const leakyRelu = (x: Tensor, slope = 0.01): Tensor => {
  checkTensor('leakyRelu', x);
  checkNumberArg('leakyRelu', 'slope', slope);
  return where(x.gt(0), x, x.mul(slope));
};
/** x where x > 0, alpha (e^x - 1) elsewhere. */
export const elu = (x: Tensor, alpha = 1): Tensor => {
  checkTensor('elu', x);
  checkNumberArg('elu', 'alpha', alpha);
  // expm1 of the clamped input: the unpicked branch must not overflow to inf and poison the gradient.
  return where(x.gt(0), x, x.minimum(0).expm1().mul(alpha));
};
/** x * sigmoid(x) (a.k.a. swish). */
export const silu = (x: Tensor): Tensor => checkTensor('silu', x).mul(x.sigmoid());
/**
 * Gaussian error linear unit: x * Phi(x) with Phi the normal CDF (`approximate: 'none'`), or PyTorch's tanh
 * approximation 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
 */
export const gelu = (x: Tensor, opts: { approximate?: 'none' | 'tanh' } = {}): Tensor => {
  checkTensor('gelu', x);
  if (typeof opts !== 'object' || opts === null) throw new ValueError(`gelu: options must be an object like { approximate: 'tanh' }, got ${describe(opts)}`);
  const approximate = opts.approximate ?? 'none';
  if (approximate === 'tanh') {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(inner.tanh().add(1)).mul(0.5);
  }
  if (approximate !== 'none') throw new ValueError(`gelu: approximate must be 'none' or 'tanh', got ${describe(approximate)}`);
  return x.mul(erf(x.mul(Math.SQRT1_2)).add(1)).mul(0.5);
};
/**
 * Limits x to [min, max] (either bound optional). The gradient is 1 inside the interval including its
 * bounds and 0 outside, as PyTorch.
 */
export const clamp = (x: Tensor, min?: number, max?: number): Tensor => {
  const t = checkTensor('clamp', x);
  if (min !== undefined) checkNumberArg('clamp', 'min', min);
  if (max !== undefined) checkNumberArg('clamp', 'max', max);
  if (min === undefined && max === undefined) throw new ValueError('clamp: at least one of min and max must be given');
  let out = t;
  if (min !== undefined) out = where(t.lt(min), min, out);
  if (max !== undefined) out = where(t.gt(max), max, out);
  return out;
};

/** sign(x): -1, 0 or 1 (NaN stays NaN); gradient 0, as PyTorch. @example sign(tensor([-2, 0, 3])) // [-1, 0, 1] */
export const sign = (x: Tensor): Tensor => {
  const t = checkTensor('sign', x);
  return t.dtype === 'int32' ? apply('mask', [t], { op: 'sign' }) : apply('special', [t], { op: 'sign' });
};


function checkNumberArg(op: string, name: string, v: unknown): void {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new ValueError(`${op}: ${name} must be a number, got ${describe(v)}`);
}
