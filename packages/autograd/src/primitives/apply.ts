import { captureSite, checkForward } from '../autodiff/anomaly.js';
import { isGradEnabled } from '../autodiff/grad-mode.js';
import { Node } from '../autodiff/node.js';
import { getBackend } from '../backend/registry.js';
import { ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { applyTraced } from '../transforms/interpret.js';
import { topLevel } from '../transforms/levels.js';
import { primitives } from './index.js';
import type { PrimName, PrimParams } from './types.js';

/**
 * Runs a primitive: forward through the current backend, then, if grad mode is on and some input requires
 * grad, records a Node on the output so backward can find the primitive's vjp. Inputs must already be
 * validated and broadcast by the calling op. Traced inputs (vmap, forward-mode jvp) go to their interpreter.
 */
export function apply<K extends PrimName>(name: K, inputs: Tensor[], params: PrimParams[K]): Tensor {
  const prim = primitives[name];
  let out: Tensor;
  const level = topLevel(inputs);
  if (level !== null) {
    // Under vmap or forward-mode jvp: the interpreter runs the rule on the level below (checked there).
    out = applyTraced(name, level, inputs, params);
  } else {
    try {
      out = prim.forward(getBackend(), inputs, params as never);
    } catch (e) {
      throw allocationError(name, inputs, e);
    }
    checkForward(name, inputs, out);
  }
  if (prim.vjp && recordsGraph(out, inputs)) attach(out, new Node(name, inputs, params));
  else if (isGradEnabled()) noteCut(name, out, inputs);
  return out;
}

/**
 * A kernel's RangeError from allocating its result (past the engine's typed-array limit, or out of memory,
 * e.g. `x.expand([1e5, 1e5]).add(1)`) becomes a ValueError naming the op and its input shapes; any other
 * error passes through unchanged.
 */
function allocationError(name: string, inputs: readonly Tensor[], e: unknown): unknown {
  if (!(e instanceof RangeError) || !/array length|allocation failed|array buffer/i.test(e.message)) return e;
  const shapes = inputs.map((x) => fmtShape(x._shape)).join(', ');
  return new ValueError(`${name}: cannot allocate the result for inputs of shape ${shapes} (${e.message}); the result is too large for one tensor`);
}

/**
 * Remembers, on a result that does not require grad, the op that cut it off from inputs that did (a
 * comparison, argmax, a cast to int32), and passes that name along through later ops, so a backward from
 * such a result can name the op instead of only saying there is no graph.
 */
function noteCut(name: string, out: Tensor, inputs: readonly Tensor[]): void {
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i]!;
    if (x.requiresGrad) {
      out._cutBy = name;
      return;
    }
    if (x._cutBy !== null) out._cutBy = x._cutBy;
  }
}

/**
 * Whether an op's output gets a Node: grad mode is on, some input requires grad, and the output is float
 * (integer results such as masks, indices and casts to int32 carry no gradient).
 */
export function recordsGraph(out: Tensor, inputs: readonly Tensor[]): boolean {
  if (out.dtype === 'int32' || !isGradEnabled()) return false;
  for (let i = 0; i < inputs.length; i++) if (inputs[i]!.requiresGrad) return true;
  return false;
}

/** Puts `node` on `out` (with the creation site in anomaly mode), making out a non-leaf that requires grad. */
export function attach(out: Tensor, node: Node): void {
  node.site = captureSite();
  out._node = node;
  out.requiresGrad = true;
}
