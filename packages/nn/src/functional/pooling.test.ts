import { Generator, ShapeError, ValueError, randn, tensor, type Tensor } from '@nabla/autograd';
import { gradcheck, gradgradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { avgPool2d, maxPool2d } from './pooling.js';

const gen = new Generator(11);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator: gen });

type Reduce = (vals: number[], inWindow: number) => number;

/** Pooling by its definition: `reduce` sees the real elements of each window and the window's full size. */
function naivePool(x: Tensor, k: number[], s: number[], p: number[], d: number[], reduce: Reduce): number[] {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const X = x.data();
  const oh = Math.floor((h + 2 * p[0]! - d[0]! * (k[0]! - 1) - 1) / s[0]!) + 1;
  const ow = Math.floor((w + 2 * p[1]! - d[1]! * (k[1]! - 1) - 1) / s[1]!) + 1;
  const out: number[] = [];
  for (let pl = 0; pl < n * c; pl++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const vals: number[] = [];
        for (let a = 0; a < k[0]!; a++)
          for (let b = 0; b < k[1]!; b++) {
            const y = i * s[0]! - p[0]! + a * d[0]!;
            const xx = j * s[1]! - p[1]! + b * d[1]!;
            if (y >= 0 && y < h && xx >= 0 && xx < w) vals.push(X[(pl * h + y) * w + xx]!);
          }
        out.push(reduce(vals, k[0]! * k[1]!));
      }
  return out;
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 10);
};
const maxOf: Reduce = (v) => Math.max(...v);

describe('maxPool2d', () => {
  const cases: [string, number[], number[], number[], number[], number[]][] = [
    ['2x2 default stride', [2, 3, 6, 5], [2, 2], [2, 2], [0, 0], [1, 1]],
    ['3x3 stride 1 padding 1', [1, 2, 5, 5], [3, 3], [1, 1], [1, 1], [1, 1]],
    ['rectangular, dilated', [1, 1, 7, 8], [2, 3], [2, 1], [1, 0], [2, 2]],
  ];
  it.each(cases)('matches a nested-loop reference: %s', (_, xs, k, s, p, d) => {
    const x = rnd(xs);
    const out = maxPool2d(x, k, { stride: s, padding: p, dilation: d });
    close(out.data(), naivePool(x, k, s, p, d, maxOf));
  });

  it('sends the gradient of a tied window to its first max, and propagates NaN', () => {
    const x = tensor([[[[3, 3], [1, 3]]]], { requiresGrad: true });
    maxPool2d(x, 2).sum().backward();
    expect(x.grad!.toArray()).toEqual([[[[1, 0], [0, 0]]]]);
    const y = maxPool2d(tensor([[[[1, NaN, 2, 0]]]]), [1, 2]);
    expect(Number.isNaN(y.data()[0]!)).toBe(true);
    expect(y.data()[1]).toBe(2);
  });

  it('accepts unbatched [C, H, W] and pads with -Infinity', () => {
    const x = tensor([[[-5, -6], [-7, -8]]]);
    expect(maxPool2d(x, 2, { stride: 1, padding: 1 }).toArray()).toEqual([[[-5, -5, -6], [-5, -5, -6], [-7, -7, -8]]]);
  });

  it('passes gradcheck and gradgradcheck', () => {
    const x = rnd([1, 2, 5, 4]);
    expect(gradcheck((a) => maxPool2d(a, [3, 2], { stride: [2, 1], padding: 1 }), [x])).toBe(true);
    expect(gradgradcheck((a) => maxPool2d(a, 2).square(), [x])).toBe(true);
  });

  it('rejects bad sizes naming maxPool2d', () => {
    expect(() => maxPool2d(rnd([1, 1, 4, 4]), 2, { padding: 2 })).toThrow(ValueError);
    expect(() => maxPool2d(rnd([1, 1, 4, 4]), 2, { padding: 2 })).toThrow(/maxPool2d: padding \[2,2\] must be at most half the kernel size \[2,2\]/);
    expect(() => maxPool2d(rnd([1, 1, 2, 2]), 3)).toThrow(ShapeError);
    expect(() => maxPool2d(rnd([1, 1, 2, 2]), 3)).toThrow(/maxPool2d: kernel \[3,3\] .* larger than the padded input \[2,2\] of x \[1,1,2,2\]/);
    expect(() => maxPool2d(rnd([4, 4]), 2)).toThrow(/maxPool2d: x must be 4-D \[N, C, H, W\] or 3-D/);
    expect(() => maxPool2d(rnd([1, 1, 4, 4]), 2, { returnIndices: true } as never)).toThrow(/maxPool2d: option returnIndices is not supported/);
  });
});

describe('avgPool2d', () => {
  const mean: Reduce = (v) => v.reduce((a, b) => a + b, 0) / v.length;
  const meanFull: Reduce = (v, n) => v.reduce((a, b) => a + b, 0) / n;
  const cases: [string, number[], number[], number[], number[], boolean, Reduce][] = [
    ['2x2', [2, 2, 4, 6], [2, 2], [2, 2], [0, 0], true, meanFull],
    ['3x3 padded, counting the padding', [1, 2, 5, 4], [3, 3], [2, 1], [1, 1], true, meanFull],
    ['3x3 padded, not counting it', [1, 2, 5, 4], [3, 3], [2, 1], [1, 1], false, mean],
  ];
  it.each(cases)('matches a nested-loop reference: %s', (_, xs, k, s, p, countIncludePad, reduce) => {
    const x = rnd(xs);
    const out = avgPool2d(x, k, { stride: s, padding: p, countIncludePad });
    close(out.data(), naivePool(x, k, s, p, [1, 1], reduce));
  });

  it('divides by divisorOverride when given', () => {
    const x = tensor([[[[1, 2], [3, 4]]]]);
    expect(avgPool2d(x, 2, { divisorOverride: 2 }).toArray()).toEqual([[[[5]]]]);
  });

  it('passes gradcheck and gradgradcheck', () => {
    const x = rnd([1, 2, 4, 5]);
    expect(gradcheck((a) => avgPool2d(a, 3, { stride: 2, padding: 1, countIncludePad: false }), [x])).toBe(true);
    expect(gradgradcheck((a) => avgPool2d(a, 2, { stride: 1 }).square(), [x])).toBe(true);
  });

  it('rejects bad options naming avgPool2d', () => {
    expect(() => avgPool2d(rnd([1, 1, 4, 4]), 2, { stride: 0 })).toThrow(/avgPool2d: stride must be an integer >= 1 or 2 of them, got number 0/);
    expect(() => avgPool2d(rnd([1, 1, 4, 4]), 3, { padding: 2 })).toThrow(/avgPool2d: padding \[2,2\] must be at most half/);
  });
});
