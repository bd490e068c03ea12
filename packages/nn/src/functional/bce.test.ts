import { Generator, ShapeError, ValueError, rand, randn, tensor, zeros } from '@nabla/autograd';
import { gradcheck, gradgradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { bceWithLogits, binaryCrossEntropy } from './bce.js';

const f64 = (d: number[] | number[][]) => tensor(d, { dtype: 'float64' });
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('binaryCrossEntropy', () => {
  it('matches -[y log p + (1 - y) log(1 - p)], with weight broadcast onto the input', () => {
    const p = f64([0.9, 0.2, 0.6]);
    const y = f64([1, 0, 0.25]);
    const want = [-Math.log(0.9), -Math.log(0.8), -(0.25 * Math.log(0.6) + 0.75 * Math.log(0.4))];
    Array.from(binaryCrossEntropy(p, y, { reduction: 'none' }).data()).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
    expect(binaryCrossEntropy(p, y).item()).toBeCloseTo((want[0]! + want[1]! + want[2]!) / 3, 12);
    const w = f64([[2], [0.5]]);
    const pp = f64([[0.9, 0.2, 0.6], [0.9, 0.2, 0.6]]);
    const yy = f64([[1, 0, 0.25], [1, 0, 0.25]]);
    expect(binaryCrossEntropy(pp, yy, { weight: w, reduction: 'sum' }).item()).toBeCloseTo(2.5 * (want[0]! + want[1]! + want[2]!), 12);
  });

  it('clamps each log at -100, so probabilities 0 and 1 give finite losses and gradients (0 where clamped)', () => {
    const p = f64([0, 1, 0, 1]).setRequiresGrad();
    const loss = binaryCrossEntropy(p, f64([1, 0, 0, 1]), { reduction: 'none' });
    expect(Array.from(loss.data(), (v) => v + 0)).toEqual([100, 100, 0, 0]);
    loss.sum().backward();
    // The derivative of the clamped loss: 0 through a clamped log, -1/p or 1/(1-p) through an unclamped one.
    // (PyTorch instead uses (p - y) / max(p (1 - p), 1e-12), which is not the derivative of its forward.)
    expect(Array.from(p.grad!.data(), (v) => v + 0)).toEqual([0, 0, 1, -1]);
  });

  it('passes gradcheck w.r.t. probabilities and targets inside (0, 1)', () => {
    const g = new Generator(2);
    const p = rand([3, 4], { dtype: 'float64', generator: g }).mul(0.9).add(0.05);
    const y = rand([3, 4], { dtype: 'float64', generator: g });
    expect(gradcheck((a, b) => binaryCrossEntropy(a!, b!), [p, y])).toBe(true);
  });

  it('rejects probabilities outside [0, 1] or NaN, naming the element, and mismatched shapes', () => {
    expect(() => binaryCrossEntropy(f64([0.5, 1.5]), f64([1, 0]))).toThrow('binaryCrossEntropy: input must hold probabilities in [0, 1]; element 1 (flat) of [2] is 1.5');
    expect(() => binaryCrossEntropy(f64([Number.NaN]), f64([1]))).toThrow(/element 0 \(flat\) of \[1\] is NaN/);
    expect(() => binaryCrossEntropy(f64([0.5]), f64([[1]]))).toThrow(ShapeError);
    expect(() => binaryCrossEntropy(f64([0.5, 0.5]), f64([1, 0]), { weight: f64([1, 2, 3]) })).toThrow('binaryCrossEntropy: weight of shape [3] does not broadcast to the input shape [2]');
  });
});

describe('bceWithLogits', () => {
  it('equals binaryCrossEntropy of sigmoid(z) for moderate logits, with posWeight scaling the positive term', () => {
    const z = f64([2, -1, 0.5, -3]);
    const y = f64([1, 0, 1, 0.5]);
    const ref = binaryCrossEntropy(z.sigmoid(), y, { reduction: 'none' }).data();
    Array.from(bceWithLogits(z, y, { reduction: 'none' }).data()).forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 12));
    // posWeight 3: -[3 y log s(z) + (1 - y) log(1 - s(z))]
    const want = [2, -1, 0.5, -3].map((v, i) => {
      const t = [1, 0, 1, 0.5][i]!;
      return -(3 * t * Math.log(sigmoid(v)) + (1 - t) * Math.log(1 - sigmoid(v)));
    });
    Array.from(bceWithLogits(z, y, { posWeight: f64([3]), reduction: 'none' }).data()).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
    const w = f64([1, 0, 2, 1]);
    expect(bceWithLogits(z, y, { weight: w, reduction: 'sum' }).item()).toBeCloseTo(ref[0]! + 2 * ref[2]! + ref[3]!, 12);
  });

  it('is exact for logits of +-1e4 in float32 and float64, with exact gradients sigmoid(z) - y', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const z = tensor([1e4, 1e4, -1e4, -1e4], { dtype, requiresGrad: true });
      const loss = bceWithLogits(z, tensor([0, 1, 0, 1], { dtype }), { reduction: 'none' });
      expect(Array.from(loss.data())).toEqual([1e4, 0, 0, 1e4]);
      loss.sum().backward();
      expect(Array.from(z.grad!.data())).toEqual([1, 0, 0, -1]);
    }
  });

  it('passes gradcheck and gradgradcheck w.r.t. logits and targets', () => {
    const g = new Generator(3);
    const z = randn([2, 3], { dtype: 'float64', generator: g }).mul(3);
    const y = rand([2, 3], { dtype: 'float64', generator: g });
    const pw = f64([0.5, 2, 4]);
    expect(gradcheck((a, b) => bceWithLogits(a!, b!, { posWeight: pw }), [z, y])).toBe(true);
    expect(gradgradcheck((a, b) => bceWithLogits(a!, b!, { posWeight: pw, reduction: 'none' }), [z, y])).toBe(true);
  });

  it('rejects shape mismatches and non-broadcastable weights', () => {
    expect(() => bceWithLogits(zeros([3]), zeros([3, 1]))).toThrow('bceWithLogits: input has shape [3] but target has shape [3,1]; they must match (no broadcasting)');
    expect(() => bceWithLogits(zeros([2, 3]), zeros([2, 3]), { posWeight: zeros([2]) })).toThrow('bceWithLogits: posWeight of shape [2] does not broadcast to the input shape [2,3]');
    expect(() => bceWithLogits(zeros([2]), zeros([2]), { weight: 'x' as never })).toThrow(ValueError);
  });
});
