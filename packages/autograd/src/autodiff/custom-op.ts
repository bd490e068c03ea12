import { GraphError, ValueError, describe, fmtShape } from '../errors.js';
import { attach, recordsGraph } from '../primitives/apply.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { anomalyEnabled, checkForward, pausingChecks } from './anomaly.js';
import { zerosLike } from '../creation/fill.js';
import { type Level, topLevel, unwrapDual, wrapDual } from '../transforms/levels.js';
import { enableGrad, noGrad } from './grad-mode.js';
import { gradients } from './gradients.js';
import { Node, type CustomRule } from './node.js';

/** What a custom op's vjp sees: its inputs (still in the graph) and its forward output. */
export interface CustomVjpContext {
  /** The inputs the op was called with, in order. */
  readonly inputs: readonly Tensor[];
  /** The op's forward result (reuse it instead of recomputing, e.g. `g.mul(out)` for exp). */
  readonly out: Tensor;
}

/** The definition `defineOp` turns into an op. */
export interface CustomOpDefinition {
  /** Names the op in error messages, `toString()`'s gradFn and graph pictures. */
  name: string;
  /** Computes the output; runs under `noGrad`, so any Tensor ops (or raw data) may be used. */
  forward(...inputs: Tensor[]): Tensor;
  /**
   * Maps the output's gradient `g` to one gradient per input, each of its input's exact shape (null for
   * an input that gets none). Written in Tensor ops, it is differentiable again (higher order).
   */
  vjp(g: Tensor, ctx: CustomVjpContext): readonly (Tensor | null)[];
  /**
   * Optional forward-mode rule: the output's tangent from the inputs' tangents (null for an input without
   * one), used by `jvp`, `jacfwd` and `hessian`. Without it the tangent is obtained from `vjp` by
   * transposition (J v = d/du <J^T u, v>, two reverse sweeps), which is exact but slower.
   */
  jvp?(tangents: readonly (Tensor | null)[], ctx: CustomVjpContext): Tensor;
}

/**
 * Defines a differentiable op with its own derivative rule, for numerical stability or speed (like
 * `torch.autograd.Function`). The op behaves like a built-in: it records a node only when grad mode is on
 * and an input requires grad, runs hooks, supports `retainGraph`, anomaly mode, and higher order when
 * `vjp` uses Tensor ops. No broadcasting is done for you: the vjp must return each input's exact shape,
 * otherwise backward throws a GraphError naming the op, the input and both shapes.
 *
 * @example
 * const cube = defineOp({
 *   name: 'cube',
 *   forward: (x) => x.mul(x).mul(x),
 *   vjp: (g, { inputs: [x] }) => [g.mul(x!.square()).mul(3)], // d x^3 = 3 x^2 dx
 * });
 * const y = cube(tensor([2], { requiresGrad: true })); // 8, gradient 12
 */
export function defineOp(def: CustomOpDefinition): (...inputs: Tensor[]) => Tensor {
  if (typeof def !== 'object' || def === null) throw new ValueError(`defineOp: expected { name, forward, vjp }, got ${describe(def)}`);
  const { name, forward, vjp, jvp } = def;
  if (typeof name !== 'string' || name === '') throw new ValueError(`defineOp: name must be a non-empty string, got ${describe(name)}`);
  if (typeof forward !== 'function') throw new ValueError(`defineOp '${name}': forward must be a function, got ${describe(forward)}`);
  if (typeof vjp !== 'function') throw new ValueError(`defineOp '${name}': vjp must be a function, got ${describe(vjp)}`);
  if (jvp !== undefined && typeof jvp !== 'function') throw new ValueError(`defineOp '${name}': jvp must be a function, got ${describe(jvp)}`);
  const rule: CustomRule = { name, vjp: (g, ctx) => checkGradients(name, ctx.inputs, vjp(g, ctx)) };
  const op = (...inputs: Tensor[]): Tensor => {
    inputs.forEach((x, i) => {
      if (!(x instanceof Tensor)) throw new ValueError(`${name}: input ${i} must be a Tensor, got ${describe(x)}`);
    });
    // Under forward-mode jvp the tangent comes from the op's own rule, not from differentiating its forward.
    const level = topLevel(inputs);
    if (level !== null && level.kind === 'dual') return applyCustomDual(name, op, rule, jvp, level, inputs);
    const run = (): unknown => noGrad(() => forward(...inputs));
    // In anomaly mode the ops inside forward are not checked one by one: the op is checked, and named, as a whole.
    const result = anomalyEnabled() ? pausingChecks(run) : run();
    if (!(result instanceof Tensor)) throw new ValueError(`${name}: forward must return a Tensor, got ${describe(result)}`);
    // A fresh tensor object, so a forward that returns an input (or a view of it) never re-labels that input.
    const out = result.detach();
    checkForward(name, inputs, out);
    if (recordsGraph(out, inputs)) attach(out, Node.custom(rule, inputs.slice()));
    return out;
  };
  return op;
}

