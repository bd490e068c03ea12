import { Generator, ShapeError, ValueError, rand, randn, tensor, zeros } from '@nabla/autograd';
import { gradcheck, gradgradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { cosineSimilarity, hingeEmbeddingLoss, klDiv, multiMarginLoss } from './other-losses.js';

const f64 = (d: number[] | number[][]) => tensor(d, { dtype: 'float64' });
const labels = (d: number[]) => tensor(d, { dtype: 'int32' });
const near = (got: ArrayLike<number>, want: number[], digits = 12) => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, digits));

describe('klDiv', () => {
  const logq = f64([[Math.log(0.25), Math.log(0.75)], [Math.log(0.5), Math.log(0.5)]]);
  const p = f64([[0.5, 0.5], [1, 0]]);
  const pointwise = [0.5 * Math.log(0.5 / 0.25), 0.5 * Math.log(0.5 / 0.75), Math.log(1 / 0.5), 0];

  it('is target (log target - input), 0 where target = 0, with PyTorch reductions', () => {
    near(klDiv(logq, p, { reduction: 'none' }).data(), pointwise);
    const total = pointwise.reduce((a, v) => a + v, 0);
    expect(klDiv(logq, p).item()).toBeCloseTo(total / 4, 12); // 'mean' is over elements
    expect(klDiv(logq, p, { reduction: 'batchmean' }).item()).toBeCloseTo(total / 2, 12);
    expect(klDiv(logq, p, { reduction: 'sum' }).item()).toBeCloseTo(total, 12);
  });

  it('logTarget takes the target as log-probabilities', () => {
    const logp = f64([[Math.log(0.5), Math.log(0.5)], [0, -1e4]]);
    near(klDiv(logq, logp, { logTarget: true, reduction: 'none' }).data(), pointwise);
  });

  it('passes gradcheck w.r.t. input and target and gradgradcheck w.r.t. input; the t log t term has gradient 0 at t = 0', () => {
    const g = new Generator(4);
    const x = randn([2, 3], { dtype: 'float64', generator: g }).logSoftmax(1);
    const t = rand([2, 3], { dtype: 'float64', generator: g }).add(0.1);
    expect(gradcheck((a, b) => klDiv(a!, b!, { reduction: 'batchmean' }), [x, t])).toBe(true);
    expect(gradgradcheck((a) => klDiv(a!, t, { reduction: 'sum' }), [x])).toBe(true);
    expect(gradcheck((a, b) => klDiv(a!, b!, { logTarget: true }), [x, t.log()])).toBe(true);
    const tz = f64([0, 1]).setRequiresGrad();
    klDiv(f64([-1, -1]), tz, { reduction: 'sum' }).backward();
    // d/dt [t log t - t x] = log t + 1 - x; at t = 0 the t log t part contributes 0 (not -inf), leaving -x = 1.
    expect(Array.from(tz.grad!.data())).toEqual([1, 2]);
  });

  it('rejects mismatched shapes and unknown reductions', () => {
    expect(() => klDiv(zeros([2, 3]), zeros([3]))).toThrow('klDiv: input has shape [2,3] but target has shape [3]; they must match (no broadcasting)');
    expect(() => klDiv(zeros([2]), zeros([2]), { reduction: 'avg' as 'sum' })).toThrow(/reduction must be one of 'mean', 'batchmean', 'sum', 'none'/);
  });
});

describe('hingeEmbeddingLoss', () => {
  it('is x for y = 1 and max(0, margin - x) for y = -1', () => {
    const x = f64([0.3, 2, 0.5, -1]);
    const y = f64([1, -1, -1, 1]);
    near(hingeEmbeddingLoss(x, y, { reduction: 'none' }).data(), [0.3, 0, 0.5, -1]);
    expect(hingeEmbeddingLoss(x, y).item()).toBeCloseTo(-0.05, 12);
    near(hingeEmbeddingLoss(x, y, { margin: 3, reduction: 'none' }).data(), [0.3, 1, 2.5, -1]);
    expect(gradcheck((a) => hingeEmbeddingLoss(a!, y, { margin: 1.7 }), [x])).toBe(true);
    expect(() => hingeEmbeddingLoss(x, f64([1, -1]))).toThrow(ShapeError);
  });
});

