import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { ShapeError, ValueError } from '../errors.js';
import { Generator } from '../random.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';
import { fold, maxPool2dIndices, unfold } from './conv.js';

const gen = new Generator(7);
const rand = (shape: readonly number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Float64Array.from({ length: n }, () => gen.normal()), { dtype: 'float64', shape });
};

type Geo = { k: [number, number]; s: [number, number]; p: [number, number]; d: [number, number] };

/** im2col by the definition, one element at a time. */
function naiveUnfold(x: Float64Array, [n, c, h, w]: [number, number, number, number], { k, s, p, d }: Geo): number[] {
  const oh = Math.floor((h + 2 * p[0] - d[0] * (k[0] - 1) - 1) / s[0]) + 1;
  const ow = Math.floor((w + 2 * p[1] - d[1] * (k[1] - 1) - 1) / s[1]) + 1;
  const out: number[] = [];
  for (let b = 0; b < n!; b++)
    for (let ch = 0; ch < c!; ch++)
      for (let i = 0; i < k[0]; i++)
        for (let j = 0; j < k[1]; j++)
          for (let oy = 0; oy < oh; oy++)
            for (let ox = 0; ox < ow; ox++) {
              const iy = oy * s[0] - p[0] + i * d[0];
              const ix = ox * s[1] - p[1] + j * d[1];
              out.push(iy < 0 || iy >= h! || ix < 0 || ix >= w! ? 0 : x[((b * c! + ch) * h! + iy) * w! + ix]!);
            }
  return out;
}

const cases: [string, [number, number, number, number], Geo][] = [
  ['3x3 plain', [2, 2, 4, 5], { k: [3, 3], s: [1, 1], p: [0, 0], d: [1, 1] }],
  ['stride and padding', [1, 3, 5, 6], { k: [3, 2], s: [2, 3], p: [1, 2], d: [1, 1] }],
  ['dilation', [1, 1, 7, 6], { k: [2, 3], s: [1, 2], p: [2, 0], d: [3, 2] }],
  ['1 x k (conv1d)', [2, 2, 1, 9], { k: [1, 4], s: [1, 2], p: [0, 3], d: [1, 2] }],
];

describe('unfold / fold', () => {
  it.each(cases)('unfold matches the definition: %s', (_, shape, g) => {
    const x = rand(shape);
    const cols = unfold(x, g.k, { stride: g.s, padding: g.p, dilation: g.d });
    expect(cols.shape.slice(0, 2)).toEqual([shape[0], shape[1]! * g.k[0] * g.k[1]]);
    expect(Array.from(cols.data())).toEqual(naiveUnfold(x.data() as Float64Array, shape, g));
  });

  it.each(cases)('fold is the adjoint of unfold, <unfold x, c> = <x, fold c>: %s', (_, shape, g) => {
    const x = rand(shape);
    const opts = { stride: g.s, padding: g.p, dilation: g.d };
    const c = rand(unfold(x, g.k, opts).shape);
    const lhs = unfold(x, g.k, opts).mul(c).sum().item();
    const rhs = x.mul(fold(c, [shape[2]!, shape[3]!], g.k, opts)).sum().item();
    expect(lhs).toBeCloseTo(rhs, 10);
  });

  it('passes gradcheck and gradgradcheck', () => {
    const opts = { stride: [2, 1] as [number, number], padding: 1, dilation: [1, 2] as [number, number] };
    const x = rand([1, 2, 4, 5]);
    const c = rand(unfold(x, [2, 2], opts).shape);
    expect(gradcheck((a) => unfold(a, [2, 2], opts).square(), [x])).toBe(true);
    expect(gradgradcheck((a) => unfold(a, [2, 2], opts).square(), [x])).toBe(true);
    expect(gradcheck((a) => fold(a, [4, 5], [2, 2], opts).square(), [c])).toBe(true);
    expect(gradgradcheck((a) => fold(a, [4, 5], [2, 2], opts).square(), [c])).toBe(true);
  });

  it('rejects bad shapes and options', () => {
    const x = rand([1, 1, 3, 3]);
    expect(() => unfold(x, 4)).toThrow(ShapeError);
    expect(() => unfold(x, 4)).toThrow(/unfold: kernel \[4,4\] .* larger than the padded input \[3,3\] of x \[1,1,3,3\]/);
    expect(() => unfold(x, 2, { dilation: 3 })).toThrow(/spanning \[4,4\]/);
    expect(() => unfold(rand([3, 3]), 2)).toThrow(/unfold: x must be 4-D \[N, C, H, W\], got shape \[3,3\]/);
    expect(() => unfold(x, 0)).toThrow(ValueError);
    expect(() => unfold(x, 2, { stride: [1, 1.5] as unknown as [number, number] })).toThrow(/unfold: stride must be an integer >= 1/);
    expect(() => fold(rand([1, 5, 4]), 3, 2)).toThrow(/fold: cols must be 3-D \[N, C \* 4, L\] .* got shape \[1,5,4\]/);
    expect(() => fold(rand([1, 4, 5]), 3, 2)).toThrow(/fold: cols \[1,4,5\] has 5 blocks but output size \[3,3\] gives 4/);
  });
});

describe('maxPool2dIndices', () => {
  it('finds the first max of each window, NaN winning', () => {
    const x = tensor([[[
      [1, 5, 2, 2],
      [5, 0, 2, 2],
      [0, NaN, 7, 9],
      [NaN, 1, 9, 3],
    ]]]);
    expect(maxPool2dIndices(x, 2).toArray()).toEqual([[[[1, 2], [9, 11]]]]);
    expect(maxPool2dIndices(x, [2, 1], { stride: 2 }).toArray()).toEqual([[[[4, 2], [12, 14]]]]);
    expect(maxPool2dIndices(x, 3, { stride: 1 }).dtype).toBe('int32');
    expect(maxPool2dIndices(x, 2, { stride: 2, dilation: 2 }).toArray()).toEqual([[[[10]]]]);
  });

  it('rejects a window larger than the input', () => {
    expect(() => maxPool2dIndices(rand([1, 1, 2, 2]), 3)).toThrow(/maxPool2dIndices: kernel \[3,3\]/);
  });
});
