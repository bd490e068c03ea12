import { ValueError, describe } from '../errors.js';
import { zerosLike } from '../creation/fill.js';
import { eye } from '../creation/ranges.js';
import { sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { jvpAs } from '../transforms/forward.js';
import { vmap } from '../transforms/vmap.js';
import { gradAs, vjp } from './functional.js';
import { gradients } from './gradients.js';
import { enableGrad, isGradEnabled } from './grad-mode.js';
import { type ArgnumsOptions, callRecorded, callerDifferentiates, checkArgnums, checkDifferentiable, checkFunction, checkLike, checkScalar, release, trace } from './transform.js';

/** One Jacobian per argnum, or the only one (as `argnums` was an array or not). */
type Jacobians = Tensor | Tensor[];

/** The identity basis for a tensor like `like`: [n, ...like.shape], row k the one-hot at flat position k. */
function basis(like: Tensor): Tensor {
  return eye(like.size, { dtype: like.dtype }).reshape([like.size, ...like._shape]);
}

/** f as a function of the arguments at `nums` only, the others fixed at their values in `args`. */
function partial(f: (...args: Tensor[]) => Tensor, args: readonly Tensor[], nums: readonly number[]): (...xs: Tensor[]) => Tensor {
  return (...xs: Tensor[]) => {
    const all = args.slice();
    nums.forEach((n, k) => (all[n] = xs[k]!));
    return f(...all);
  };
}

/**
 * Jacobian by reverse mode, vectorized: one vjp of f, then its pullback mapped (`vmap`) over the rows of the
 * identity, so every output element's row is computed in one batched backward pass instead of a loop (as
 * `jax.jacrev`). The Jacobian of an output of shape S with respect to an argument of shape T has shape
 * [...S, ...T]; `argnums` (default 0, or an array for one Jacobian per argument) picks the arguments.
 * Suits functions with fewer outputs than inputs.
 * @example
 * jacrev((x: Tensor) => w.matmul(x).tanh())(x); // shape [rows of w, x.size]
 */
export function jacrev<A extends Tensor[]>(f: (...args: A) => Tensor, opts?: ArgnumsOptions<number>): (...args: A) => Tensor;
export function jacrev<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions<readonly number[]>): (...args: A) => Tensor[];
export function jacrev<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions): (...args: A) => Jacobians;
export function jacrev<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions = {}): (...args: A) => Jacobians {
  checkFunction('jacrev', f);
  return jacrevAs('jacrev', f as (...args: Tensor[]) => Tensor, opts) as (...args: A) => Jacobians;
}

function jacrevAs(op: string, f: (...args: Tensor[]) => Tensor, opts: ArgnumsOptions): (...args: Tensor[]) => Jacobians {
  return (...args: Tensor[]) => {
    const nums = checkArgs(op, args, opts.argnums);
    const [out, pullback] = vjp(partial(f, args, nums), ...nums.map((n) => args[n]!));
    const rows = vmap((ct: Tensor) => pullback(ct))(basis(out));
    const jacs = rows.map((r, k) => r.reshape([...out._shape, ...args[nums[k]!]!._shape]));
    return Array.isArray(opts.argnums) ? jacs : jacs[0]!;
  };
}

/**
 * Jacobian by forward mode, vectorized: the forward-mode `jvp` of f mapped (`vmap`) over the identity's
 * rows as tangents, one column of the Jacobian each, all in one batched forward pass (as `jax.jacfwd`).
 * Same shapes and `argnums` as `jacrev`; suits functions with more outputs than inputs.
 * @example
 * jacfwd((x: Tensor) => x.sin())(x); // diag(cos x)
 */
export function jacfwd<A extends Tensor[]>(f: (...args: A) => Tensor, opts?: ArgnumsOptions<number>): (...args: A) => Tensor;
export function jacfwd<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions<readonly number[]>): (...args: A) => Tensor[];
export function jacfwd<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions): (...args: A) => Jacobians;
export function jacfwd<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions = {}): (...args: A) => Jacobians {
  checkFunction('jacfwd', f);
  return jacfwdAs('jacfwd', f as (...args: Tensor[]) => Tensor, opts) as (...args: A) => Jacobians;
}

function jacfwdAs(op: string, f: (...args: Tensor[]) => Tensor, opts: ArgnumsOptions): (...args: Tensor[]) => Jacobians {
  return (...args: Tensor[]) => {
    const nums = checkArgs(op, args, opts.argnums);
    const jacs = nums.map((n) => {
      const x = args[n]!;
      const g = partial(f, args, [n]);
      // cols: [x.size, ...out.shape], column k = J e_k; moved to the end it is J laid out as [...S, ...T].
      const cols = vmap((v: Tensor) => jvpAs(op, g, [x], [v])[1])(basis(x));
      const outShape = cols._shape.slice(1);
      return cols.reshape([x.size, sizeOf(outShape)]).transpose(0, 1).reshape([...outShape, ...x._shape]);
    });
    return Array.isArray(opts.argnums) ? jacs : jacs[0]!;
  };
}

