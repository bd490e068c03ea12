import { Generator, ShapeError, ValueError, randn, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { conv2d } from '../functional/conv.js';
import { convTranspose1d, convTranspose2d } from '../functional/conv-transpose.js';
import { adaptiveAvgPool2d, interpolate } from '../functional/resample.js';
import { ConvTranspose1d, ConvTranspose2d } from './conv-transpose.js';
import { AdaptiveAvgPool1d, AdaptiveAvgPool2d, Upsample } from './resample.js';
import { withParameters } from './with-parameters.js';

const gen = new Generator(31);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator: gen });
const bad = (fn: () => unknown, cls: typeof ValueError, message: string) => expect(fn).toThrow(expect.objectContaining({ constructor: cls, message }));

describe('transposed convolutions', () => {
  it('are the adjoint of conv2d: <conv2d(x, w), y> = <x, convTranspose2d(y, w)>', () => {
    const [x, w] = [rnd([2, 3, 7, 6]), rnd([4, 3, 3, 2])];
    const opts = { stride: [2, 1] as [number, number], padding: [1, 0] as [number, number], dilation: [1, 2] as [number, number] };
    const y = rnd(conv2d(x, w, null, opts).shape.slice());
    const lhs = conv2d(x, w, null, opts).mul(y).sum().item();
    const back = convTranspose2d(y, w, null, { ...opts, outputPadding: [(7 + 2 - 3) % 2, 0] });
    expect(back.shape).toEqual(x.shape);
    expect(back.mul(x).sum().item()).toBeCloseTo(lhs, 10);
  });

  it('gradcheck (float64) in input, weight and bias, with groups and outputPadding', () => {
    const ct = new ConvTranspose2d(4, 2, [2, 3], { stride: 2, padding: [0, 1], outputPadding: 1, groups: 2, dtype: 'float64', generator: gen });
    expect(gradcheck((x: Tensor, ...ws: Tensor[]) => withParameters(ct, ws, () => ct.forward(x)), [rnd([1, 4, 2, 3]), ...ct.parameters()])).toBe(true);
    const ct1 = new ConvTranspose1d(2, 3, 3, { stride: 3, dilation: 2, dtype: 'float64', generator: gen });
    expect(gradcheck((x: Tensor, ...ws: Tensor[]) => withParameters(ct1, ws, () => ct1.forward(x)), [rnd([2, 3]), ...ct1.parameters()])).toBe(true); // unbatched
    expect(ct1.forward(zeros([2, 4], { dtype: 'float64' })).shape).toEqual([3, (4 - 1) * 3 + 2 * 2 + 1]);
  });

  it('reject bad inputs and options, naming the layer, the shapes and the valid keys', () => {
    const ct = new ConvTranspose2d(4, 2, 3);
    bad(() => ct.forward(zeros([1, 3, 5, 5])), ShapeError, 'ConvTranspose2d(4, 2, kernelSize=[3,3]): weight [4,2,3,3] expects 4 input channels (divisible by groups=1), but x [1,3,5,5] has 3');
    bad(() => ct.forward(zeros([5, 5])), ShapeError, 'ConvTranspose2d(4, 2, kernelSize=[3,3]): x must be 4-D [N, C, H, W] or 3-D without the batch axis, got shape [5,5]');
    bad(() => new ConvTranspose2d(4, 2, 3, { output_padding: 1 } as never), ValueError, "ConvTranspose2d: unknown option 'output_padding' (did you mean 'outputPadding'?); valid options are stride, padding, outputPadding, groups, dilation, bias, dtype, generator, paddingMode");
    bad(() => convTranspose2d(zeros([1, 2, 3, 3]), zeros([2, 1, 3, 3]), null, { stride: 2, outputPadding: 2 }), ValueError, 'convTranspose2d: outputPadding [2,2] must be smaller than stride [2,2] or dilation [1,1]');
    bad(() => convTranspose1d(zeros([1, 2, 3]), zeros([2, 1, 3]), zeros([2])), ShapeError, 'convTranspose1d: bias must be 1-D [1] to match weight [2,1,3] and groups=1, got shape [2]');
    bad(() => new ConvTranspose1d(3, 2, 3, { groups: 2 }), ValueError, 'ConvTranspose1d: groups=2 must divide inChannels (3) and outChannels (2)');
  });
});

describe('adaptive pooling and interpolate', () => {
  it('gradcheck (float64) through every mode and the pooling layers', () => {
    const x = rnd([1, 2, 3, 4]);
    for (const opts of [{ scaleFactor: 2 }, { size: [5, 3] as [number, number], mode: 'bilinear' as const }, { size: [4, 5] as [number, number], mode: 'bicubic' as const, alignCorners: true }, { size: [2, 2] as [number, number], mode: 'area' as const }]) {
      expect(gradcheck((t: Tensor) => interpolate(t, opts), [x])).toBe(true);
    }
    expect(gradcheck((t: Tensor) => interpolate(t, { size: 7, mode: 'linear' }), [rnd([2, 1, 4])])).toBe(true);
    expect(gradcheck((t: Tensor) => new AdaptiveAvgPool2d([2, null]).forward(t), [rnd([1, 2, 5, 3])])).toBe(true);
    expect(gradcheck((t: Tensor) => new AdaptiveAvgPool1d(3).forward(t), [rnd([2, 7])])).toBe(true);
  });

  it('global average pooling is the mean; Upsample is interpolate with fixed options', () => {
    const x = rnd([2, 3, 5, 4]);
    expect(adaptiveAvgPool2d(x, 1).sub(x.mean([2, 3], true)).abs().max().item()).toBeLessThan(1e-15);
    expect(new Upsample({ scaleFactor: 2, mode: 'bilinear' }).forward(x).toArray()).toEqual(interpolate(x, { scaleFactor: 2, mode: 'bilinear' }).toArray());
  });

  it('reject bad inputs and options, naming the op, the shapes and the valid keys', () => {
    const x = zeros([1, 2, 3, 4]);
    bad(() => interpolate(x, { mode: 'linear', size: 3 }), ShapeError, "interpolate: mode 'linear' expects 3-D input [N, C, L], got [1,2,3,4]");
    bad(() => interpolate(x, { mode: 'trilinear' as never, size: 3 }), ValueError, "interpolate: mode must be one of 'nearest', 'linear', 'bilinear', 'bicubic', 'area', got the string \"trilinear\"");
    bad(() => interpolate(x, { size: 3, scaleFactor: 2 }), ValueError, 'interpolate: give exactly one of size and scaleFactor');
    bad(() => interpolate(x, { scale_factor: 2 } as never), ValueError, "interpolate: unknown option 'scale_factor' (did you mean 'scaleFactor'?); valid options are size, scaleFactor, mode, alignCorners");
    bad(() => interpolate(x, { size: 3, alignCorners: true }), ValueError, "interpolate: alignCorners applies only to 'linear', 'bilinear' and 'bicubic', not 'nearest'");
    bad(() => adaptiveAvgPool2d(zeros([4, 4]), 2), ShapeError, 'adaptiveAvgPool2d: x must be 4-D [N, C, H, W] or 3-D without the batch axis, got shape [4,4]');
    bad(() => new AdaptiveAvgPool2d([0, 2]), ValueError, 'adaptiveAvgPool2d: outputSize must be an integer >= 1 (or null to keep the input size) or 2 of them, got an array of length 2');
    bad(() => new Upsample({ factor: 2 } as never), ValueError, "Upsample: unknown option 'factor'; valid options are size, scaleFactor, mode, alignCorners");
  });
});
