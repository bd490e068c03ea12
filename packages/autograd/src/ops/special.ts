import { ValueError } from '../errors.js';
import { apply } from '../primitives/apply.js';
import type { DiffSpecialOp } from '../primitives/special.js';
import type { Special2Op } from '../backend/backend.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { intArg, optionsOf } from './args.js';
import { broadcastOperands, checkTensor, floatOperand, toDType } from './operand.js';
import { elementsForCheck } from '../transforms/levels.js';

const special = (op: DiffSpecialOp, x: unknown): Tensor => apply('special', [floatOperand(op, x)], { op });
/** Roundings keep an int32 tensor as it is (a copy), as PyTorch. */
const rounding = (op: 'floor' | 'ceil' | 'trunc', x: unknown): Tensor => {
  const t = checkTensor(op, x);
  return t.dtype === 'int32' ? t.clone() : apply('special', [t], { op });
};

/** tan x. @example tan(tensor([0, Math.PI / 4])) // [0, 1] */
export const tan = (x: Tensor): Tensor => special('tan', x);
/** Inverse sine, in [-pi/2, pi/2]; NaN outside [-1, 1]. @example asin(tensor([1])) // [pi/2] */
export const asin = (x: Tensor): Tensor => special('asin', x);
/** Inverse cosine, in [0, pi]; NaN outside [-1, 1]. @example acos(tensor([1])) // [0] */
export const acos = (x: Tensor): Tensor => special('acos', x);
/** Inverse tangent, in (-pi/2, pi/2). @example atan(tensor([1])) // [pi/4] */
export const atan = (x: Tensor): Tensor => special('atan', x);
/** Hyperbolic sine. @example sinh(tensor([0])) // [0] */
export const sinh = (x: Tensor): Tensor => special('sinh', x);
/** Hyperbolic cosine. @example cosh(tensor([0])) // [1] */
export const cosh = (x: Tensor): Tensor => special('cosh', x);
/** Inverse hyperbolic sine. @example asinh(tensor([0])) // [0] */
export const asinh = (x: Tensor): Tensor => special('asinh', x);
/** Inverse hyperbolic cosine; NaN below 1. @example acosh(tensor([1])) // [0] */
export const acosh = (x: Tensor): Tensor => special('acosh', x);
/** Inverse hyperbolic tangent; +-inf at +-1, NaN outside. @example atanh(tensor([0])) // [0] */
export const atanh = (x: Tensor): Tensor => special('atanh', x);
/** Base-2 logarithm (exact at powers of 2). @example log2(tensor([8])) // [3] */
export const log2 = (x: Tensor): Tensor => special('log2', x);
/** Base-10 logarithm. @example log10(tensor([1000])) // [3] */
export const log10 = (x: Tensor): Tensor => special('log10', x);
/** 2^x. @example exp2(tensor([3])) // [8] */
export const exp2 = (x: Tensor): Tensor => special('exp2', x);
/** The inverse error function: erf(erfinv(x)) = x on (-1, 1); +-inf at +-1. @example erfinv(tensor([0.5])) // [0.4769] */
export const erfinv = (x: Tensor): Tensor => special('erfinv', x);
/** ln|Gamma(x)|; +inf at 0, -1, -2, ... @example lgamma(tensor([5])) // [ln 24] */
export const lgamma = (x: Tensor): Tensor => special('lgamma', x);
/**
 * The digamma function psi(x) = d/dx ln Gamma(x); -inf at 0, NaN at negative integers (PyTorch). Its
 * gradient is polygamma(1, x), and so on to any order.
 * @example digamma(tensor([1])) // [-0.5772] (minus the Euler-Mascheroni constant)
 */
export const digamma = (x: Tensor): Tensor => special('digamma', x);

/**
 * The polygamma function psi^(n)(x), the n-th derivative of digamma (n >= 1), as PyTorch's
 * `torch.polygamma(n, x)`; +inf (odd n) or -inf (even n) at 0, -1, -2, ...
 * @example polygamma(1, tensor([1])) // [pi^2 / 6]
 */
