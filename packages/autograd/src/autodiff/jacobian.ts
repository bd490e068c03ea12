import { ValueError, describe } from '../errors.js';
import { zeros, zerosLike } from '../creation/fill.js';
import { stack } from '../ops/join.js';
import { allocate } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { gradAs } from './functional.js';
import { gradients } from './gradients.js';
import { enableGrad, isGradEnabled } from './grad-mode.js';
import { type ArgnumsOptions, callRecorded, callerDifferentiates, checkArgnums, checkFunction, checkLike, checkScalar, release, trace } from './transform.js';

/** A one-hot tensor like `like` with a 1 at flat position j: it selects row j of the Jacobian. */
function oneHot(like: Tensor, j: number): Tensor {
  const data = allocate(like.dtype, like.size);
  data[j] = 1;
  return Tensor._fromData(data, like.shape.slice(), like.dtype);
}

/**
 * Transforms f into the function computing its Jacobian with respect to argument `argnums` (default 0;
 * an array gives one Jacobian per listed argument). The Jacobian of an output of shape S with respect to an
 * argument of shape T has shape [...S, ...T]; it is built row by row, one vjp per output element with a
 * one-hot cotangent, so it suits small outputs. Nests like `grad` (`hessian` is `jacobian(grad(f))`).
 * @example
 * jacobian((x: Tensor) => w.matmul(x))(x); // w
 */
export function jacobian<A extends Tensor[]>(f: (...args: A) => Tensor, opts?: ArgnumsOptions<number>): (...args: A) => Tensor;
export function jacobian<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions<readonly number[]>): (...args: A) => Tensor[];
export function jacobian<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions): (...args: A) => Tensor | Tensor[];
export function jacobian<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions = {}): (...args: A) => Tensor | Tensor[] {
  checkFunction('jacobian', f);
  return jacobianAs('jacobian', f, opts);
}

/** `jacobian` whose errors name `op` (so `hessian`'s say 'hessian'). */
function jacobianAs<A extends Tensor[]>(op: string, f: (...args: A) => Tensor, opts: ArgnumsOptions): (...args: A) => Tensor | Tensor[] {
  return (...args: A) => {
    const t = trace(op, args, checkArgnums(op, opts.argnums, args.length));
    const out = callRecorded(op, f as (...args: Tensor[]) => Tensor, t.args);
    const rows: Tensor[][] = t.inputs.map(() => []);
    const createGraph = callerDifferentiates(out, t.own);
    if (out.requiresGrad) {
      for (let j = 0; j < out.size; j++) {
        const gs = gradients(out, t.inputs, { seed: oneHot(out, j), retainGraph: true, createGraph, allowUnused: true });
        gs.forEach((g, k) => rows[k]!.push(g));
      }
    }
    const jacs = t.inputs.map((x, k) => {
      const shape = [...out.shape, ...x.shape];
      const r = rows[k]!;
      return release(r.length === 0 ? zeros(shape, { dtype: x.dtype }) : stack(r, 0).reshape(shape), t.own);
    });
    return Array.isArray(opts.argnums) ? jacs : jacs[0]!;
  };
}

/**
 * Transforms f (tensors in, one-element tensor out) into the function computing its Hessian with respect
 * to argument `argnums` (default 0): shape [...x.shape, ...x.shape]. It is `jacobian(grad(f))`, so it costs
 * one reverse sweep per element of x; for large x use `hvp`.
 * @example
 * hessian((x: Tensor) => x.matmul(a).dot(x))(x); // a + a^T
 */
export function hessian<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions<number> = {}): (...args: A) => Tensor {
  checkFunction('hessian', f);
  if (Array.isArray(opts.argnums)) throw new ValueError(`hessian: argnums must be a single index, got ${describe(opts.argnums)}`);
  const g = gradAs('hessian', f as (...args: Tensor[]) => Tensor, opts.argnums);
  return jacobianAs('hessian', g, opts) as (...args: A) => Tensor;
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
  vs.forEach((vi: unknown, i) => checkLike('hvp', single ? 'v' : `v[${i}]`, vi, t.inputs[i]!.shape));
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
