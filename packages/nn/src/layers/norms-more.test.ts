import { Generator, ShapeError, ValueError, randn, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { groupNorm, instanceNorm, rmsNorm } from '../functional/norms-more.js';
import { GroupNorm, InstanceNorm1d, InstanceNorm2d, RMSNorm } from './norms-more.js';
import { withParameters } from './with-parameters.js';

const gen = new Generator(21);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator: gen });
const bad = (fn: () => unknown, cls: typeof ValueError, message: string) => expect(fn).toThrow(expect.objectContaining({ constructor: cls, message }));
/** Random affine parameters, so gradcheck covers them away from the 1 / 0 initialisation. */
const randomize = <M extends { parameters(): Tensor[]; loadStateDict(sd: Record<string, Tensor>): unknown; stateDict(): Record<string, Tensor> }>(m: M): M => {
  const sd = m.stateDict();
  for (const [k, v] of Object.entries(sd)) if (k === 'weight' || k === 'bias') sd[k] = rnd(v.shape.slice());
  m.loadStateDict(sd);
  return m;
};

describe('GroupNorm, RMSNorm, InstanceNorm', () => {
  it('RMSNorm matches x / sqrt(mean(x^2) + eps) * w, eps defaulting to the machine epsilon', () => {
    const x = rnd([2, 3]);
    const w = rnd([3]);
    const rows = x.toArray() as number[][];
    const want = rows.map((r) => { const s = 1 / Math.sqrt(r.reduce((a, v) => a + v * v, 0) / 3 + 2 ** -52); return r.map((v, j) => v * s * w.data()[j]!); });
    const got = rmsNorm(x, 3, w).toArray() as number[][];
    got.flat().forEach((v, i) => expect(v).toBeCloseTo(want.flat()[i]!, 14));
    const m = new RMSNorm([3], { dtype: 'float64' });
    expect(m.forward(x).toArray()).toEqual(rmsNorm(x, [3], m.weight).toArray());
    expect(new RMSNorm(4).weight!.shape).toEqual([4]);
  });

  it('gradcheck (float64) through each layer, inputs and parameters', () => {
    const gn = randomize(new GroupNorm(2, 4, { dtype: 'float64' }));
    expect(gradcheck((x: Tensor, ...ws: Tensor[]) => withParameters(gn, ws, () => gn.forward(x)), [rnd([2, 4, 3]), ...gn.parameters()])).toBe(true);
    const rms = randomize(new RMSNorm([2, 3], { eps: 1e-6, dtype: 'float64' }));
    expect(gradcheck((x: Tensor, w: Tensor) => withParameters(rms, [w], () => rms.forward(x)), [rnd([2, 2, 3]), rms.weight!])).toBe(true);
    const in2 = randomize(new InstanceNorm2d(2, { affine: true, dtype: 'float64' }));
    expect(gradcheck((x: Tensor, ...ws: Tensor[]) => withParameters(in2, ws, () => in2.forward(x)), [rnd([2, 2, 2, 3]), ...in2.parameters()])).toBe(true);
    const in1 = new InstanceNorm1d(3, { dtype: 'float64' });
    expect(gradcheck((x: Tensor) => in1.forward(x), [rnd([3, 5])])).toBe(true); // unbatched
    expect(gradcheck((x: Tensor, w: Tensor, b: Tensor) => groupNorm(x, 3, w, b, { eps: 1e-3 }), [rnd([1, 6, 2]), rnd([6]), rnd([6])])).toBe(true);
  });

  it('InstanceNorm tracks running statistics only when asked and uses them in eval', () => {
    const m = new InstanceNorm1d(2, { trackRunningStats: true, dtype: 'float64' });
    expect(Object.keys(m.stateDict())).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
    const x = rnd([3, 2, 4]);
    m.forward(x);
    expect(m.getBuffer('running_mean')!.abs().sum().item()).toBeGreaterThan(0);
    const evalOut = m.eval().forward(x);
    expect(evalOut.sub(instanceNorm(x, m.getBuffer('running_mean'), m.getBuffer('running_var'), null, null, { useInputStats: false })).abs().max().item()).toBe(0);
    expect(Object.keys(new InstanceNorm2d(2).stateDict())).toEqual([]); // PyTorch's defaults: no affine, no stats
  });

  it('reject bad inputs and options, naming the layer, the shapes and the valid keys', () => {
    const gn = new GroupNorm(2, 4);
    const before = gn.stateDict();
    bad(() => gn.forward(zeros([2, 6, 3])), ShapeError, 'GroupNorm(numGroups=2, numChannels=4): expected input [N, 4, *], got [2,6,3]');
    bad(() => new GroupNorm(3, 4), ShapeError, 'GroupNorm: numChannels (4) must be divisible by numGroups (3)');
    bad(() => new GroupNorm(2, 4, { epsilon: 1 } as never), ValueError, "GroupNorm: unknown option 'epsilon'; valid options are eps, affine, dtype");
    bad(() => new RMSNorm(3).forward(zeros([2, 4])), ShapeError, 'RMSNorm([3]): expected input with trailing shape [3] (shape [*, 3]), got [2,4]');
    bad(() => new RMSNorm(3, { elementwise_affine: false } as never), ValueError, "RMSNorm: unknown option 'elementwise_affine' (did you mean 'elementwiseAffine'?); valid options are eps, elementwiseAffine, dtype");
    bad(() => new InstanceNorm2d(3).forward(zeros([2, 4, 5, 5])), ShapeError, 'InstanceNorm2d(numFeatures=3): expected input [N, 3, H, W] or unbatched [3, H, W], got [2,4,5,5]');
    bad(() => new InstanceNorm1d(3).forward(zeros([2, 3, 1])), ValueError, 'InstanceNorm1d(numFeatures=3): expected more than 1 spatial element per channel, got input of shape [2,3,1]');
    bad(() => new InstanceNorm1d(3, { track_running_stats: true } as never), ValueError, "InstanceNorm1d: unknown option 'track_running_stats' (did you mean 'trackRunningStats'?); valid options are eps, momentum, affine, trackRunningStats, dtype");
    bad(() => groupNorm(zeros([2, 4]), 2, zeros([3])), ShapeError, 'groupNorm: weight must have shape [4] for input [2,4], got [3]');
    expect(Object.keys(gn.stateDict())).toEqual(Object.keys(before));
  });
});
