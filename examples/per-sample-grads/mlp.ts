/**
 * The digits MLP written as a pure function of one flat parameter vector theta, so that `grad(loss)` is the
 * gradient with respect to every weight at once and per-example gradients come out as the rows of one
 * [batch, parameters] matrix, ready to be clipped row by row.
 */
import { Generator, rand, type DType, type Tensor } from '@nabla/autograd';
import * as F from '@nabla/nn/functional';
import { DIGIT_CLASSES, DIGIT_FEATURES } from '../lib/digits.js';

/** Hidden units of the 64-H-10 MLP. */
export const HIDDEN = 32;

/** The four parameter blocks in theta, in order; weights are stored [in, out] so a layer is x @ W + b. */
const BLOCKS = [
  [DIGIT_FEATURES, HIDDEN],
  [HIDDEN],
  [HIDDEN, DIGIT_CLASSES],
  [DIGIT_CLASSES],
] as const;

/** Parameters in theta: 64 * 32 + 32 + 32 * 10 + 10 = 2,410. */
export const PARAMETER_COUNT = BLOCKS.reduce((n, shape) => n + shape.reduce((a: number, b: number) => a * b, 1), 0);

/**
 * A fresh theta, initialised as PyTorch initialises `nn.Linear`: every weight and bias of a layer with
 * fan-in k uniform in [-1/sqrt(k), 1/sqrt(k)].
 * @example initParams(0).shape; // [2410]
 */
export function initParams(seed: number, dtype: DType = 'float32'): Tensor {
  const generator = new Generator(seed);
  const parts = BLOCKS.map((shape) => {
    const bound = 1 / Math.sqrt(shape[0]!);
    const size = shape.reduce((a: number, b: number) => a * b, 1);
    return rand([size], { generator, dtype }).mul(2 * bound).sub(bound);
  });
  return parts[0]!.concat(parts.slice(1));
}

/** theta cut back into W1 [64, 32], b1 [32], W2 [32, 10], b2 [10] (views, so gradients flow into theta). */
function unpack(theta: Tensor): Tensor[] {
  const sizes = BLOCKS.map((shape) => shape.reduce((a: number, b: number) => a * b, 1));
  return theta.split(sizes).map((block, k) => block.reshape([...BLOCKS[k]!]));
}

/**
 * Logits of the MLP: relu(x W1 + b1) W2 + b2. `x` is one image [64] or a batch [N, 64] (matmul and the
 * broadcasting add handle both), giving [10] or [N, 10].
 * @example logits(initParams(0), zeros([64])).shape; // [10]
 */
export function logits(theta: Tensor, x: Tensor): Tensor {
  const [w1, b1, w2, b2] = unpack(theta);
  return x.matmul(w1!).add(b1!).relu().matmul(w2!).add(b2!);
}

/**
 * Cross-entropy of one example (x [64], an int32 label of shape []), or the mean over a batch (x [N, 64],
 * labels [N]). Under vmap, crossEntropy checks every example's label.
 * @example loss(theta, x[0], label) // a scalar tensor
 */
export function loss(theta: Tensor, x: Tensor, target: Tensor): Tensor {
  return F.crossEntropy(logits(theta, x), target);
}
