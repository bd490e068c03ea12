import { Generator, ShapeError, ValueError, randn, tensor, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck, gradgradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { batchNorm, layerNorm } from '../functional/normalization.js';
import { BatchNorm1d, BatchNorm2d, LayerNorm } from './normalization.js';
import { withParameters } from './with-parameters.js';

const generator = new Generator(8);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator });
const close = (t: Tensor | null, want: number[], digits = 6) => Array.from(t!.data()).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, digits));

describe('BatchNorm1d / BatchNorm2d', () => {
  // Channel 0 holds [1, 2, 3, 4]: mean 2.5, biased variance 1.25, unbiased 5/3.
  // Channel 1 holds [0, 0, 2, 2]: mean 1, biased variance 1, unbiased 4/3.
  const x = tensor([[1, 0], [2, 0], [3, 2], [4, 2]], { dtype: 'float64' });

  it('normalises with batch statistics in training and updates running stats with the unbiased variance', () => {
    const bn = new BatchNorm1d(2, { eps: 0, dtype: 'float64' });
    const s = Math.sqrt(1.25);
    close(bn.forward(x), [-1.5 / s, -1, -0.5 / s, -1, 0.5 / s, 1, 1.5 / s, 1], 12);
    close(bn.runningMean, [0.25, 0.1], 12);
    close(bn.runningVar, [0.9 + 0.1 * (5 / 3), 0.9 + 0.1 * (4 / 3)], 12);
    expect(bn.numBatchesTracked!.item()).toBe(1);
  });

  it('uses the running statistics in eval mode and leaves them unchanged', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64' });
    bn.loadStateDict({ ...bn.stateDict(), running_mean: tensor([1, -1], { dtype: 'float64' }), running_var: tensor([4, 0.25], { dtype: 'float64' }) });
    bn.loadStateDict({ ...bn.stateDict(), weight: tensor([2, 1], { dtype: 'float64' }), bias: tensor([0, 10], { dtype: 'float64' }) });
    bn.eval();
    const y = bn.forward(tensor([[3, 0]], { dtype: 'float64' }));
    close(y, [(2 * 2) / Math.sqrt(4 + 1e-5), 1 / Math.sqrt(0.25 + 1e-5) + 10], 10);
    close(bn.runningMean, [1, -1]);
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });

  it('momentum null keeps a cumulative average; 3-D input normalises over N and L', () => {
    const bn = new BatchNorm1d(1, { momentum: null, dtype: 'float64' });
    bn.forward(tensor([[[1, 3]]], { dtype: 'float64' })); // mean 2
    bn.forward(tensor([[[5, 7]]], { dtype: 'float64' })); // mean 6
    close(bn.runningMean, [4], 12); // (2 + 6) / 2
    expect(bn.numBatchesTracked!.item()).toBe(2);
  });

  it('BatchNorm2d reduces over N, H and W per channel', () => {
    const bn = new BatchNorm2d(2, { dtype: 'float64' });
    const y = bn.forward(rnd([3, 2, 4, 5]));
    const d = y.data();
    for (let c = 0; c < 2; c++) {
      const vals: number[] = [];
      for (let n = 0; n < 3; n++) for (let i = 0; i < 20; i++) vals.push(d[n * 40 + c * 20 + i]!);
      const mean = vals.reduce((a, v) => a + v, 0) / vals.length;
      expect(mean).toBeCloseTo(0, 10);
      expect(vals.reduce((a, v) => a + v * v, 0) / vals.length).toBeCloseTo(1, 3);
    }
  });

  it('without running stats or affine: no buffers, no parameters, batch statistics even in eval', () => {
    const bn = new BatchNorm1d(2, { trackRunningStats: false, affine: false, dtype: 'float64' });
    expect(bn.stateDict()).toEqual({});
    expect(bn.parameters()).toEqual([]);
    bn.eval();
    close(bn.forward(x).slice([[0, 1]]), [-1.5 / Math.sqrt(1.25 + 1e-5), -1 / Math.sqrt(1 + 1e-5)], 10);
  });

  it('pass gradcheck w.r.t. input, weight and bias (training and eval) and gradgradcheck in training', () => {
    const bn = new BatchNorm2d(2, { dtype: 'float64' });
    const f = (t: Tensor, ...ws: Tensor[]) => withParameters(bn, ws, () => bn.forward(t));
    const args = [rnd([3, 2, 2, 2]), rnd([2]), rnd([2])];
    expect(gradcheck(f, args)).toBe(true);
    expect(gradgradcheck(f, args)).toBe(true);
    bn.eval();
    expect(gradcheck(f, args)).toBe(true);
    expect(gradcheck((t, m, v) => batchNorm(t!, m!, v!.abs(), null, null, { training: false }), [rnd([4, 3]), rnd([3]), rnd([3])])).toBe(true);
  });

  it('reject wrong shapes naming the layer, and a single value per channel in training', () => {
    const bn = new BatchNorm2d(3);
    expect(() => bn.forward(zeros([2, 4, 5, 5]))).toThrow(ShapeError);
    expect(() => bn.forward(zeros([2, 4, 5, 5]))).toThrow('BatchNorm2d(numFeatures=3): expected input [N, C, H, W] with C = numFeatures, got [2,4,5,5]');
    expect(() => new BatchNorm1d(3).forward(zeros([2, 3, 4, 5]))).toThrow(/BatchNorm1d\(numFeatures=3\): expected input \[N, C\] or \[N, C, L\]/);
    const one = new BatchNorm1d(3);
    expect(() => one.forward(zeros([1, 3]))).toThrow('BatchNorm1d: expected more than 1 value per channel when training, got input of shape [1,3]');
    expect(one.numBatchesTracked!.item()).toBe(0); // nothing changed by the failed call
    expect(() => new BatchNorm1d(0)).toThrow(ValueError);
    expect(() => new BatchNorm1d(2, { eps: -1 })).toThrow(/eps must be >= 0/);
    expect(() => batchNorm(zeros([2, 3]), zeros([2]), zeros([3]))).toThrow('batchNorm: runningMean must have shape [3] for input [2,3], got [2]');
  });
});

