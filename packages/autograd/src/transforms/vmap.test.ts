import { describe, expect, it } from 'vitest';
import { randn, rand } from '../creation/random.js';
import { bernoulli, poisson } from '../creation/sampling.js';
import { tensor } from '../creation/tensor.js';
import { ShapeError, ValueError } from '../errors.js';
import { stack } from '../ops/join.js';
import { Generator, manualSeed } from '../random.js';
import type { Tensor } from '../tensor/tensor.js';
import { vmap } from './vmap.js';

const gen = new Generator(11);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator: gen });
/** Slice b of x along `axis`. */
const at = (x: Tensor, axis: number, b: number) => x.select(axis, b);
const expectEqual = (a: Tensor, b: Tensor, tol = 1e-12) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.data(), b.data()];
  for (let i = 0; i < x.length; i++) if (!(Math.abs(x[i]! - y[i]!) <= tol * (1 + Math.abs(y[i]!)))) expect.fail(`element ${i}: ${x[i]} vs ${y[i]}`);
};

// A function of one example that uses many kinds of primitive: elementwise, reductions, shape ops, matmul.
const W = rnd([3, 4]);
const f = (x: Tensor, y: Tensor) => x.matmul(W).tanh().add(y.exp()).softmax(-1).mul(y).sum(0).concat([x.sum(0)], 0).flip(0);

describe('vmap', () => {
  it('equals stacking f over the batch (all arguments batched at axis 0)', () => {
    const xs = rnd([5, 2, 3]);
    const ys = rnd([5, 2, 4]);
    const loop = stack([0, 1, 2, 3, 4].map((b) => f(at(xs, 0, b), at(ys, 0, b))));
    expectEqual(vmap(f)(xs, ys), loop);
  });

  it('takes per-argument inAxes (null = shared, negative axes) and outAxes', () => {
    const xs = rnd([2, 5, 3]); // batch at axis 1
    const y = rnd([2, 4]); // shared
    const out = vmap(f, { inAxes: [-2, null], outAxes: 1 })(xs, y);
    const loop = stack([0, 1, 2, 3, 4].map((b) => f(at(xs, 1, b), y)), 1);
    expectEqual(out, loop);
  });

  it('maps functions with several outputs, and broadcasts outputs that do not depend on the batch', () => {
    const xs = rnd([4, 3]);
    const c = rnd([2]);
    const [a, b] = vmap((x: Tensor) => [x.square(), c.mul(2)], { outAxes: [0, 1] })(xs);
    expectEqual(a!, xs.square());
    expectEqual(b!, stack([0, 1, 2, 3].map(() => c.mul(2)), 1));
  });

  it('nests: vmap(vmap(f)) maps over two axes', () => {
    const xs = rnd([3, 4, 2, 3]);
    const ys = rnd([4, 2, 4]); // batched over the inner axis only
    const out = vmap((x: Tensor) => vmap(f)(x, ys))(xs);
    const loop = stack([0, 1, 2].map((i) => stack([0, 1, 2, 3].map((j) => f(at(at(xs, 0, i), 0, j), at(ys, 0, j))))));
    expectEqual(out, loop);
  });

  it('maps over an empty batch, giving empty results of the right shape', () => {
    expect(vmap(f)(rnd([0, 2, 3]), rnd([0, 2, 4])).shape).toEqual([0, 7]);
    expect(vmap((a: Tensor, b: Tensor) => a.matmul(b))(rnd([0, 2, 3, 4]), rnd([0, 2, 4, 5])).shape).toEqual([0, 2, 3, 5]);
  });

  it('passes arguments with inAxes null through unchanged, even non-tensors', () => {
    const xs = rnd([3, 2]);
    const out = vmap((x: Tensor, k: number) => x.mul(k), { inAxes: [0, null] })(xs, 3);
    expectEqual(out, xs.mul(3));
  });

  it('gathers with a batched index (per-example labels, as in a per-example loss)', () => {
    const logits = rnd([4, 5]);
    const labels = tensor([1, 4, 0, 2], { dtype: 'int32' });
    const nll = (z: Tensor, y: Tensor) => z.logSoftmax(-1).gather(0, y.reshape([1])).neg().sum();
    const loop = stack([0, 1, 2, 3].map((b) => nll(at(logits, 0, b), at(labels, 0, b))));
    expectEqual(vmap(nll)(logits, labels), loop);
  });
});

