import { Generator, ShapeError, ValueError, randn, tensor, type Tensor } from '@nabla/autograd';
import { gradcheck, gradgradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { conv1d, conv2d, type ConvOptions } from './conv.js';

const gen = new Generator(3);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator: gen });

/** Direct 2-D cross-correlation by its definition, with [before, after] padding per axis. */
function naiveConv2d(x: Tensor, w: Tensor, b: Tensor | null, s: number[], pad: number[][], d: number[], groups: number): number[] {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const X = x.data();
  const W = w.data();
  const oh = Math.floor((h + pad[0]![0]! + pad[0]![1]! - d[0]! * (kh - 1) - 1) / s[0]!) + 1;
  const ow = Math.floor((wd + pad[1]![0]! + pad[1]![1]! - d[1]! * (kw - 1) - 1) / s[1]!) + 1;
  const out: number[] = [];
  for (let bi = 0; bi < n; bi++)
    for (let oc = 0; oc < o; oc++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let acc = b ? b.data()[oc]! : 0;
          const g = Math.floor(oc / (o / groups));
          for (let ci = 0; ci < cg; ci++)
            for (let p = 0; p < kh; p++)
              for (let q = 0; q < kw; q++) {
                const y = i * s[0]! + p * d[0]! - pad[0]![0]!;
                const xx = j * s[1]! + q * d[1]! - pad[1]![0]!;
                if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
                acc += W[((oc * cg + ci) * kh + p) * kw + q]! * X[((bi * c + g * cg + ci) * h + y) * wd + xx]!;
              }
          out.push(acc);
        }
  return out;
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 10);
};

describe('conv2d', () => {
  it('convolves a tiny image with a known kernel (hand-computed)', () => {
    const x = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    const w = tensor([[[[1, 0], [0, -1]]]]);
    expect(conv2d(x, w, tensor([10])).toArray()).toEqual([[[[6, 6], [6, 6]]]]); // x[i][j] - x[i+1][j+1] + 10
    expect(conv2d(x, w, null, { padding: 1 }).toArray()).toEqual([[[[-1, -2, -3, 0], [-4, -4, -4, 3], [-7, -4, -4, 6], [0, 7, 8, 9]]]]);
  });

  const cases: [string, number[], number[], ConvOptions, number[], number[][], number[]][] = [
    ['plain', [2, 3, 5, 4], [4, 3, 3, 2], {}, [1, 1], [[0, 0], [0, 0]], [1, 1]],
    ['stride + padding', [1, 2, 6, 7], [3, 2, 3, 3], { stride: [2, 3], padding: [1, 2] }, [2, 3], [[1, 1], [2, 2]], [1, 1]],
    ['dilation', [1, 2, 7, 6], [2, 2, 2, 3], { dilation: [3, 2], padding: 1 }, [1, 1], [[1, 1], [1, 1]], [3, 2]],
    ['groups', [2, 4, 5, 5], [6, 2, 3, 3], { groups: 2, stride: 2 }, [2, 2], [[0, 0], [0, 0]], [1, 1]],
    ['depthwise', [1, 3, 4, 4], [3, 1, 2, 2], { groups: 3 }, [1, 1], [[0, 0], [0, 0]], [1, 1]],
    ["'same' even kernel", [1, 2, 5, 4], [2, 2, 2, 4], { padding: 'same' }, [1, 1], [[0, 1], [1, 2]], [1, 1]],
    ["'same' dilated", [1, 1, 5, 5], [1, 1, 3, 3], { padding: 'same', dilation: 2 }, [1, 1], [[2, 2], [2, 2]], [2, 2]],
  ];

  it.each(cases)('matches a nested-loop reference: %s', (_, xs, ws, opts, s, pad, d) => {
    const x = rnd(xs);
    const w = rnd(ws);
    const b = rnd([ws[0]!]);
    const out = conv2d(x, w, b, opts);
    close(out.data(), naiveConv2d(x, w, b, s, pad, d, opts.groups ?? 1));
    if (opts.padding === 'same') expect(out.shape.slice(2)).toEqual(xs.slice(2));
  });

  it('accepts unbatched input [C, H, W]', () => {
    const x = rnd([2, 4, 4]);
    const w = rnd([3, 2, 3, 3]);
    const out = conv2d(x, w, null, { padding: 1 });
    expect(out.shape).toEqual([3, 4, 4]);
    close(out.data(), conv2d(x.unsqueeze(0), w, null, { padding: 1 }).data());
  });

  it('passes gradcheck and gradgradcheck w.r.t. input, weight and bias', () => {
    const x = rnd([1, 4, 4, 5]);
    const w = rnd([2, 2, 2, 3]);
    const b = rnd([2]);
    const opts: ConvOptions = { stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2 };
    expect(gradcheck((a, k, c) => conv2d(a, k, c, opts), [x, w, b])).toBe(true);
    expect(gradgradcheck((a, k, c) => conv2d(a, k, c, opts), [x, w, b])).toBe(true);
    expect(gradcheck((a, k) => conv2d(a, k, null, { padding: 'same' }), [rnd([1, 1, 3, 4]), rnd([1, 1, 2, 2])])).toBe(true);
  });

  it('rejects bad shapes and options naming conv2d and the shapes', () => {
    const x = rnd([1, 3, 5, 5]);
    expect(() => conv2d(x, rnd([4, 2, 3, 3]))).toThrow(ShapeError);
    expect(() => conv2d(x, rnd([4, 2, 3, 3]))).toThrow(/conv2d: given groups=1, weight \[4,2,3,3\] expects 2 input channels, but x \[1,3,5,5\] has 3/);
    expect(() => conv2d(x, rnd([4, 1, 3, 3]), null, { groups: 2 })).toThrow(/conv2d: groups=2 must divide the input channels \(3, x \[1,3,5,5\]\)/);
    expect(() => conv2d(x, rnd([4, 3, 6, 3]))).toThrow(/conv2d: kernel \[6,3\] .* larger than the padded input \[5,5\] of x \[1,3,5,5\]/);
    expect(() => conv2d(x, rnd([4, 3, 3]))).toThrow(/conv2d: weight must be 4-D \[out, in\/groups, kh, kw\], got shape \[4,3,3\]/);
    expect(() => conv2d(rnd([5, 5]), rnd([4, 3, 3, 3]))).toThrow(/conv2d: x must be 4-D \[N, C, H, W\] or 3-D without the batch axis, got shape \[5,5\]/);
    expect(() => conv2d(x, rnd([4, 3, 3, 3]), rnd([3]))).toThrow(/conv2d: bias must be 1-D \[4\] to match weight \[4,3,3,3\], got shape \[3\]/);
    expect(() => conv2d(x, rnd([4, 3, 3, 3]), null, { stride: 2, padding: 'same' })).toThrow(ValueError);
    expect(() => conv2d(x, rnd([4, 3, 3, 3]), null, { stride: 0 })).toThrow(/conv2d: stride must be an integer >= 1 or 2 of them, got number 0/);
  });
});