describe('LayerNorm', () => {
  it('normalises each row with the biased variance (hand-computed)', () => {
    const ln = new LayerNorm(3, { eps: 0, dtype: 'float64' });
    const s = Math.sqrt(2 / 3);
    close(ln.forward(tensor([[1, 2, 3], [4, 6, 8]], { dtype: 'float64' })), [-1 / s, 0, 1 / s, -2 / Math.sqrt(8 / 3), 0, 2 / Math.sqrt(8 / 3)], 12);
    const ln2 = new LayerNorm(3);
    close(ln2.forward(tensor([[2, 2, 2]])), [0, 0, 0]); // constant row: 0 / sqrt(eps)
  });

  it('applies weight and bias of normalizedShape over several trailing axes', () => {
    const ln = new LayerNorm([2, 2], { dtype: 'float64' });
    expect(ln.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([['weight', [2, 2]], ['bias', [2, 2]]]);
    expect(new LayerNorm(4, { elementwiseAffine: false }).parameters()).toEqual([]);
    expect(new LayerNorm(4, { bias: false }).namedParameters().map(([n]) => n)).toEqual(['weight']);
    const y = layerNorm(tensor([[[0, 2], [4, 6]]], { dtype: 'float64' }), [2, 2], tensor([[1, 2], [1, 2]], { dtype: 'float64' }), tensor([[0, 0], [1, 1]], { dtype: 'float64' }), { eps: 0 });
    const s = Math.sqrt(5); // mean 3, variance (9 + 1 + 1 + 9) / 4 = 5
    close(y, [-3 / s, (2 * -1) / s, 1 / s + 1, (2 * 3) / s + 1], 12);
  });

  it('passes gradcheck and gradgradcheck w.r.t. input, weight and bias', () => {
    const ln = new LayerNorm([2, 3], { dtype: 'float64' });
    const f = (t: Tensor, ...ws: Tensor[]) => withParameters(ln, ws, () => ln.forward(t));
    const args = [rnd([2, 2, 3]), rnd([2, 3]), rnd([2, 3])];
    expect(gradcheck(f, args)).toBe(true);
    expect(gradgradcheck(f, args)).toBe(true);
  });

  it('rejects a mismatched trailing shape naming the layer and both shapes', () => {
    expect(() => new LayerNorm(4).forward(zeros([2, 5]))).toThrow('LayerNorm([4]): expected input with trailing shape [4] (shape [*, 4]), got [2,5]');
    expect(() => new LayerNorm([])).toThrow(/normalizedShape must be a non-negative integer or a non-empty list/);
    expect(() => layerNorm(zeros([2, 4]), 4, zeros([3]))).toThrow('layerNorm: weight must have shape [4], got [3]');
  });
});