describe('vmap errors name the op and the axes, and leave the arguments unchanged', () => {
  const xs = rnd([4, 3]);
  const before = Array.from(xs.data());
  const unchanged = () => expect(Array.from(xs.data())).toEqual(before);

  it('rejects bad inAxes', () => {
    expect(() => vmap((x: Tensor) => x)(rnd([]))).toThrow(new ShapeError('vmap: inAxes = 0 is out of range for argument 0 of shape [] (a 0-d tensor has no axis to map over)'));
    expect(() => vmap((x: Tensor) => x, { inAxes: 2 })(xs)).toThrow(new ShapeError('vmap: inAxes = 2 is out of range for argument 0 of shape [4,3]'));
    expect(() => vmap((x: Tensor, y: Tensor) => x.add(y), { inAxes: [0, -3] })(xs, xs)).toThrow(
      new ShapeError('vmap: inAxes[1] = -3 is out of range for argument 1 of shape [4,3]'),
    );
    expect(() => vmap((x: Tensor) => x, { inAxes: [0, 0] })(xs)).toThrow(/vmap: inAxes has 2 entries but the function was called with 1 argument/);
    expect(() => vmap((x: Tensor) => x, { inAxes: null })(xs)).toThrow(new ValueError('vmap: inAxes is null for every argument; at least one argument must be batched'));
    expect(() => vmap((x: Tensor) => x, { inAxes: 0.5 })).toThrow(/vmap: inAxes must be an integer axis or null, or an array of them/);
    expect(() => vmap((x: number) => tensor([x]))(3 as never)).toThrow(/vmap: argument 0 is batched \(inAxes = 0\) but is not a Tensor, got number 3/);
    unchanged();
  });

  it('rejects mismatched batch sizes, naming both arguments and their axes', () => {
    expect(() => vmap((x: Tensor, y: Tensor) => x.add(y), { inAxes: [0, 1] })(xs, rnd([3, 3]))).toThrow(
      new ShapeError('vmap: batch sizes differ: argument 0 has size 4 along axis 0 (shape [4,3]), argument 1 has size 3 along axis 1 (shape [3,3])'),
    );
    unchanged();
  });

  it('rejects bad options and outputs', () => {
    expect(() => vmap((x: Tensor) => x, { randomness: 'maybe' as never })).toThrow(/vmap: randomness must be one of 'error', 'different', 'same', got/);
    expect(() => vmap((x: Tensor) => x, { inaxes: 0 } as never)).toThrow(/vmap: unknown option 'inaxes' \(did you mean 'inAxes'\?\)/);
    expect(() => vmap(3 as never)).toThrow(/vmap: expected a function, got number 3/);
    expect(() => vmap((x: Tensor) => x.sum().item() as never)(xs)).toThrow(/item: cannot read the values of a tensor batched by vmap \(shape \[\] per example\)/);
    expect(() => vmap((x: Tensor) => x, { outAxes: 2 })(xs)).toThrow(new ShapeError('vmap: outAxes = 2 is out of range for output 0 of shape [3] per example (valid: -2..1)'));
    unchanged();
  });

  it('refuses in-place writes to batched tensors and reading their values', () => {
    expect(() => vmap((x: Tensor) => x.mutate((d) => d.fill(0)))(xs)).toThrow(
      new ValueError('mutate: in-place write to a tensor of shape [3] batched inside vmap; in-place operations are not supported under vmap: use the out-of-place op'),
    );
    expect(() => vmap((x: Tensor) => tensor([0]).add(x.toArray() as never))(xs)).toThrow(/reading values: cannot read the values of a tensor batched by vmap/);
    unchanged();
  });

  it('prints a batched tensor as the batch it stands for (console.log inside f works)', () => {
    const seen: string[] = [];
    vmap((x: Tensor) => (seen.push(String(x)), x))(tensor([[1, 2], [3, 4]]));
    expect(seen).toEqual(['BatchedTensor(vmap, example shape [2], batch of 2: tensor([[1., 2.],\n        [3., 4.]], shape=[2,2], dtype=float32))']);
  });

  it('refuses a batched tensor that escaped its vmap call', () => {
    let kept: Tensor | null = null;
    vmap((x: Tensor) => (kept = x).mul(2))(xs);
    expect(() => kept!.add(1)).toThrow(/add: an input \(shapes \[3\], \[\]\) is a tensor traced by a vmap call that has already returned/);
  });
});

describe('vmap randomness', () => {
  const xs = rnd([3, 4]);

  it("'error' (the default) refuses random ops, naming them", () => {
    expect(() => vmap((x: Tensor) => x.add(randn([4])))(xs)).toThrow(/randn: drawing random numbers inside vmap, whose randomness is 'error' \(the default\)/);
    expect(() => vmap((x: Tensor) => x.mul(bernoulli(rand([4]))))(xs)).toThrow(/rand: drawing random numbers inside vmap/);
    const g = new Generator(0);
    expect(() => vmap((x: Tensor) => x.add(g.uniform()))(xs)).toThrow(/a random op: drawing random numbers inside vmap/);
  });

  it("'same' draws once for the whole batch; 'different' draws per example, as drawing the batch directly", () => {
    manualSeed(3);
    const same = vmap((x: Tensor) => x.mul(0).add(randn([4], { dtype: 'float64' })), { randomness: 'same' })(xs);
    for (let b = 1; b < 3; b++) expectEqual(at(same, 0, b), at(same, 0, 0));
    manualSeed(3);
    const diff = vmap((x: Tensor) => x.mul(0).add(randn([4], { dtype: 'float64' })), { randomness: 'different' })(xs);
    manualSeed(3);
    expectEqual(diff, randn([3, 4], { dtype: 'float64' }));
  });

  it("bernoulli batches its draws: 'different' equals drawing the batch at once; other samplers refuse, naming them", () => {
    const p = rand([3, 4], { dtype: 'float64', generator: new Generator(8) });
    manualSeed(5);
    const perExample = vmap((q: Tensor) => bernoulli(q), { randomness: 'different' })(p);
    manualSeed(5);
    expectEqual(perExample, bernoulli(p));
    expect(() => vmap((q: Tensor) => bernoulli(q))(p)).toThrow(/rand: drawing random numbers inside vmap, whose randomness is 'error'/);
    expect(() => vmap((q: Tensor) => poisson(q), { randomness: 'different' })(p)).toThrow(
      /poisson: cannot give each example of a vmap with randomness 'different' its own draw/,
    );
  });
});