describe('conv1d', () => {
  it('matches conv2d on a height-1 image and a hand-computed sequence', () => {
    const x = tensor([[[1, 2, 3, 4, 5]]]);
    expect(conv1d(x, tensor([[[1, -1]]]), null, { stride: 2 }).toArray()).toEqual([[[-1, -1]]]);
    expect(conv1d(x, tensor([[[1, 1]]]), tensor([0.5]), { dilation: 2, padding: 1 }).toArray()).toEqual([[[2.5, 4.5, 6.5, 8.5, 4.5]]]);
    const xs = rnd([2, 4, 9]);
    const w = rnd([6, 2, 3]);
    const out = conv1d(xs, w, null, { stride: 2, padding: 1, dilation: 2, groups: 2 });
    const ref = naiveConv2d(xs.unsqueeze(2), w.unsqueeze(2), null, [1, 2], [[0, 0], [1, 1]], [1, 2], 2);
    close(out.data(), ref);
    expect(conv1d(rnd([3, 7]), rnd([2, 3, 4]), null, { padding: 'same' }).shape).toEqual([2, 7]);
  });

  it('passes gradcheck and gradgradcheck', () => {
    const args = [rnd([2, 2, 6]), rnd([3, 2, 3]), rnd([3])];
    const f = (a: Tensor, k: Tensor, c: Tensor) => conv1d(a, k, c, { stride: 2, padding: 2, dilation: 2 });
    expect(gradcheck(f, args)).toBe(true);
    expect(gradgradcheck(f, args)).toBe(true);
  });

  it('rejects bad shapes naming conv1d', () => {
    expect(() => conv1d(rnd([1, 2, 3]), rnd([1, 2, 5]))).toThrow(/conv1d: kernel \[5\] .* larger than the padded input \[3\] of x \[1,2,3\]/);
    expect(() => conv1d(rnd([1, 2, 3, 3]), rnd([1, 2, 2]))).toThrow(/conv1d: x must be 3-D \[N, C, L\] or 2-D without the batch axis/);
    expect(() => conv1d(rnd([1, 2, 8]), rnd([1, 2, 2]), null, { stride: [1, 1] })).toThrow(/conv1d: stride must be an integer >= 1, got an array of length 2/);
  });
});
