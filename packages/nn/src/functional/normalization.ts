import { ShapeError, Tensor, ValueError, describe, fmtShape, noGrad } from '@nabla/autograd';
import { boolArg, floatArg, numArg, optionalTensor, options } from '../check.js';

/** Options of `layerNorm`. */
export interface LayerNormOptions {
  /** Added to the variance before the square root; default 1e-5. */
  eps?: number;
}

/** Reads normalizedShape (a size or a list of sizes, trailing axes of the input). */
export function checkNormalizedShape(op: string, normalizedShape: unknown): number[] {
  const s = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  if (!Array.isArray(s) || s.length === 0 || !s.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) {
    throw new ValueError(`${op}: normalizedShape must be a non-negative integer or a non-empty list of them, got ${Array.isArray(normalizedShape) ? `[${normalizedShape.map((d: unknown) => (typeof d === 'number' ? d : describe(d))).join(',')}]` : describe(normalizedShape)}`);
  }
  return s as number[];
}

/**
 * Normalises over the trailing `normalizedShape` axes: (x - mean) / sqrt(var + eps) * weight + bias, with the
 * biased (population) variance, as PyTorch. weight and bias have shape normalizedShape.
 * @example layerNorm(x, [x.shape.at(-1)!]) // each row: mean 0, variance ~1
 */
export function layerNorm(x: Tensor, normalizedShape: number | number[], weight?: Tensor | null, bias?: Tensor | null, opts?: LayerNormOptions): Tensor {
  return layerNormOf('layerNorm', x, normalizedShape, weight, bias, opts);
}

/** @internal `layerNorm` with the op name used in messages. */
export function layerNormOf(op: string, x: Tensor, normalizedShape: number | number[], weight?: Tensor | null, bias?: Tensor | null, opts?: LayerNormOptions): Tensor {
  const o = options(op, opts, ['eps']);
  floatArg(op, 'x', x);
  const shape = checkNormalizedShape(op, normalizedShape);
  const eps = numArg(op, 'eps', o.eps, 1e-5, { min: 0 });
  const k = shape.length;
  const tail = x.shape.slice(x.ndim - k);
  if (x.ndim < k || tail.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${op}: expected input with trailing shape ${fmtShape(shape)} (shape [*, ${shape.join(', ')}]), got ${fmtShape(x.shape)}`);
  }
  const w = optionalTensor(op, 'weight', weight);
  const b = optionalTensor(op, 'bias', bias);
  for (const [name, t] of [['weight', w], ['bias', b]] as const) {
    if (t && (t.ndim !== k || t.shape.some((d, i) => d !== shape[i]))) {
      throw new ShapeError(`${op}: ${name} must have shape ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
    }
  }
  const axes = shape.map((_, i) => x.ndim - k + i);
  const mean = x.mean(axes, true);
  const variance = x.var(axes, { keepDims: true, correction: 0 });
  let y = x.sub(mean).mul(variance.add(eps).rsqrt()); // (x - mean) / sqrt(var + eps)
  if (w) y = y.mul(w);
  if (b) y = y.add(b);
  return y;
}

/** Options of `batchNorm`. */
export interface BatchNormOptions {
  /** Use batch statistics and update the running ones (default false: use the running statistics). */
  training?: boolean;
  /** Weight of the new batch in the running averages: r = (1 - momentum) r + momentum batch; default 0.1. */
  momentum?: number;
  /** Added to the variance before the square root; default 1e-5. */
  eps?: number;
}

/**
 * Batch normalisation over x [N, C, *] per channel C. Training: normalise with the batch mean and biased
 * variance over all axes but C, and update `runningMean`/`runningVar` in place (the variance with Bessel's
 * correction n/(n-1), as PyTorch). Otherwise normalise with the running statistics.
 * @example batchNorm(x, mean, variance, gamma, beta, { training: true }) // updates mean and variance
 */
export function batchNorm(
  x: Tensor, runningMean: Tensor | null | undefined, runningVar: Tensor | null | undefined,
  weight?: Tensor | null, bias?: Tensor | null, opts?: BatchNormOptions,
): Tensor {
  return batchNormOf('batchNorm', x, runningMean, runningVar, weight, bias, opts);
}

/** @internal `batchNorm` with the op name used in messages. */
export function batchNormOf(
  op: string, x: Tensor, runningMean: Tensor | null | undefined, runningVar: Tensor | null | undefined,
  weight?: Tensor | null, bias?: Tensor | null, opts?: BatchNormOptions,
): Tensor {
  const o = options(op, opts, ['training', 'momentum', 'eps']);
  floatArg(op, 'x', x);
  if (x.ndim < 2) throw new ShapeError(`${op}: expected input [N, C, *] with at least 2 dims, got ${fmtShape(x.shape)}`);
  const c = x.shape[1]!;
  const params = { runningMean, runningVar, weight, bias };
  for (const [name, t] of Object.entries(params)) {
    const v = optionalTensor(op, name, t);
    if (v && (v.ndim !== 1 || v.shape[0] !== c)) throw new ShapeError(`${op}: ${name} must have shape [${c}] for input ${fmtShape(x.shape)}, got ${fmtShape(v.shape)}`);
  }
  const training = boolArg(op, 'training', o.training, false);
  const momentum = numArg(op, 'momentum', o.momentum, 0.1, { min: 0 });
  const eps = numArg(op, 'eps', o.eps, 1e-5, { min: 0 });
  if ((runningMean == null) !== (runningVar == null)) throw new ValueError(`${op}: pass both runningMean and runningVar or neither`);
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const count = x.size / Math.max(c, 1);
  const useBatch = training || runningMean == null;
  if (useBatch && training && count <= 1) {
    throw new ValueError(`${op}: expected more than 1 value per channel when training, got input of shape ${fmtShape(x.shape)}`);
  }
  const view = [1, c, ...x.shape.slice(2).map(() => 1)]; // per-channel values broadcast over N and *
  let mean: Tensor;
  let variance: Tensor;
  if (useBatch) {
    mean = x.mean(axes, true);
    variance = x.var(axes, { keepDims: true, correction: 0 });
    if (training && runningMean && runningVar) {
      const m = noGrad(() => mean.reshape([c]).data());
      const v = noGrad(() => variance.reshape([c]).data());
      const unbias = count / (count - 1);
      runningMean.mutate((d) => { for (let i = 0; i < c; i++) d[i] = (1 - momentum) * d[i]! + momentum * m[i]!; });
      runningVar.mutate((d) => { for (let i = 0; i < c; i++) d[i] = (1 - momentum) * d[i]! + momentum * v[i]! * unbias; });
    }
  } else {
    mean = runningMean!.reshape(view);
    variance = runningVar!.reshape(view);
  }
  let y = x.sub(mean).mul(variance.add(eps).rsqrt());
  if (weight) y = y.mul(weight.reshape(view));
  if (bias) y = y.add(bias.reshape(view));
  return y;
}
