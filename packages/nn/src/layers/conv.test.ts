import { Generator, ShapeError, ValueError, randn, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck, gradgradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { conv1d, conv2d } from '../functional/conv.js';
import { avgPool2d, maxPool2d } from '../functional/pooling.js';
import { Conv1d, Conv2d } from './conv.js';
import { AvgPool2d, MaxPool2d } from './pooling.js';
import { withParameters } from './with-parameters.js';

const generator = new Generator(5);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator });

describe('Conv2d / Conv1d', () => {
  it('hold PyTorch-shaped parameters under PyTorch names', () => {
    const conv = new Conv2d(4, 6, [3, 2], { groups: 2 });
    expect(conv.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([['weight', [6, 2, 3, 2]], ['bias', [6]]]);
    expect(Object.keys(new Conv1d(3, 5, 4, { bias: false }).stateDict())).toEqual(['weight']);
    expect(new Conv1d(3, 5, 4).weight.shape).toEqual([5, 3, 4]);
    expect(new Conv2d(1, 1, 1, { dtype: 'float64' }).weight.dtype).toBe('float64');
  });

  it('initialise as PyTorch: weight and bias in U(-1/sqrt(fanIn), 1/sqrt(fanIn))', () => {
    const conv = new Conv2d(8, 64, 3, { generator: new Generator(1) }); // fanIn = 72
    const bound = 1 / Math.sqrt(72);
    for (const p of [conv.weight, conv.bias!]) {
      const d = Array.from(p.data()).map(Math.abs);
      expect(Math.max(...d)).toBeLessThanOrEqual(bound);
      expect(Math.max(...d)).toBeGreaterThan(0.9 * bound);
    }
    // 4608 weights: U(-b, b) has variance b^2 / 3; the sample variance is within a few percent of it.
    const w = Array.from(conv.weight.data());
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(Math.abs(variance / (bound ** 2 / 3) - 1)).toBeLessThan(0.06);
  });

  it('compute the functional convolution with their weights', () => {
    const conv = new Conv2d(2, 4, 3, { stride: 2, padding: 'valid', dilation: [1, 2], dtype: 'float64' });
    const x = rnd([2, 2, 7, 9]);
    expect(conv.forward(x).data()).toEqual(conv2d(x, conv.weight, conv.bias, { stride: 2, dilation: [1, 2] }).data());
    const c1 = new Conv1d(2, 3, 3, { padding: 'same', bias: false, dtype: 'float64' });
    const s = rnd([2, 6]);
    expect(c1.forward(s).data()).toEqual(conv1d(s, c1.weight, null, { padding: 1 }).data());
  });

  it('pass gradcheck w.r.t. input and every parameter, and Conv2d gradgradcheck', () => {
    const conv = new Conv2d(2, 2, 2, { padding: 1, groups: 2, dtype: 'float64' });
    const f = (x: Tensor, ...ws: Tensor[]) => withParameters(conv, ws, () => conv.forward(x));
    const args = [rnd([1, 2, 3, 3]), ...conv.parameters()];
    expect(gradcheck(f, args)).toBe(true);
    expect(gradgradcheck(f, args)).toBe(true);
    const c1 = new Conv1d(2, 3, 2, { stride: 2, dtype: 'float64' });
    expect(gradcheck((x, ...ws) => withParameters(c1, ws, () => c1.forward(x)), [rnd([2, 2, 5]), ...c1.parameters()])).toBe(true);
  });

  it('name the layer when the input has the wrong channel count', () => {
    const conv = new Conv2d(3, 8, 3);
    expect(() => conv.forward(zeros([1, 4, 5, 5]))).toThrow(ShapeError);
    expect(() => conv.forward(zeros([1, 4, 5, 5]))).toThrow(
      /Conv2d\(3, 8, kernelSize=\[3,3\]\): given groups=1, weight \[8,3,3,3\] expects 3 input channels, but x \[1,4,5,5\] has 4/,
    );
    expect(() => new Conv1d(2, 3, 2).forward(zeros([1, 2, 1]))).toThrow(/Conv1d\(2, 3, kernelSize=\[2\]\): kernel \[2\]/);
  });

  it('reject bad constructor arguments', () => {
    expect(() => new Conv2d(3, 8, 3, { groups: 2 })).toThrow(ValueError);
    expect(() => new Conv2d(3, 8, 3, { groups: 2 })).toThrow(/Conv2d: groups=2 must divide inChannels \(3\) and outChannels \(8\)/);
    expect(() => new Conv2d(3, 8, 3, { padding: 'same', stride: 2 })).toThrow(/Conv2d: padding='same' is not supported for strided convolutions/);
    expect(() => new Conv1d(3, 8, 0)).toThrow(/Conv1d: kernelSize must be an integer >= 1, got number 0/);
    expect(() => new Conv2d(0, 8, 3)).toThrow(/Conv2d: inChannels must be an integer >= 1, got number 0/);
    expect(() => new Conv2d(1, 1, 1, { paddingMode: 'reflect' } as never)).toThrow(/Conv2d: option paddingMode is not supported; got the string "reflect", only "zeros"/);
  });
});

describe('MaxPool2d / AvgPool2d', () => {
  it('apply the functional pooling with their options and have no parameters', () => {
    const x = rnd([1, 2, 6, 6]);
    const mp = new MaxPool2d(3, { stride: 2, padding: 1 });
    expect(mp.forward(x).data()).toEqual(maxPool2d(x, 3, { stride: 2, padding: 1 }).data());
    const ap = new AvgPool2d([2, 3], { countIncludePad: false, padding: 1 });
    expect(ap.forward(x).data()).toEqual(avgPool2d(x, [2, 3], { countIncludePad: false, padding: 1 }).data());
    expect(mp.parameters()).toEqual([]);
    expect(ap.stride).toEqual([2, 3]);
  });

  it('pass gradcheck w.r.t. their input', () => {
    const x = rnd([1, 1, 4, 4]);
    expect(gradcheck((a) => new MaxPool2d(2, { stride: 1 }).forward(a), [x])).toBe(true);
    expect(gradcheck((a) => new AvgPool2d(3, { stride: 1, padding: 1 }).forward(a), [x])).toBe(true);
  });

  it('reject bad options at construction', () => {
    expect(() => new MaxPool2d([2, 2, 2])).toThrow(/MaxPool2d: kernelSize must be an integer >= 1 or 2 of them, got an array of length 3/);
    expect(() => new AvgPool2d(2, { countIncludePad: 1 as unknown as boolean })).toThrow(/AvgPool2d: countIncludePad must be a boolean/);
    expect(() => new MaxPool2d(2, { ceilMode: true } as never)).toThrow(/MaxPool2d: option ceilMode is not supported; got boolean true/);
  });
});