describe('cosineSimilarity', () => {
  it('computes a.b / (|a||b|) along the axis; zero vectors give 0, not NaN', () => {
    near(cosineSimilarity(f64([[1, 0], [1, 1], [0, 0]]), f64([[0, 1], [2, 2], [1, 1]])).data(), [0, 1, 0]);
    near(cosineSimilarity(f64([[3, 4]]), f64([4, 3]), { axis: -1 }).data(), [24 / 25]); // broadcasts [2] to [1, 2]
    near(cosineSimilarity(f64([[1, 2], [3, 4]]), f64([[1, 2], [3, 4]]), { axis: 0 }).data(), [1, 1]);
  });

  it('passes gradcheck and gradgradcheck', () => {
    const g = new Generator(5);
    const a = randn([3, 4], { dtype: 'float64', generator: g });
    const b = randn([3, 4], { dtype: 'float64', generator: g });
    expect(gradcheck((x, y) => cosineSimilarity(x!, y!), [a, b])).toBe(true);
    expect(gradgradcheck((x, y) => cosineSimilarity(x!, y!, { axis: 0 }), [a, b])).toBe(true);
  });

  it('rejects shapes that do not broadcast and axes out of range', () => {
    expect(() => cosineSimilarity(zeros([2, 3]), zeros([2, 4]))).toThrow('cosineSimilarity: a [2,3] and b [2,4] do not broadcast (dim 1: 3 vs 4)');
    expect(() => cosineSimilarity(zeros([2, 3]), zeros([2, 3]), { axis: 2 })).toThrow(/axis 2 is out of range for 2-d inputs/);
  });
});

describe('multiMarginLoss', () => {
  const x = f64([[0.1, 0.2, 0.4, 0.8]]);

  it('matches sum_{j != y} max(0, margin - x[y] + x[j])^p / C (PyTorch docs example: 0.325)', () => {
    expect(multiMarginLoss(x, labels([3])).item()).toBeCloseTo(0.325, 12);
    expect(multiMarginLoss(x, labels([3]), { p: 2 }).item()).toBeCloseTo((0.09 + 0.16 + 0.36) / 4, 12);
    expect(multiMarginLoss(x, labels([3]), { margin: 0.5 }).item()).toBeCloseTo((0 + 0 + 0.1) / 4, 12);
    expect(multiMarginLoss(x, labels([3]), { weight: f64([1, 1, 1, 2]) }).item()).toBeCloseTo(0.65, 12);
    expect(multiMarginLoss(f64([0.1, 0.2, 0.4, 0.8]), tensor(3, { dtype: 'int32' })).item()).toBeCloseTo(0.325, 12);
  });

  it('passes gradcheck (p = 1 and 2) and gradgradcheck (p = 2)', () => {
    const s = randn([3, 5], { dtype: 'float64', generator: new Generator(6) });
    const t = labels([4, 0, 2]);
    expect(gradcheck((a) => multiMarginLoss(a!, t), [s])).toBe(true);
    expect(gradcheck((a) => multiMarginLoss(a!, t, { p: 2, weight: f64([1, 2, 3, 4, 5]) }), [s])).toBe(true);
    expect(gradgradcheck((a) => multiMarginLoss(a!, t, { p: 2, reduction: 'none' }), [s])).toBe(true);
  });

  it('rejects bad labels and options', () => {
    expect(() => multiMarginLoss(x, labels([4]))).toThrow(/multiMarginLoss: target 4 at index \[0\] is out of bounds for 4 classes/);
    expect(() => multiMarginLoss(x, labels([1]), { p: 3 as 1 })).toThrow(ValueError);
    expect(() => multiMarginLoss(zeros([1, 2, 3]), labels([0]))).toThrow(/input must be \[C\] or \[N, C\], got \[1,2,3\]/);
  });
});
