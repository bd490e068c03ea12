/**
 * The two digit classifiers: an MLP on the 64 flattened pixels and a small CNN on the 8 x 8 image.
 * Both are plain `Sequential`s, so their state dicts have PyTorch's names (`0.weight`, `3.bias`, ...).
 */
import { Generator, tensor, type Tensor } from '@nabla/autograd';
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@nabla/nn';
import { DIGIT_CLASSES, DIGIT_FEATURES } from '../lib/digits.js';

/** Which of the two models. */
export type ModelKind = 'mlp' | 'cnn';

/**
 * 64-128-10 MLP with a ReLU hidden layer.
 * @example makeMlp(new Generator(0)).forward(zeros([5, 64])).shape; // [5, 10]
 */
export function makeMlp(generator: Generator = new Generator(0)): Sequential {
  return new Sequential(new Linear(DIGIT_FEATURES, 128, { generator }), new ReLU(), new Linear(128, DIGIT_CLASSES, { generator }));
}

/**
 * Two conv blocks (3 x 3, padding 1, ReLU, 2 x 2 max pool): [N, 1, 8, 8] -> [N, 16, 4, 4] -> [N, 32, 2, 2],
 * then a linear layer from the 128 features to the 10 classes.
 * @example makeCnn(new Generator(0)).forward(zeros([5, 1, 8, 8])).shape; // [5, 10]
 */
export function makeCnn(generator: Generator = new Generator(0)): Sequential {
  return new Sequential(
    new Conv2d(1, 16, 3, { padding: 1, generator }), new ReLU(), new MaxPool2d(2),
    new Conv2d(16, 32, 3, { padding: 1, generator }), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Linear(32 * 2 * 2, DIGIT_CLASSES, { generator }),
  );
}

/** A fresh, seeded model of the given kind. */
export const makeModel = (kind: ModelKind, seed: number): Sequential => (kind === 'mlp' ? makeMlp : makeCnn)(new Generator(seed));

/** Row-major pixels of `count` images as the model's input: [count, 64] for the MLP, [count, 1, 8, 8] for the CNN. */
export function toInput(kind: ModelKind, features: Float32Array, count: number): Tensor {
  return tensor(features).reshape(kind === 'mlp' ? [count, DIGIT_FEATURES] : [count, 1, 8, 8]);
}