/** A custom op on inputs carrying tangents at `level`: the op on the primals, its tangent from jvp or vjp. */
function applyCustomDual(
  name: string,
  op: (...inputs: Tensor[]) => Tensor,
  rule: CustomRule,
  jvp: CustomOpDefinition['jvp'],
  level: Level,
  inputs: readonly Tensor[],
): Tensor {
  const { primals, tangents } = unwrapDual(inputs, level);
  const out = op(...primals);
  const ctx = { inputs: primals, out };
  let t: unknown;
  if (jvp !== undefined) t = jvp(tangents, ctx);
  else {
    // J v = d/du <J^T u, v>: J^T u is linear in u, so its gradient with respect to u along v is J v.
    t = enableGrad(() => {
      const u = zerosLike(out).setRequiresGrad();
      const gs = rule.vjp(u, ctx);
      const terms = gs.flatMap((g, k) => (g !== null && tangents[k] !== null ? [g.mul(tangents[k]!).sum()] : []));
      const s = terms.reduce<Tensor | null>((a, b) => (a === null ? b : a.add(b)), null);
      return s !== null && s.requiresGrad ? gradients(s, [u], { createGraph: true, allowUnused: true })[0]! : zerosLike(out);
    });
  }
  if (!(t instanceof Tensor) || !sameShape(t._shape, out._shape)) {
    throw new GraphError(`${name}: jvp must return the output's tangent, a Tensor of shape ${fmtShape(out._shape)}, got ${t instanceof Tensor ? `shape ${fmtShape(t._shape)}` : describe(t)}`);
  }
  return wrapDual(out, t.dtype === out.dtype ? t : t.astype(out.dtype), level);
}

/** Validates a user vjp's result: an array of one Tensor (or null) per input, each of its input's shape. */
function checkGradients(name: string, inputs: readonly Tensor[], gs: unknown): (Tensor | null)[] {
  const shapes = inputs.map((x) => fmtShape(x._shape)).join(', ');
  if (!Array.isArray(gs)) {
    throw new GraphError(`${name}: vjp must return an array with one gradient per input (${inputs.length}: ${shapes}), got ${describe(gs)}`);
  }
  if (gs.length !== inputs.length) {
    throw new GraphError(
      `${name}: vjp returned ${gs.length} gradient(s) for ${inputs.length} input(s) (shapes ${shapes}); return one per input, null for none`,
    );
  }
  return gs.map((gx: unknown, k) => {
    const x = inputs[k]!;
    if (gx === null) return null;
    if (!(gx instanceof Tensor)) {
      throw new GraphError(`${name}: vjp returned ${describe(gx)} as the gradient of input ${k} (shape ${fmtShape(x._shape)}); expected a Tensor of that shape or null`);
    }
    if (!sameShape(gx._shape, x._shape)) {
      throw new GraphError(
        `${name}: vjp returned a gradient of shape ${fmtShape(gx._shape)} for input ${k} of shape ${fmtShape(x._shape)}; each gradient must have its input's exact shape`,
      );
    }
    // Like PyTorch, a gradient in another float dtype is cast to the input's.
    return gx.dtype === x.dtype || x.dtype === 'int32' ? gx : gx.astype(x.dtype);
  });
}
