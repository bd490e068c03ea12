import { GraphError, ValueError, describe, fmtShape } from '../errors.js';
import { detachTop } from '../transforms/levels.js';
import { primitives } from '../primitives/index.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor, type BackwardOptions } from '../tensor/tensor.js';
import { enableGrad, noGrad } from './grad-mode.js';
import { onesLike } from '../creation/fill.js';
import { anomalyEnabled, checkedBackward } from './anomaly.js';
import type { Node } from './node.js';

let epoch = 0;

/**
 * Tensors reachable from `root` through recorded ops, inputs before outputs. Iterative (explicit stacks)
 * so a graph a million ops deep does not overflow the call stack; each tensor is visited once, marked by
 * a per-sort epoch number rather than a Set (cheaper for large graphs).
 */
export function topoSort(root: Tensor): Tensor[] {
  const mark = ++epoch;
  const order: Tensor[] = [];
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  root._visited = mark;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top]!;
    const node = t._node;
    if (node && node.inputs === null) {
      throw new GraphError(
        `backward: the saved inputs of '${node.prim}' (output shape ${fmtShape(t._shape)}) were freed by an earlier backward; ` +
          `pass { retainGraph: true } to the first backward to run backward through this graph twice`,
      );
    }
    const inputs = node?.inputs;
    const i = next[top]!;
    if (inputs && i < inputs.length) {
      next[top] = i + 1;
      const x = inputs[i]!;
      if (x.requiresGrad && x._visited !== mark) {
        x._visited = mark;
        stack.push(x);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      order.push(t);
    }
  }
  return order;
}

/** Adds `g` into the map entry for `t` (a node's gradient is the sum over all its uses). */
function accumulate(grads: Map<Tensor, Tensor>, t: Tensor, g: Tensor): void {
  const prev = grads.get(t);
  grads.set(t, prev ? prev.add(g) : g);
}

function runHooks(t: Tensor, g: Tensor): Tensor {
  if (!t._hooks) return g;
  for (const hook of t._hooks.slice()) {
    const r: unknown = hook(g);
    if (r === undefined) continue;
    if (!(r instanceof Tensor)) {
      throw new ValueError(
        `backward: a hook on a tensor of shape ${fmtShape(t._shape)} returned ${describe(r)}; a hook must return a Tensor of that shape or nothing (hooks cannot be async)`,
      );
    }
    if (!sameShape(r._shape, t._shape)) {
      throw new GraphError(`backward: a hook returned a gradient of shape ${fmtShape(r._shape)} for a tensor of shape ${fmtShape(t._shape)}`);
    }
    g = r;
  }
  return g;
}

/** @internal The seed gradient: given (same shape as root), or 1 for a one-element root. */
export function checkSeed(root: Tensor, seed: Tensor | undefined, op = 'backward'): Tensor {
  if (seed !== undefined && !(seed instanceof Tensor)) {
    throw new ValueError(`${op}: the seed gradient must be a Tensor of the output's shape ${fmtShape(root._shape)} (or omitted), got ${describe(seed)}`);
  }
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new GraphError(
        `${op}: output has shape ${fmtShape(root._shape)}; pass a seed gradient of that shape or reduce to a scalar`,
      );
    }
    return onesLike(root);
  }
  if (!sameShape(seed._shape, root._shape)) {
    throw new GraphError(`${op}: seed gradient has shape ${fmtShape(seed._shape)} but the output has shape ${fmtShape(root._shape)}`);
  }
  return seed.dtype === root.dtype ? seed : seed.astype(root.dtype);
}

/** Options of one reverse sweep. */
interface SweepOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /** When given, gradients of these tensors are returned instead of being added into leaves' `.grad`. */
  targets?: ReadonlySet<Tensor>;
}

/**
 * Reverse-mode sweep: walks the graph in reverse topological order, calls each primitive's vjp once with
 * the summed gradient of its output, and either adds the results into leaves' `.grad` or collects the
 * gradients of `targets` (then only nodes on a path to a target run their vjp). Unless `retainGraph` is set,
 * each node's saved inputs are dropped after use so memory can be reclaimed (and a second sweep through
 * them throws).
 *
 * The sweep is all-or-nothing: leaf gradients are staged and added into `.grad` only once every vjp and
 * hook has succeeded, and saved inputs are freed only then, so a backward that throws part-way (a mutated
 * saved tensor, a hook returning the wrong shape, a custom op's bad gradient) changes no `.grad` and can be retried.
 */