function checkArgs(op: string, args: readonly unknown[], argnums: unknown): number[] {
  const nums = checkArgnums(op, argnums, args.length);
  checkDifferentiable(op, args, nums);
  return nums;
}

/**
 * The Jacobian of f with respect to argument `argnums` (default 0; an array gives one Jacobian per listed
 * argument), of shape [...S, ...T] for an output of shape S and an argument of shape T. Computed by
 * `jacrev` (reverse mode, all rows in one batched backward pass). Nests like `grad`.
 * @example
 * jacobian((x: Tensor) => w.matmul(x))(x); // w
 */
export function jacobian<A extends Tensor[]>(f: (...args: A) => Tensor, opts?: ArgnumsOptions<number>): (...args: A) => Tensor;
export function jacobian<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions<readonly number[]>): (...args: A) => Tensor[];
export function jacobian<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions): (...args: A) => Jacobians;
export function jacobian<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions = {}): (...args: A) => Jacobians {
  checkFunction('jacobian', f);
  return jacrevAs('jacobian', f as (...args: Tensor[]) => Tensor, opts) as (...args: A) => Jacobians;
}

/**
 * The Hessian of a scalar function f with respect to argument `argnums` (one index), of shape
 * [...x.shape, ...x.shape]: `jacfwd(jacrev(f))` as in JAX (forward over reverse: one batched forward pass
 * through the gradient's computation).
 * @example
 * hessian((x: Tensor) => x.pow(3).sum())(x); // diag(6x)
 */
export function hessian<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions<number> = {}): (...args: A) => Tensor {
  checkFunction('hessian', f);
  if (Array.isArray(opts.argnums)) throw new ValueError(`hessian: argnums must be a single index, got ${describe(opts.argnums)}`);
  const g = gradAs('hessian', f as (...args: Tensor[]) => Tensor, opts.argnums);
  return jacfwdAs('hessian', g, opts) as (...args: A) => Tensor;
}

/**
 * The Hessian-vector product H v of f (tensors in, one-element tensor out) at `x`, without forming H: the
 * gradient of <grad f(x), v> with respect to x (reverse over reverse; H is symmetric, so this is H v).
 * Pass one tensor for x and v, or arrays (one tangent per argument; the result is then an array).
 * @example
 * hvp((x: Tensor) => x.pow(3).sum(), x, v); // 6 x v
 */
export function hvp(f: (x: Tensor) => Tensor, x: Tensor, v: Tensor): Tensor;
export function hvp<A extends Tensor[]>(f: (...args: A) => Tensor, x: A, v: readonly Tensor[]): Tensor[];
export function hvp(f: (...args: Tensor[]) => Tensor, x: Tensor | readonly Tensor[], v: Tensor | readonly Tensor[]): Tensor | Tensor[] {
  checkFunction('hvp', f);
  const single = !Array.isArray(x);
  const xs = single ? [x as Tensor] : (x as readonly Tensor[]);
  const vs = single ? [v as Tensor] : v;
  if (xs.length === 0) throw new ValueError('hvp: x is an empty array; pass a Tensor or a non-empty array of Tensors');
  if (!Array.isArray(vs) || vs.length !== xs.length) {
    throw new ValueError(`hvp: v must be ${single ? 'a Tensor' : `an array of ${xs.length} Tensors`} like x, got ${describe(v)}`);
  }
  const t = trace('hvp', xs, xs.map((_, i) => i));
  vs.forEach((vi: unknown, i) => checkLike('hvp', single ? 'v' : `v[${i}]`, vi, t.inputs[i]!._shape));
  const out = callRecorded('hvp', f, t.args);
  checkScalar('hvp', out);
  const createGraph = callerDifferentiates(out, t.own) || (isGradEnabled() && vs.some((vi) => vi.requiresGrad));
  const hv = enableGrad(() => {
    if (!out.requiresGrad) return t.inputs.map((xi) => zerosLike(xi));
    const gs = gradients(out, t.inputs, { createGraph: true, allowUnused: true });
    const s = gs.map((g, i) => g.mul(vs[i]!).sum()).reduce((a, b) => a.add(b));
    if (!s.requiresGrad) return t.inputs.map((xi) => zerosLike(xi));
    return gradients(s, t.inputs, { createGraph, allowUnused: true });
  }).map((h) => release(h, t.own));
  return single ? hv[0]! : hv;
}
