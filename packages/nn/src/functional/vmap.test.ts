import { Generator, grad, randn, stack, tensor, vmap, type Tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { Linear } from '../layers/linear.js';
import { binaryCrossEntropy } from './bce.js';
import { crossEntropy } from './cross-entropy.js';
import { dropout } from './dropout.js';
import { embedding } from './embedding.js';
import { mseLoss } from './regression-losses.js';

// The losses and layers validate their inputs' values (labels, indices, probabilities); under vmap they check
// every example's values and build their results with ops, so per-example losses and gradients work.
const gen = new Generator(31);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator: gen });
const close = (a: Tensor, b: Tensor, tol = 1e-12) => {
  expect(a.shape).toEqual(b.shape);
  expect(a.sub(b).abs().max().item()).toBeLessThanOrEqual(tol);
};
const each = (n: number, f: (b: number) => Tensor) => stack(Array.from({ length: n }, (_, b) => f(b)));

describe('nn under vmap', () => {
  const xs = rnd([5, 4]);
  const labels = tensor([0, 2, 1, 2, 0], { dtype: 'int32' });

  it('per-example cross-entropy gradients of a Linear layer equal a loop', () => {
    const layer = new Linear(4, 3, { dtype: 'float64', generator: new Generator(1) });
    const w = layer.weight.detach();
    const loss = (w: Tensor, x: Tensor, y: Tensor) => crossEntropy(x.matmul(w.transpose()).add(layer.bias!), y);
    const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(w, xs, labels);
    close(perExample, each(5, (b) => grad(loss)(w, xs.select(0, b), labels.select(0, b))));
    // A layer called inside vmap sees one example at a time.
    close(vmap((x: Tensor) => layer.forward(x))(xs), each(5, (b) => layer.forward(xs.select(0, b))));
  });

  it('checks every example: an out-of-range label in one example is an error naming it', () => {
    const bad = tensor([0, 2, 7, 2, 0], { dtype: 'int32' });
    expect(() => vmap((z: Tensor, y: Tensor) => crossEntropy(z, y))(rnd([5, 3]), bad)).toThrow(/crossEntropy: target 7 at index .* is out of bounds for 3 classes/);
  });

  it('mseLoss, binaryCrossEntropy and embedding match the loop', () => {
    const ys = rnd([5, 4]);
    close(vmap((x: Tensor, y: Tensor) => mseLoss(x, y))(xs, ys), each(5, (b) => mseLoss(xs.select(0, b), ys.select(0, b))));
    const p = xs.sigmoid();
    const t = ys.gt(0).astype('float64');
    close(vmap((a: Tensor, b: Tensor) => binaryCrossEntropy(a, b))(p, t), each(5, (b) => binaryCrossEntropy(p.select(0, b), t.select(0, b))));
    const table = rnd([6, 2]);
    const idx = tensor([[0, 5], [3, 3], [1, 2]], { dtype: 'int32' });
    close(vmap((i: Tensor) => embedding(i, table))(idx), each(3, (b) => embedding(idx.select(0, b), table)));
  });

  it("dropout: randomness 'different' gives each example its own mask, 'same' one mask for all", () => {
    const ones = tensor(new Array(4 * 50).fill(1), { shape: [4, 50], dtype: 'float64' });
    const diff = vmap((x: Tensor) => dropout(x, { p: 0.5, generator: new Generator(2) }), { randomness: 'different' })(ones);
    expect(diff.select(0, 0).sub(diff.select(0, 1)).abs().sum().item()).toBeGreaterThan(0);
    const same = vmap((x: Tensor) => dropout(x, { p: 0.5, generator: new Generator(2) }), { randomness: 'same' })(ones);
    for (let b = 1; b < 4; b++) close(same.select(0, b), same.select(0, 0));
    expect(() => vmap((x: Tensor) => dropout(x, { p: 0.5 }))(ones)).toThrow(/rand: drawing random numbers inside vmap, whose randomness is 'error'/);
  });
});