export function sweep(root: Tensor, seed: Tensor, opts: SweepOptions): Map<Tensor, Tensor> {
  const { retainGraph, createGraph, targets } = opts;
  const order = topoSort(root);
  // With targets, only tensors with a path down to one of them need gradients; the rest is skipped.
  const needed = targets ? reaching(order, targets) : null;
  const grads = new Map<Tensor, Tensor>([[root, createGraph ? seed : detachTop(seed)]]);
  const found = new Map<Tensor, Tensor>();
  // Gradients for leaves (and retainGrad tensors), and nodes to free: committed only after the whole sweep.
  const staged = new Map<Tensor, Tensor>();
  const done: Node[] = [];
  const run = () => {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i]!;
      const gIn = grads.get(t);
      if (gIn === undefined || (needed && !needed.has(t))) continue;
      grads.delete(t);
      const g = runHooks(t, gIn);
      const node = t._node;
      if (targets) {
        if (targets.has(t)) found.set(t, g);
      } else if (node === null || t._retainsGrad) {
        accumulate(staged, t, g);
      }
      if (node === null) continue;
      const inputs = node.inputs!;
      checkVersions(t);
      const needs = inputs.map((x) => x.requiresGrad && (!needed || needed.has(x)));
      const gs = anomalyEnabled() ? checkedBackward(node, g, () => vjpOf(node, g, t, needs)) : vjpOf(node, g, t, needs);
      for (let k = 0; k < inputs.length; k++) {
        const x = inputs[k]!;
        const gx = gs[k];
        if (!x.requiresGrad || gx === null || gx === undefined || (needed && !needed.has(x))) continue;
        if (!sameShape(gx._shape, x._shape)) {
          throw new GraphError(
            `backward: internal error in '${node.prim}': gradient for input ${k} has shape ${fmtShape(gx._shape)} but the input has shape ${fmtShape(x._shape)}`,
          );
        }
        accumulate(grads, x, gx);
      }
      done.push(node);
    }
    for (const t of staged.keys()) checkExistingGrad(t);
    for (const [t, g] of staged) t.grad = t.grad ? t.grad.add(g) : g;
  };
  if (createGraph) enableGrad(run);
  else noGrad(run);
  if (!retainGraph) for (const node of done) node.inputs = null;
  return found;
}

/** A `.grad` the user assigned must be a Tensor of the tensor's shape before backward adds into it. */
function checkExistingGrad(t: Tensor): void {
  const g: unknown = t.grad;
  if (g === null || g === undefined) return;
  if (!(g instanceof Tensor)) {
    throw new ValueError(`backward: .grad of a tensor of shape ${fmtShape(t._shape)} is ${describe(g)}; it must be a Tensor of that shape or null`);
  }
  if (!sameShape(g._shape, t._shape)) {
    throw new GraphError(`backward: .grad has shape ${fmtShape(g._shape)} but its tensor has shape ${fmtShape(t._shape)}; cannot add the new gradient into it`);
  }
}

/** One node's input gradients: a custom op's own (validated) rule, or its primitive's from the table. */
function vjpOf(node: Node, g: Tensor, out: Tensor, needs: readonly boolean[]): readonly (Tensor | null | undefined)[] {
  const inputs = node.inputs!;
  if (node.custom) return node.custom.vjp(g, { inputs, out });
  const rule = primitives[node.prim].vjp;
  if (!rule) throw new GraphError(`backward: '${node.prim}' has no gradient but lies on the path to the output`);
  return rule(g, { inputs, out, params: node.params as never, needs });
}

/** The tensors of `order` (inputs first) that are a target or have a recorded path down to one. */
function reaching(order: readonly Tensor[], targets: ReadonlySet<Tensor>): Set<Tensor> {
  const found = new Set<Tensor>();
  for (const t of order) {
    if (targets.has(t) || t._node?.inputs?.some((x) => found.has(x))) found.add(t);
  }
  return found;
}

/** `Tensor.backward`: checks the root and seed, then sweeps, adding gradients into leaves' `.grad`. */
export function backward(root: Tensor, seed: Tensor | undefined, opts: BackwardOptions): void {
  checkRoot('backward', root);
  if (typeof opts !== 'object' || opts === null) throw new ValueError(`backward: options must be an object, got ${describe(opts)}`);
  const createGraph = opts.createGraph ?? false;
  sweep(root, checkSeed(root, seed), { createGraph, retainGraph: opts.retainGraph ?? createGraph });
}

/** @internal Throws unless `root` is part of a recorded graph. */
export function checkRoot(op: string, root: Tensor): void {
  if (root._cutBy !== null) {
    throw new GraphError(
      `${op}: output of shape ${fmtShape(root._shape)} does not require grad: '${root._cutBy}' lies on the path to the inputs and has no gradient (integer results such as comparisons, argmax and int32 casts cut the graph)`,
    );
  }
  if (!root.requiresGrad) {
    throw new GraphError(
      `${op}: output of shape ${fmtShape(root._shape)} does not require grad (no input requires grad, or it was made under noGrad)`,
    );
  }
}

function checkVersions(t: Tensor): void {
  const node = t._node!;
  const inputs = node.inputs!;
  for (let k = 0; k < inputs.length; k++) {
    const x = inputs[k]!;
    const saved = node.versions[k] ?? 0;
    if (x._storage.version !== saved) {
      throw new GraphError(
        `backward: input ${k} of '${node.prim}' (shape ${fmtShape(x._shape)}) was modified in place after it was saved ` +
          `(saved version ${saved}, current version ${x._storage.version}); ` +
          `do not step an optimizer or mutate a tensor between forward and backward`,
      );
    }
  }
}
