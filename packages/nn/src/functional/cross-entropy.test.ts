import { DTypeError, Generator, ShapeError, ValueError, rand, randn, tensor, zeros, type NestedArray } from '@nabla/autograd';
import { gradcheck, gradgradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { crossEntropy, nllLoss } from './cross-entropy.js';

const f64 = (d: NestedArray) => tensor(d, { dtype: 'float64' });
const labels = (d: number[] | number[][] | number) => tensor(d, { dtype: 'int32' });

const rows = [[1, 2, 3], [1, 1, 1]];
const logp = (row: number[]) => {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
  return row.map((v) => v - lse);
};
const lp = rows.map(logp); // lp[0][2] = -0.40760596, lp[1][0] = -log 3
const logits = f64(rows);

describe('crossEntropy with class indices', () => {
  it('matches -log softmax at the target, averaged', () => {
    const want = [-lp[0]![2]!, -lp[1]![0]!];
    expect(want[1]).toBeCloseTo(Math.log(3), 14);
    const none = crossEntropy(logits, labels([2, 0]), { reduction: 'none' }).data();
    want.forEach((w, i) => expect(none[i]).toBeCloseTo(w, 12));
    expect(crossEntropy(logits, labels([2, 0])).item()).toBeCloseTo((want[0]! + want[1]!) / 2, 12);
    expect(crossEntropy(logits, labels([2, 0]), { reduction: 'sum' }).item()).toBeCloseTo(want[0]! + want[1]!, 12);
  });

  it('weights by class and divides the mean by the total weight of the used targets', () => {
    const w = f64([1, 2, 3]);
    expect(crossEntropy(logits, labels([2, 0]), { weight: w }).item()).toBeCloseTo((3 * -lp[0]![2]! + 1 * -lp[1]![0]!) / 4, 12);
  });

  it('skips ignoreIndex targets; an all-ignored batch gives NaN with mean (as PyTorch) and 0 with sum', () => {
    expect(crossEntropy(logits, labels([2, -100])).item()).toBeCloseTo(-lp[0]![2]!, 12);
    expect(crossEntropy(logits, labels([7, 1]), { ignoreIndex: 7 }).item()).toBeCloseTo(-lp[1]![1]!, 12);
    expect(crossEntropy(logits, labels([-100, -100])).item()).toBeNaN();
    expect(crossEntropy(logits, labels([-100, -100]), { reduction: 'sum' }).item()).toBe(0);
    expect(Array.from(crossEntropy(logits, labels([-100, 0]), { reduction: 'none' }).data())[0]).toBe(0);
  });

  it('label smoothing mixes in -sum_c w_c logp_c / C with PyTorch normalisation', () => {
    const e = 0.1;
    const smooth = lp.map((r) => -r.reduce((a, v) => a + v, 0));
    const nll = [-lp[0]![2]!, -lp[1]![0]!];
    expect(crossEntropy(logits, labels([2, 0]), { labelSmoothing: e }).item())
      .toBeCloseTo(((1 - e) * (nll[0]! + nll[1]!) + (e / 3) * (smooth[0]! + smooth[1]!)) / 2, 12);
    const w = [1, 2, 3];
    const wsmooth = lp.map((r) => -r.reduce((a, v, c) => a + w[c]! * v, 0));
    expect(crossEntropy(logits, labels([2, 0]), { labelSmoothing: e, weight: f64(w) }).item())
      .toBeCloseTo(((1 - e) * (3 * nll[0]! + nll[1]!) + (e / 3) * (wsmooth[0]! + wsmooth[1]!)) / 4, 12);
  });

  it('handles [N, C, d] inputs with [N, d] targets and an unbatched [C] input with a 0-d target', () => {
    const x = randn([2, 3, 4], { dtype: 'float64', generator: new Generator(1) });
    const t = labels([[0, 1, 2, 1], [2, 2, 0, 1]]);
    const flat = crossEntropy(x.permute(0, 2, 1).reshape([8, 3]), t.reshape([8]), { reduction: 'none' });
    expect(crossEntropy(x, t, { reduction: 'none' }).reshape([8]).data()).toEqual(flat.data());
    expect(crossEntropy(f64([1, 2, 3]), labels(2)).item()).toBeCloseTo(-lp[0]![2]!, 12);
  });

  it('is stable for logits of +-1e4', () => {
    expect(crossEntropy(tensor([[1e4, -1e4]]), labels([1])).item()).toBe(2e4);
    expect(crossEntropy(tensor([[1e4, -1e4]]), labels([0])).item()).toBe(0);
  });

  it('passes gradcheck (weight, smoothing, ignored rows) and gradgradcheck', () => {
    const x = randn([4, 3], { dtype: 'float64', generator: new Generator(2) });
    const t = labels([0, 2, -100, 1]);
    const w = f64([0.5, 1, 2]);
    expect(gradcheck((a) => crossEntropy(a!, t, { weight: w, labelSmoothing: 0.2 }), [x])).toBe(true);
    expect(gradgradcheck((a) => crossEntropy(a!, t, { weight: w }), [x])).toBe(true);
    expect(gradgradcheck((a) => crossEntropy(a!, t, { labelSmoothing: 0.1, reduction: 'none' }), [x])).toBe(true);
  });
});

describe('crossEntropy with class probabilities', () => {
  it('computes -sum y logp per sample, with optional smoothing and weight, mean over samples', () => {
    const y = f64([[0.2, 0.3, 0.5], [1, 0, 0]]);
    const per = [0, 1].map((i) => -[0.2, 0.3, 0.5, 1, 0, 0].slice(3 * i, 3 * i + 3).reduce((a, v, c) => a + v * lp[i]![c]!, 0));
    expect(crossEntropy(logits, y).item()).toBeCloseTo((per[0]! + per[1]!) / 2, 12);
    // A one-hot probability target equals the index target.
    expect(crossEntropy(logits, f64([[0, 0, 1], [1, 0, 0]])).item()).toBeCloseTo(crossEntropy(logits, labels([2, 0])).item(), 12);
    expect(crossEntropy(logits, f64([[0, 0, 1], [1, 0, 0]]), { labelSmoothing: 0.3 }).item())
      .toBeCloseTo(crossEntropy(logits, labels([2, 0]), { labelSmoothing: 0.3 }).item(), 12);
    const w = f64([1, 2, 3]);
    expect(crossEntropy(logits, y, { weight: w, reduction: 'sum' }).item())
      .toBeCloseTo(-[0.2, 0.3, 0.5].reduce((a, v, c) => a + (c + 1) * v * lp[0]![c]!, 0) - lp[1]![0]!, 12);
  });

  it('passes gradcheck and gradgradcheck w.r.t. logits and targets', () => {
    const g = new Generator(3);
    const x = randn([3, 4], { dtype: 'float64', generator: g });
    const y = rand([3, 4], { dtype: 'float64', generator: g });
    expect(gradcheck((a, b) => crossEntropy(a!, b!), [x, y])).toBe(true);
    expect(gradgradcheck((a, b) => crossEntropy(a!, b!, { labelSmoothing: 0.1 }), [x, y])).toBe(true);
  });
});

describe('nllLoss', () => {
  it('equals crossEntropy of the log-softmax, with weight and ignoreIndex', () => {
    const w = f64([2, 1, 1]);
    const t = labels([2, 0]);
    expect(nllLoss(logits.logSoftmax(1), t, { weight: w }).item()).toBeCloseTo(crossEntropy(logits, t, { weight: w }).item(), 12);
    expect(nllLoss(f64([[-1, -2], [-3, -4]]), labels([1, -100]), { reduction: 'sum' }).item()).toBe(2);
    expect(gradcheck((a) => nllLoss(a!, labels([1, 0]), { weight: f64([3, 4]) }), [f64([[-1, -2], [-3, -4]])])).toBe(true);
  });
});

describe('label and shape errors are thrown before computing, naming index, value and range', () => {
  it.each([
    [[0, 3], 'crossEntropy: target 3 at index [1] is out of bounds for 3 classes (valid: [0, 2], or ignoreIndex -100)'],
    [[-1, 0], 'crossEntropy: target -1 at index [0] is out of bounds for 3 classes (valid: [0, 2], or ignoreIndex -100)'],
  ])('int32 labels %j', (t, msg) => {
    expect(() => crossEntropy(logits, labels(t))).toThrow(ValueError);
    expect(() => crossEntropy(logits, labels(t))).toThrow(msg);
  });

  it('float labels must hold integers (NaN and fractions are errors); integral floats are accepted', () => {
    expect(() => crossEntropy(logits, f64([1.5, 0]))).toThrow('crossEntropy: target at index [0] is 1.5, not an integer class index (valid: [0, 2] for 3 classes)');
    expect(() => crossEntropy(logits, f64([0, Number.NaN]))).toThrow(/target at index \[1\] is NaN, not an integer class index/);
    expect(crossEntropy(logits, f64([2, 0])).item()).toBeCloseTo(crossEntropy(logits, labels([2, 0])).item(), 14);
    expect(() => nllLoss(f64([[[-1]], [[-2]]]), labels([[0], [5]]))).toThrow('nllLoss: target 5 at index [1,0] is out of bounds for 1 classes (valid: [0, 0], or ignoreIndex -100)');
  });

  it('target shape must be the input shape without the class axis ([N] vs [N, 1] is an error)', () => {
    expect(() => crossEntropy(logits, labels([[2], [0]]))).toThrow(ShapeError);
    expect(() => crossEntropy(logits, labels([[2], [0]]))).toThrow('crossEntropy: class-index target must have shape [2] for input [2,3] (classes on axis 1), got [2,1]');
    expect(() => crossEntropy(logits, labels([0, 1, 2]))).toThrow(/got \[3\]/);
    expect(() => crossEntropy(logits, f64([[0.5, 0.5], [1, 0]]))).toThrow(/class-index target must have shape \[2\].*got \[2,2\]/);
    expect(() => crossEntropy(logits, labels([0, 1]), { weight: f64([1, 2]) })).toThrow('crossEntropy: weight must have shape [3] (one per class), got [2]');
    expect(() => crossEntropy(zeros([]), labels(0))).toThrow(/input must be \[C\], \[N, C\] or \[N, C, d1, ...\]/);
  });

  it('rejects bad options and operand types', () => {
    expect(() => crossEntropy(logits, labels([0, 1]), { labelSmoothing: 1.5 })).toThrow('crossEntropy: labelSmoothing must be in [0, 1], got 1.5');
    expect(() => crossEntropy(logits, labels([0, 1]), { ignoreIndex: 0.5 })).toThrow(/ignoreIndex must be an integer, got number 0.5/);
    expect(() => crossEntropy(labels([[0, 1]]), labels([0]))).toThrow(DTypeError);
    expect(() => nllLoss(logits, [0, 1] as never)).toThrow(/nllLoss: target must be a Tensor, got an array of length 2/);
  });
});
