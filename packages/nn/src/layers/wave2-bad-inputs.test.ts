import { DTypeError, ShapeError, ValueError, randn, tensor, zeros, type Tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import * as F from '../functional/index.js';
import * as nn from '../index.js';
import type { Module } from '../module.js';

const x3 = randn([2, 3, 5]);
const x4 = randn([2, 4, 3, 3]);
const i32 = (d: number[] | number[][]) => tensor(d, { dtype: 'int32' });

const conv3 = new nn.Conv3d(2, 4, 3);
const bil = new nn.Bilinear(3, 4, 5);
const bag = new nn.EmbeddingBag(6, 2, { mode: 'sum' });
const snapshot = (things: (Tensor | Module)[]): number[][] =>
  things.flatMap((t) => ('stateDict' in t ? Object.values(t.stateDict()) : [t]).map((v) => Array.from(v.data())));

// [what, call, error class, exact message, tensors and modules that must be unchanged]
const ROWS: [string, () => unknown, typeof ValueError, string, (Tensor | Module)[]][] = [
  ['Conv3d: 3-D input', () => conv3.forward(x3), ShapeError,
    'Conv3d(2, 4, kernelSize=[3,3,3]): x must be 5-D [N, C, D, H, W] or 4-D without the batch axis, got shape [2,3,5]', [conv3, x3]],
  ['Conv3d: wrong channels', () => conv3.forward(zeros([1, 3, 4, 4, 4])), ShapeError,
    'Conv3d(2, 4, kernelSize=[3,3,3]): given groups=1, weight [4,2,3,3,3] expects 2 input channels (and 1 to divide 4 outputs), but x [1,3,4,4,4] has 3', [conv3]],
  ['Conv3d: kernel larger than input', () => conv3.forward(zeros([2, 2, 4, 4])), ShapeError,
    'Conv3d(2, 4, kernelSize=[3,3,3]): kernel [3,3,3] (dilation [1,1,1], spanning [3,3,3]) is larger than the padded input [2,4,4] of x [2,2,4,4]', [conv3]],
  ['Bilinear: in2 mismatch', () => bil.forward(zeros([2, 3]), zeros([2, 5])), ShapeError,
    'Bilinear(3, 4, 5): x1 [2,3] and x2 [2,5] must be [..., 3] and [..., 4] with the same leading shape, for weight [5,3,4]', [bil]],
  ['EmbeddingBag: index out of range', () => bag.forward(i32([1, 6]), i32([0])), ValueError,
    "EmbeddingBag(6, 2, mode='sum'): index 6 at flat position 1 of input [2] is out of range; valid: [0, 5]", [bag]],
  ['EmbeddingBag: 1-D input without offsets', () => bag.forward(i32([1, 2])), ShapeError,
    "EmbeddingBag(6, 2, mode='sum'): a 1-D input [2] needs 1-D int32 offsets, got none", [bag]],
  ['EmbeddingBag: offsets not from 0', () => bag.forward(i32([1, 2]), i32([1])), ValueError,
    "EmbeddingBag(6, 2, mode='sum'): offsets must start at 0 and be non-decreasing up to 2 (the input length), got [1]", [bag]],
  ['MaxPool1d: 4-D input', () => new nn.MaxPool1d(2).forward(x4), ShapeError,
    'MaxPool1d(kernelSize=2): x must be 3-D [N, C, L] or 2-D without the batch axis, got shape [2,4,3,3]', [x4]],
  ['AvgPool1d: kernel too large', () => new nn.AvgPool1d(7).forward(x3), ShapeError,
    'AvgPool1d(kernelSize=7): kernel [7] (dilation [1], spanning [7]) is larger than the padded input [5] of x [2,3,5]', [x3]],
  ['AdaptiveMaxPool2d: 2-D input', () => new nn.AdaptiveMaxPool2d(2).forward(zeros([3, 3])), ShapeError,
    'AdaptiveMaxPool2d(2): x must be 4-D [N, C, H, W] or 3-D without the batch axis, got shape [3,3]', []],
  ['PixelShuffle: channels not divisible', () => new nn.PixelShuffle(2).forward(x3), ShapeError,
    'PixelShuffle(2): channels 2 of x [2,3,5] must be divisible by upscaleFactor^2 = 4', [x3]],
  ['PixelUnshuffle: odd width', () => new nn.PixelUnshuffle(2).forward(x3), ShapeError,
    'PixelUnshuffle(2): height 3 and width 5 of x [2,3,5] must be divisible by downscaleFactor 2', [x3]],
  ['Unfold: kernel too large', () => new nn.Unfold(4).forward(x4), ShapeError,
    'Unfold(kernelSize=[4,4]): kernel [4,4] (dilation [1,1], spanning [4,4]) is larger than the padded input [3,3] of x [2,4,3,3]', [x4]],
  ['Fold: wrong block count', () => new nn.Fold([4, 4], 2).forward(zeros([1, 8, 4])), ShapeError,
    'Fold(outputSize=[4,4], kernelSize=[2,2]): cols [1,8,4] has 4 blocks but output size [4,4] gives 9 (3 x 3)', []],
  ['LocalResponseNorm: 2-D input', () => new nn.LocalResponseNorm(2).forward(zeros([2, 3])), ShapeError,
    'LocalResponseNorm(2): x must be at least 3-D [N, C, ...], got shape [2,3]', []],
  ['Dropout2d: 2-D input', () => new nn.Dropout2d().forward(zeros([2, 3])), ShapeError,
    'Dropout2d(p=0.5): x must be 4-D [N, C, H, W] or 3-D without the batch axis, got shape [2,3]', []],
  ['AlphaDropout: int input', () => new nn.AlphaDropout(0.2).forward(i32([1])), DTypeError,
    'AlphaDropout(p=0.2): x must be float32 or float64, got int32 of shape [1]', []],
  ['PairwiseDistance: no broadcast', () => new nn.PairwiseDistance().forward(zeros([2, 3]), zeros([2, 4])), ShapeError,
    'PairwiseDistance: x1 [2,3] and x2 [2,4] do not broadcast', []],
  ['cosineEmbeddingLoss: target shape', () => F.cosineEmbeddingLoss(zeros([4, 3]), zeros([4, 3]), zeros([3])), ShapeError,
    'cosineEmbeddingLoss: inputs must be [N, D] with target [N] (or [D] with target []), got input1 [4,3] and target [3]', []],
  ['tripletMarginLoss: shapes', () => new nn.TripletMarginLoss().forward(zeros([4, 3]), zeros([4, 3]), zeros([4, 2])), ShapeError,
    'tripletMarginLoss: anchor has shape [4,3] but negative has shape [4,2]; they must match (no broadcasting)', []],
  ['marginRankingLoss: target shape', () => new nn.MarginRankingLoss().forward(zeros([4]), zeros([4]), zeros([4, 1])), ShapeError,
    'marginRankingLoss: input1 has shape [4] but target has shape [4,1]; they must match (no broadcasting)', []],
  ['multilabelMarginLoss: class out of range', () => new nn.MultiLabelMarginLoss().forward(zeros([1, 3]), i32([[0, 3, -1]])), ShapeError,
    'multilabelMarginLoss: target class 3 (row 0) is out of range for 3 classes of input [1,3]', []],
  ['multilabelMarginLoss: float target', () => F.multilabelMarginLoss(zeros([1, 3]), zeros([1, 3])), DTypeError,
    'multilabelMarginLoss: target must be int32 class indices (ended by -1), got float32 of shape [1,3]', []],
  ['multilabelSoftMarginLoss: weight size', () => F.multilabelSoftMarginLoss(zeros([2, 3]), zeros([2, 3]), { weight: zeros([2]) }), ShapeError,
    'multilabelSoftMarginLoss: weight must be [3] (one per class of input [2,3]), got [2]', []],
  ['gaussianNllLoss: var shape', () => new nn.GaussianNLLLoss().forward(zeros([4, 3]), zeros([4, 3]), zeros([3])), ShapeError,
    "gaussianNllLoss: var [3] must have input's shape [4,3], or it with the last axis 1 or dropped", []],
  ['gaussianNllLoss: negative var', () => F.gaussianNllLoss(zeros([2]), zeros([2]), tensor([1, -1])), ValueError,
    'gaussianNllLoss: var has negative entries (var [2])', []],
  ['poissonNllLoss: shapes', () => new nn.PoissonNLLLoss().forward(zeros([4]), zeros([4, 1])), ShapeError,
    'poissonNllLoss: input has shape [4] but target has shape [4,1]; they must match (no broadcasting)', []],
  ['softMarginLoss: shapes', () => new nn.SoftMarginLoss().forward(zeros([4]), zeros([3])), ShapeError,
    'softMarginLoss: input has shape [4] but target has shape [3]; they must match (no broadcasting)', []],
  ['ctcLoss: label equal to blank', () => new nn.CTCLoss().forward(zeros([5, 1, 3]), i32([[1, 0]]), [5], [2]), ValueError,
    'ctcLoss: target label 0 (sample 0, position 1) must be in [0, 3) and not the blank 0', []],
  ['ctcLoss: input length above T', () => F.ctcLoss(zeros([5, 2, 3]), i32([[1], [2]]), [5, 6], [1, 1]), ValueError,
    'ctcLoss: inputLengths must be integers in [1, 5], got number 6', []],
  ['ctcLoss: 1-D targets of the wrong total', () => F.ctcLoss(zeros([5, 2, 3]), i32([1, 2, 1]), [5, 5], [1, 1]), ShapeError,
    'ctcLoss: 1-D targets [3] must hold sum(targetLengths) = 2 labels', []],
  ['oneHot: float indices', () => F.oneHot(zeros([2]), 3), DTypeError, 'oneHot: idx must be int32 class indices, got float32 of shape [2]', []],
  ['oneHot: index out of range', () => F.oneHot(i32([0, 3]), 3), ValueError, 'oneHot: class values must be in [0, 3), got 3 in idx of shape [2]', []],
  ['normalize: axis out of range', () => F.normalize(zeros([2, 3]), { axis: 2 }), ShapeError, 'normalize: axis 2 is out of range for x of shape [2,3]', []],
  ['spectralNorm: no such parameter', () => nn.utils.spectralNorm(bil, 'weights'), ValueError, "spectralNorm: Bilinear has no parameter field 'weights' (got undefined)", [bil]],
  ['weightNorm: dim out of range', () => nn.utils.weightNorm(bil, 'weight', 3), ValueError, 'weightNorm: dim 3 is out of range for weight of shape [5,3,4]', [bil]],
  ['vectorToParameters: wrong length', () => nn.utils.vectorToParameters(zeros([3]), bil.parameters()), ValueError,
    "vectorToParameters: vec must be 1-D of length 65 (the parameters' total size), got shape [3]", [bil]],
  ['init.dirac: 2-D tensor', () => nn.init.dirac(x4.reshape([8, 9])), ValueError, 'init.dirac: only 3-, 4- and 5-D tensors are supported, got shape [8,9]', [x4]],
  ['init.eye: 3-D tensor', () => nn.init.eye(x3), ValueError, 'init.eye: only 2-D tensors are supported, got shape [2,3,5]', [x3]],
  ['init.truncNormal: a >= b', () => nn.init.truncNormal(x3, { a: 1, b: 1 }), ValueError, 'init.truncNormal: need a < b, got a=1, b=1', [x3]],
];

describe('wave-2 bad inputs: the error class, a message naming the layer or op and the shapes, nothing mutated', () => {
  it.each(ROWS)('%s', (_, call, Err, message, keep) => {
    const before = snapshot(keep);
    const paramsBefore = bil.parameters().length;
    expect(call).toThrow(expect.objectContaining({ constructor: Err, message }));
    expect(snapshot(keep)).toEqual(before);
    expect(bil.parameters().length).toBe(paramsBefore);
    expect(Object.keys(bil.stateDict())).toEqual(['weight', 'bias']);
  });
});
