import { ShapeError, ValueError, fmtShape, noGrad, type Tensor } from '@nabla/autograd';
import { boolArg, floatArg, intArg, numArg, optionalTensor } from '../check.js';
import { checkOptionKeys } from '../option-keys.js';
import { checkNormalizedShape } from './normalization.js';

/** Options of `groupNorm`. */
export interface GroupNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

function checkPerChannel(op: string, x: Tensor, ts: Record<string, unknown>): void {
  const c = x.shape[1]!;
  for (const [name, t] of Object.entries(ts)) {
    const v = optionalTensor(op, name, t);
    if (v && (v.ndim !== 1 || v.shape[0] !== c)) throw new ShapeError(`${op}: ${name} must have shape [${c}] for input ${fmtShape(x.shape)}, got ${fmtShape(v.shape)}`);
  }
}

const channelView = (x: Tensor): number[] => [1, x.shape[1]!, ...x.shape.slice(2).map(() => 1)];

/**
 * Group normalisation (PyTorch's F.group_norm): x [N, C, *] with its C channels in `numGroups` groups, each
 * (sample, group) normalised over its channels and positions with the biased variance; then a per-channel
 * weight and bias.
 * @example groupNorm(x, 4, w, b) // x [N, 8, H, W], w and b [8]
 */
export function groupNorm(x: Tensor, numGroups: number, weight?: Tensor | null, bias?: Tensor | null, opts?: GroupNormOptions): Tensor {
  const op = 'groupNorm';
  return groupNormOf(op, x, numGroups, weight, bias, checkOptionKeys(op, opts, ['eps']).eps);
}

/** @internal `groupNorm` with the op name used in messages. */
export function groupNormOf(op: string, x: Tensor, numGroups: number, weight: Tensor | null | undefined, bias: Tensor | null | undefined, epsOpt: unknown): Tensor {
  floatArg(op, 'x', x);
  const g = intArg(op, 'numGroups', numGroups, 1);
  if (x.ndim < 2 || x.shape[1]! % g !== 0) {
    throw new ShapeError(`${op}: expected input [N, C, *] with C divisible by numGroups (${g}), got ${fmtShape(x.shape)}`);
  }
  checkPerChannel(op, x, { weight, bias });
  const eps = numArg(op, 'eps', epsOpt, 1e-5, { min: 0 });
  const n = x.shape[0]!;
  const grouped = x.reshape([n, g, -1]);
  const y = grouped.sub(grouped.mean(2, true)).mul(grouped.var(2, { keepDims: true, correction: 0 }).add(eps).rsqrt()).reshape(x.shape);
  const view = channelView(x);
  const scaled = weight ? y.mul(weight.reshape(view)) : y;
  return bias ? scaled.add(bias.reshape(view)) : scaled;
}

/** Options of `rmsNorm`. */
export interface RMSNormOptions {
  /** Added to the mean square (default: the dtype's machine epsilon, as PyTorch's eps=None). */
  eps?: number | null;
}

/** Machine epsilon of a float dtype (torch.finfo(dtype).eps). */
export const machineEps = (x: Tensor): number => (x.dtype === 'float64' ? 2 ** -52 : 2 ** -23);

/**
 * Root-mean-square normalisation (PyTorch's F.rms_norm): x / sqrt(mean(x^2) + eps) over the trailing
 * `normalizedShape` axes, times weight (shape normalizedShape).
 * @example rmsNorm(x, [512], w) // x [..., 512]
 */
export function rmsNorm(x: Tensor, normalizedShape: number | number[], weight?: Tensor | null, opts?: RMSNormOptions): Tensor {
  const op = 'rmsNorm';
  return rmsNormOf(op, x, normalizedShape, weight, checkOptionKeys(op, opts, ['eps']).eps);
}

