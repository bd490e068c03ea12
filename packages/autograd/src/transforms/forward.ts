import { DTypeError, ValueError, describe, fmtShape } from '../errors.js';
import { zerosLike } from '../creation/fill.js';
import { checkFunction, checkLike } from '../autodiff/transform.js';
import { isFloat } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { withLevel, wrapDual } from './levels.js';

/**
 * Forward-mode product: evaluates f at `primals` and returns `[out, J v]`, the directional derivative of f
 * along `tangents` (one per primal, each of its shape). Computed in one forward pass: every primitive carries
 * a tangent beside its value and pushes it through its jvp rule (dual numbers: f(x + v e) = f(x) + J v e
 * with e^2 = 0), so the cost is about one extra evaluation of f whatever its output size.
 * @example
 * const [y, dy] = jvp((x: Tensor) => x.sin(), [x], [onesLike(x)]); // sin x, cos x
 */
export function jvp<A extends Tensor[]>(f: (...args: A) => Tensor, primals: A, tangents: readonly Tensor[]): [Tensor, Tensor] {
  return jvpAs('jvp', f, primals, tangents);
}

/** @internal `jvp` whose messages name `op` (jacfwd's calls say 'jacfwd'). */
export function jvpAs<A extends Tensor[]>(op: string, f: (...args: A) => Tensor, primals: A, tangents: readonly Tensor[]): [Tensor, Tensor] {
  checkFunction(op, f);
  if (!Array.isArray(primals) || primals.length === 0) throw new ValueError(`${op}: primals must be a non-empty array of Tensors, got ${describe(primals)}`);
  if (!Array.isArray(tangents) || tangents.length !== primals.length) {
    throw new ValueError(`${op}: tangents must be an array with one Tensor per primal (${primals.length}), got ${describe(tangents)}`);
  }
  primals.forEach((x: unknown, i) => {
    if (!(x instanceof Tensor)) throw new ValueError(`${op}: primal ${i} must be a Tensor, got ${describe(x)}`);
    if (!isFloat(x.dtype)) throw new DTypeError(`${op}: primal ${i} is ${x.dtype} of shape ${fmtShape(x._shape)}; only float tensors have tangents`);
    checkLike(op, `tangent ${i}`, tangents[i], x._shape);
  });
  return withLevel('dual', op, 0, 'same', (level) => {
    const duals = primals.map((x, i) => {
      const v = tangents[i]!;
      return wrapDual(x, v.dtype === x.dtype ? v : v.astype(x.dtype), level);
    }) as A;
    const out: unknown = f(...duals);
    if (!(out instanceof Tensor)) throw new ValueError(`${op}: f must return a Tensor, got ${describe(out)}`);
    const tr = out._tracer;
    if (tr !== null && tr.level === level && tr.kind === 'dual') return [tr.primal, tr.tangent];
    // An output that does not depend on the primals (or an integer one) has tangent zero.
    return [out, zerosLike(out)];
  });
}
