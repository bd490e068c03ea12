import type { Tensor } from '../../tensor/tensor.js';
import { zerosLike } from '../../creation/fill.js';
import { apply } from '../apply.js';
import { primitives } from '../index.js';
import type { JvpRule, PrimName, PrimParams, Primitive } from '../types.js';

/** The sum of the tangent terms that exist (null when none does). */
export function sumTerms(terms: readonly (Tensor | null)[]): Tensor | null {
  let acc: Tensor | null = null;
  for (const t of terms) if (t !== null) acc = acc === null ? t : acc.add(t);
  return acc;
}

/**
 * The jvp rule of a primitive whose Jacobian with respect to each input is diagonal (elementwise ops, after
 * the op has broadcast its inputs): a diagonal J is symmetric, J t = J^T t, so the tangent of the output is
 * the sum over inputs of the primitive's own vjp applied to that input's tangent.
 */
export function diagonalJvp<K extends PrimName>(name: K): JvpRule<PrimParams[K]> {
  return (tangents, { inputs, out, params }) => {
    // Looked up on use: the primitive table and the rule tables import each other.
    const vjp = (primitives[name] as Primitive<PrimParams[K]>).vjp!;
    return sumTerms(
      tangents.map((t, k) => {
        if (t === null) return null;
        const needs = inputs.map((_, j) => j === k);
        return vjp(t, { inputs, out, params, needs })[k] ?? null;
      }),
    );
  };
}

/** The rule of a primitive whose output has no tangent (integer results: indices, masks, comparisons). */
export const noTangent: JvpRule<unknown> = () => null;

/**
 * The rule of a primitive linear in its input `k` whose other inputs are constants (indices): the tangent is
 * the primitive applied to that input's tangent, the other inputs unchanged (d gather(x, i) = gather(dx, i)).
 */
export function linearIn<K extends PrimName>(name: K, k = 0): JvpRule<PrimParams[K]> {
  return (tangents, { inputs, params }) => {
    const t = tangents[k];
    if (t === null || t === undefined) return null;
    const xs = inputs.slice();
    xs[k] = t;
    return apply(name, xs, params);
  };
}

/** The rule of a primitive linear in all its inputs jointly (concat): zeros stand in for missing tangents. */
export function linearJoint<K extends PrimName>(name: K): JvpRule<PrimParams[K]> {
  return (tangents, { inputs, params }) =>
    tangents.every((t) => t === null) ? null : apply(name, tangents.map((t, k) => t ?? zerosLike(inputs[k]!)), params);
}
