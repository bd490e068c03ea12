import { ValueError, describe } from '../errors.js';
import { attach, recordsGraph } from '../primitives/apply.js';
import { defaultGenerator } from '../random.js';
import { Tensor } from '../tensor/tensor.js';
import { topoSort } from './backward.js';
import { gradients } from './gradients.js';
import { enableGrad, isGradEnabled } from './grad-mode.js';
import { Node, type CustomRule } from './node.js';

/** Fresh leaves standing in for the inputs, so the recorded graph stops at them. */
const standIns = (inputs: readonly Tensor[]): Tensor[] =>
  inputs.map((x) => {
    const t = x.detach();
    if (x.requiresGrad) t.setRequiresGrad(true);
    return t;
  });

function runFn(fn: (...xs: Tensor[]) => Tensor, xs: Tensor[]): Tensor {
  const out: unknown = fn(...xs);
  if (!(out instanceof Tensor)) throw new ValueError(`checkpoint: fn must return a Tensor, got ${describe(out)}`);
  return out;
}

/**
 * Runs `fn(...inputs)` without keeping its intermediate results for backward: backward runs `fn` again
 * (with grad on) and differentiates that recomputation. Gradients equal those without checkpointing, for the
 * inputs and for any tensor `fn` uses from its closure (a model's parameters); memory held between forward
 * and backward drops to the inputs of each checkpointed segment, at the cost of a second forward.
 * Random ops inside `fn` that use the global generator draw the same numbers when recomputed (its state is
 * saved, as PyTorch's `preserve_rng_state`); an explicit `{ generator }` inside `fn` is not rewound.
 * Higher-order gradients (`createGraph`) work through it.
 * @example
 * const h = checkpoint((x) => block2(block1(x)), h0); // block1/block2 activations are recomputed in backward
 */
export function checkpoint(fn: (...inputs: Tensor[]) => Tensor, ...inputs: Tensor[]): Tensor {
  if (typeof fn !== 'function') throw new ValueError(`checkpoint: fn must be a function, got ${describe(fn)}`);
  inputs.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new ValueError(`checkpoint: input ${i} must be a Tensor, got ${describe(x)}`);
  });
  if (!isGradEnabled()) return runFn(fn, inputs);
  // One recorded run finds the tensors fn differentiates through (the inputs' stand-ins and the leaves it
  // captures, such as parameters); its graph is then dropped, so only one segment's worth is alive at once.
  // The global generator's state, so the recomputation draws the same random numbers (dropout masks), as
  // PyTorch's preserve_rng_state does.
  const rngState = defaultGenerator().getState();
  const xs = standIns(inputs);
  const probe = runFn(fn, xs);
  const fromInputs = new Set(xs);
  const captured = probe.requiresGrad
    ? topoSort(probe).filter((t) => t._node === null && t.requiresGrad && !fromInputs.has(t))
    : [];
  const out = probe.detach();
  const nodeInputs = [...inputs, ...captured];
  const rule: CustomRule = {
    name: 'checkpoint',
    vjp: (g) => {
      // Recompute with grad on, then differentiate the recomputation. When backward itself is recorded
      // (createGraph), the recomputation must hang off the real inputs so the gradient stays a function of them.
      const createGraph = isGradEnabled();
      const again = createGraph ? inputs.slice() : standIns(inputs);
      const gen = defaultGenerator();
      const now = gen.getState();
      gen.setState(rngState);
      let y: Tensor;
      try {
        y = enableGrad(() => runFn(fn, again));
      } finally {
        gen.setState(now); // the recomputation leaves the random stream where backward found it
      }
      const targets = [...again, ...captured];
      const wanted = [...new Set(targets.filter((t) => t.requiresGrad))];
      if (!y.requiresGrad || wanted.length === 0) return targets.map(() => null);
      const found = gradients(y, wanted, { seed: g, createGraph, allowUnused: true });
      // A tensor passed twice gets its whole gradient once (the node lists it twice).
      const byTarget = new Map(wanted.map((t, i) => [t, found[i]!]));
      return targets.map((t) => {
        const gx = byTarget.get(t) ?? null;
        byTarget.delete(t);
        return gx;
      });
    },
  };
  if (recordsGraph(out, nodeInputs)) attach(out, Node.custom(rule, nodeInputs));
  return out;
}