/** @internal `rmsNorm` with the op name used in messages. */
export function rmsNormOf(op: string, x: Tensor, normalizedShape: number | number[], weight: Tensor | null | undefined, epsOpt: unknown): Tensor {
  floatArg(op, 'x', x);
  const shape = checkNormalizedShape(op, normalizedShape);
  const k = shape.length;
  if (x.ndim < k || x.shape.slice(x.ndim - k).some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${op}: expected input with trailing shape ${fmtShape(shape)} (shape [*, ${shape.join(', ')}]), got ${fmtShape(x.shape)}`);
  }
  const w = optionalTensor(op, 'weight', weight);
  if (w && (w.ndim !== k || w.shape.some((d, i) => d !== shape[i]))) throw new ShapeError(`${op}: weight must have shape ${fmtShape(shape)}, got ${fmtShape(w.shape)}`);
  const eps = epsOpt == null ? machineEps(x) : numArg(op, 'eps', epsOpt, 0, { min: 0 });
  const axes = shape.map((_, i) => x.ndim - k + i);
  const y = x.mul(x.square().mean(axes, true).add(eps).rsqrt());
  return w ? y.mul(w) : y;
}

/** Options of `instanceNorm`. */
export interface InstanceNormOptions {
  /** Normalise with each instance's own statistics (default true); false uses the running ones. */
  useInputStats?: boolean;
  /** Weight of the new statistics in the running averages (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Instance normalisation (PyTorch's F.instance_norm): each (sample, channel) of x [N, C, *] normalised over its
 * positions (biased variance), then per-channel weight and bias. With running statistics given and
 * useInputStats, they are updated in place with the batch average of the instance statistics (variance
 * unbiased), as PyTorch does.
 * @example instanceNorm(x) // x [N, C, H, W]
 */
export function instanceNorm(
  x: Tensor, runningMean?: Tensor | null, runningVar?: Tensor | null, weight?: Tensor | null, bias?: Tensor | null, opts?: InstanceNormOptions,
): Tensor {
  const op = 'instanceNorm';
  const o = checkOptionKeys(op, opts, ['useInputStats', 'momentum', 'eps']);
  return instanceNormOf(op, x, runningMean, runningVar, weight, bias, o);
}

/** @internal `instanceNorm` with the op name used in messages. */
export function instanceNormOf(
  op: string, x: Tensor, runningMean: Tensor | null | undefined, runningVar: Tensor | null | undefined,
  weight: Tensor | null | undefined, bias: Tensor | null | undefined, o: InstanceNormOptions,
): Tensor {
  floatArg(op, 'x', x);
  if (x.ndim < 3) throw new ShapeError(`${op}: expected input [N, C, *] with at least one spatial axis, got ${fmtShape(x.shape)}`);
  checkPerChannel(op, x, { runningMean, runningVar, weight, bias });
  if ((runningMean == null) !== (runningVar == null)) throw new ValueError(`${op}: pass both runningMean and runningVar or neither`);
  const useInput = boolArg(op, 'useInputStats', o.useInputStats, true);
  const momentum = numArg(op, 'momentum', o.momentum, 0.1, { min: 0 });
  const eps = numArg(op, 'eps', o.eps, 1e-5, { min: 0 });
  const c = x.shape[1]!;
  const axes = x.shape.slice(2).map((_, i) => i + 2);
  const count = x.size / Math.max(x.shape[0]! * c, 1);
  if (useInput && count <= 1) throw new ValueError(`${op}: expected more than 1 spatial element per channel, got input of shape ${fmtShape(x.shape)}`);
  const view = channelView(x);
  let mean: Tensor;
  let variance: Tensor;
  if (useInput || runningMean == null) {
    mean = x.mean(axes, true);
    variance = x.var(axes, { keepDims: true, correction: 0 });
    if (useInput && runningMean && runningVar) {
      const m = noGrad(() => mean.mean(0).reshape([c]).data());
      const v = noGrad(() => variance.mean(0).reshape([c]).data());
      const unbias = count / (count - 1);
      runningMean.mutate((d) => { for (let i = 0; i < c; i++) d[i] = (1 - momentum) * d[i]! + momentum * m[i]!; });
      runningVar.mutate((d) => { for (let i = 0; i < c; i++) d[i] = (1 - momentum) * d[i]! + momentum * v[i]! * unbias; });
    }
  } else {
    mean = runningMean.reshape(view);
    variance = runningVar!.reshape(view);
  }
  const y = x.sub(mean).mul(variance.add(eps).rsqrt());
  const scaled = weight ? y.mul(weight.reshape(view)) : y;
  return bias ? scaled.add(bias.reshape(view)) : scaled;
}
