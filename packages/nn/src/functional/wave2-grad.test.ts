import { Generator, rand, randn, tensor, type Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { bilinear } from './bilinear.js';
import { conv3d } from './conv3d.js';
import { alphaDropout, dropout1d, dropout2d } from './dropout-more.js';
import { ctcLoss } from './ctc.js';
import { normalize, pairwiseDistance } from './distance.js';
import { embeddingBag } from './embedding-bag.js';
import { gaussianNllLoss, poissonNllLoss } from './likelihood-losses.js';
import {
  cosineEmbeddingLoss, marginRankingLoss, multilabelMarginLoss, multilabelSoftMarginLoss, softMarginLoss, tripletMarginLoss,
} from './margin-losses.js';
import { localResponseNorm, pixelShuffle, pixelUnshuffle } from './pixel.js';
import { adaptiveMaxPool2d, avgPool1d, maxPool1d } from './pooling-1d.js';

const g = new Generator(16);
const r = (shape: number[]) => randn(shape, { dtype: 'float64', generator: g });
const pos = (shape: number[]) => rand(shape, { dtype: 'float64', generator: g }).add(0.2);
const i32 = (d: number[] | number[][]) => tensor(d, { dtype: 'int32' });
const pm = tensor([1, -1, 1, -1], { dtype: 'float64' });
const y01 = tensor([[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0]], { dtype: 'float64' });
const mlt = i32([[2, 0, -1], [1, -1, 0], [0, 1, 2], [-1, 0, 0]]);
const mulPs = r([1, 2, 4, 6]);
const mulPu = r([8, 1, 2]);
const counts = tensor([[0, 3, 1], [2, 5, 0], [1, 1, 4], [7, 0, 2]], { dtype: 'float64' });

// [name, fn, inputs]: every wave-2 differentiable op, checked in float64 against finite differences.
const ROWS: [string, (...xs: Tensor[]) => Tensor, Tensor[]][] = [
  ['cosineEmbeddingLoss', (a, b) => cosineEmbeddingLoss(a!, b!, pm, { margin: -0.5 }), [r([4, 3]), r([4, 3])]],
  ['marginRankingLoss', (a, b) => marginRankingLoss(a!, b!, pm, { margin: 0.1, reduction: 'sum' }), [r([4]), r([4])]],
  ['tripletMarginLoss', (a, p, n) => tripletMarginLoss(a!, p!, n!, { margin: 5, reduction: 'none' }), [r([4, 3]), r([4, 3]), r([4, 3])]],
  ['tripletMarginLoss p=1 swap', (a, p, n) => tripletMarginLoss(a!, p!, n!, { margin: 5, p: 1, swap: true }), [r([4, 3]), r([4, 3]), r([4, 3])]],
  ['softMarginLoss', (x) => softMarginLoss(x!, pm), [r([4])]],
  ['multilabelSoftMarginLoss', (x, w) => multilabelSoftMarginLoss(x!, y01, { weight: w! }), [r([4, 3]), pos([3])]],
  ['multilabelMarginLoss', (x) => multilabelMarginLoss(x!, mlt, { reduction: 'none' }), [r([4, 3]).mul(0.2)]],
  ['poissonNllLoss', (x) => poissonNllLoss(x!, counts, { full: true }), [r([4, 3])]],
  ['poissonNllLoss rate', (x) => poissonNllLoss(x!, counts, { logInput: false }), [pos([4, 3])]],
  ['gaussianNllLoss', (x, y, v) => gaussianNllLoss(x!, y!, v!, { full: true }), [r([4, 3]), r([4, 3]), pos([4, 3])]],
  ['gaussianNllLoss per-sample var', (x, v) => gaussianNllLoss(x!, counts, v!, { reduction: 'sum' }), [r([4, 3]), pos([4])]],
  ['ctcLoss', (lp) => ctcLoss(lp!.logSoftmax(2), i32([[1, 2, 2], [3, 1, 0]]), [7, 5], [3, 2]), [r([7, 2, 4])]],
  ['ctcLoss w.r.t. raw log-probs, sum', (lp) => ctcLoss(lp!, i32([1, 2, 2, 3]), [6, 6], [3, 1], { reduction: 'sum', blank: 0 }), [r([6, 2, 4])]],
  ['pairwiseDistance', (a, b) => pairwiseDistance(a!, b!, { p: 3 }), [r([4, 3]), r([3])]],
  ['normalize', (x) => normalize(x!, { axis: 0 }), [r([3, 4])]],
  ['conv3d', (x, w, b) => conv3d(x!, w!, b!, { stride: [1, 2, 1], padding: 1, dilation: [2, 1, 1], groups: 2 }), [r([1, 4, 4, 4, 3]), r([2, 2, 2, 2, 2]), r([2])]],
  ['bilinear', (a, b, w, bias) => bilinear(a!, b!, w!, bias!), [r([2, 3, 2]), r([2, 3, 4]), r([3, 2, 4]), r([3])]],
  ['embeddingBag mean', (w) => embeddingBag(i32([1, 2, 4, 4, 0]), w!, i32([0, 2, 2])), [r([5, 3])]],
  ['embeddingBag sum perSampleWeights', (w, s) => embeddingBag(i32([[1, 2], [4, 0]]), w!, null, { mode: 'sum', perSampleWeights: s! }), [r([5, 3]), r([2, 2])]],
  ['embeddingBag max', (w) => embeddingBag(i32([[1, 2, 3], [4, 0, 4]]), w!, null, { mode: 'max' }), [r([5, 3])]],
  ['maxPool1d', (x) => maxPool1d(x!, 3, { stride: 2, padding: 1 }), [r([2, 2, 7])]],
  ['avgPool1d', (x) => avgPool1d(x!, 3, { stride: 2, padding: 1, countIncludePad: false }), [r([2, 7])]],
  ['adaptiveMaxPool2d', (x) => adaptiveMaxPool2d(x!, [2, 3]), [r([2, 5, 4])]],
  ['pixelShuffle', (x) => pixelShuffle(x!, 2).mul(mulPs), [r([1, 8, 2, 3])]],
  ['pixelUnshuffle', (x) => pixelUnshuffle(x!, 2).mul(mulPu), [r([2, 2, 4])]],
  // A fresh generator per call, so every evaluation draws the same mask.
  ['dropout1d', (x) => dropout1d(x!, { p: 0.5, generator: new Generator(3) }), [r([3, 4, 2])]],
  ['dropout2d', (x) => dropout2d(x!, { p: 0.3, generator: new Generator(3) }), [r([4, 2, 2])]],
  ['alphaDropout', (x) => alphaDropout(x!, { p: 0.4, generator: new Generator(3) }), [r([3, 4])]],
  ['localResponseNorm', (x) => localResponseNorm(x!, 3, { alpha: 0.5, k: 1.5 }), [r([2, 4, 3])]],
];

describe('wave-2 ops pass gradcheck in float64', () => {
  it.each(ROWS)('%s', (_, fn, inputs) => {
    expect(gradcheck(fn, inputs)).toBe(true);
  });
});
