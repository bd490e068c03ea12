import { ValueError, describe } from '../errors.js';
import { detachTop } from '../transforms/levels.js';
import { zerosLike } from '../creation/fill.js';
import type { Tensor } from '../tensor/tensor.js';
import { gradients } from './gradients.js';
import { isGradEnabled } from './grad-mode.js';
import {
  type ArgnumsOptions,
  callRecorded,
  callerDifferentiates,
  checkArgnums,
  checkFunction,
  checkLike,
  checkScalar,
  release,
  trace,
} from './transform.js';

export type { ArgnumsOptions } from './transform.js';

/** The value of f and its gradients, as `valueAndGrad` returns them. */
function valueAndGrads(op: string, f: (...args: Tensor[]) => Tensor, argnums: unknown, args: readonly Tensor[]): [Tensor, Tensor[]] {
  const t = trace(op, args, checkArgnums(op, argnums, args.length));
  const out = callRecorded(op, f, t.args);
  checkScalar(op, out);
  const outer = callerDifferentiates(out, t.own);
  // An f that does not depend on an argument has gradient zero there (as JAX), not an error.
  const gs = out.requiresGrad ? gradients(out, t.inputs, { createGraph: outer, allowUnused: true }) : t.inputs.map((x) => zerosLike(x));
  return [outer ? out : detachTop(out), gs.map((g) => release(g, t.own))];
}

/** @internal `grad` of one argument whose errors name `op` (hessian's inner gradient says 'hessian'). */
export function gradAs(op: string, f: (...args: Tensor[]) => Tensor, argnums: number | undefined): (...args: Tensor[]) => Tensor {
  return (...args: Tensor[]) => valueAndGrads(op, f, argnums, args)[1][0]!;
}

/**
 * Transforms f (tensors in, one-element tensor out) into the function computing its gradient with respect
 * to argument `argnums` (default 0; an array gives one gradient per listed argument), like `jax.grad`.
 * Transforms nest (`grad(grad(f))`), never touch any tensor's `.grad`, and restore grad mode if f throws.
 * When grad mode is on and the result depends on tensors that require grad, it stays in their graph.
 * @example
 * const df = grad((x: Tensor) => x.sin().sum());
 * df(tensor([0, 1])); // cos x = [1, 0.5403]
 * grad(grad(grad((x: Tensor) => x.sin().sum())))(x); // -cos x
 */
export function grad<A extends Tensor[]>(f: (...args: A) => Tensor, opts?: ArgnumsOptions<number>): (...args: A) => Tensor;
export function grad<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions<readonly number[]>): (...args: A) => Tensor[];
export function grad<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions): (...args: A) => Tensor | Tensor[];
export function grad<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions = {}): (...args: A) => Tensor | Tensor[] {
  checkFunction('grad', f);
  return (...args: A) => {
    const gs = valueAndGrads('grad', f as (...args: Tensor[]) => Tensor, opts.argnums, args)[1];
    return Array.isArray(opts.argnums) ? gs : gs[0]!;
  };
}

/**
 * Like `grad`, but the transformed function returns `[value, gradient(s)]`, computing f once.
 * @example
 * const [loss, dw] = valueAndGrad((w: Tensor) => w.square().sum())(w); // sum w^2, 2w
 */
export function valueAndGrad<A extends Tensor[]>(f: (...args: A) => Tensor, opts?: ArgnumsOptions<number>): (...args: A) => [Tensor, Tensor];
export function valueAndGrad<A extends Tensor[]>(
  f: (...args: A) => Tensor,
  opts: ArgnumsOptions<readonly number[]>,
): (...args: A) => [Tensor, Tensor[]];
export function valueAndGrad<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions): (...args: A) => [Tensor, Tensor | Tensor[]];
export function valueAndGrad<A extends Tensor[]>(f: (...args: A) => Tensor, opts: ArgnumsOptions = {}): (...args: A) => [Tensor, Tensor | Tensor[]] {
  checkFunction('valueAndGrad', f);
  return (...args: A) => {
    const [value, gs] = valueAndGrads('valueAndGrad', f as (...args: Tensor[]) => Tensor, opts.argnums, args);
    return [value, Array.isArray(opts.argnums) ? gs : gs[0]!];
  };
}

/**
 * Evaluates f at `primals` and returns `[out, pullback]`, where `pullback(ct)` gives the vector-Jacobian
 * products ct^T J_i, one per primal (each of its primal's shape). `ct` has out's shape; the pullback can be
 * called any number of times.
 * @example
 * const [y, pullback] = vjp((x: Tensor) => x.square(), x);
 * const [dx] = pullback(onesLike(y)); // 2x
 */
export function vjp<A extends Tensor[]>(f: (...args: A) => Tensor, ...primals: A): [Tensor, (ct: Tensor) => Tensor[]] {
  checkFunction('vjp', f);
  if (primals.length === 0) throw new ValueError('vjp: pass at least one primal Tensor after f');
  const t = trace('vjp', primals, primals.map((_, i) => i));
  const out = callRecorded('vjp', f as (...args: Tensor[]) => Tensor, t.args);
  const outer = callerDifferentiates(out, t.own);
  const pullback = (ct: Tensor): Tensor[] => {
    checkLike('vjp', 'the cotangent', ct, out._shape);
    if (!out.requiresGrad) return t.inputs.map((x) => zerosLike(x));
    const createGraph = isGradEnabled() && (outer || ct.requiresGrad);
    const gs = gradients(out, t.inputs, { seed: ct, retainGraph: true, createGraph, allowUnused: true });
    return gs.map((g) => release(g, t.own));
  };
  return [outer ? out : detachTop(out), pullback];
}
