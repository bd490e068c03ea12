import { Generator, ShapeError, ValueError, noGrad, randn, tensor, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck, gradgradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { linear } from '../functional/linear.js';
import { Linear } from './linear.js';
import { withParameters } from './with-parameters.js';

const generator = new Generator(3);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator });

describe('Linear', () => {
  it('computes x W^T + b with fixed weights (hand-computed)', () => {
    const fc = new Linear(3, 2);
    fc.loadStateDict({ weight: tensor([[1, 0, -1], [0.5, 2, 0]]), bias: tensor([0.25, -1]) });
    // row [1, 2, 3]: [1 - 3 + 0.25, 0.5 + 4 - 1] = [-1.75, 3.5]; row [0, -1, 4]: [-4 + 0.25, -2 - 1] = [-3.75, -3]
    expect(fc.forward(tensor([[1, 2, 3], [0, -1, 4]])).toArray()).toEqual([[-1.75, 3.5], [-3.75, -3]]);
    // extra leading axes and a 1-D input work as in PyTorch
    expect(fc.forward(zeros([4, 5, 3])).shape).toEqual([4, 5, 2]);
    expect(fc.forward(tensor([1, 2, 3])).toArray()).toEqual([-1.75, 3.5]);
  });

  it('has PyTorch layout and names, and bias: false drops the bias', () => {
    const fc = new Linear(4, 3);
    expect(fc.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([['weight', [3, 4]], ['bias', [3]]]);
    const nb = new Linear(4, 3, { bias: false, dtype: 'float64' });
    expect(nb.bias).toBeNull();
    expect(Object.keys(nb.stateDict())).toEqual(['weight']);
    expect(nb.weight.dtype).toBe('float64');
  });

  it('initialises weight and bias in U(-1/sqrt(in), 1/sqrt(in)) with the right spread, reproducibly', () => {
    const fc = new Linear(64, 512, { generator: new Generator(1) });
    const bound = 1 / 8;
    const w = Array.from(fc.weight.data());
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    const variance = w.reduce((a, v) => a + v * v, 0) / w.length;
    expect(Math.abs(variance / (bound ** 2 / 3) - 1)).toBeLessThan(0.05);
    const b = Array.from(fc.bias!.data());
    expect(Math.max(...b.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...b.map(Math.abs))).toBeGreaterThan(0.9 * bound);
    expect(new Linear(64, 512, { generator: new Generator(1) }).weight.data()).toEqual(fc.weight.data());
  });

  it('passes gradcheck and gradgradcheck w.r.t. input, weight and bias', () => {
    const fc = new Linear(3, 2, { dtype: 'float64' });
    const f = (x: Tensor, ...ws: Tensor[]) => withParameters(fc, ws, () => fc.forward(x));
    const args = [rnd([4, 3]), ...fc.parameters()];
    expect(gradcheck(f, args)).toBe(true);
    expect(gradgradcheck(f, args)).toBe(true);
    expect(gradcheck((x, w, b) => linear(x!, w!, b), [rnd([2, 3, 3]), rnd([2, 3]), rnd([2])])).toBe(true);
  });

  it('accumulates parameter gradients from backward (dL/dW = g^T x, dL/db = sum g)', () => {
    const fc = new Linear(2, 1);
    fc.loadStateDict({ weight: tensor([[1, 1]]), bias: tensor([0]) });
    fc.forward(tensor([[1, 2], [3, 4]])).sum().backward();
    expect(fc.weight.grad!.toArray()).toEqual([[4, 6]]);
    expect(fc.bias!.grad!.toArray()).toEqual([2]);
  });

  it('rejects a wrong feature size naming the layer and both shapes', () => {
    const fc = new Linear(4, 2);
    expect(() => fc.forward(zeros([3, 5]))).toThrow(ShapeError);
    expect(() => fc.forward(zeros([3, 5]))).toThrow('Linear(inFeatures=4, outFeatures=2): expected input of shape [*, 4] (last dimension 4), got [3,5]');
    expect(() => fc.forward(zeros([]))).toThrow(/got \[\]/);
    expect(() => fc.forward([1, 2, 3, 4] as unknown as Tensor)).toThrow(/x must be a Tensor, got an array of length 4/);
    expect(() => linear(zeros([2, 4]), zeros([2, 4]), zeros([3]))).toThrow('linear: bias must have shape [2] to match weight [2,4], got [3]');
    expect(() => new Linear(-1, 2)).toThrow(/inFeatures must be an integer >= 0, got number -1/);
    expect(() => new Linear(2.5, 2)).toThrow(ValueError);
    expect(() => new Linear(2, 2, { dtype: 'int32' as 'float32' })).toThrow(/dtype must be 'float32' or 'float64'/);
  });

  it('runs under noGrad without recording a graph', () => {
    const fc = new Linear(2, 2);
    expect(noGrad(() => fc.forward(zeros([1, 2]))).requiresGrad).toBe(false);
  });
});
