import { GraphError, ValueError, describe, fmtShape } from '../errors.js';
import { zerosLike } from '../creation/fill.js';
import { Tensor } from '../tensor/tensor.js';
import { checkRoot, checkSeed, sweep } from './backward.js';

/** Options of `gradients`. */
export interface GradientsOptions {
  /** Gradient of the output (required unless it has one element). */
  seed?: Tensor;
  /** Keep the saved tensors so the graph can be walked again (default: the value of `createGraph`). */
  retainGraph?: boolean;
  /** Record the sweep so the returned gradients can be differentiated again. */
  createGraph?: boolean;
  /** Return zeros for inputs the output does not depend on instead of throwing. */
  allowUnused?: boolean;
}

/**
 * The gradients of `output` with respect to `inputs` (like `torch.autograd.grad`), returned rather than
 * added into `.grad`: no tensor's `.grad` changes. An input the output does not depend on is an error
 * unless `allowUnused`, which gives zeros (our choice, documented, instead of PyTorch's None).
 * @example
 * const [dx] = gradients(x.mul(x).sum(), [x]); // 2x
 */
export function gradients(output: Tensor, inputs: readonly Tensor[], opts: GradientsOptions = {}): Tensor[] {
  if (!(output instanceof Tensor)) throw new ValueError(`gradients: output must be a Tensor, got ${describe(output)}`);
  if (!Array.isArray(inputs)) throw new ValueError(`gradients: inputs must be an array of Tensors, got ${describe(inputs)}`);
  inputs.forEach((x: unknown, i) => {
    if (!(x instanceof Tensor)) throw new ValueError(`gradients: input ${i} must be a Tensor, got ${describe(x)}`);
  });
  if (typeof opts !== 'object' || opts === null) throw new ValueError(`gradients: options must be an object, got ${describe(opts)}`);
  checkRoot('gradients', output);
  const createGraph = opts.createGraph ?? false;
  const found = sweep(output, checkSeed(output, opts.seed, 'gradients'), {
    createGraph,
    retainGraph: opts.retainGraph ?? createGraph,
    targets: new Set(inputs),
  });
  return inputs.map((x, i) => {
    const g = found.get(x);
    if (g) return g;
    if (opts.allowUnused) return zerosLike(x);
    throw new GraphError(
      `gradients: input ${i} (shape ${fmtShape(x.shape)}) is not used to compute the output (or does not require grad); pass allowUnused: true to get zeros`,
    );
  });
}