export function polygamma(n: number, x: Tensor): Tensor {
  intArg('polygamma', 'n', n, 1, 170);
  return apply('polygamma', [floatOperand('polygamma', x)], { n });
}
/** Largest integer <= x (gradient 0). @example floor(tensor([-1.5, 1.5])) // [-2, 1] */
export const floor = (x: Tensor): Tensor => rounding('floor', x);
/** Smallest integer >= x (gradient 0). @example ceil(tensor([-1.5, 1.5])) // [-1, 2] */
export const ceil = (x: Tensor): Tensor => rounding('ceil', x);
/** Integer part, rounding toward zero (gradient 0). @example trunc(tensor([-1.5, 1.5])) // [-1, 1] */
export const trunc = (x: Tensor): Tensor => rounding('trunc', x);
/** Fractional part x - trunc(x), with the sign of x (gradient 1). @example frac(tensor([-1.25, 2.5])) // [-0.25, 0.5] */
export const frac = (x: Tensor): Tensor => {
  const t = checkTensor('frac', x);
  if (t.dtype === 'int32') return t.sub(t);
  return t.sub(apply('special', [t], { op: 'trunc' }));
};

/** Options of `round`. */
export interface RoundOptions {
  /** Number of decimal places to keep (negative rounds to tens, hundreds, ...). Default 0. */
  decimals?: number;
}

/**
 * Rounds half to even, as PyTorch (round(0.5) = 0, round(2.5) = 2); with `decimals`, to that many decimal
 * places, computed as PyTorch does (x * 10^d rounded, then / 10^d). Gradient 0.
 * @example round(tensor([0.5, 1.5, 2.675]), { decimals: 0 }) // [0, 2, 3]
 */
export function round(x: Tensor, opts?: RoundOptions): Tensor {
  const t = checkTensor('round', x);
  const o = optionsOf<RoundOptions>('round', opts, '{ decimals: 2 }');
  const decimals = intArg('round', 'decimals', o.decimals ?? 0, -300, 300);
  if (t.dtype === 'int32' && decimals >= 0) return t.clone();
  const f = floatOperand('round', t);
  if (decimals === 0) return apply('special', [f], { op: 'round' });
  const scale = 10 ** Math.abs(decimals);
  const r = (v: Tensor): Tensor => apply('special', [v], { op: 'round' });
  const out = decimals > 0 ? r(f.mul(scale)).div(scale) : r(f.div(scale)).mul(scale);
  return t.dtype === 'int32' ? toDType(out, 'int32') : out;
}

/** Float operands of a binary special op: broadcast and promoted (int32 goes to float32). */
function floatPair(op: Special2Op, a: unknown, b: unknown, names: [string, string]): Tensor[] {
  const [x, y] = broadcastOperands(op, [a, b], names);
  return x!.dtype === 'int32' ? [toDType(x!, 'float32'), toDType(y!, 'float32')] : [x!, y!];
}

/**
 * The angle of the point (x, y) in (-pi, pi], with the quadrant from both signs (PyTorch's atan2(input = y,
 * other = x)); broadcasts. @example atan2(tensor([1]), tensor([-1])) // [3 pi / 4]
 */
export const atan2 = (y: TensorLike, x: TensorLike): Tensor => apply('special2', floatPair('atan2', y, x, ['y', 'x']), { op: 'atan2' });
/**
 * sqrt(a^2 + b^2) without overflow or underflow; broadcasts. The gradient at (0, 0) is 0.
 * @example hypot(tensor([3]), tensor([4])) // [5]
 */
export const hypot = (a: TensorLike, b: TensorLike): Tensor => apply('special2', floatPair('hypot', a, b, ['a', 'b']), { op: 'hypot' });

/** int32 fmod/remainder: a zero divisor is an error (PyTorch raises ZeroDivisionError), never a silent 0. */
function intPair(op: 'fmod' | 'remainder', a: unknown, b: unknown): Tensor[] {
  const [x, y] = broadcastOperands(op, [a, b], ['a', 'b']);
  if (x!.dtype === 'int32') {
    const d = elementsForCheck(y!);
    const at = d.indexOf(0);
    if (at >= 0) throw new ValueError(`${op}: integer division by zero (divisor b of shape [${y!._shape.join(',')}] is 0 at flat index ${at})`);
  }
  return [x!, y!];
}

/**
 * C's fmod: a - trunc(a / b) * b, exact, with the sign of a; broadcasts; int32 stays int32.
 * @example fmod(tensor([-3, 3]), 2) // [-1, 1]
 */
export const fmod = (a: TensorLike, b: TensorLike): Tensor => apply('special2', intPair('fmod', a, b), { op: 'fmod' });
/**
 * Python's modulus: a - floor(a / b) * b, with the sign of b; broadcasts; int32 stays int32.
 * @example remainder(tensor([-3, 3]), 2) // [1, 1]
 */
export const remainder = (a: TensorLike, b: TensorLike): Tensor => apply('special2', intPair('remainder', a, b), { op: 'remainder' });
